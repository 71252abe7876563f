// SPDX-License-Identifier: GPL-2.0-only
/*
 * The choice engine: seeded random answers, scripts and their
 * divergence, the event budget, recorded and replayed runs, exhaustive
 * enumeration, and the text form of a choice sequence.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/hwas.h"

HW_VARIANTS

TEST(random_answers_are_a_function_of_the_seed)
{
	struct hw_choices a, b, c;
	unsigned int i, same = 0, v;

	hw_choices_init(&a, HW_ANSWER_RANDOM, 7);
	hw_choices_init(&b, HW_ANSWER_RANDOM, 7);
	hw_choices_init(&c, HW_ANSWER_RANDOM, 8);
	for (i = 0; i < 64; i++) {
		v = a.chooser.choose(&a, HW_CHOICE_AD_TARGET, 16);
		EXPECT_EQ(v, b.chooser.choose(&b, HW_CHOICE_AD_TARGET, 16));
		same += v == c.chooser.choose(&c, HW_CHOICE_AD_TARGET, 16);
		EXPECT_TRUE(v < 16);
	}
	EXPECT_TRUE(same < 32);
	EXPECT_EQ(a.len, 64);
	hw_choices_exit(&a);
	hw_choices_exit(&b);
	hw_choices_exit(&c);
}

TEST(random_events_are_rare_and_in_range)
{
	struct hw_choices p;
	unsigned int i, yes = 0, v;

	hw_choices_init(&p, HW_ANSWER_RANDOM, ktap_seed);
	hw_set_chooser(&p.chooser);
	for (i = 0; i < 4096; i++) {
		v = hw_choose(HW_CHOICE_SPEC_FILL, 5);
		EXPECT_TRUE(v < 5);
		yes += v != 0;
	}
	/* About HW_EVENT_RATE in 256: 1 in 16. */
	EXPECT_TRUE(yes > 128 && yes < 512);
	EXPECT_EQ(hw_choose(HW_CHOICE_MULTI_HIT, 1), 0);
	hw_set_chooser(NULL);
	hw_choices_exit(&p);
}

TEST(script_answers_in_order_and_detects_divergence)
{
	static const struct hw_choice script[] = {
		{ HW_CHOICE_EVICT, 3, 2 },
		{ HW_CHOICE_TTL, 2, 1 },
	};
	struct hw_choices s;

	hw_choices_init(&s, HW_ANSWER_ZERO, 0);
	hw_choices_start(&s, script, 2, ~0u);
	hw_set_chooser(&s.chooser);
	EXPECT_EQ(hw_choose(HW_CHOICE_EVICT, 3), 2);
	EXPECT_EQ(hw_choose(HW_CHOICE_SPEC_FILL, 2), 0);	/* not the TTL */
	EXPECT_TRUE(s.diverged);
	EXPECT_EQ(s.pos, 1);
	EXPECT_EQ(hw_choose(HW_CHOICE_TTL, 2), 0);
	hw_set_chooser(NULL);
	hw_choices_exit(&s);
}

/* Answers of kind "any" fit every question; lenient ones wrap around. */
TEST(positional_answers_out_of_range)
{
	static const struct hw_choice script[] = {
		{ HW_CHOICE_ANY, 0, 1 }, { HW_CHOICE_ANY, 0, 5 },
	};
	struct hw_choices s;

	hw_choices_init(&s, HW_ANSWER_ZERO, 0);
	hw_choices_start(&s, script, 2, ~0u);
	EXPECT_EQ(s.chooser.choose(&s, HW_CHOICE_TTL, 2), 1);
	EXPECT_EQ(s.chooser.choose(&s, HW_CHOICE_EVICT, 3), 0);
	EXPECT_TRUE(s.diverged);
	s.lenient = true;
	hw_choices_start(&s, script, 2, ~0u);
	EXPECT_EQ(s.chooser.choose(&s, HW_CHOICE_TTL, 2), 1);
	EXPECT_EQ(s.chooser.choose(&s, HW_CHOICE_EVICT, 3), 2);
	EXPECT_FALSE(s.diverged);
	hw_choices_exit(&s);
}

/* Events answered non-zero spend the budget; then they stay quiet. */
TEST(events_spend_the_budget)
{
	static const struct hw_choice script[] = {
		{ HW_CHOICE_ANY, 0, 1 }, { HW_CHOICE_ANY, 0, 1 },
	};
	struct hw_choices s;

	hw_choices_init(&s, HW_ANSWER_ZERO, 0);
	hw_choices_start(&s, script, 2, 1);
	EXPECT_EQ(s.chooser.choose(&s, HW_CHOICE_EVICT, 3), 1);
	EXPECT_EQ(s.budget, 0);
	EXPECT_EQ(s.chooser.choose(&s, HW_CHOICE_SPEC_FILL, 3), 0);
	EXPECT_EQ(s.len, 1);
	/* Other questions do not count against it. */
	EXPECT_EQ(s.chooser.choose(&s, HW_CHOICE_AD_TARGET, 3), 1);
	EXPECT_EQ(s.len, 2);
	hw_choices_exit(&s);
}

TEST(no_chooser_means_nothing_happens)
{
	hw_set_chooser(NULL);
	EXPECT_EQ(hw_choose(HW_CHOICE_SPURIOUS_AF, 17), 0);
}

TEST(enumeration_visits_every_sequence_once)
{
	struct hw_choices e;
	bool seen[2][3] = { { false } };
	unsigned int runs = 0, a, b;

	hw_choices_init(&e, HW_ANSWER_ZERO, 0);
	hw_choices_start(&e, NULL, 0, ~0u);
	hw_set_chooser(&e.chooser);
	do {
		a = hw_choose(HW_CHOICE_OTHER, 2);
		b = a ? hw_choose(HW_CHOICE_OTHER, 3) : 0;
		EXPECT_FALSE(seen[a][b]);
		seen[a][b] = true;
		runs++;
	} while (hw_choices_branch(&e, ~0u));
	EXPECT_EQ(runs, 4);	/* (0), (1,0), (1,1), (1,2) */
	hw_set_chooser(NULL);
	hw_choices_exit(&e);
}

TEST(text_form_round_trips)
{
	static const struct hw_choice c[] = {
		{ HW_CHOICE_AD_TARGET, 16, 5 }, { HW_CHOICE_TLBI_DONE, 2, 0 },
		{ HW_CHOICE_EVICT, 33, 0 }, { HW_CHOICE_EVICT, 33, 0 },
		{ HW_CHOICE_EVICT, 33, 0 }, { HW_CHOICE_SCHEDULE, 4, 3 },
		{ HW_CHOICE_OTHER, 100, 99 }, { HW_CHOICE_OTHER, 100, 0 },
	};
	struct hw_choice *back;
	char buf[128];
	size_t n, i;

	hw_choices_encode(buf, sizeof(buf), c, 8);
	EXPECT_EQ(strcmp(buf, "5_4_3+99+0"), 0);
	ASSERT_EQ(hw_choices_decode(buf, 100, &back, &n), NULL);
	ASSERT_EQ(n, 8);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(back[i].value, c[i].value);
		EXPECT_EQ(back[i].kind, HW_CHOICE_ANY);
	}
	free(back);
	EXPECT_EQ(hw_choices_decode("", 100, &back, &n), NULL);
	EXPECT_EQ(n, 0);
	free(back);
}

/* Bad text is refused before anything large is allocated. */
TEST(text_form_refuses_bad_input)
{
	static const char *const bad[] = {
		"%%", "_12", "__", "+x+", "+99999999999+", "_5000001_",
		"_3000000__3000000_", "1_99999999999999999999_",
	};
	struct hw_choice *back;
	unsigned int i;
	size_t n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_TRUE(hw_choices_decode(bad[i], 5000000, &back, &n));
		EXPECT_EQ(back, NULL);
	}
}

/* The digest tells questions apart, not answers. */
TEST(digest_covers_the_questions)
{
	struct hw_choice a[] = {
		{ HW_CHOICE_SCHEDULE, 2, 1 }, { HW_CHOICE_EVICT, 3, 0 },
	};
	struct hw_choice b[2];

	memcpy(b, a, sizeof(a));
	b[0].value = 0;
	EXPECT_EQ(hw_choices_digest(a, 2), hw_choices_digest(b, 2));
	b[1].n = 4;
	EXPECT_NE(hw_choices_digest(a, 2), hw_choices_digest(b, 2));
	b[1] = a[1];
	b[1].kind = HW_CHOICE_TTL;
	EXPECT_NE(hw_choices_digest(a, 2), hw_choices_digest(b, 2));
}

/* A run of accesses under the PRNG; the resulting memory and counters. */
struct outcome {
	uint64_t ptes[HW_MAX_CONT_PTES];
	uint64_t walks, fills, evictions, af, dirty, spec;
};

static void run(struct outcome *o)
{
	struct hwas as;
	unsigned int i, n = hw_cfg.cont_ptes;
	uint64_t v;

	hw_machine_reset();
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, n, block_pfn(1), HWAS_CLEAN | HW_DESC_CONT);
	for (i = 0; i < 64; i++) {
		v = i;
		hw_access(i & 1, &as.ctx, hwas_va(&as, (i * 7) % n), i % 3 == 0,
			  &v, &(struct hw_fault){ 0 });
		if (i % 16 == 15)
			hwas_tlbi(i & 1, HW_TLBI_RVALE1, 1, as.va, n, i % 32 == 15);
	}
	*o = (struct outcome){
		.walks = hw_stats.walks, .evictions = hw_stats.evictions,
		.fills = hw_stats.tlb_fills[0] * 1000 + hw_stats.tlb_fills[1],
		.af = hw_stats.hw_af_updates, .dirty = hw_stats.hw_dirty_updates,
		.spec = hw_stats.spec_fills,
	};
	memcpy(o->ptes, as.leaf, n * sizeof(*o->ptes));
}

TEST(recorded_run_replays_exactly)
{
	struct hw_choices p, s;
	struct outcome first, again;

	hw_cfg.ad_policy = HW_AD_RANDOM;
	hw_choices_init(&p, HW_ANSWER_RANDOM, ktap_seed);
	hw_set_chooser(&p.chooser);
	run(&first);
	ASSERT_FALSE(p.oom);
	EXPECT_TRUE(p.len > 64);
	ktap_info("%zu choices, %llu walks", p.len,
		  (unsigned long long)first.walks);

	hw_choices_init(&s, HW_ANSWER_ZERO, 0);
	hw_choices_start(&s, p.log, p.len, ~0u);
	hw_set_chooser(&s.chooser);
	run(&again);
	EXPECT_FALSE(s.diverged);
	EXPECT_EQ(s.pos, p.len);
	EXPECT_EQ(memcmp(&first, &again, sizeof(first)), 0);
	hw_set_chooser(NULL);
	hw_choices_exit(&s);
	hw_choices_exit(&p);
}
