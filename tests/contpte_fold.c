// SPDX-License-Identifier: GPL-2.0-only
/*
 * When the layer folds: set_ptes(nr > 1) writes whole aligned blocks
 * folded; set_ptes(nr == 1) folds when it writes the last entry of a block
 * and every condition holds.  One negative test per condition.
 */
#include "lib/machine.h"

MACHINE_VARIANTS

/* Map entries [first, first + n) of @as to PFNs from @pfn, one by one. */
static void map_entries(unsigned long first, unsigned long n,
			unsigned long pfn, pgprot_t prot)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		set_ptes(tas.vma.vm_mm, tva(&tas, first + i),
			 tptep(&tas, first + i), pfn_pte(pfn + i, prot), 1);
}

static void unmap_entry(unsigned long i)
{
	pte_clear(&tas.mm, tva(&tas, i), tptep(&tas, i));
}

static void assert_not_folded(unsigned long b)
{
	ASSERT_TRUE(block_none_cont(&tas, b));
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_EQ(hw_stats.folds, 0);
	ASSERT_NO_WARN();
}

TEST(set_ptes_creates_whole_blocks_folded)
{
	unsigned long i;

	map_block(&tas, 1, TPROT_RW);
	ASSERT_TRUE(block_all_cont(&tas, 1));
	for (i = 0; i < CONT_PTES; i++)
		ASSERT_EQ(raw(&tas, bidx(1) + i),
			  pte_val(pte_mkcont(pfn_pte(block_pfn(1) + i, TPROT_RW))));
	/* Created directly: no break-before-make, no invalidation. */
	ASSERT_EQ(hw_stats.pte_ops[HW_MEM_WRITE], CONT_PTES);
	ASSERT_EQ(hw_stats.pte_ops[HW_MEM_XCHG], 0);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_EQ(hw_stats.folds, 0);
	ASSERT_NO_WARN();
}

TEST(set_ptes_partial_edges_stay_unfolded)
{
	unsigned long first = bidx(1) + 1, nr = 2 * CONT_PTES;

	make_block_folio(0, 4);
	set_ptes(&tas.mm, tva(&tas, first), tptep(&tas, first),
		 pfn_pte(block_pfn(1) + 1, TPROT_RW), nr);
	/* Blocks 1 and 3 are partly covered, block 2 entirely. */
	ASSERT_TRUE(block_none_cont(&tas, 1));
	ASSERT_TRUE(block_all_cont(&tas, 2));
	ASSERT_TRUE(block_none_cont(&tas, 3));
	ASSERT_EQ(pte_pfn(__pte(raw(&tas, bidx(3)))), block_pfn(3));
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_NO_WARN();
}

/*
 * A PROT_NONE entry (present, not valid) never takes PTE_CONT: the
 * kernel's contpte_set_ptes() writes non-valid entries as they are, since
 * pte_mkcont() would also set the descriptor's valid bit.
 */
TEST(set_ptes_of_prot_none_block_stays_invalid_and_unfolded)
{
	unsigned long i;
	pte_t pte;

	make_block_folio(1, 1);
	set_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
		 pfn_pte(block_pfn(1), PAGE_NONE), CONT_PTES);
	for (i = 0; i < CONT_PTES; i++) {
		pte = __pte(raw(&tas, bidx(1) + i));
		ASSERT_TRUE(pte_present(pte));
		ASSERT_FALSE(pte_valid(pte));
		ASSERT_FALSE(pte_cont(pte));
		ASSERT_EQ(pte_pfn(pte), block_pfn(1) + i);
	}
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_NO_WARN();
}

TEST(fold_on_last_entry_when_all_conditions_hold)
{
	unsigned long i;
	size_t from;

	make_block_folio(1, 1);
	map_entries(bidx(1), CONT_PTES - 1, block_pfn(1), TPROT_RW);
	ASSERT_TRUE(block_none_cont(&tas, 1));
	from = hw_event_log_count();
	map_entries(bidx(1) + CONT_PTES - 1, 1, block_pfn(1) + CONT_PTES - 1,
		    TPROT_RW);
	ASSERT_TRUE(block_all_cont(&tas, 1));
	for (i = 0; i < CONT_PTES; i++)
		ASSERT_EQ(raw(&tas, bidx(1) + i),
			  pte_val(pte_mkcont(pfn_pte(block_pfn(1) + i, TPROT_RW))));
	ASSERT_TRUE(log_shows_bbm(&tas, 1, from, true));
	ASSERT_EQ(hw_stats.folds, 1);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 1);
	ASSERT_NO_WARN();
}

TEST(fold_ignores_access_and_dirty)
{
	unsigned long last = bidx(1) + CONT_PTES - 1;
	pte_t dirty = pte_mkdirty(pfn_pte(block_pfn(1) + CONT_PTES - 1,
					  TPROT_RW));

	/* Old and clean entries, then a young and dirty last one. */
	make_block_folio(1, 1);
	map_entries(bidx(1), CONT_PTES - 1, block_pfn(1), TPROT_OLD);
	set_ptes(&tas.mm, tva(&tas, last), tptep(&tas, last), dirty, 1);
	ASSERT_TRUE(block_all_cont(&tas, 1));
	/* The one logical A/D state is the OR, written to every entry. */
	ASSERT_TRUE(pte_hw_dirty(__pte(raw(&tas, bidx(1)))));
	ASSERT_TRUE(pte_young(__pte(raw(&tas, bidx(1)))));
	ASSERT_NO_WARN();
}

TEST(no_fold_va_misaligned)
{
	/* The last PFN of the group lands on an entry that is not last. */
	make_block_folio(1, 1);
	map_entries(bidx(1) + 1, CONT_PTES, block_pfn(1), TPROT_RW);
	assert_not_folded(1);
	assert_not_folded(2);
}

TEST(no_fold_pfn_misaligned)
{
	/* The last entry maps a PFN that is not last of an aligned group. */
	make_block_folio(0, 4);
	map_entries(bidx(1), CONT_PTES, block_pfn(1) + 1, TPROT_RW);
	assert_not_folded(1);
}

TEST(no_fold_pfn_not_consecutive)
{
	make_block_folio(1, 1);
	map_entries(bidx(1) + 2, CONT_PTES - 3, block_pfn(1) + 2, TPROT_RW);
	/* Entries 0 and 1 with their PFNs swapped, then the last entry. */
	set_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
		 pfn_pte(block_pfn(1) + 1, TPROT_RW), 1);
	set_ptes(&tas.mm, tva(&tas, bidx(1) + 1), tptep(&tas, bidx(1) + 1),
		 pfn_pte(block_pfn(1), TPROT_RW), 1);
	map_entries(bidx(1) + CONT_PTES - 1, 1, block_pfn(1) + CONT_PTES - 1,
		    TPROT_RW);
	assert_not_folded(1);
}

TEST(no_fold_different_prot)
{
	make_block_folio(1, 1);
	map_entries(bidx(1), 2, block_pfn(1), TPROT_RW);
	map_entries(bidx(1) + 3, CONT_PTES - 4, block_pfn(1) + 3, TPROT_RW);
	set_ptes(&tas.mm, tva(&tas, bidx(1) + 2), tptep(&tas, bidx(1) + 2),
		 pfn_pte(block_pfn(1) + 2, TPROT_RO), 1);
	map_entries(bidx(1) + CONT_PTES - 1, 1, block_pfn(1) + CONT_PTES - 1,
		    TPROT_RW);
	assert_not_folded(1);
}

TEST(no_fold_special_entry)
{
	pte_t last = pte_mkspecial(pfn_pte(block_pfn(1) + CONT_PTES - 1,
					   TPROT_RW));

	make_block_folio(1, 1);
	map_entries(bidx(1), CONT_PTES - 1, block_pfn(1), TPROT_RW);
	set_ptes(&tas.mm, tva(&tas, bidx(1) + CONT_PTES - 1),
		 tptep(&tas, bidx(1) + CONT_PTES - 1), last, 1);
	assert_not_folded(1);
}

TEST(no_fold_folio_smaller_than_block)
{
	unsigned int half = __builtin_ctz(CONT_PTES) - 1;

	make_folio(block_pfn(1), half);
	make_folio(block_pfn(1) + CONT_PTES / 2, half);
	map_entries(bidx(1), CONT_PTES, block_pfn(1), TPROT_RW);
	assert_not_folded(1);
}

TEST(no_fold_kernel_mm)
{
	unsigned long i;

	make_block_folio(1, 1);
	for (i = 0; i < CONT_PTES; i++)
		set_ptes(&init_mm, tva(&kas, bidx(1) + i),
			 tptep(&kas, bidx(1) + i),
			 pfn_pte(block_pfn(1) + i, PAGE_KERNEL), 1);
	ASSERT_TRUE(block_none_cont(&kas, 1));
	/* Nor at creation. */
	set_ptes(&init_mm, tva(&kas, bidx(2)), tptep(&kas, bidx(2)),
		 pfn_pte(block_pfn(2), PAGE_KERNEL), CONT_PTES);
	ASSERT_TRUE(block_none_cont(&kas, 2));
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_EQ(hw_stats.folds, 0);
	ASSERT_NO_WARN();
}

TEST(no_fold_invalid_neighbour)
{
	make_block_folio(1, 1);
	map_entries(bidx(1), CONT_PTES, block_pfn(1), TPROT_RW);
	ASSERT_TRUE(block_all_cont(&tas, 1));
	/*
	 * Clear one entry (unfolds), then rewrite the last, cleared first as
	 * a live entry must be: a hole remains.
	 */
	pte_clear(&tas.mm, tva(&tas, bidx(1) + 1), tptep(&tas, bidx(1) + 1));
	pte_clear(&tas.mm, tva(&tas, bidx(1) + CONT_PTES - 1),
		  tptep(&tas, bidx(1) + CONT_PTES - 1));
	hw_stats_reset();
	map_entries(bidx(1) + CONT_PTES - 1, 1, block_pfn(1) + CONT_PTES - 1,
		    TPROT_RW);
	assert_not_folded(1);
}

TEST(refold_after_unfold)
{
	make_block_folio(1, 1);
	map_entries(bidx(1), CONT_PTES, block_pfn(1), TPROT_RW);
	/*
	 * Entry 1 cleared (unfolds) and mapped read-only; then cleared and
	 * mapped as it was, and the last likewise: the block refolds.
	 */
	unmap_entry(bidx(1) + 1);
	map_entries(bidx(1) + 1, 1, block_pfn(1) + 1, TPROT_RO);
	ASSERT_TRUE(block_none_cont(&tas, 1));
	unmap_entry(bidx(1) + 1);
	map_entries(bidx(1) + 1, 1, block_pfn(1) + 1, TPROT_RW);
	ASSERT_TRUE(block_none_cont(&tas, 1));
	unmap_entry(bidx(1) + CONT_PTES - 1);
	map_entries(bidx(1) + CONT_PTES - 1, 1, block_pfn(1) + CONT_PTES - 1,
		    TPROT_RW);
	ASSERT_TRUE(block_all_cont(&tas, 1));
	ASSERT_EQ(hw_stats.folds, 2);
	ASSERT_EQ(hw_stats.unfolds, 1);
	ASSERT_NO_WARN();
}

TEST(folio_spanning_several_blocks_folds_each)
{
	make_block_folio(1, 2);
	map_entries(bidx(1), 2 * CONT_PTES, block_pfn(1), TPROT_RW);
	ASSERT_TRUE(block_all_cont(&tas, 1));
	ASSERT_TRUE(block_all_cont(&tas, 2));
	ASSERT_EQ(hw_stats.folds, 2);
	ASSERT_NO_WARN();
}

TEST(set_ptes_pa_misaligned_stays_unfolded)
{
	/* VA start and end block-aligned, but the PA one page off. */
	make_block_folio(0, 4);
	set_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
		 pfn_pte(block_pfn(1) + 1, TPROT_RW), CONT_PTES);
	assert_not_folded(1);
	ASSERT_EQ(pte_pfn(__pte(raw(&tas, bidx(1)))), block_pfn(1) + 1);
}

/* PTE reads of one set_ptes(nr == 1): 1 unless a fold is attempted. */
static u64 reads_of_set(unsigned long idx, unsigned long pfn)
{
	u64 before = hw_stats.pte_ops[HW_MEM_READ];

	set_ptes(&tas.mm, tva(&tas, idx), tptep(&tas, idx),
		 pfn_pte(pfn, TPROT_RW), 1);
	return hw_stats.pte_ops[HW_MEM_READ] - before;
}

TEST(fold_attempted_only_at_last_va_and_last_pfn)
{
	unsigned long last = CONT_PTES - 1;

	make_block_folio(1, 2);
	/* Last VA of a block, first PFN of a group: not even attempted. */
	ASSERT_EQ(reads_of_set(bidx(1) + last, block_pfn(2)), 1);
	/* Last PFN of a group at the first VA of a block: not attempted. */
	ASSERT_EQ(reads_of_set(bidx(2), block_pfn(1) + last), 1);
	/* Both last: the block is read (and found incomplete). */
	ASSERT_GT(reads_of_set(bidx(3) + last, block_pfn(2) + last), 1);
	ASSERT_EQ(hw_stats.folds, 0);
	ASSERT_NO_WARN();
}
