// SPDX-License-Identifier: GPL-2.0-only
/*
 * The exhaustive mode's partial-order reduction loses nothing: on every
 * scenario small enough to enumerate plainly, the plain and the reduced
 * search end in the same set of outcomes (the oracle broken, if any, and
 * the machine's memory when the threads are over); every execution the
 * reduced search prunes or skips belongs to an equivalence class it runs,
 * which is checked directly: executions of one class, as the dependence
 * relation defines it, always end alike.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/pgtable.h>

#include "check/scenarios.h"
#include "check/settings.h"
#include "check/world.h"
#include "hw/phys.h"
#include "lib/chktest.h"
#include "lib/ktap.h"

/* More plain executions than this and a scenario is not small enough. */
#define PLAIN_CAP	4000
#define SLOTS		(1u << 17)

/* The outcomes of one search, and the outcome of each class. */
struct outcomes {
	struct chk_outcome *set, *classes;
	unsigned long nr, conflicts;
};

static bool same(const struct chk_outcome *a, const struct chk_outcome *b)
{
	return a->oracle == b->oracle && a->state == b->state;
}

static void note(void *arg, const struct chk_outcome *o)
{
	struct outcomes *s = arg;
	uint64_t key = o->state * 31 + o->oracle;
	unsigned int h;

	for (h = key % SLOTS; s->set[h].trace; h = (h + 1) % SLOTS)
		if (same(&s->set[h], o))
			break;
	if (!s->set[h].trace) {
		s->set[h] = *o;
		s->nr++;
	}
	for (h = o->trace % SLOTS; s->classes[h].trace; h = (h + 1) % SLOTS)
		if (s->classes[h].trace == o->trace)
			break;
	if (!s->classes[h].trace)
		s->classes[h] = *o;
	else if (!same(&s->classes[h], o))
		s->conflicts++;
}

static void outcomes_init(struct outcomes *s)
{
	s->set = calloc(SLOTS, sizeof(*s->set));
	s->classes = calloc(SLOTS, sizeof(*s->classes));
	s->nr = s->conflicts = 0;
	ASSERT_TRUE(s->set && s->classes);
}

static void outcomes_free(struct outcomes *s)
{
	free(s->set);
	free(s->classes);
}

/* Every outcome of @a is one of @b's. */
static bool subset(const struct outcomes *a, const struct outcomes *b)
{
	unsigned int i, h;

	for (i = 0; i < SLOTS; i++) {
		if (!a->set[i].trace)
			continue;
		for (h = (a->set[i].state * 31 + a->set[i].oracle) % SLOTS;
		     b->set[h].trace; h = (h + 1) % SLOTS)
			if (same(&b->set[h], &a->set[i]))
				break;
		if (!b->set[h].trace)
			return false;
	}
	return true;
}

static struct chk_result search(const struct chk_scenario *s, bool plain,
				unsigned int bound, unsigned long cap,
				struct outcomes *out)
{
	struct chk_options o = {
		.mode = CHK_EXHAUSTIVE, .bound = bound,
		.reduction = plain ? CHK_REDUCE_NONE : CHK_REDUCE_DPOR,
		.executions = cap, .outcome = note, .outcome_arg = out,
	};
	struct chk_result r;

	ASSERT_TRUE(chk_explore(s, &o, &r));
	ktap_info("%s %s, bound %d: %lu executions, %lu classes, %lu outcomes%s",
		  s->name, plain ? "plain" : "reduced", (int)bound,
		  r.executions, r.classes, out->nr,
		  r.exhausted ? "" : " (not exhausted)");
	EXPECT_EQ(out->conflicts, 0);
	return r;
}

/*
 * Both searches on @s at @bound; false if the plain one is too large.
 * @min_ratio: the reduced search runs that many times fewer executions.
 */
static bool compare(const struct chk_scenario *s, unsigned int bound,
		    unsigned long cap, unsigned int min_ratio)
{
	struct outcomes plain, reduced;
	struct chk_result p, r;
	bool small;

	outcomes_init(&plain);
	outcomes_init(&reduced);
	p = search(s, true, bound, cap, &plain);
	small = p.exhausted;
	if (small) {
		r = search(s, false, bound, 0, &reduced);
		EXPECT_TRUE(r.exhausted);
		EXPECT_EQ(plain.nr, reduced.nr);
		EXPECT_TRUE(subset(&plain, &reduced));
		EXPECT_TRUE(subset(&reduced, &plain));
		EXPECT_TRUE(r.executions * min_ratio <= p.executions);
		/* Each class the reduced search runs is one plain ran too. */
		EXPECT_TRUE(r.classes <= p.classes);
		chk_result_release(&r);
	}
	chk_result_release(&p);
	outcomes_free(&plain);
	outcomes_free(&reduced);
	return small;
}

/*
 * Every scenario of the catalogue on 4-entry blocks, one preemption or
 * hardware event: those small enough to enumerate plainly.
 */
TEST(catalogue_outcomes_are_the_same_reduced)
{
	static const char *const kv[] = { "hw:cont-ptes=4", NULL };
	unsigned int i, compared = 0;

	for (i = 0; i < chk_nr_scenarios; i++) {
		const struct chk_scenario *s = chk_scenarios[i];
		const char *hw = "cont-ptes=4";

		chktest_settings(kv);
		ASSERT_EQ(chk_settings_apply(s, 0, NULL, 0, &hw, 1), NULL);
		compared += compare(s, 1, PLAIN_CAP, 1);
	}
	ktap_info("%u scenarios small enough", compared);
	EXPECT_TRUE(compared >= 10);
}

/*
 * A scenario of pure arch-level races, with no bound: a gathering read of
 * a folded block while another CPU write-protects one of its entries (an
 * unfold: clear, invalidate, rewrite) and a third reads another entry.
 * What the readers saw is written to a data frame, so that it is part of
 * the outcome.
 */
static struct {
	pte_t seen[2];
} race;

static void race_setup(void)
{
	chk_world_setup();
	chk_map_block(0, 0, pte_mkyoung(pfn_pte(0, PAGE_SHARED)));
}

static void race_thread(unsigned int t)
{
	if (t == 1) {
		ptep_set_wrprotect(&chk_w.mm, chk_va(2), chk_ptep(2));
		return;
	}
	race.seen[t / 2] = ptep_get(chk_ptep(t ? 3 : 0));
	hw_frame_set_data(chk_block_pfn(0) + t, pte_val(race.seen[t / 2]));
}

static const struct chk_scenario race_scn = {
	.name = "race",
	.desc = "a gathering read and a write-protect of one folded block",
	.nr_threads = 3,
	.thread_names = { "reader", "wrprotect", "reader2" },
	.init = chk_world_init,
	.setup = race_setup,
	.thread = race_thread,
	.exit = chk_world_exit,
	.mode = CHK_EXHAUSTIVE,
};

TEST(arch_races_without_a_bound)
{
	static const char *const kv[] = { "hw:cont-ptes=4", NULL };
	struct chk_scenario two = race_scn;

	chktest_settings(kv);
	two.nr_threads = 2;
	/* Every schedule of two threads, then of three within two preemptions. */
	EXPECT_TRUE(compare(&two, CHK_NO_BOUND, 200000, 4));
	EXPECT_TRUE(compare(&race_scn, 2, 200000, 1));
}
