// SPDX-License-Identifier: GPL-2.0-only
/*
 * The choosers: seeded PRNG, scripted, recorded and replayed runs,
 * exhaustive enumeration, and the text form of a choice sequence.
 */
#include <string.h>

#include "lib/hwas.h"

HW_VARIANTS

TEST(prng_is_a_function_of_its_seed)
{
	struct hw_prng_chooser a, b, c;
	unsigned int i, same = 0, v;

	hw_prng_chooser_init(&a, 7);
	hw_prng_chooser_init(&b, 7);
	hw_prng_chooser_init(&c, 8);
	for (i = 0; i < 64; i++) {
		v = a.chooser.choose(&a, HW_CHOICE_AD_TARGET, 16);
		EXPECT_EQ(v, b.chooser.choose(&b, HW_CHOICE_AD_TARGET, 16));
		same += v == c.chooser.choose(&c, HW_CHOICE_AD_TARGET, 16);
		EXPECT_TRUE(v < 16);
	}
	EXPECT_TRUE(same < 32);
}

TEST(prng_events_are_rare_and_in_range)
{
	struct hw_prng_chooser p;
	unsigned int i, yes = 0, v;

	hw_prng_chooser_init(&p, ktap_seed);
	hw_set_chooser(&p.chooser);
	for (i = 0; i < 4096; i++) {
		v = hw_choose(HW_CHOICE_SPEC_FILL, 5);
		EXPECT_TRUE(v < 5);
		yes += v != 0;
	}
	/* About 1 in 8. */
	EXPECT_TRUE(yes > 256 && yes < 1024);
	EXPECT_EQ(hw_choose(HW_CHOICE_MULTI_HIT, 1), 0);
}

TEST(script_answers_in_order_and_detects_divergence)
{
	static const struct hw_choice script[] = {
		{ HW_CHOICE_EVICT, 3, 2 },
		{ HW_CHOICE_TTL, 2, 1 },
	};
	struct hw_script_chooser s;

	hw_script_chooser_init(&s, script, 2);
	hw_set_chooser(&s.chooser);
	EXPECT_EQ(hw_choose(HW_CHOICE_EVICT, 3), 2);
	EXPECT_EQ(hw_choose(HW_CHOICE_SPEC_FILL, 2), 0);	/* not the TTL */
	EXPECT_TRUE(s.diverged);
	EXPECT_EQ(hw_choose(HW_CHOICE_TTL, 2), 0);
}

TEST(no_chooser_means_nothing_happens)
{
	hw_set_chooser(NULL);
	EXPECT_EQ(hw_choose(HW_CHOICE_SPURIOUS_AF, 17), 0);
}

TEST(enumeration_visits_every_sequence_once)
{
	struct hw_enum_chooser e;
	bool seen[2][3] = { { false } };
	unsigned int runs = 0, a, b;

	hw_enum_init(&e);
	hw_set_chooser(&e.chooser);
	do {
		a = hw_choose(HW_CHOICE_OTHER, 2);
		b = a ? hw_choose(HW_CHOICE_OTHER, 3) : 0;
		EXPECT_FALSE(seen[a][b]);
		seen[a][b] = true;
		runs++;
	} while (hw_enum_next(&e));
	EXPECT_EQ(runs, 4);	/* (0), (1,0), (1,1), (1,2) */
	hw_enum_exit(&e);
}

TEST(text_form_round_trips)
{
	static const struct hw_choice c[] = {
		{ HW_CHOICE_AD_TARGET, 16, 5 }, { HW_CHOICE_TLBI_DONE, 2, 1 },
	};
	struct hw_choice back[4];
	char buf[128];

	hw_choices_format(c, 2, buf, sizeof(buf));
	EXPECT_EQ(strcmp(buf, "ad-target:5/16 tlbi-done:1/2"), 0);
	ASSERT_EQ(hw_choices_parse(buf, back, 4), 2);
	EXPECT_EQ(memcmp(back, c, sizeof(c)), 0);
	EXPECT_EQ(hw_choices_parse("ad-target:5/5", back, 4), -1);
	EXPECT_EQ(hw_choices_parse("nonsense:1/2", back, 4), -1);
	EXPECT_EQ(hw_choices_parse("ttl:1/2x", back, 4), -1);
	EXPECT_EQ(hw_choices_parse("", back, 4), 0);
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
	struct hw_prng_chooser p;
	struct hw_script_chooser s;
	struct hw_recorder r;
	struct outcome first, again;

	hw_cfg.ad_policy = HW_AD_RANDOM;
	hw_prng_chooser_init(&p, ktap_seed);
	hw_recorder_init(&r, &p.chooser);
	hw_set_chooser(&r.chooser);
	run(&first);
	ASSERT_FALSE(r.oom);
	EXPECT_TRUE(r.len > 64);
	ktap_info("%zu choices, %llu walks", r.len,
		  (unsigned long long)first.walks);

	hw_script_chooser_init(&s, r.log, r.len);
	hw_set_chooser(&s.chooser);
	run(&again);
	EXPECT_FALSE(s.diverged);
	EXPECT_EQ(s.pos, r.len);
	EXPECT_EQ(memcmp(&first, &again, sizeof(first)), 0);
	hw_set_chooser(NULL);
	hw_recorder_exit(&r);
}
