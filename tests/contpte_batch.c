// SPDX-License-Identifier: GPL-2.0-only
/*
 * Batched operations over ranges that start and end mid-block, the range
 * widening of the young/dirty clearing operations, ptep_set_access_flags()
 * with and without a change of write permission, and what each design
 * value does differently.
 */
#include "lib/machine.h"
#include "lib/linked.h"

MACHINE_VARIANTS

static unsigned long mid(void)
{
	return CONT_PTES / 2;
}

/* Blocks 1..3 folded, old and clean, one folio. */
static void three_blocks(void)
{
	make_block_folio(0, 4);
	set_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
		 pfn_pte(block_pfn(1), TPROT_OLD), 3 * CONT_PTES);
	hw_stats_reset();
}

TEST(get_and_clear_mid_to_mid_unfolds_edges_only)
{
	unsigned long first = bidx(1) + mid(), nr = 2 * CONT_PTES;
	size_t from;
	pte_t pte;

	three_blocks();
	hw_dirty(&tas, bidx(2) + CONT_PTES - 1);
	hw_young(&tas, bidx(3) + 0);
	from = hw_event_log_count();
	pte = get_and_clear_full_ptes(&tas.mm, tva(&tas, first),
				      tptep(&tas, first), nr, 0);
	/* The interior block is cleared in place; edges broke first. */
	ASSERT_EQ(hw_stats.unfolds, 2);
	ASSERT_TRUE(log_shows_bbm(&tas, 1, from, true));
	ASSERT_FALSE(log_shows_bbm(&tas, 2, from, true));
	ASSERT_TRUE(log_shows_bbm(&tas, 3, from, true));
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 2);
	ASSERT_TRUE(pte_dirty(pte) && pte_young(pte));
	ASSERT_EQ(pte_pfn(pte), block_pfn(1) + mid());
	ASSERT_TRUE(block_none_cont(&tas, 1));
	ASSERT_TRUE(block_none_cont(&tas, 3));
	ASSERT_EQ(raw(&tas, bidx(2)), 0);
	ASSERT_NE(raw(&tas, bidx(1) + mid() - 1), 0);
	ASSERT_NE(raw(&tas, bidx(3) + mid()), 0);
	ASSERT_NO_WARN();
}

TEST(aligned_whole_blocks_unfold_nothing)
{
	three_blocks();
	clear_full_ptes(&tas.mm, tva(&tas, bidx(2)), tptep(&tas, bidx(2)),
			CONT_PTES, 1);
	wrprotect_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
		       CONT_PTES);
	ASSERT_EQ(hw_stats.unfolds, 0);
	ASSERT_TRUE(block_all_cont(&tas, 1));
	ASSERT_TRUE(block_all_cont(&tas, 3));
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_NO_WARN();
}

/* clear_young_dirty_ptes() widens a range to the blocks it touches. */
TEST(clear_young_dirty_widens_to_blocks)
{
	unsigned long i;

	REQUIRE_CONTPTE(CONTPTE_CLEAR_YOUNG_DIRTY);
	three_blocks();
	for (i = 0; i < 3 * CONT_PTES; i++)
		hw_dirty(&tas, bidx(1) + i);
	/* Neighbours outside the blocks: not contiguous, must stay dirty. */
	make_folio(block_pfn(4), 0);
	set_ptes(&tas.mm, tva(&tas, bidx(4)), tptep(&tas, bidx(4)),
		 pte_mkdirty(pfn_pte(block_pfn(4), TPROT_RW)), 1);
	clear_young_dirty_ptes(&tas.vma, tva(&tas, bidx(1) + mid()),
			       tptep(&tas, bidx(1) + mid()), CONT_PTES,
			       CYDP_CLEAR_YOUNG | CYDP_CLEAR_DIRTY);
	for (i = 0; i < 2 * CONT_PTES; i++) {
		pte_t pte = __pte(raw(&tas, bidx(1) + i));

		ASSERT_FALSE(pte_dirty(pte));
		ASSERT_FALSE(pte_young(pte));
		ASSERT_TRUE(pte_cont(pte));
	}
	ASSERT_TRUE(pte_dirty(__pte(raw(&tas, bidx(3)))));
	ASSERT_TRUE(pte_dirty(__pte(raw(&tas, bidx(4)))));
	ASSERT_EQ(hw_stats.unfolds, 0);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);

	/* One flag only: an atomic loop that leaves the other alone. */
	clear_young_dirty_ptes(&tas.vma, tva(&tas, bidx(3)), tptep(&tas, bidx(3)),
			       1, CYDP_CLEAR_YOUNG);
	for (i = 0; i < CONT_PTES; i++) {
		ASSERT_FALSE(pte_young(__pte(raw(&tas, bidx(3) + i))));
		ASSERT_TRUE(pte_dirty(__pte(raw(&tas, bidx(3) + i))));
	}
	ASSERT_NO_WARN();
}

TEST(clear_flush_young_widens_and_flushes_range)
{
	const struct hw_event *ev;
	size_t from;

	REQUIRE_CONTPTE(CONTPTE_BATCHED_YOUNG);
	three_blocks();
	hw_young(&tas, bidx(2) + CONT_PTES - 1);
	from = hw_event_log_count();
	ASSERT_EQ(clear_flush_young_ptes(&tas.vma, tva(&tas, bidx(1) + mid()),
					 tptep(&tas, bidx(1) + mid()),
					 CONT_PTES), 1);
	ASSERT_EQ(log_count_tlbi(from), 1);
	for (ev = NULL; from < hw_event_log_count(); from++) {
		ev = hw_event_log_get(from);
		if (ev->kind == HW_EV_TLBI)
			break;
	}
	ASSERT_TRUE(ev->tlbi.broadcast);
	ASSERT_EQ(ev->tlbi.va, tva(&tas, bidx(1)));
	ASSERT_EQ(ev->tlbi.pages, 2 * CONT_PTES);
	ASSERT_NO_WARN();
}

TEST(set_access_flags_updates_every_entry)
{
	unsigned long i = bidx(1) + mid(), j;
	pte_t entry;

	three_blocks();
	entry = pte_mkyoung(ptep_get(tptep(&tas, i)));
	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i),
					entry, 0), 1);
	for (j = 0; j < CONT_PTES; j++)
		ASSERT_TRUE(pte_young(__pte(raw(&tas, bidx(1) + j))));
	/* Not a write fault: nothing to invalidate. */
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	/* Now every entry matches: a no-op. */
	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i),
					entry, 0), 0);
	ASSERT_EQ(hw_stats.unfolds, 0);
	ASSERT_NO_WARN();
}

/*
 * The SMMU case: the block is young and dirty as a whole (entry 0), but the
 * faulting agent's own entry is old and clean.
 */
static pte_t skewed_block(unsigned long *i)
{
	three_blocks();
	hw_dirty(&tas, bidx(1));
	*i = bidx(1) + mid();
	return pte_mkyoung(pte_mkdirty(ptep_get(tptep(&tas, *i))));
}

TEST(design_access_flags_per_subpte)
{
	unsigned long i;
	pte_t entry = skewed_block(&i);

	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i),
					entry, 1), 1);
	ASSERT_TRUE(pte_young(__pte(raw(&tas, i))));
	ASSERT_TRUE(pte_hw_dirty(__pte(raw(&tas, i))));
	ASSERT_TRUE(block_all_cont(&tas, 1));
	ASSERT_NO_WARN();
}

TEST(design_access_flags_gathered_misses_subpte)
{
	unsigned long i;
	pte_t entry = skewed_block(&i);

	contpte_design.access_flags = ACCESS_FLAGS_GATHERED;
	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i),
					entry, 1), 0);
	/* The agent's own entry is still old: it will fault again. */
	ASSERT_FALSE(pte_young(__pte(raw(&tas, i))));
	ASSERT_NO_WARN();
}

TEST(design_access_flags_generic_overwrites)
{
	unsigned long i;
	pte_t entry = skewed_block(&i);

	contpte_design.access_flags = ACCESS_FLAGS_GENERIC;
	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i),
					entry, 1), 1);
	/* set_pte_at() unfolded the block and wrote the entry as given. */
	ASSERT_EQ(raw(&tas, i), pte_val(pte_mknoncont(entry)));
	ASSERT_EQ(hw_stats.unfolds, 1);
	ASSERT_TRUE(block_none_cont(&tas, 1));
	ASSERT_NO_WARN();
}

/*
 * The generic design is not atomic with the hardware: a dirty bit set
 * after the caller built its entry is lost when the entry is stored.
 */
TEST(design_access_flags_generic_loses_racing_dirty)
{
	unsigned long i = bidx(1) + mid();
	pte_t entry;

	three_blocks();
	entry = pte_mkyoung(ptep_get(tptep(&tas, i)));
	hw_dirty(&tas, i);
	contpte_design.access_flags = ACCESS_FLAGS_GENERIC;
	ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i), entry, 0);
	ASSERT_FALSE(pte_dirty(ptep_get(tptep(&tas, i))));

	/* Upstream keeps it: the update is a cmpxchg that only adds bits. */
	machine_setup(ktap_variant);
	three_blocks();
	entry = pte_mkyoung(ptep_get(tptep(&tas, i)));
	hw_dirty(&tas, i);
	ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i), entry, 0);
	ASSERT_TRUE(pte_dirty(ptep_get(tptep(&tas, i))));
	ASSERT_NO_WARN();
}

TEST(design_lockless_values)
{
	unsigned long i = bidx(1) + mid();
	pte_t *ptep = tptep(&tas, i);

	three_blocks();
	hw_dirty(&tas, bidx(1));
	ASSERT_TRUE(pte_dirty(ptep_get_lockless(ptep)));
	contpte_design.lockless = LOCKLESS_WRAP_PTEP_GET;
	ASSERT_TRUE(pte_dirty(ptep_get_lockless(ptep)));
	/* Raw readers see the target entry only. */
	contpte_design.lockless = LOCKLESS_RAW;
	ASSERT_FALSE(pte_dirty(ptep_get_lockless(ptep)));
	contpte_design.lockless = LOCKLESS_NORECENCY;
	ASSERT_FALSE(pte_dirty(ptep_get_lockless(ptep)));
	ASSERT_TRUE(pte_same_norecency(ptep_get_lockless_norecency(ptep),
				       ptep_get(ptep)));
	ASSERT_FALSE(pte_same(ptep_get_lockless_norecency(ptep), ptep_get(ptep)));
	ASSERT_NO_WARN();
}

/*
 * A racing unfold-and-remap, injected between the lockless reader's first
 * read and its walk of the block: the upstream reader retries and returns
 * a consistent value; wrap-ptep_get mixes the two states.
 */
static unsigned int hook_reads;
static unsigned int hook_at;

static void remap_block_hook(void *arg, enum hw_mem_op op, const void *p)
{
	if (op != HW_MEM_READ || ++hook_reads != hook_at)
		return;
	hw_set_sched_hook(NULL, NULL);
	/* The other CPU: unfold, then write block 1 again, now dirty. */
	hw_this_cpu = 1;
	clear_full_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
			CONT_PTES, 0);
	make_block_folio(3 + (uintptr_t)arg, 1);
	set_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
		 pte_mkdirty(pfn_pte(block_pfn(3 + (uintptr_t)arg), TPROT_RW)),
		 CONT_PTES);
	hw_this_cpu = 0;
}

static pte_t racing_lockless_read(unsigned long i)
{
	hook_reads = 0;
	hook_at = 1 + CONT_PTES / 2;	/* mid-walk of the block */
	hw_set_sched_hook(remap_block_hook, (void *)(uintptr_t)1);
	return ptep_get_lockless(tptep(&tas, i));
}

TEST(design_lockless_retry_is_consistent_under_race)
{
	unsigned long i = 0;
	pte_t pte;

	make_block_folio(1, 1);
	set_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
		 pfn_pte(block_pfn(1), TPROT_OLD), CONT_PTES);
	pte = racing_lockless_read(bidx(1) + i);
	/* The new block, read whole: new PFN, dirty. */
	ASSERT_EQ(pte_pfn(pte), block_pfn(4) + i);
	ASSERT_TRUE(pte_dirty(pte));
	ASSERT_NO_WARN();
}

TEST(design_lockless_wrap_mixes_two_states)
{
	unsigned long i = 0;
	pte_t pte;

	make_block_folio(1, 1);
	set_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
		 pfn_pte(block_pfn(1), TPROT_OLD), CONT_PTES);
	contpte_design.lockless = LOCKLESS_WRAP_PTEP_GET;
	pte = racing_lockless_read(bidx(1) + i);
	/* The old block's PFN with the new block's dirty bit: garbage. */
	ASSERT_EQ(pte_pfn(pte), block_pfn(1) + i);
	ASSERT_TRUE(pte_dirty(pte));
	ASSERT_NO_WARN();
}

TEST(design_teardown_full_leaves_intermediate_block)
{
	unsigned long i;
	pte_t pte;

	three_blocks();
	hw_dirty(&tas, bidx(1));
	contpte_design.teardown = TEARDOWN_FULL;
	pte = ptep_get_and_clear_full(&tas.mm, tva(&tas, bidx(1)),
				      tptep(&tas, bidx(1)), 1);
	ASSERT_TRUE(pte_dirty(pte));
	/* No unfold: the rest keep PTE_CONT; the dirty bit went with entry 0. */
	ASSERT_EQ(hw_stats.unfolds, 0);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	for (i = 1; i < CONT_PTES; i++) {
		ASSERT_TRUE(pte_cont(__pte(raw(&tas, bidx(1) + i))));
		ASSERT_FALSE(pte_dirty(ptep_get(tptep(&tas, bidx(1) + i))));
	}
	/* The same call with the upstream design unfolds the block. */
	machine_setup(ktap_variant);
	three_blocks();
	hw_dirty(&tas, bidx(1));
	ptep_get_and_clear_full(&tas.mm, tva(&tas, bidx(1)),
				tptep(&tas, bidx(1)), 1);
	ASSERT_EQ(hw_stats.unfolds, 1);
	ASSERT_TRUE(pte_dirty(ptep_get(tptep(&tas, bidx(1) + 1))));
	ASSERT_NO_WARN();
}

TEST(pte_batch_hint_counts_rest_of_block)
{
	unsigned long i;

	three_blocks();
	for (i = 0; i < CONT_PTES; i++)
		ASSERT_EQ(pte_batch_hint(tptep(&tas, bidx(1) + i),
					 ptep_get(tptep(&tas, bidx(1) + i))),
			  CONT_PTES - i);
	ASSERT_EQ(pte_batch_hint(tptep(&tas, bidx(5)), __pte(0)), 1);
}

TEST(modify_prot_whole_blocks_stay_folded)
{
	unsigned long i;
	pte_t old;

	three_blocks();
	hw_dirty(&tas, bidx(2) + 3);
	old = modify_prot_start_ptes(&tas.vma, tva(&tas, bidx(1)),
				     tptep(&tas, bidx(1)), 3 * CONT_PTES);
	ASSERT_TRUE(pte_dirty(old));
	for (i = 0; i < 3 * CONT_PTES; i++)
		ASSERT_EQ(raw(&tas, bidx(1) + i), 0);
	modify_prot_commit_ptes(&tas.vma, tva(&tas, bidx(1)),
				tptep(&tas, bidx(1)), old,
				pte_modify(old, TPROT_RO), 3 * CONT_PTES);
	ASSERT_TRUE(block_all_cont(&tas, 1));
	ASSERT_TRUE(block_all_cont(&tas, 3));
	ASSERT_FALSE(pte_write(__pte(raw(&tas, bidx(2)))));
	/* The gathered dirty state was carried over as software dirty. */
	ASSERT_TRUE(pte_sw_dirty(__pte(raw(&tas, bidx(3) + 1))));
	ASSERT_EQ(hw_stats.unfolds + hw_stats.folds, 0);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_NO_WARN();
}
