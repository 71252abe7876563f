// SPDX-License-Identifier: GPL-2.0-only
/*
 * Migration of folded blocks (migrate_pages(), try_to_migrate(),
 * remove_migration_ptes()): each entry is cleared, the first unfolding
 * the block, and replaced by a migration entry that never carries
 * PTE_CONT; the new folio is mapped entry by entry and the block folds
 * again at its last; a fault on a migration entry maps nothing; a pinned
 * folio stays where it is.
 */
#include <linux/swapops.h>

#include "lib/mmfix.h"

MM_VARIANTS

/* Entry @i of the block at page 0 is a migration entry for @folio's page. */
static bool is_migration_of(struct mm_model *mm, unsigned long i,
			    struct folio *folio)
{
	pte_t pte = mm_read_pte(mm, fix_va(i));
	swp_entry_t entry = pte_to_swp_entry(pte);

	return is_swap_pte(pte) && is_migration_entry(entry) &&
	       swp_offset_pfn(entry) == folio_pfn(folio) + i;
}

/*
 * The first half of migrate_pages(): @folio locked, its entries replaced,
 * their deferred TLBIs waited for.
 */
static void migrate_unmap(struct folio *folio)
{
	ASSERT_TRUE(folio_try_get(folio));
	folio_lock(folio);
	ASSERT_TRUE(try_to_migrate(folio));
	try_to_unmap_flush();
}

/* The failure path of migrate_pages(): the entries back on @folio. */
static void migrate_restore(struct folio *folio)
{
	remove_migration_ptes(folio, folio, 0);
	folio_unlock(folio);
	folio_put(folio);
}

TEST(migration_of_a_block_refolds_it_on_a_new_folio)
{
	struct mm_model *mm = mm_alloc();
	struct folio *old;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	old = fix_folio(mm, fix_va(0));
	hw_stats_reset();
	ASSERT_TRUE(do_move_pages(mm, fix_va(CONT_PTES / 2)));
	EXPECT_NE(fix_folio(mm, fix_va(0)), old);
	EXPECT_EQ(fix_folio(mm, fix_va(0))->order, cont_order());
	EXPECT_EQ(hw_stats.unfolds, 1);
	EXPECT_EQ(hw_stats.folds, 1);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	EXPECT_EQ(mm->rss, CONT_PTES);
	fix_store(mm, fix_va(CONT_PTES - 1), 7);
	EXPECT_EQ(fix_load(mm, fix_va(CONT_PTES - 1)), 7);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* They keep the write, young and dirty state of the entries they replace. */
TEST(migration_entries_never_carry_cont)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;
	swp_entry_t entry;
	unsigned long i;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	folio = fix_folio(mm, fix_va(0));
	ASSERT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	migrate_unmap(folio);
	for (i = 0; i < CONT_PTES; i++) {
		EXPECT_TRUE(is_migration_of(mm, i, folio));
		EXPECT_FALSE(pte_cont(mm_read_pte(mm, fix_va(i))));
		entry = pte_to_swp_entry(mm_read_pte(mm, fix_va(i)));
		EXPECT_TRUE(is_writable_migration_entry(entry));
		EXPECT_TRUE(is_migration_entry_young(entry));
		EXPECT_TRUE(is_migration_entry_dirty(entry));
	}
	EXPECT_EQ(folio_mapcount(folio), 0);
	EXPECT_TRUE(folio_test(folio, PG_dirty));
	migrate_restore(folio);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * set_pte_at() strips PTE_CONT from what it writes (set_ptes()): a
 * migration entry built with it lands without it, and the block's last
 * entry written so does not fold the migration entries.
 */
TEST(set_ptes_strips_cont_from_migration_entries)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;
	spinlock_t *ptl;
	pte_t *pte;
	pte_t first, last;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	folio = fix_folio(mm, fix_va(0));
	migrate_unmap(folio);
	pte = pte_offset_map_lock(mm, fix_va(0), &ptl);
	first = __pte(pte_val(__ptep_get(pte)) | PTE_CONT);
	set_pte_at(&mm->mm, fix_va(0), pte, first);
	last = __pte(pte_val(__ptep_get(pte + CONT_PTES - 1)) | PTE_CONT);
	set_pte_at(&mm->mm, fix_va(CONT_PTES - 1), pte + CONT_PTES - 1, last);
	spin_unlock(ptl);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_TRUE(is_migration_of(mm, 0, folio));
	EXPECT_TRUE(is_migration_of(mm, CONT_PTES - 1, folio));
	migrate_restore(folio);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * The migration holding @arg's folio lock lets go once a fault waits on
 * it: the fault's wait (folio_wait_locked()) is a lock attempt for the
 * scheduling hook.  Counts the waits.
 */
struct lock_waiter {
	struct folio *folio;
	unsigned int waits;
};

static void release_on_wait(void *arg, enum hw_mem_op op, const void *p)
{
	struct lock_waiter *w = arg;

	if (op != HW_SYNC_LOCK || p != &page_ext_get(&w->folio->page)->lock ||
	    !folio_test_locked(w->folio))
		return;
	w->waits++;
	folio_unlock(w->folio);
}

/*
 * A fault on a migration entry maps nothing: it finds the folio, locked
 * as every migration entry's is (pfn_swap_entry_folio() asserts it),
 * waits for its lock, and the access is retried.
 */
TEST(fault_on_a_migration_entry_maps_nothing)
{
	struct mm_model *mm = mm_alloc();
	struct lock_waiter w = { 0 };
	struct vm_area *vma;

	vma = fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	w.folio = fix_folio(mm, fix_va(0));
	migrate_unmap(w.folio);
	hw_set_sched_hook(release_on_wait, &w);
	EXPECT_EQ(handle_mm_fault(vma, fix_va(3), FAULT_FLAG_WRITE),
		  VM_FAULT_DONE);
	EXPECT_TRUE(is_migration_of(mm, 3, w.folio));
	folio_lock(w.folio);
	EXPECT_EQ(handle_mm_fault(vma, fix_va(4), 0), VM_FAULT_DONE);
	EXPECT_TRUE(is_migration_of(mm, 4, w.folio));
	hw_set_sched_hook(NULL, NULL);
	EXPECT_EQ(w.waits, 2);
	folio_lock(w.folio);
	migrate_restore(w.folio);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* Half the block zapped: only the mapped half moves, and stays unfolded. */
TEST(migration_of_a_half_mapped_folio)
{
	struct mm_model *mm = mm_alloc();
	struct folio *old;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	old = fix_folio(mm, fix_va(0));
	ASSERT_EQ(do_madvise(mm, fix_va(CONT_PTES / 2),
			     (CONT_PTES / 2) << PAGE_SHIFT, MADV_DONTNEED), 0);
	ASSERT_TRUE(do_move_pages(mm, fix_va(0)));
	EXPECT_NE(fix_folio(mm, fix_va(0)), old);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES / 2, 70));
	EXPECT_TRUE(pte_none(mm_read_pte(mm, fix_va(CONT_PTES / 2))));
	EXPECT_EQ(mm->rss, CONT_PTES / 2);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A pinned exclusive page cannot be shared: the walk stops at the first
 * entry, which goes back as it was; the block stays unfolded, since only
 * a write of its last entry may fold it again.
 */
TEST(a_pinned_folio_is_not_migrated)
{
	struct mm_model *mm = mm_alloc();
	struct folio *old;
	struct page *page;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	old = fix_folio(mm, fix_va(0));
	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(2), 1, FOLL_WRITE, &page), 1);
	EXPECT_FALSE(do_move_pages(mm, fix_va(0)));
	EXPECT_EQ(fix_folio(mm, fix_va(0)), old);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	EXPECT_EQ(folio_mapcount(old), CONT_PTES);
	unpin_user_pages(&page, 1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* munmap() meets the migration entries: cleared, rss down, nothing left. */
TEST(munmap_during_migration_clears_the_entries)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;
	unsigned long free;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	folio = fix_folio(mm, fix_va(0));
	free = nr_free_pages();
	migrate_unmap(folio);
	ASSERT_EQ(do_munmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT), 0);
	EXPECT_EQ(mm->rss, 0);
	EXPECT_TRUE(pte_none(mm_read_pte(mm, fix_va(0))));
	migrate_restore(folio);
	EXPECT_EQ(nr_free_pages(), free + CONT_PTES);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * fork() copies them, both made readable (copy_nonpresent_pte()): the
 * new folio comes back read-only and shared in both, a write copies.
 */
TEST(fork_during_migration_shares_the_new_folio)
{
	struct mm_model *mm = mm_alloc(), *child;
	struct folio *folio, *new;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	folio = fix_folio(mm, fix_va(0));
	migrate_unmap(folio);
	child = dup_mm(mm);
	ASSERT_TRUE(child != NULL);
	EXPECT_EQ(child->rss, CONT_PTES);
	EXPECT_TRUE(is_migration_of(child, 1, folio));
	EXPECT_FALSE(is_writable_migration_entry(
		pte_to_swp_entry(mm_read_pte(mm, fix_va(1)))));
	migrate_restore(folio);
	new = fix_folio(child, fix_va(0));
	EXPECT_EQ(new, folio);
	EXPECT_EQ(folio_mapcount(folio), 2 * CONT_PTES);
	EXPECT_TRUE(folio_test(folio, PG_mapped_shared));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(1))));
	fix_store(child, fix_va(1), 5);
	EXPECT_NE(fix_folio(child, fix_va(1)), folio);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* mprotect(PROT_READ) makes them readable: no writable entry comes back. */
TEST(mprotect_during_migration_makes_them_readable)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;
	u64 v;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	folio = fix_folio(mm, fix_va(0));
	migrate_unmap(folio);
	ASSERT_EQ(do_mprotect(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			      VM_READ), 0);
	EXPECT_TRUE(is_migration_of(mm, 2, folio));
	EXPECT_FALSE(is_writable_migration_entry(
		pte_to_swp_entry(mm_read_pte(mm, fix_va(2)))));
	migrate_restore(folio);
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(2))));
	EXPECT_EQ(user_store(mm, fix_va(2), 5), -EFAULT_USER);
	EXPECT_EQ(user_load(mm, fix_va(2), &v), 0);
	EXPECT_EQ(v, 72);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A partly mapped folio leaves the deferred split queue when it migrates
 * (__folio_migrate_mapping()); the new folio is not queued, and the queue
 * flag does not come with it: a later split of it is not one of a queued
 * folio, and a later partial unmap queues it again.
 */
TEST(migration_takes_a_partly_mapped_folio_off_the_queue)
{
	struct mm_model *mm = mm_alloc();
	struct folio *old, *new;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	ASSERT_EQ(do_munmap(mm, fix_va(CONT_PTES - 1), PAGE_SIZE), 0);
	old = fix_folio(mm, fix_va(0));
	ASSERT_TRUE(folio_test(old, PG_partially_mapped));
	ASSERT_TRUE(do_move_pages(mm, fix_va(0)));
	new = fix_folio(mm, fix_va(0));
	ASSERT_NE(new, old);
	EXPECT_FALSE(folio_test(new, PG_partially_mapped));
	EXPECT_EQ(deferred_split_scan(), 0);
	ASSERT_EQ(do_munmap(mm, fix_va(CONT_PTES - 2), PAGE_SIZE), 0);
	EXPECT_TRUE(folio_test(new, PG_partially_mapped));
	EXPECT_EQ(deferred_split_scan(), 1);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES - 2, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}
