// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() per design: fork=batch write-protects whole blocks in place with
 * wrprotect_ptes() and creates the child's blocks with set_ptes(nr);
 * fork=unfold write-protects entry by entry, unfolding every block, and
 * the child's blocks fold again on their last entry.
 */
#include "lib/mmfix.h"

MM_VARIANTS

#define NR_BLOCKS	3

static void fork_and_check(enum contpte_fork design, unsigned long unfolds,
			   unsigned long folds, u64 tlbis)
{
	struct mm_model *mm = mm_alloc(), *child;
	unsigned long nr = NR_BLOCKS * CONT_PTES;
	pte_t pte;

	contpte_design.fork = design;
	fix_mmap_anon(mm, 0, nr, cont_order());
	fix_fill(mm, 0, nr, 500);
	hw_stats_reset();
	child = dup_mm(mm);
	ASSERT_TRUE(child);
	EXPECT_EQ(hw_stats.unfolds, unfolds);
	EXPECT_EQ(hw_stats.folds, folds);
	EXPECT_EQ(fix_tlbi(), tlbis);
	EXPECT_EQ(hw_stats_tlbi_of(&hw_stats, HW_TLBI_ASIDE1), 1);
	/* Both sides read-only, the parent still dirty, the child old. */
	pte = mm_read_pte(mm, fix_va(1));
	EXPECT_TRUE(!pte_write(pte) && pte_dirty(pte));
	pte = mm_read_pte(child, fix_va(1));
	EXPECT_TRUE(!pte_write(pte) && !pte_young(pte));
	EXPECT_EQ(fix_nr_cont(child, fix_va(0), nr), nr);
	EXPECT_EQ(folio_mapcount(fix_folio(mm, fix_va(0))), 2 * CONT_PTES);
	EXPECT_EQ(child->rss, nr);
	EXPECT_TRUE(fix_check(child, 0, nr, 500));
	EXPECT_TRUE(fix_check(mm, 0, nr, 500));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(fork_batch_keeps_blocks_folded)
{
	fork_and_check(FORK_BATCH, 0, 0, 1);
}

TEST(fork_unfold_unfolds_every_block)
{
	/* Each parent unfold and each child fold converts with one TLBI. */
	fork_and_check(FORK_UNFOLD, NR_BLOCKS, NR_BLOCKS, 2 * NR_BLOCKS + 1);
}

TEST(fork_shared_mapping_stays_writable)
{
	struct mm_model *mm = mm_alloc(), *child;
	struct address_space shm;

	ASSERT_EQ(address_space_init(&shm, CONT_PTES, cont_order(), true), 0);
	ASSERT_TRUE(do_mmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			    VM_READ | VM_WRITE | VM_SHARED, 0, &shm, 0));
	fix_store(mm, fix_va(2), 11);
	child = dup_mm(mm);
	ASSERT_TRUE(child);
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(2))));
	/* The child's copy is clean: dirty stays with the parent's entry. */
	EXPECT_FALSE(pte_dirty(mm_read_pte(child, fix_va(2))));
	fix_store(child, fix_va(2), 12);
	EXPECT_EQ(fix_load(mm, fix_va(2)), 12);
	fix_mmput_all();
	address_space_release(&shm);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

/* Batch the run at page 0 of an order-1 folio; any_writable comes back. */
static unsigned int batch_at_0(struct mm_model *mm, bool *any_writable)
{
	struct folio *folio = fix_folio(mm, fix_va(0));
	unsigned int nr;
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, fix_va(0), &ptl);

	nr = folio_pte_batch(folio, pte, ptep_get(pte), 4,
			     FPB_IGNORE_DIRTY | FPB_IGNORE_WRITE, any_writable,
			     NULL, NULL);
	spin_unlock(ptl);
	return nr;
}

static void wrprotect_page(struct mm_model *mm, unsigned long page)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, fix_va(page), &ptl);

	ptep_set_wrprotect(&mm->mm, fix_va(page), pte);
	spin_unlock(ptl);
	flush_tlb_mm(&mm->mm);
}

TEST(folio_pte_batch_any_writable_counts_the_batch_only)
{
	struct mm_model *mm = mm_alloc();
	bool any_writable;

	/* Two order-1 folios: pages 0-1, then a writable 2-3. */
	fix_mmap_anon(mm, 0, 4, 1);
	fix_fill(mm, 0, 4, 1);
	wrprotect_page(mm, 0);
	wrprotect_page(mm, 1);
	EXPECT_EQ(batch_at_0(mm, &any_writable), 2);
	EXPECT_FALSE(any_writable);
	/* Mixed write within the batch: still one batch, writable. */
	fix_store(mm, fix_va(1), 5);
	EXPECT_EQ(batch_at_0(mm, &any_writable), 2);
	EXPECT_TRUE(any_writable);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A private mapping's dirty bit is per entry through fork(): the kernel
 * batches across dirty only for shared mappings (copy_present_ptes()),
 * whose dirty state the folio keeps.  An order-2 folio is MADV_FREEd,
 * page 1 is stored to, the parent forks and exits: the child's entry for
 * page 1 must still say dirty, or reclaim discards the store.
 */
TEST(fork_private_batch_keeps_each_entry_dirty)
{
	struct mm_model *mm = mm_alloc(), *child;
	struct reclaim_stats stats = { 0 };
	struct folio *folio;

	fix_mmap_anon(mm, 0, 4, 2);
	fix_fill(mm, 0, 4, 40);
	ASSERT_EQ(do_madvise(mm, fix_va(0), 4 << PAGE_SHIFT, MADV_FREE), 0);
	fix_store(mm, fix_va(1), 77);
	child = dup_mm(mm);
	ASSERT_TRUE(child);
	EXPECT_TRUE(pte_dirty(mm_read_pte(child, fix_va(1))));
	EXPECT_FALSE(pte_dirty(mm_read_pte(child, fix_va(2))));
	mmput(mm);
	folio = fix_folio(child, fix_va(0));
	shrink_folio(folio, &stats);
	shrink_folio(folio, &stats);
	EXPECT_EQ(stats.discarded, 0);
	EXPECT_EQ(fix_load(child, fix_va(1)), 77);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* The VMAs of @mm, counted. */
static unsigned int nr_vmas(struct mm_model *mm)
{
	struct vm_area *vma;
	unsigned int n = 0;

	mmap_read_lock(mm);
	for_each_vma(mm, vma)
		n++;
	mmap_read_unlock(mm);
	return n;
}

/*
 * MADV_DOFORK of what MADV_DONTFORK split off merges the VMAs back, with
 * the one before and the one after (madvise_update_vma()); different
 * flags keep them apart.
 */
TEST(madv_dofork_merges_the_vmas_back)
{
	struct mm_model *mm = mm_alloc();
	unsigned long third = CONT_PTES / 4;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 60);
	ASSERT_EQ(do_madvise(mm, fix_va(third), third << PAGE_SHIFT,
			     MADV_DONTFORK), 0);
	EXPECT_EQ(nr_vmas(mm), 3);
	ASSERT_EQ(do_madvise(mm, fix_va(2 * third), third << PAGE_SHIFT,
			     MADV_DONTFORK), 0);
	/* The second range joins the first: the same flags now. */
	EXPECT_EQ(nr_vmas(mm), 3);
	ASSERT_EQ(do_madvise(mm, fix_va(third), 2 * third << PAGE_SHIFT,
			     MADV_DOFORK), 0);
	EXPECT_EQ(nr_vmas(mm), 1);
	EXPECT_EQ(find_vma_unlocked(mm, fix_va(0))->vma.vm_end, fix_va(CONT_PTES));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 60));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A fork() that copied half a folio leaves its entries read-only and
 * shared, the other half writable; merged into one VMA, the next fork()
 * copies the folio in one batch, which must write-protect every entry
 * (any_writable), not only where the first entry was writable.
 */
TEST(fork_of_a_merged_vma_wrprotects_the_writable_part)
{
	struct mm_model *mm = mm_alloc(), *first, *second;
	unsigned long half = CONT_PTES / 2, last = CONT_PTES - 1;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	ASSERT_EQ(do_madvise(mm, fix_va(half), half << PAGE_SHIFT,
			     MADV_DONTFORK), 0);
	first = dup_mm(mm);
	ASSERT_TRUE(first);
	ASSERT_EQ(do_madvise(mm, fix_va(half), half << PAGE_SHIFT,
			     MADV_DOFORK), 0);
	EXPECT_EQ(nr_vmas(mm), 1);
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(0))));
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(last))));
	second = dup_mm(mm);
	ASSERT_TRUE(second);
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(last))));
	EXPECT_FALSE(pte_write(mm_read_pte(second, fix_va(last))));
	EXPECT_EQ(second->rss, CONT_PTES);
	EXPECT_EQ(folio_mapcount(fix_folio(mm, fix_va(0))),
		  3 * half + 2 * half);
	fix_store(mm, fix_va(last), 99);
	EXPECT_EQ(fix_load(second, fix_va(last)), 70 + last);
	EXPECT_EQ(fix_load(mm, fix_va(last)), 99);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}
