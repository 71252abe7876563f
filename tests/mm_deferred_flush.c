// SPDX-License-Identifier: GPL-2.0-only
/*
 * Deferred invalidations on the full machine: a zap's and reclaim's, and
 * a fault that maps the address again before they complete; what the
 * callers that meet reclaim's do about it (flush_tlb_batched_pending(),
 * pte_accessible(), mm_tlb_flush_nested()).
 *
 * MADV_DONTNEED zaps under mmap_lock for reading, and for entries whose
 * dirty state does not matter (anonymous memory, clean file pages) it
 * invalidates only in tlb_finish_mmu(), after the PTL is dropped.  A page
 * fault on the same address, also under mmap_lock for reading, may map it
 * meanwhile: for anonymous memory a new page, while another CPU may still
 * hold the old translation.  By the Arm ARM that is a change of output
 * address without a completed invalidation between break and make
 * (RWHZWS, RDDMVT), and the machine reports it (bbm).  The old page is not
 * freed until the flush, so a store through the stale entry reaches
 * memory the process no longer maps rather than someone else's: Linux
 * relies on that, and on a TLB not caching two entries for one address.
 * Whether hardware can then take a TLB conflict was not settled here; the
 * default catalogue keeps away from the sequence, and this test records
 * what the machine, built from the Arm ARM rules, says of it.
 */
#include "hw/violation.h"
#include "lib/mmfix.h"

MM_VARIANTS

/*
 * With the checker's refault fence the fault completes the gather's
 * invalidation before it maps the new page (mm_tlb_flush_pending()).
 */
static void zap_then_refault(bool flush_first, bool fence)
{
	struct mm_model *mm = mm_alloc();
	struct vm_area *vma;
	struct mmu_gather tlb;

	/* CPU 2 too: a broadcast TLBI reaches the machine's CPUs only. */
	hw_cfg.nr_cpus = 3;
	ASSERT_TRUE(mm);
	vma = fix_mmap_anon(mm, 0, 1, 0);
	fix_store(mm, fix_va(0), 1);
	/* CPU 1 caches the translation. */
	hw_this_cpu = 1;
	fix_load(mm, fix_va(0));
	hw_this_cpu = 0;
	tlb_gather_mmu(&tlb, mm);
	unmap_page_range(&tlb, vma, fix_va(0), fix_va(1));
	if (flush_first)
		tlb_flush_mmu(&tlb);
	/* CPU 2, which never cached it, faults and maps a new page. */
	mm_set_refault_fence(fence);
	hw_this_cpu = 2;
	fix_store(mm, fix_va(0), 2);
	hw_this_cpu = 0;
	mm_set_refault_fence(false);
	tlb_finish_mmu(&tlb);
	fix_mmput_all();
}

TEST(refault_before_the_zaps_flush_is_reported)
{
	zap_then_refault(false, false);
	EXPECT_EQ(fix_violations_of("bbm"), 1);
}

TEST(refault_with_the_fence_is_quiet)
{
	zap_then_refault(false, true);
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(refault_after_the_zaps_flush_is_quiet)
{
	zap_then_refault(true, false);
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * The same sequence through reclaim, whose unmap defers its invalidation
 * (try_to_unmap(TTU_BATCH_FLUSH), arch_tlbbatch_add_pending()) until
 * try_to_unmap_flush().  A lazyfree folded block is discarded while CPU 1
 * still caches the translation of its page 0 as a page entry; CPU 2
 * faults a new folded block in before reclaim's DSB.  Beyond the break
 * not invalidated (bbm), contpte makes it a TLB multi-hit: CPU 1 misses
 * on page 3, walks the new block and caches it as one group entry, which
 * overlaps its stale page entry for page 0 with another output address
 * (RNGLXZ, RFVQCK).  Without contiguous entries CPU 1 would keep hitting
 * its stale entry and never walk there.
 */
static void reclaim_then_refault(bool flush_first)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;

	/* CPU 2 too: a broadcast TLBI reaches the machine's CPUs only. */
	hw_cfg.nr_cpus = 3;
	ASSERT_TRUE(mm);
	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 10);
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_FREE), 0);
	folio = fix_folio(mm, fix_va(0));
	folio_referenced(folio, false);
	flush_tlb_mm(&mm->mm);
	hw_cfg.contig_fill = HW_FILL_IGNORE;
	hw_this_cpu = 1;
	fix_load(mm, fix_va(0));
	hw_this_cpu = 0;
	folio_get(folio);
	ASSERT_TRUE(try_to_unmap(folio));
	if (flush_first)
		try_to_unmap_flush();
	hw_cfg.contig_fill = HW_FILL_HONOUR;
	hw_this_cpu = 2;
	fix_store(mm, fix_va(0), 20);
	hw_this_cpu = 1;
	fix_load(mm, fix_va(3));
	fix_load(mm, fix_va(0));
	hw_this_cpu = 0;
	try_to_unmap_flush();
	folio_put(folio);
	fix_mmput_all();
}

/*
 * Reclaim puts back the entries of a lazyfree folio it may not discard
 * (written again since MADV_FREE) with one set_ptes() of the whole folio,
 * as try_to_unmap_one() has since "mm: support batched unmap for lazyfree
 * large folios during reclamation", before its deferred invalidation
 * completed.  Where the block was not folded (mprotect() of half of it
 * and back: each half's batch is a part of the block), that set_ptes()
 * folds it, and the contiguous bit changes while CPU 1 may still cache
 * page 0 as a page entry (RNGLXZ, RDDMVT).  The refault fence completes
 * reclaim's invalidation first.
 */
static void reclaim_restores_unfolded(bool fence)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;

	ASSERT_TRUE(mm);
	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 10);
	ASSERT_EQ(do_mprotect(mm, fix_va(0), CONT_PTE_SIZE / 2, VM_READ), 0);
	ASSERT_EQ(do_mprotect(mm, fix_va(0), CONT_PTE_SIZE / 2,
			      VM_READ | VM_WRITE), 0);
	ASSERT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTE_SIZE, MADV_FREE), 0);
	hw_this_cpu = 1;
	fix_load(mm, fix_va(0));
	hw_this_cpu = 0;
	fix_store(mm, fix_va(CONT_PTES / 2), 20);
	folio = fix_folio(mm, fix_va(0));
	folio_get(folio);
	mm_set_refault_fence(fence);
	EXPECT_FALSE(try_to_unmap(folio));
	mm_set_refault_fence(false);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	try_to_unmap_flush();
	folio_put(folio);
	EXPECT_EQ(fix_load(mm, fix_va(CONT_PTES / 2)), 20);
	fix_mmput_all();
}

TEST(lazyfree_restore_before_reclaims_flush_is_reported)
{
	reclaim_restores_unfolded(false);
	/* Each entry of the block, made before its break's TLBI completed. */
	EXPECT_EQ(fix_violations_of("bbm"), CONT_PTES);
}

TEST(lazyfree_restore_with_the_fence_is_quiet)
{
	reclaim_restores_unfolded(true);
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(refault_before_reclaims_deferred_flush_is_a_tlb_multi_hit)
{
	reclaim_then_refault(false);
	/* Every entry of the block is re-made early, one report each. */
	EXPECT_EQ(hw_violations_of(HW_ORACLE_BBM), CONT_PTES);
	EXPECT_EQ(hw_violations_of(HW_ORACLE_TLB_CONFLICT), 1);
}

TEST(refault_before_reclaims_flush_without_contpte_is_no_multi_hit)
{
	contpte_design.no_contpte = true;
	reclaim_then_refault(false);
	EXPECT_EQ(hw_violations_of(HW_ORACLE_BBM), CONT_PTES);
	EXPECT_EQ(hw_violations_of(HW_ORACLE_TLB_CONFLICT), 0);
}

TEST(refault_after_reclaims_flush_is_quiet)
{
	reclaim_then_refault(true);
	EXPECT_EQ(fix_nr_violations, 0);
}

/* A lazyfree block, aged, unmapped by reclaim without waiting. */
static struct folio *reclaim_unmap_unflushed(struct mm_model *mm)
{
	struct folio *folio;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 10);
	do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT, MADV_FREE);
	folio = fix_folio(mm, fix_va(0));
	folio_referenced(folio, false);
	flush_tlb_mm(&mm->mm);
	folio_get(folio);
	try_to_unmap(folio);
	return folio;
}

/*
 * A zap that finds the entries reclaim cleared must not return before
 * reclaim's TLBIs completed: it flushes the whole mm, once
 * (flush_tlb_batched_pending()), as mprotect() and MADV_FREE do.
 */
TEST(zap_after_reclaims_unflushed_unmap_flushes_the_mm)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio = reclaim_unmap_unflushed(mm);

	EXPECT_TRUE(try_to_unmap_flush_pending());
	hw_stats_reset();
	hw_this_cpu = 1;
	do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT, MADV_DONTNEED);
	EXPECT_EQ(hw_stats_tlbi_of(&hw_stats, HW_TLBI_ASIDE1), 1);
	do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT, MADV_DONTNEED);
	EXPECT_EQ(hw_stats_tlbi_of(&hw_stats, HW_TLBI_ASIDE1), 1);
	hw_this_cpu = 0;
	try_to_unmap_flush();
	EXPECT_FALSE(try_to_unmap_flush_pending());
	folio_put(folio);
	fix_mmput_all();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * pte_accessible(): a PROT_NONE entry may still be cached while the
 * gather that made it so has not flushed.
 */
TEST(prot_none_entry_is_accessible_while_a_gather_runs)
{
	struct mm_model *mm = mm_alloc();
	pte_t none = pfn_pte(16, PAGE_NONE);
	struct mmu_gather tlb;

	EXPECT_FALSE(pte_accessible(&mm->mm, none));
	tlb_gather_mmu(&tlb, mm);
	EXPECT_TRUE(pte_accessible(&mm->mm, none));
	tlb_finish_mmu(&tlb);
	EXPECT_FALSE(pte_accessible(&mm->mm, none));
	fix_mmput_all();
}

/*
 * Two gathers at once on one mm: the one that finishes while the other
 * still runs flushes the whole mm, since the other may have cleared what
 * it found none (mm_tlb_flush_nested()).
 */
TEST(nested_gather_flushes_the_whole_mm)
{
	struct mm_model *mm = mm_alloc();
	struct mmu_gather outer, inner;

	tlb_gather_mmu(&outer, mm);
	tlb_gather_mmu(&inner, mm);
	hw_stats_reset();
	tlb_finish_mmu(&inner);
	EXPECT_EQ(hw_stats_tlbi_of(&hw_stats, HW_TLBI_ASIDE1), 1);
	tlb_finish_mmu(&outer);
	EXPECT_EQ(hw_stats_tlbi_of(&hw_stats, HW_TLBI_ASIDE1), 1);
	fix_mmput_all();
}

/*
 * A NUMA scan's gather in flight (change_prot_numa(): the folded block is
 * PROT_NONE, its flush not done) and a fault on it: do_numa_page() writes
 * the entries back valid one at a time, without PTE_CONT until the last
 * folds them, while CPU 1 may still cache the block's old group entry.
 * A change of the contiguous bit with no completed invalidation between
 * break and make: without FEAT_BBM level 1 or 2, the machine reports it
 * (bbm).  The checker's fence flushes the mm first.
 */
static void numa_fault_before_the_scans_flush(bool fence)
{
	struct mm_model *mm = mm_alloc();
	struct vm_area *vma;
	struct mmu_gather tlb;

	/* CPU 2 too: a broadcast TLBI reaches the machine's CPUs only. */
	hw_cfg.nr_cpus = 3;
	ASSERT_TRUE(mm);
	vma = fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 10);
	hw_this_cpu = 1;
	fix_load(mm, fix_va(0));
	hw_this_cpu = 0;
	mm_set_refault_fence(fence);
	tlb_gather_mmu(&tlb, mm);
	mmap_read_lock(mm);
	change_protection(&tlb, vma, fix_va(0), fix_va(CONT_PTES),
			  MM_CP_PROT_NUMA);
	mmap_read_unlock(mm);
	hw_this_cpu = 2;
	EXPECT_EQ(fix_load(mm, fix_va(3)), 13);
	hw_this_cpu = 0;
	tlb_finish_mmu(&tlb);
	mm_set_refault_fence(false);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	fix_mmput_all();
}

TEST(numa_fault_before_the_scans_flush_is_reported)
{
	numa_fault_before_the_scans_flush(false);
	EXPECT_TRUE(hw_violations_of(HW_ORACLE_BBM) >= 1);
}

TEST(numa_fault_with_the_fence_is_quiet)
{
	numa_fault_before_the_scans_flush(true);
	EXPECT_EQ(fix_nr_violations, 0);
}
