// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where hardware A/D updates land inside a contiguous group, for each
 * ad-policy, asserted entry by entry.
 */
#include "lib/hwas.h"

HW_VARIANTS

static struct hwas as;

#define PFN(i)	(block_pfn(1) + (i))
#define CONT	HW_DESC_CONT

/* A folded group: writable-clean, old, contiguous. */
static void map_old_clean_group(unsigned int n)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, n, PFN(0), HWAS_CLEAN | CONT);
}

static bool young(unsigned int i)
{
	return *hwas_ptep(&as, i) & HW_DESC_AF;
}

static bool dirty(unsigned int i)
{
	return !(*hwas_ptep(&as, i) & HW_DESC_AP2);
}

/* Exactly entry @af is young and entry @d (or none, -1) dirty. */
static void expect_landing(int af, int d)
{
	unsigned int i;

	for (i = 0; i < hw_cfg.cont_ptes; i++) {
		if (young(i) != ((int)i == af))
			ktap_fail(__FILE__, __LINE__, "entry %u young %d", i, young(i));
		if (dirty(i) != ((int)i == d))
			ktap_fail(__FILE__, __LINE__, "entry %u dirty %d", i, dirty(i));
	}
}

TEST(faulting_updates_the_accessed_entry)
{
	hw_cfg.ad_policy = HW_AD_FAULTING;
	map_old_clean_group(hw_cfg.cont_ptes);
	hwas_write(&as, 0, 1, 1);
	expect_landing(1, 1);
}

TEST(first_updates_entry_zero)
{
	hw_cfg.ad_policy = HW_AD_FIRST;
	map_old_clean_group(hw_cfg.cont_ptes);
	hwas_write(&as, 0, 1, 1);
	expect_landing(0, 0);
}

TEST(last_updates_the_final_entry)
{
	hw_cfg.ad_policy = HW_AD_LAST;
	map_old_clean_group(hw_cfg.cont_ptes);
	hwas_read(&as, 0, 1);
	expect_landing(hw_cfg.cont_ptes - 1, -1);
}

/* Only a consistent, valid member may take the update; else the walked one. */
TEST(ineligible_target_falls_back_to_the_walked_entry)
{
	hw_cfg.ad_policy = HW_AD_FIRST;
	map_old_clean_group(hw_cfg.cont_ptes);
	hw_mem_write(hwas_ptep(&as, 0), 0);
	hwas_write(&as, 0, 1, 1);
	EXPECT_TRUE(young(1));
	EXPECT_TRUE(dirty(1));
	/* A non-contiguous walked entry never spreads its update. */
	hw_mem_write(hwas_ptep(&as, 0), hwas_desc(PFN(0), HWAS_CLEAN | CONT));
	hw_mem_write(hwas_ptep(&as, 2), hwas_desc(PFN(2), HWAS_CLEAN));
	hwas_tlbi(0, HW_TLBI_VMALLE1, 0, 0, 0, true);
	hwas_read(&as, 0, 2);
	EXPECT_TRUE(young(2));
	EXPECT_FALSE(young(0));
}

/*
 * A read fills a group entry from entry 2; a write to another page comes
 * through it as writable-clean and re-walks: its update goes to entry 2.
 */
TEST(fill_origin_updates_the_entry_that_filled_the_tlb)
{
	unsigned int last = hw_cfg.cont_ptes - 1;

	hw_cfg.ad_policy = HW_AD_FILL_ORIGIN;
	hw_cfg.contig_fill = HW_FILL_HONOUR;
	map_old_clean_group(hw_cfg.cont_ptes);
	hwas_read(&as, 0, 2);
	expect_landing(2, -1);
	hwas_write(&as, 0, last, 1);
	expect_landing(2, 2);
	/* Without a group entry in the way it behaves like faulting. */
	hwas_tlbi(0, HW_TLBI_VMALLE1, 0, 0, 0, true);
	hw_cfg.contig_fill = HW_FILL_IGNORE;
	hwas_write(&as, 0, 1, 1);
	EXPECT_TRUE(young(1));
	EXPECT_TRUE(dirty(1));
}

/* The chooser picks among the eligible entries: the walked one first. */
TEST(random_lands_on_the_chosen_eligible_entry)
{
	static const struct hw_choice pick[] = {
		{ HW_CHOICE_AD_TARGET, 0, 3 },
	};
	struct hw_choices s;

	hw_cfg.ad_policy = HW_AD_RANDOM;
	map_old_clean_group(hw_cfg.cont_ptes);
	hw_choices_init(&s, HW_ANSWER_ZERO, 0);
	hw_choices_start(&s, pick, 1, ~0u);
	hw_set_chooser(&s.chooser);
	/* Candidates for entry 1: 1, 0, 2, 3, ...: answer 3 is entry 3. */
	hwas_write(&as, 0, 1, 1);
	expect_landing(3, 3);
	EXPECT_FALSE(s.diverged);
	hw_set_chooser(NULL);
	hw_choices_exit(&s);
}

TEST(random_with_prng_lands_once_on_a_member)
{
	struct hw_choices p;
	unsigned int i, nyoung = 0, ndirty = 0;

	hw_cfg.ad_policy = HW_AD_RANDOM;
	map_old_clean_group(hw_cfg.cont_ptes);
	hw_choices_init(&p, HW_ANSWER_RANDOM, ktap_seed);
	p.rate[HW_CHOICE_SPURIOUS_AF] = 0;
	p.rate[HW_CHOICE_SPEC_FILL] = 0;
	hw_set_chooser(&p.chooser);
	hwas_write(&as, 0, 1, 1);
	for (i = 0; i < hw_cfg.cont_ptes; i++) {
		nyoung += young(i);
		ndirty += dirty(i);
		EXPECT_EQ(young(i), dirty(i));
	}
	EXPECT_EQ(nyoung, 1);
	EXPECT_EQ(ndirty, 1);
	hw_set_chooser(NULL);
	hw_choices_exit(&p);
}

/*
 * Enumeration covers every (AF target, dirty target) pair of the eligible
 * members, which may differ; here the first four entries are mapped.
 */
TEST(enumerate_covers_every_pair_of_eligible_targets)
{
	struct hw_choices e;
	bool seen[4][4] = { { false } };
	unsigned int runs = 0, i, a, d, pairs = 0;

	hw_cfg.ad_policy = HW_AD_ENUMERATE;
	hw_cfg.contig_fill = HW_FILL_HONOUR;
	map_old_clean_group(4);
	/* No hardware events: only the A/D targets are enumerated. */
	hw_choices_init(&e, HW_ANSWER_ZERO, 0);
	hw_choices_start(&e, NULL, 0, 0);
	hw_set_chooser(&e.chooser);
	do {
		hwas_map(&as, 0, 4, PFN(0), HWAS_CLEAN | CONT);
		hwas_tlbi(0, HW_TLBI_VMALLE1, 0, 0, 0, true);
		hwas_write(&as, 0, 1, 1);
		for (a = d = i = 0; i < 4; i++) {
			a += young(i) ? i : 0;
			d += dirty(i) ? i : 0;
			EXPECT_TRUE(!young(i) || !young(a) || i == a);
		}
		seen[a][d] = true;
		runs++;
	} while (hw_choices_branch(&e, 0) && runs < 1000);
	hw_set_chooser(NULL);
	for (a = 0; a < 4; a++)
		for (d = 0; d < 4; d++)
			pairs += seen[a][d];
	EXPECT_EQ(pairs, 16);
	EXPECT_FALSE(e.oom);
	hw_choices_exit(&e);
}

/* Another member already young does not stop the walked entry's update. */
TEST(young_sibling_does_not_stop_the_update)
{
	hw_cfg.ad_policy = HW_AD_FAULTING;
	map_old_clean_group(hw_cfg.cont_ptes);
	hw_mem_write(hwas_ptep(&as, 0), *hwas_ptep(&as, 0) | HW_DESC_AF);
	hwas_read(&as, 0, 1);
	EXPECT_TRUE(young(1));
	EXPECT_EQ(hw_stats.hw_af_updates, 1);
}

/* Writes through a cached writable-dirty group entry record nothing. */
TEST(dirty_group_entry_absorbs_later_writes)
{
	hw_cfg.ad_policy = HW_AD_FAULTING;
	hw_cfg.contig_fill = HW_FILL_HONOUR;
	map_old_clean_group(hw_cfg.cont_ptes);
	hwas_write(&as, 0, 0, 1);
	hwas_write(&as, 0, 2, 1);
	expect_landing(0, 0);
	EXPECT_EQ(hw_frame_version(PFN(2)), 1);
}

/*
 * Software breaks the walked entry, invalidates its page and waits for
 * the invalidation (CPU 1) after the walk read it and before its update
 * reached another member of the group.  The walk is one observer: once
 * the DSB completed it may neither update A/D for that read, nor fill a
 * TLB entry, nor access (RDDMVT); it starts again and faults.
 */
static unsigned int breaks;

static void break_walked_entry(void *arg, enum hw_mem_op op, const void *p)
{
	unsigned int last = hw_cfg.cont_ptes - 1;

	if (op != HW_MEM_CMPXCHG || p != hwas_ptep(&as, last) || breaks++)
		return;
	hw_mem_write(hwas_ptep(&as, 0), 0);
	hwas_tlbi(1, HW_TLBI_VAE1, 1, hwas_va(&as, 0), 1, true);
}

TEST(sibling_update_after_the_walked_entry_broke_and_was_invalidated)
{
	unsigned int last = hw_cfg.cont_ptes - 1;

	hw_cfg.ad_policy = HW_AD_LAST;
	map_old_clean_group(hw_cfg.cont_ptes);
	hw_frame_set_data(PFN(0), 17);
	breaks = 0;
	hw_set_sched_hook(break_walked_entry, NULL);
	EXPECT_EQ(hwas_try(&as, 0, 0, true), HW_FAULT_TRANSLATION);
	hw_set_sched_hook(NULL, NULL);
	EXPECT_EQ(breaks, 1);
	EXPECT_EQ(hw_stats.walk_restarts, 1);
	EXPECT_EQ(hw_tlb_count(0), 0);
	EXPECT_FALSE(young(last));
	EXPECT_FALSE(dirty(last));
	EXPECT_EQ(hw_frame_version(PFN(0)), 0);
}
