// SPDX-License-Identifier: GPL-2.0-only
/*
 * userfaultfd write-protection over folded blocks (mm/userfaultfd.c):
 * UFFDIO_WRITEPROTECT of a range that starts inside a block unfolds it and
 * leaves the protected entries read-only with PTE_UFFD_WP; resolving
 * makes them writable again; a write fault on a protected entry goes to
 * the monitor and makes nothing writable; fork() into an unregistered
 * child and mremap() drop the bit; swap and migration entries keep it,
 * and MADV_DONTNEED of a private file mapping's leaves markers for them;
 * mprotect() does not undo it.
 */
#include <linux/swapops.h>
#include <linux/userfaultfd_k.h>

#include "lib/mmfix.h"

MM_VARIANTS

#define BLOCK_BYTES	(CONT_PTES << PAGE_SHIFT)

/* A folded block at page 0 of a new mm, filled with 40 + i, registered. */
static struct mm_model *wp_block_mm(struct vm_area **vma)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 40);
	ASSERT_EQ(userfaultfd_register(mm, fix_va(0), BLOCK_BYTES), 0);
	*vma = find_vma_unlocked(mm, fix_va(0));
	ASSERT_TRUE(*vma && userfaultfd_wp(&(*vma)->vma));
	return mm;
}

/* The block at page 0 with pages [1, CONT_PTES) write-protected. */
static struct mm_model *wp_tail_mm(struct vm_area **vma)
{
	struct mm_model *mm = wp_block_mm(vma);

	ASSERT_EQ(mwriteprotect_range(mm, fix_va(1), BLOCK_BYTES - PAGE_SIZE,
				      true), 0);
	return mm;
}

static bool wp_at(struct mm_model *mm, unsigned long page)
{
	return pte_uffd_wp(mm_read_pte(mm, fix_va(page)));
}

static bool swp_wp_at(struct mm_model *mm, unsigned long page)
{
	pte_t pte = mm_read_pte(mm, fix_va(page));

	return is_swap_pte(pte) && pte_swp_uffd_wp(pte);
}

/*
 * The range starts inside the block: the batch is part of the block, so
 * the arch layer unfolds it, and the entries differ in PTE_UFFD_WP and
 * write permission.  Page 0 stays as it was, writable and unprotected;
 * the protected ones keep their dirty state, now without write.
 */
TEST(wp_from_inside_a_block_unfolds_it)
{
	struct vm_area *vma;
	struct mm_model *mm;
	unsigned long i;
	pte_t pte;

	hw_stats_reset();
	mm = wp_tail_mm(&vma);
	EXPECT_EQ(hw_stats.unfolds, 1);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_FALSE(wp_at(mm, 0));
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(0))));
	for (i = 1; i < CONT_PTES; i++) {
		pte = mm_read_pte(mm, fix_va(i));
		EXPECT_TRUE(pte_uffd_wp(pte));
		EXPECT_FALSE(pte_write(pte));
		EXPECT_TRUE(pte_dirty(pte));
	}
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 40));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * The whole block at once: one batch, written back folded, every entry
 * protected; resolving it is one batch too, folded and writable again.
 */
TEST(wp_and_resolve_of_a_whole_block_keep_it_folded)
{
	struct vm_area *vma;
	struct mm_model *mm = wp_block_mm(&vma);

	hw_stats_reset();
	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, true), 0);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_TRUE(wp_at(mm, CONT_PTES - 1));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(CONT_PTES - 1))));
	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, false), 0);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_FALSE(wp_at(mm, 0));
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(0))));
	EXPECT_EQ(hw_stats.unfolds + hw_stats.folds, 0);
	fix_store(mm, fix_va(2), 2);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * Resolving the whole range after protecting its tail: every entry
 * writable and unprotected, the contents intact.  The resolve's batches
 * are the two parts the entries differed in, each less than the block,
 * so nothing refolds it; a later write of its last entry by the fault
 * path would (contpte_try_fold()).
 */
TEST(resolve_makes_the_block_writable_again)
{
	struct vm_area *vma;
	struct mm_model *mm = wp_tail_mm(&vma);
	unsigned long i;

	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, false), 0);
	for (i = 0; i < CONT_PTES; i++) {
		EXPECT_FALSE(wp_at(mm, i));
		EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(i))));
	}
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	fix_store(mm, fix_va(CONT_PTES - 1), 9);
	EXPECT_EQ(fix_load(mm, fix_va(CONT_PTES - 1)), 9);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES - 1, 40));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A write fault on a protected entry: a user fault (it may retry) is
 * handed to the monitor, one that may not (GUP) fails; either way the
 * entry stays read-only and protected.  A load is served, and a store to
 * the unprotected page 0 goes through.
 */
TEST(write_fault_on_a_protected_entry_goes_to_the_monitor)
{
	struct vm_area *vma;
	struct mm_model *mm = wp_tail_mm(&vma);
	unsigned long va = fix_va(CONT_PTES - 1);
	struct page *page;

	mmap_read_lock(mm);
	EXPECT_EQ(handle_mm_fault(vma, va, FAULT_FLAG_WRITE |
				  FAULT_FLAG_ALLOW_RETRY), VM_FAULT_RETRY);
	EXPECT_EQ(handle_mm_fault(vma, va, FAULT_FLAG_WRITE), VM_FAULT_SIGSEGV);
	mmap_read_unlock(mm);
	EXPECT_TRUE(get_user_pages(mm, va, 1, FOLL_WRITE | FOLL_GET,
				   &page) <= 0);
	EXPECT_TRUE(wp_at(mm, CONT_PTES - 1));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, va)));
	EXPECT_EQ(fix_load(mm, va), 40 + CONT_PTES - 1);
	fix_store(mm, fix_va(0), 1);
	EXPECT_FALSE(pte_write(mm_read_pte(mm, va)));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * mprotect() back to read-write makes exclusive anonymous entries
 * writable at once, but not protected ones (can_change_pte_writable()).
 */
TEST(mprotect_does_not_undo_the_protection)
{
	struct vm_area *vma;
	struct mm_model *mm = wp_tail_mm(&vma);

	ASSERT_EQ(do_mprotect(mm, fix_va(0), BLOCK_BYTES, VM_READ), 0);
	ASSERT_EQ(do_mprotect(mm, fix_va(0), BLOCK_BYTES,
			      VM_READ | VM_WRITE), 0);
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(0))));
	EXPECT_TRUE(wp_at(mm, 1));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(1))));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * fork() without UFFD_FEATURE_EVENT_FORK: the child's VMA is not
 * registered and its entries lose the bit; its store copies the page as
 * any COW does, and the parent's entries stay protected.
 */
TEST(fork_drops_the_bit_in_the_child)
{
	struct vm_area *vma;
	struct mm_model *mm = wp_tail_mm(&vma), *child;
	unsigned long i;

	child = dup_mm(mm);
	ASSERT_TRUE(child != NULL);
	EXPECT_FALSE(userfaultfd_wp(&find_vma_unlocked(child, fix_va(0))->vma));
	for (i = 0; i < CONT_PTES; i++)
		EXPECT_FALSE(wp_at(child, i));
	fix_store(child, fix_va(3), 300);
	EXPECT_EQ(fix_load(child, fix_va(3)), 300);
	EXPECT_EQ(fix_load(mm, fix_va(3)), 43);
	EXPECT_TRUE(wp_at(mm, 3));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(3))));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* One reclaim pass over @folio, aged first (see tests/mm_swap.c). */
static void swap_out(struct mm_model *mm, struct folio *folio)
{
	struct reclaim_stats stats = { 0 };

	folio_referenced(folio, false);
	flush_tlb_mm(&mm->mm);
	shrink_folio(folio, &stats);
	ASSERT_EQ(folio_mapcount(folio), 0);
}

/*
 * Swap entries keep the bit (PTE_SWP_UFFD_WP) where the entries had it,
 * so a swap-in batch stops where it differs: the faulting page is mapped
 * alone, read-only and protected though its folio is exclusive.
 */
TEST(swap_entries_keep_the_bit)
{
	struct vm_area *vma;
	struct mm_model *mm;
	struct folio *folio;

	ASSERT_EQ(swapon(4 * CONT_PTES, 0), 0);
	mm = wp_tail_mm(&vma);
	folio = fix_folio(mm, fix_va(0));
	swap_out(mm, folio);
	EXPECT_FALSE(swp_wp_at(mm, 0));
	EXPECT_TRUE(swp_wp_at(mm, 1));
	EXPECT_TRUE(swp_wp_at(mm, CONT_PTES - 1));
	EXPECT_EQ(fix_load(mm, fix_va(2)), 42);
	EXPECT_EQ(folio_mapcount(folio), 1);
	EXPECT_TRUE(wp_at(mm, 2));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(2))));
	EXPECT_TRUE(swp_wp_at(mm, 3));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* UFFDIO_WRITEPROTECT sets and clears the bit of swap entries too. */
TEST(wp_and_resolve_reach_swap_entries)
{
	struct vm_area *vma;
	struct mm_model *mm;

	ASSERT_EQ(swapon(4 * CONT_PTES, 0), 0);
	mm = wp_block_mm(&vma);
	swap_out(mm, fix_folio(mm, fix_va(0)));
	EXPECT_FALSE(swp_wp_at(mm, 1));
	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, true), 0);
	EXPECT_TRUE(swp_wp_at(mm, 1));
	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, false), 0);
	EXPECT_FALSE(swp_wp_at(mm, 1));
	fix_store(mm, fix_va(1), 11);
	EXPECT_EQ(fix_load(mm, fix_va(1)), 11);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * Migration entries keep it too, and remove_migration_pte() maps the
 * protected pages of the new folio read-only and protected again.
 */
TEST(migration_keeps_the_bit)
{
	struct vm_area *vma;
	struct mm_model *mm = wp_tail_mm(&vma);
	struct folio *old = fix_folio(mm, fix_va(0));

	ASSERT_TRUE(do_move_pages(mm, fix_va(0)));
	EXPECT_NE(fix_folio(mm, fix_va(0)), old);
	EXPECT_FALSE(wp_at(mm, 0));
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(0))));
	EXPECT_TRUE(wp_at(mm, 1));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(1))));
	EXPECT_TRUE(wp_at(mm, CONT_PTES - 1));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 40));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* A range that meets an unregistered VMA is refused (-ENOENT). */
TEST(wp_of_an_unregistered_range_is_refused)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 40);
	EXPECT_NE(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, true), 0);
	EXPECT_FALSE(wp_at(mm, 0));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_NE(mwriteprotect_range(mm, fix_va(0) + 1, BLOCK_BYTES, true), 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * mremap() without UFFD_FEATURE_EVENT_REMAP: the moved VMA is not
 * registered, and its entries lose the bit ("mm: Clear uffd-wp PTE/PMD
 * state on mremap()"), so a store there is not held for a monitor.
 */
TEST(mremap_drops_the_bit)
{
	struct vm_area *vma;
	struct mm_model *mm = wp_tail_mm(&vma);
	unsigned long to = 4 * CONT_PTES, i;

	ASSERT_EQ(do_mremap(mm, fix_va(0), BLOCK_BYTES, fix_va(to)), 0);
	EXPECT_FALSE(userfaultfd_wp(&find_vma_unlocked(mm, fix_va(to))->vma));
	for (i = 0; i < CONT_PTES; i++)
		EXPECT_FALSE(wp_at(mm, to + i));
	EXPECT_TRUE(fix_check(mm, to, CONT_PTES, 40));
	fix_store(mm, fix_va(to + 1), 5);
	EXPECT_EQ(fix_load(mm, fix_va(to + 1)), 5);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * While userfaultfd is armed, faults map page by page (alloc_anon_folio()
 * of order 0), so nothing new folds; the block mapped before the
 * registration stays folded.
 */
TEST(armed_anonymous_faults_map_one_page)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, 2 * CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 40);
	ASSERT_EQ(userfaultfd_register(mm, fix_va(0), 2 * BLOCK_BYTES), 0);
	fix_store(mm, fix_va(CONT_PTES + 3), 3);
	EXPECT_EQ(fix_folio(mm, fix_va(CONT_PTES + 3))->order, 0);
	EXPECT_EQ(mm->rss, CONT_PTES + 1);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), 2 * CONT_PTES), CONT_PTES);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * Shared memory registered for uffd-wp write-notifies (its entries map
 * read-only), maps a fault's page alone and not around it; a protected
 * page's write goes to the monitor, and after the resolve a write fault
 * makes the entry writable.
 */
TEST(armed_shmem_maps_one_page_and_write_notifies)
{
	struct mm_model *mm = mm_alloc();
	struct address_space shm;
	struct vm_area *vma;

	ASSERT_EQ(address_space_init(&shm, CONT_PTES, cont_order(), true), 0);
	vma = do_mmap(mm, fix_va(0), BLOCK_BYTES,
		      VM_READ | VM_WRITE | VM_SHARED, 0, &shm, 0);
	ASSERT_TRUE(vma);
	ASSERT_EQ(userfaultfd_register(mm, fix_va(0), BLOCK_BYTES), 0);
	EXPECT_EQ(fix_load(mm, fix_va(2)), 0);
	EXPECT_EQ(mm->rss, 1);
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(2))));
	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, true), 0);
	EXPECT_TRUE(wp_at(mm, 2));
	mmap_read_lock(mm);
	EXPECT_EQ(handle_mm_fault(vma, fix_va(2), FAULT_FLAG_WRITE |
				  FAULT_FLAG_ALLOW_RETRY), VM_FAULT_RETRY);
	mmap_read_unlock(mm);
	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, false), 0);
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(2))));
	fix_store(mm, fix_va(2), 22);
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(2))));
	EXPECT_EQ(mm->rss, 1);
	fix_mmput_all();
	address_space_release(&shm);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

/* A registered shmem mapping of one block at page 0, its page 2 read. */
static struct mm_model *wp_shmem_mm(struct address_space *shm,
				    struct vm_area **vma)
{
	struct mm_model *mm = mm_alloc();

	ASSERT_EQ(address_space_init(shm, CONT_PTES, cont_order(), true), 0);
	*vma = do_mmap(mm, fix_va(0), BLOCK_BYTES,
		       VM_READ | VM_WRITE | VM_SHARED, 0, shm, 0);
	ASSERT_TRUE(*vma);
	ASSERT_EQ(userfaultfd_register(mm, fix_va(0), BLOCK_BYTES), 0);
	EXPECT_EQ(fix_load(mm, fix_va(2)), 0);
	return mm;
}

static void wp_shmem_done(struct address_space *shm)
{
	fix_mmput_all();
	address_space_release(shm);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * Write-protecting a shmem range protects the pages not mapped too, with
 * PTE markers (change_pte_range(), userfaultfd_wp_use_markers()); a zap
 * of a protected entry (MADV_DONTNEED) leaves one.  A marker is not
 * present and never has PTE_CONT; a fault on it maps the page
 * write-protected, and a write then goes to the monitor.
 */
TEST(shmem_markers_keep_the_protection)
{
	struct address_space shm;
	struct vm_area *vma;
	struct mm_model *mm = wp_shmem_mm(&shm, &vma);
	pte_t pte;

	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, true), 0);
	EXPECT_TRUE(wp_at(mm, 2));
	pte = mm_read_pte(mm, fix_va(5));
	EXPECT_TRUE(pte_marker_uffd_wp(pte));
	EXPECT_FALSE(pte_present(pte) || pte_cont(pte));
	ASSERT_EQ(do_madvise(mm, fix_va(2), PAGE_SIZE, MADV_DONTNEED), 0);
	EXPECT_TRUE(pte_marker_uffd_wp(mm_read_pte(mm, fix_va(2))));
	EXPECT_EQ(mm->rss, 0);
	mmap_read_lock(mm);
	EXPECT_EQ(handle_mm_fault(vma, fix_va(5), FAULT_FLAG_WRITE |
				  FAULT_FLAG_ALLOW_RETRY), VM_FAULT_DONE);
	EXPECT_TRUE(wp_at(mm, 5));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(5))));
	EXPECT_EQ(handle_mm_fault(vma, fix_va(5), FAULT_FLAG_WRITE |
				  FAULT_FLAG_ALLOW_RETRY), VM_FAULT_RETRY);
	mmap_read_unlock(mm);
	EXPECT_EQ(fix_load(mm, fix_va(2)), 0);
	EXPECT_TRUE(wp_at(mm, 2));
	wp_shmem_done(&shm);
}

/*
 * Resolving drops the markers (the next fault maps the page as usual);
 * fork() copies none into the unregistered child; munmap() drops them
 * with the VMA.
 */
TEST(markers_go_with_resolve_fork_and_munmap)
{
	struct address_space shm;
	struct vm_area *vma;
	struct mm_model *mm = wp_shmem_mm(&shm, &vma), *child;

	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, true), 0);
	child = dup_mm(mm);
	ASSERT_TRUE(child != NULL);
	EXPECT_TRUE(pte_none(mm_read_pte(child, fix_va(5))));
	EXPECT_FALSE(wp_at(child, 2));
	fix_store(child, fix_va(5), 55);
	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, false), 0);
	EXPECT_TRUE(pte_none(mm_read_pte(mm, fix_va(6))));
	EXPECT_EQ(fix_load(mm, fix_va(5)), 55);
	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, true), 0);
	EXPECT_TRUE(pte_marker_uffd_wp(mm_read_pte(mm, fix_va(6))));
	ASSERT_EQ(do_munmap(mm, fix_va(0), BLOCK_BYTES), 0);
	wp_shmem_done(&shm);
}

/*
 * MADV_DONTNEED of a MAP_PRIVATE file mapping's private copies leaves a
 * marker for each protected one whatever its entry holds, the swap entry
 * of a copy swapped out or the migration entry of one migrating
 * (zap_nonpresent_ptes(), zap_install_uffd_wp_if_needed()): the next
 * fault copies the file's page again, and must map it protected.
 */
TEST(dontneed_leaves_markers_for_swapped_and_migrating_copies)
{
	struct address_space shm;
	struct vm_area *vma;
	struct mm_model *mm = mm_alloc();
	struct folio *copy;

	ASSERT_EQ(swapon(4 * CONT_PTES, 0), 0);
	ASSERT_EQ(address_space_init(&shm, CONT_PTES, cont_order(), true), 0);
	vma = do_mmap(mm, fix_va(0), BLOCK_BYTES, VM_READ | VM_WRITE, 0, &shm,
		      0);
	ASSERT_TRUE(vma);
	ASSERT_EQ(userfaultfd_register(mm, fix_va(0), BLOCK_BYTES), 0);
	fix_store(mm, fix_va(3), 33);
	fix_store(mm, fix_va(4), 44);
	ASSERT_EQ(mwriteprotect_range(mm, fix_va(0), BLOCK_BYTES, true), 0);
	swap_out(mm, fix_folio(mm, fix_va(3)));
	EXPECT_TRUE(swp_wp_at(mm, 3));
	copy = fix_folio(mm, fix_va(4));
	ASSERT_TRUE(folio_try_get(copy));
	folio_lock(copy);
	ASSERT_TRUE(try_to_migrate(copy));
	try_to_unmap_flush();
	EXPECT_TRUE(swp_wp_at(mm, 4));
	ASSERT_EQ(do_madvise(mm, fix_va(3), 2 * PAGE_SIZE, MADV_DONTNEED), 0);
	EXPECT_TRUE(pte_marker_uffd_wp(mm_read_pte(mm, fix_va(3))));
	EXPECT_TRUE(pte_marker_uffd_wp(mm_read_pte(mm, fix_va(4))));
	folio_unlock(copy);
	folio_put(copy);
	EXPECT_EQ(fix_load(mm, fix_va(4)), 0);
	EXPECT_TRUE(wp_at(mm, 4));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(4))));
	wp_shmem_done(&shm);
}
