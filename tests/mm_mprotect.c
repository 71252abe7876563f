// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect() through modify_prot_start_ptes()/modify_prot_commit_ptes():
 * whole blocks are rewritten folded without a convert, one range flush
 * covers the change, PROT_NONE hides pages and brings them back intact.
 * NUMA hinting goes through the same walk to PROT_NONE, and its fault
 * rebuilds a block entry by entry.
 */
#include "lib/mmfix.h"

MM_VARIANTS

TEST(mprotect_whole_blocks_stay_folded)
{
	struct mm_model *mm = mm_alloc();
	unsigned long nr = 2 * CONT_PTES;

	fix_mmap_anon(mm, 0, nr, cont_order());
	fix_fill(mm, 0, nr, 3);
	hw_stats_reset();
	ASSERT_EQ(do_mprotect(mm, fix_va(0), nr << PAGE_SHIFT, VM_READ), 0);
	EXPECT_EQ(hw_stats.unfolds + hw_stats.folds, 0);
	EXPECT_EQ(fix_tlbi(), fix_range_tlbis(nr));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), nr), nr);
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(0))));
	/* Back to RW: exclusive anonymous pages become writable at once. */
	ASSERT_EQ(do_mprotect(mm, fix_va(0), nr << PAGE_SHIFT,
			      VM_READ | VM_WRITE), 0);
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(0))));
	EXPECT_TRUE(pte_dirty(mm_read_pte(mm, fix_va(0))));
	fix_store(mm, fix_va(0), 99);
	EXPECT_TRUE(fix_check(mm, 1, nr - 1, 4));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* arm64's protection_map: VM_EXEC clears UXN, PXN is always set. */
TEST(vm_get_page_prot_exec)
{
	EXPECT_EQ(pgprot_val(vm_get_page_prot(VM_READ | VM_EXEC)),
		  pgprot_val(PAGE_READONLY_EXEC));
	EXPECT_EQ(pgprot_val(vm_get_page_prot(VM_EXEC)),
		  pgprot_val(PAGE_READONLY_EXEC));
	EXPECT_EQ(pgprot_val(vm_get_page_prot(VM_READ | VM_WRITE | VM_EXEC)),
		  pgprot_val(PAGE_READONLY_EXEC));
	EXPECT_EQ(pgprot_val(vm_get_page_prot(VM_SHARED | VM_READ |
					      VM_WRITE | VM_EXEC)),
		  pgprot_val(PAGE_SHARED_EXEC));
	EXPECT_EQ(pgprot_val(vm_get_page_prot(VM_SHARED | VM_READ | VM_EXEC)),
		  pgprot_val(PAGE_READONLY_EXEC));
	EXPECT_EQ(pgprot_val(vm_get_page_prot(VM_READ)),
		  pgprot_val(PAGE_READONLY));
	EXPECT_EQ(pgprot_val(vm_get_page_prot(VM_SHARED | VM_WRITE)),
		  pgprot_val(PAGE_SHARED));
	EXPECT_TRUE(pgprot_val(PAGE_READONLY) & PTE_UXN);
	EXPECT_FALSE(pgprot_val(PAGE_READONLY_EXEC) & PTE_UXN);
	EXPECT_TRUE(pgprot_val(PAGE_READONLY_EXEC) & PTE_PXN);
	EXPECT_TRUE(pgprot_val(PAGE_SHARED_EXEC) & PTE_PXN);
}

/*
 * A JIT's W^X flip over a folded block: PROT_READ|PROT_EXEC clears UXN
 * in every entry and keeps the block folded; back to read-write sets it
 * again, and a fetch takes SIGSEGV.
 */
TEST(mprotect_exec_flips_uxn_of_whole_blocks)
{
	struct mm_model *mm = mm_alloc();
	unsigned long i;
	u64 v;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 3);
	EXPECT_EQ(user_fetch(mm, fix_va(1), &v), -EFAULT_USER);
	ASSERT_EQ(do_mprotect(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			      VM_READ | VM_EXEC), 0);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	for (i = 0; i < CONT_PTES; i++)
		EXPECT_FALSE(pte_val(mm_read_pte(mm, fix_va(i))) & PTE_UXN);
	EXPECT_EQ(user_fetch(mm, fix_va(1), &v), 0);
	EXPECT_EQ(v, 4);
	EXPECT_EQ(user_store(mm, fix_va(1), 9), -EFAULT_USER);
	ASSERT_EQ(do_mprotect(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			      VM_READ | VM_WRITE), 0);
	for (i = 0; i < CONT_PTES; i++)
		EXPECT_TRUE(pte_val(mm_read_pte(mm, fix_va(i))) & PTE_UXN);
	EXPECT_EQ(user_fetch(mm, fix_va(1), &v), -EFAULT_USER);
	fix_store(mm, fix_va(1), 9);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(mprotect_none_and_back_keeps_content)
{
	struct mm_model *mm = mm_alloc();
	u64 v;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 20);
	ASSERT_EQ(do_mprotect(mm, fix_va(0), CONT_PTES << PAGE_SHIFT, 0), 0);
	EXPECT_EQ(user_load(mm, fix_va(1), &v), -EFAULT_USER);
	EXPECT_FALSE(pte_valid(mm_read_pte(mm, fix_va(1))));
	/* Not valid, so not a block (contpte_set_ptes()). */
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	ASSERT_EQ(do_mprotect(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			      VM_READ), 0);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 20));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * NUMA hinting: a scan makes a folded block PROT_NONE, entries not valid
 * and without PTE_CONT; the next access puts the whole folio back entry
 * by entry (do_numa_page()), the block folds again, its dirty state and
 * content kept, writable at once since the pages are exclusive.
 */
TEST(numa_scan_and_fault_rebuild_a_folded_block)
{
	struct mm_model *mm = mm_alloc();
	pte_t pte;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 30);
	task_numa_work(mm, fix_va(0), fix_va(CONT_PTES));
	pte = mm_read_pte(mm, fix_va(3));
	EXPECT_TRUE(pte_protnone(pte));
	EXPECT_TRUE(pte_dirty(pte));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	hw_stats_reset();
	EXPECT_EQ(fix_load(mm, fix_va(3)), 33);
	EXPECT_EQ(hw_stats.folds, 1);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	pte = mm_read_pte(mm, fix_va(0));
	EXPECT_TRUE(pte_valid(pte) && pte_write(pte) && pte_dirty(pte));
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 30));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* A shared folio (after fork) is not a candidate for migration. */
TEST(numa_scan_skips_a_folio_shared_by_fork)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 30);
	ASSERT_TRUE(dup_mm(mm));
	task_numa_work(mm, fix_va(0), fix_va(CONT_PTES));
	EXPECT_TRUE(pte_valid(mm_read_pte(mm, fix_va(3))));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* The VMA at @start spans [@start, @end). */
static void expect_vma(struct mm_model *mm, unsigned long start,
		       unsigned long end)
{
	struct vm_area *vma = find_vma_unlocked(mm, start);

	ASSERT_TRUE(vma);
	EXPECT_EQ(vma->vma.vm_start, start);
	EXPECT_EQ(vma->vma.vm_end, end);
}

/*
 * mprotect_fixup() merges a VMA whose flags now agree with a neighbour's
 * (vma_modify_flags()): half a mapping made read-only and back is one
 * VMA again, whose entries keep the unfold the first call made.
 */
TEST(mprotect_back_merges_the_vma_again)
{
	struct mm_model *mm = mm_alloc();
	unsigned long nr = 2 * CONT_PTES;

	fix_mmap_anon(mm, 0, nr, cont_order());
	fix_fill(mm, 0, nr, 3);
	ASSERT_EQ(do_mprotect(mm, fix_va(CONT_PTES / 2), CONT_PTE_SIZE,
			      VM_READ), 0);
	expect_vma(mm, fix_va(0), fix_va(CONT_PTES / 2));
	ASSERT_EQ(do_mprotect(mm, fix_va(CONT_PTES / 2), CONT_PTE_SIZE,
			      VM_READ | VM_WRITE), 0);
	expect_vma(mm, fix_va(0), fix_va(nr));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), nr), 0);
	EXPECT_TRUE(fix_check(mm, 0, nr, 3));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * mprotect() over two VMAs, the first of which has the new protection
 * already: mprotect_fixup() leaves that one alone and merges the second
 * with the VMAs before and after it, so three VMAs become one.
 */
TEST(mprotect_over_two_vmas_merges_three)
{
	struct mm_model *mm = mm_alloc();
	unsigned long nr = 3 * CONT_PTES;

	fix_mmap_anon(mm, 0, nr, cont_order());
	fix_fill(mm, 0, nr, 5);
	ASSERT_EQ(do_mprotect(mm, fix_va(CONT_PTES), CONT_PTE_SIZE, VM_READ),
		  0);
	hw_stats_reset();
	ASSERT_EQ(do_mprotect(mm, fix_va(0), 2 * CONT_PTE_SIZE,
			      VM_READ | VM_WRITE), 0);
	/* Only the middle block's entries were changed. */
	EXPECT_EQ(fix_tlbi(), fix_range_tlbis(CONT_PTES));
	expect_vma(mm, fix_va(0), fix_va(nr));
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(CONT_PTES))));
	EXPECT_TRUE(fix_check(mm, 0, nr, 5));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}
