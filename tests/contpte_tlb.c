// SPDX-License-Identifier: GPL-2.0-only
/*
 * The TLB maintenance each function does, counted exactly: one test per
 * row of the table in docs/arch.md ("TLB maintenance").
 */
#include "lib/machine.h"
#include "lib/linked.h"

MACHINE_VARIANTS

static void fold_two_blocks(void)
{
	map_block(&tas, 1, TPROT_OLD);
	map_block(&tas, 2, TPROT_OLD);
	hw_stats_reset();
}

static void assert_tlbi(enum hw_tlbi_op op, bool broadcast, uint64_t n)
{
	ASSERT_EQ(hw_stats.tlbi[op][broadcast], n);
}

/* Convert: DSB ISHST, one broadcast range TLBI of the block, DSB ISH. */
TEST(convert_flushes_block_once)
{
	fold_two_blocks();
	pte_clear(&tas.mm, tva(&tas, bidx(1) + 1), tptep(&tas, bidx(1) + 1));
	assert_tlbi(HW_TLBI_RVALE1, true, 1);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 1);
	ASSERT_EQ(hw_stats.tlbi_pages, CONT_PTES);
	ASSERT_EQ(hw_stats.dsb[HW_DSB_ISHST], 1);
	ASSERT_EQ(hw_stats.dsb[HW_DSB_ISH], 1);
	/* Fold back: another one (the last entry rewritten, after a clear). */
	set_ptes(&tas.mm, tva(&tas, bidx(1) + 1), tptep(&tas, bidx(1) + 1),
		 pfn_pte(block_pfn(1) + 1, TPROT_OLD), 1);
	pte_clear(&tas.mm, tva(&tas, bidx(1) + CONT_PTES - 1),
		  tptep(&tas, bidx(1) + CONT_PTES - 1));
	set_ptes(&tas.mm, tva(&tas, bidx(1) + CONT_PTES - 1),
		 tptep(&tas, bidx(1) + CONT_PTES - 1),
		 pfn_pte(block_pfn(1) + CONT_PTES - 1, TPROT_OLD), 1);
	assert_tlbi(HW_TLBI_RVALE1, true, 2);
	ASSERT_EQ(hw_stats.folds, 1);
	ASSERT_NO_WARN();
}

TEST(convert_elided_under_bbml2_noabort)
{
	REQUIRE_CONTPTE(CONTPTE_BBML2_ELISION);
	fold_two_blocks();
	hw_cfg.bbm = HW_BBM_2_NOABORT;
	pte_clear(&tas.mm, tva(&tas, bidx(1) + 1), tptep(&tas, bidx(1) + 1));
	ASSERT_EQ(hw_stats.unfolds, 1);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_EQ(hw_stats.dsb[HW_DSB_ISH], 0);
	ASSERT_NO_WARN();
}

/* Broadcast range, no trailing DSB, and only if something was young. */
TEST(clear_flush_young_flushes_only_if_young)
{
	unsigned long i = bidx(1) + 2;

	fold_two_blocks();
	ASSERT_EQ(ptep_clear_flush_young(&tas.vma, tva(&tas, i), tptep(&tas, i)), 0);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	hw_young(&tas, bidx(1) + CONT_PTES - 1);
	ASSERT_EQ(ptep_clear_flush_young(&tas.vma, tva(&tas, i), tptep(&tas, i)), 1);
	assert_tlbi(HW_TLBI_RVALE1, true, 1);
	ASSERT_EQ(hw_stats.tlbi_pages, CONT_PTES);
	ASSERT_EQ(hw_stats.dsb[HW_DSB_ISH], 0);
	/* A single, non-contiguous entry: one page, still no DSB. */
	make_folio(block_pfn(5), 0);
	set_ptes(&tas.mm, tva(&tas, bidx(5)), tptep(&tas, bidx(5)),
		 pfn_pte(block_pfn(5), TPROT_RW), 1);
	ASSERT_EQ(ptep_clear_flush_young(&tas.vma, tva(&tas, bidx(5)),
					 tptep(&tas, bidx(5))), 1);
	assert_tlbi(HW_TLBI_VALE1, true, 1);
	ASSERT_EQ(hw_stats.dsb[HW_DSB_ISH], 0);
	ASSERT_NO_WARN();
}

/* Same write permission, write fault: one local flush of the block. */
TEST(set_access_flags_dirty_flushes_block_locally)
{
	unsigned long i = bidx(1) + 3;
	pte_t entry;

	REQUIRE_CONTPTE(CONTPTE_LOCAL_FLUSH);
	fold_two_blocks();
	entry = pte_mkyoung(pte_mkdirty(ptep_get(tptep(&tas, i))));
	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i),
					entry, 1), 1);
	assert_tlbi(HW_TLBI_RVALE1, false, 1);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 1);
	ASSERT_EQ(hw_stats.tlbi_pages, CONT_PTES);
	ASSERT_EQ(hw_stats.dsb[HW_DSB_NSH], 1);
	/* Not dirty: no flush at all. */
	hw_stats_reset();
	entry = pte_mkyoung(ptep_get(tptep(&tas, bidx(2))));
	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, bidx(2)),
					tptep(&tas, bidx(2)), entry, 0), 1);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_NO_WARN();
}

/*
 * fault-flush=broadcast, the kernel before v6.19: the same fault flushes
 * the block on every CPU, and a single entry's page too.
 */
TEST(set_access_flags_dirty_flushes_broadcast_before_v6_19)
{
	unsigned long i = bidx(1) + 3;
	pte_t entry;

	REQUIRE_CONTPTE(CONTPTE_LOCAL_FLUSH);
	contpte_design.fault_flush = FAULT_FLUSH_BROADCAST;
	fold_two_blocks();
	entry = pte_mkyoung(pte_mkdirty(ptep_get(tptep(&tas, i))));
	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i),
					entry, 1), 1);
	assert_tlbi(HW_TLBI_RVALE1, true, 1);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 1);
	ASSERT_EQ(hw_stats.tlbi_pages, CONT_PTES);
	ASSERT_EQ(hw_stats.dsb[HW_DSB_ISH], 1);
	ASSERT_EQ(hw_stats.dsb[HW_DSB_NSH], 0);
	hw_stats_reset();
	make_folio(block_pfn(5), 0);
	set_ptes(&tas.mm, tva(&tas, bidx(5)), tptep(&tas, bidx(5)),
		 pfn_pte(block_pfn(5), TPROT_RO), 1);
	entry = pte_mkdirty(pte_mkwrite_novma(ptep_get(tptep(&tas, bidx(5)))));
	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, bidx(5)),
					tptep(&tas, bidx(5)), entry, 1), 1);
	assert_tlbi(HW_TLBI_VALE1, true, 1);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 1);
	ASSERT_NO_WARN();
}

/*
 * A write fault that finds its entry as it wants it: one local page flush
 * on the fault path of v6.19 on, nothing before it (arm64 defined the
 * fix-up empty), so that a missing invalidation faults for ever there.
 */
TEST(spurious_fault_fixup_flushes_locally_from_v6_19_only)
{
	unsigned long i = bidx(1) + 3;

	map_block(&tas, 1, TPROT_RW);
	contpte_design.fault_flush = FAULT_FLUSH_LOCAL;
	hw_stats_reset();
	flush_tlb_fix_spurious_fault(&tas.vma, tva(&tas, i), tptep(&tas, i));
	assert_tlbi(HW_TLBI_VALE1, false, 1);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 1);
	ASSERT_EQ(hw_stats.dsb[HW_DSB_NSH], 1);
	contpte_design.fault_flush = FAULT_FLUSH_BROADCAST;
	hw_stats_reset();
	flush_tlb_fix_spurious_fault(&tas.vma, tva(&tas, i), tptep(&tas, i));
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_EQ(hw_stats.dsb[HW_DSB_NSH] + hw_stats.dsb[HW_DSB_ISH], 0);
	ASSERT_NO_WARN();
}

/* A kernel tree older than v6.19 is checked with its broadcast fault path. */
TEST(a_tree_older_than_v6_19_defaults_to_the_broadcast_fault_path)
{
	EXPECT_TRUE(contpte_version_older("6.12.117", 6, 19));
	EXPECT_TRUE(contpte_version_older("5.15.0", 6, 19));
	EXPECT_FALSE(contpte_version_older("6.19.0", 6, 19));
	EXPECT_FALSE(contpte_version_older("7.0.0-rc3", 6, 19));
	EXPECT_FALSE(contpte_version_older("", 6, 19));
	contpte_design_reset();
	if (contpte_linked_is_project_file())
		EXPECT_EQ(contpte_design.fault_flush, FAULT_FLUSH_LOCAL);
	else
		EXPECT_EQ(contpte_design.fault_flush,
			  contpte_version_older(contpte_linked.version, 6, 19) ?
			  FAULT_FLUSH_BROADCAST : FAULT_FLUSH_LOCAL);
}

/*
 * Write permission changes: the convert's flush plus one page flush, local
 * on the fault path of v6.19 on, broadcast before (the default design of a
 * kernel tree older than v6.19).
 */
TEST(set_access_flags_write_change_flushes_convert_and_page)
{
	bool broadcast = contpte_design.fault_flush == FAULT_FLUSH_BROADCAST;
	unsigned long i = bidx(1) + 3;
	pte_t entry;

	map_block(&tas, 1, TPROT_RO);
	hw_stats_reset();
	entry = pte_mkdirty(pte_mkwrite_novma(ptep_get(tptep(&tas, i))));
	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i),
					entry, 1), 1);
	assert_tlbi(HW_TLBI_RVALE1, true, 1);
	assert_tlbi(HW_TLBI_VALE1, broadcast, 1);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 2);
	ASSERT_NO_WARN();
}

/* These leave invalidation to the caller (mmu_gather, fork's flush). */
TEST(caller_flushed_operations_issue_none)
{
	unsigned long i = bidx(1) + 1;

	REQUIRE_CONTPTE(CONTPTE_CLEAR_YOUNG_DIRTY);
	fold_two_blocks();
	hw_young(&tas, i);
	make_block_folio(4, 1);
	set_ptes(&tas.mm, tva(&tas, bidx(4)), tptep(&tas, bidx(4)),
		 pfn_pte(block_pfn(4), TPROT_RW), CONT_PTES);
	ASSERT_EQ(ptep_test_and_clear_young(&tas.vma, tva(&tas, i), tptep(&tas, i)), 1);
	clear_young_dirty_ptes(&tas.vma, tva(&tas, bidx(4)), tptep(&tas, bidx(4)),
			       CONT_PTES, CYDP_CLEAR_YOUNG | CYDP_CLEAR_DIRTY);
	wrprotect_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
		       CONT_PTES);
	clear_full_ptes(&tas.mm, tva(&tas, bidx(2)), tptep(&tas, bidx(2)),
			CONT_PTES, 1);
	get_and_clear_full_ptes(&tas.mm, tva(&tas, bidx(4)), tptep(&tas, bidx(4)),
				CONT_PTES, 1);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_EQ(hw_stats.dsb[HW_DSB_ISH] + hw_stats.dsb[HW_DSB_NSH], 0);
	ASSERT_NO_WARN();
}

/* Range operations: as few as the encoding allows (FEAT_TLBIRANGE). */
TEST(range_flush_encoding)
{
	struct vm_area_struct *vma = &tas.vma;

	__flush_tlb_range(vma, tva(&tas, 0), tva(&tas, 1), PAGE_SIZE, true, 3);
	assert_tlbi(HW_TLBI_VALE1, true, 1);
	hw_stats_reset();
	__flush_tlb_range(vma, tva(&tas, 0), tva(&tas, 3), PAGE_SIZE, true, 3);
	/* One page by VA, then a range of two. */
	assert_tlbi(HW_TLBI_VALE1, true, 1);
	assert_tlbi(HW_TLBI_RVALE1, true, 1);
	hw_stats_reset();
	/* 66 pages = 2 x (1 << 5) + 2 x 1: two range operations. */
	flush_tlb_range(vma, tva(&tas, 0), tva(&tas, 66));
	assert_tlbi(HW_TLBI_RVAE1, true, 2);
	ASSERT_EQ(hw_stats.tlbi_pages, 66);
	ASSERT_NO_WARN();
}

TEST(largest_range_is_one_operation)
{
	struct mm_struct *mm = &tas.mm;

	/* NUM = 31 at SCALE = 3 covers MAX_TLBI_RANGE_PAGES exactly. */
	__flush_tlb_range_nosync(mm, 0, MAX_TLBI_RANGE_PAGES << PAGE_SHIFT,
				 PAGE_SIZE, true, 0);
	assert_tlbi(HW_TLBI_RVALE1, true, 1);
	ASSERT_EQ(hw_stats.tlbi_pages, MAX_TLBI_RANGE_PAGES);
	hw_stats_reset();
	/* One page more: the whole ASID instead. */
	__flush_tlb_range_nosync(mm, 0, (MAX_TLBI_RANGE_PAGES + 1) << PAGE_SHIFT,
				 PAGE_SIZE, true, 0);
	assert_tlbi(HW_TLBI_ASIDE1, true, 1);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 1);
	ASSERT_NO_WARN();
}

/*
 * A range operation invalidates what its operand's fields hold: SCALE is
 * two bits and NUM five, so a scale past 3 or a count past 32 pairs is
 * another, smaller range (what "arm64: tlb: Fix TLBI RANGE operand"
 * corrected), never the one meant.
 */
TEST(range_operand_holds_what_its_fields_hold)
{
	__tlbi_range_issue(HW_TLBI_RVALE1, true, 1, 0, 3, 32, 0);
	ASSERT_EQ(hw_stats.tlbi_pages, MAX_TLBI_RANGE_PAGES);
	hw_stats_reset();
	__tlbi_range_issue(HW_TLBI_RVALE1, true, 1, 0, 4, 1, 0);
	ASSERT_EQ(hw_stats.tlbi_pages, 2);
	hw_stats_reset();
	__tlbi_range_issue(HW_TLBI_RVALE1, true, 1, 0, 0, 33, 0);
	ASSERT_EQ(hw_stats.tlbi_pages, 2);
	ASSERT_NO_WARN();
}

/* Every TLBI logged since @from names @asid. */
static void assert_tlbis_name_asid(size_t from, u16 asid)
{
	const struct hw_event *ev;
	unsigned int n = 0;

	for (; from < hw_event_log_count(); from++) {
		ev = hw_event_log_get(from);
		if (ev->kind != HW_EV_TLBI)
			continue;
		ASSERT_EQ(ev->tlbi.asid, asid);
		n++;
	}
	ASSERT_GT(n, 0);
}

/*
 * __flush_tlb_range_nosync() takes a vma (v6.12) or an mm (mainline):
 * either way the TLBI names the address space's ASID, also when the
 * linked contpte.c flushes a young block through it.
 */
TEST(flush_nosync_names_the_asid_from_vma_or_mm)
{
	unsigned long i = bidx(1) + 2;
	size_t from;

	tas.mm.context.id = 0x2a;
	from = hw_event_log_count();
	__flush_tlb_range_nosync(&tas.vma, tva(&tas, 0), tva(&tas, 1),
				 PAGE_SIZE, true, 3);
	__flush_tlb_range_nosync(&tas.mm, tva(&tas, 0), tva(&tas, 1),
				 PAGE_SIZE, true, 3);
	ASSERT_EQ(log_count_tlbi(from), 2);
	assert_tlbis_name_asid(from, 0x2a);

	fold_two_blocks();
	hw_young(&tas, bidx(1) + CONT_PTES - 1);
	from = hw_event_log_count();
	ASSERT_EQ(ptep_clear_flush_young(&tas.vma, tva(&tas, i), tptep(&tas, i)), 1);
	assert_tlbis_name_asid(from, 0x2a);
	ASSERT_NO_WARN();
}
