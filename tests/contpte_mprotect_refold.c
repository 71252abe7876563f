// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect()'s batched transaction re-folding a block that had been
 * unfolded, on the full machine.
 *
 * A block mapped by one folio but unfolded (here: its last entry had a
 * different permission) is uniform again when mprotect() covers it whole.
 * modify_prot_start_ptes() clears the entries with no invalidation (the
 * caller flushes at the end), and modify_prot_commit_ptes() ->
 * set_ptes(nr) -> contpte_set_ptes() writes them back with PTE_CONT.  Until
 * mprotect()'s final flush completes, a CPU may hold page-sized entries of
 * the old translation beside a group entry of the new one: a change of
 * block size without a completed TLBI between break and make (Arm ARM
 * RWHZWS, RDDMVT), which the architecture allows to end in a TLB conflict
 * abort unless the CPU has BBML2_NOABORT.  The single-entry commit path
 * folds through contpte_convert() instead, with its own invalidation, and
 * is quiet.  These tests pin what the machine reports for each.
 */
#include "lib/hwas.h"

HW_VARIANTS

static struct hwas as;

/*
 * Block 0 of one folio, entries 0..n-2 writable, the last read-only so it
 * does not fold; CPU 1 caches page entries for all but the last.
 */
static void unfolded_block_cached(void)
{
	unsigned long i, last = CONT_PTES - 1;

	hw_cfg.contig_fill = HW_FILL_HONOUR;
	hwas_attach_tas(&as);
	make_block_folio(0, 1);
	for (i = 0; i < CONT_PTES; i++)
		set_ptes(&tas.mm, tva(&tas, i), tptep(&tas, i),
			 pfn_pte(block_pfn(0) + i, i == last ? TPROT_RO : TPROT_RW),
			 1);
	ASSERT_TRUE(block_none_cont(&tas, 0));
	for (i = 0; i < last; i++)
		hwas_read(&as, 1, i);
}

/* CPU 1 touches the last page, then every other one, before the flush. */
static void access_before_flush(void)
{
	unsigned long i;

	hwas_read(&as, 1, CONT_PTES - 1);
	for (i = 0; i + 1 < CONT_PTES; i++)
		hwas_try(&as, 1, i, false);
}

TEST(batched_commit_refolds_without_invalidation)
{
	pte_t old;

	unfolded_block_cached();
	hw_stats_reset();
	old = modify_prot_start_ptes(&tas.vma, tva(&tas, 0), tptep(&tas, 0),
				     CONT_PTES);
	modify_prot_commit_ptes(&tas.vma, tva(&tas, 0), tptep(&tas, 0), old,
				pte_modify(old, TPROT_RO), CONT_PTES);
	ASSERT_TRUE(block_all_cont(&tas, 0));
	/* Folded directly: no convert, no TLBI before mprotect's own flush. */
	ASSERT_EQ(hw_stats.folds, 0);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	access_before_flush();
	hwas_dump_violations();
	/* Page entries beside the group entry: a size change without BBM. */
	ASSERT_GE(hw_violations_count(), 1);
	ASSERT_EQ(hw_violations_of(HW_ORACLE_BBM) +
		  hw_violations_of(HW_ORACLE_TLB_CONFLICT),
		  hw_violations_count());
	flush_tlb_range(&tas.vma, tva(&tas, 0), tva(&tas, CONT_PTES));
}

TEST(batched_commit_refold_is_quiet_with_bbml2_noabort)
{
	pte_t old;

	hw_cfg.bbm = HW_BBM_2_NOABORT;
	unfolded_block_cached();
	old = modify_prot_start_ptes(&tas.vma, tva(&tas, 0), tptep(&tas, 0),
				     CONT_PTES);
	modify_prot_commit_ptes(&tas.vma, tva(&tas, 0), tptep(&tas, 0), old,
				pte_modify(old, TPROT_RO), CONT_PTES);
	access_before_flush();
	flush_tlb_range(&tas.vma, tva(&tas, 0), tva(&tas, CONT_PTES));
	hwas_dump_violations();
	ASSERT_EQ(hw_violations_count(), 0);
}

TEST(single_entry_commit_folds_through_convert_and_is_quiet)
{
	unsigned long last = CONT_PTES - 1;
	pte_t old;

	unfolded_block_cached();
	hw_stats_reset();
	old = ptep_modify_prot_start(&tas.vma, tva(&tas, last), tptep(&tas, last));
	ptep_modify_prot_commit(&tas.vma, tva(&tas, last), tptep(&tas, last),
				old, pte_modify(old, TPROT_RW));
	ASSERT_TRUE(block_all_cont(&tas, 0));
	ASSERT_EQ(hw_stats.folds, 1);
	access_before_flush();
	flush_tlb_page(&tas.vma, tva(&tas, last));
	hwas_dump_violations();
	ASSERT_EQ(hw_violations_count(), 0);
}
