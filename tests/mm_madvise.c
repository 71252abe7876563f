// SPDX-License-Identifier: GPL-2.0-only
/*
 * MADV_FREE and reclaim: clear_young_dirty_ptes() cleans whole blocks in
 * place (no unfold), one range flush follows, and reclaim discards the
 * lazyfree folio while clean, or keeps it when user space wrote to it.
 * Reclaim of file folios: aging with clear_flush_young_ptes(), writeback
 * of the gathered dirty state, eviction and re-read.  MADV_COLD: blocks
 * made old in place, their dirty state kept even against the hardware.
 * The multi-gen LRU's aging: no flush, and a look-around within the VMA.
 */
#include "hw/ad.h"
#include "lib/mmfix.h"
#include "lib/linked.h"

MM_VARIANTS

static struct mm_model *freed_block(void)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 40);
	hw_stats_reset();
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_FREE), 0);
	return mm;
}

TEST(madv_free_cleans_block_in_place)
{
	struct mm_model *mm;
	struct folio *folio;
	pte_t pte;

	REQUIRE_CONTPTE(CONTPTE_CLEAR_YOUNG_DIRTY);
	mm = freed_block();
	folio = fix_folio(mm, fix_va(0));
	pte = mm_read_pte(mm, fix_va(0));
	EXPECT_TRUE(folio_test(folio, PG_lazyfree));
	EXPECT_FALSE(pte_dirty(pte));
	EXPECT_FALSE(pte_young(pte));
	EXPECT_EQ(hw_stats.unfolds, 0);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_EQ(fix_tlbi(), fix_range_tlbis(CONT_PTES));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

static struct mm_model *stale_mm;

/* At MADV_FREE's flush: a store through the still-cached dirty entry. */
static void store_before_flush(void *arg, enum hw_mem_op op, const void *p)
{
	if (op != HW_SYNC_TLBI)
		return;
	hw_set_sched_hook(NULL, NULL);
	fix_store(stale_mm, fix_va(4), 99);
}

TEST(write_racing_madv_free_flush_may_be_discarded)
{
	struct mm_model *mm = mm_alloc();
	struct reclaim_stats st = { 0 };
	struct folio *folio;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 40);
	folio = fix_folio(mm, fix_va(0));
	stale_mm = mm;
	hw_set_sched_hook(store_before_flush, NULL);
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_FREE), 0);
	hw_set_sched_hook(NULL, NULL);
	/* The TLB hit left the entries clean: the write raced the syscall. */
	EXPECT_FALSE(pte_dirty(mm_read_pte(mm, fix_va(4))));
	shrink_folio(folio, &st);
	EXPECT_EQ(st.discarded, 1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

static struct folio *window_folio;
static struct reclaim_stats window_stats;

/*
 * At MADV_FREE's flush, before it completes: the folio is lazyfree
 * already, and reclaim discards it after a store through the stale entry.
 */
static void reclaim_in_window(void *arg, enum hw_mem_op op, const void *p)
{
	if (op != HW_SYNC_TLBI)
		return;
	hw_set_sched_hook(NULL, NULL);
	EXPECT_TRUE(folio_test(window_folio, PG_lazyfree));
	fix_store(stale_mm, fix_va(4), 99);
	shrink_folio(window_folio, &window_stats);
}

/*
 * folio_mark_lazyfree() runs under the PTL, before the flush, and the
 * gather holds no reference: reclaim may discard the folio while the
 * flush is in flight, and a store that raced the call is no data loss.
 */
TEST(lazyfree_before_flush_reclaim_discards_in_window)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 40);
	window_folio = fix_folio(mm, fix_va(0));
	stale_mm = mm;
	window_stats = (struct reclaim_stats){ 0 };
	hw_set_sched_hook(reclaim_in_window, NULL);
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_FREE), 0);
	hw_set_sched_hook(NULL, NULL);
	EXPECT_EQ(window_stats.discarded, 1);
	EXPECT_EQ(mm->rss, 0);
	EXPECT_EQ(fix_load(mm, fix_va(4)), 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(reclaim_discards_clean_lazyfree_folio)
{
	struct mm_model *mm = freed_block();
	struct folio *folio = fix_folio(mm, fix_va(0));
	struct reclaim_stats st = { 0 };
	unsigned long before = nr_free_pages();

	shrink_folio(folio, &st);
	EXPECT_EQ(st.discarded, 1);
	EXPECT_EQ(nr_free_pages() - before, CONT_PTES);
	EXPECT_EQ(mm->rss, 0);
	EXPECT_EQ(fix_load(mm, fix_va(3)), 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(reclaim_keeps_lazyfree_folio_written_again)
{
	struct mm_model *mm = freed_block();
	struct folio *folio = fix_folio(mm, fix_va(0));
	struct reclaim_stats st = { 0 };

	fix_store(mm, fix_va(5), 4242);
	/* First pass: young, so it is only aged. */
	shrink_folio(folio, &st);
	EXPECT_EQ(st.activated, 1);
	EXPECT_FALSE(pte_young(mm_read_pte(mm, fix_va(5))));
	/* Second pass: unmapped, found dirty, mapped back. */
	shrink_folio(folio, &st);
	EXPECT_EQ(st.redirtied, 1);
	EXPECT_EQ(st.discarded, 0);
	EXPECT_FALSE(folio_test(folio, PG_lazyfree));
	EXPECT_EQ(fix_load(mm, fix_va(5)), 4242);
	EXPECT_EQ(fix_load(mm, fix_va(6)), 46);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(reclaim_ages_writes_back_and_evicts_file_folio)
{
	struct mm_model *mm = mm_alloc();
	struct address_space file;
	struct reclaim_stats st = { 0 };
	struct folio *folio;

	ASSERT_EQ(address_space_init(&file, CONT_PTES, cont_order(), false), 0);
	ASSERT_TRUE(do_mmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			    VM_READ | VM_WRITE | VM_SHARED, 0, &file, 0));
	/* Reads of the cached file map the block; a write fault, one page. */
	fix_fault_in_file(mm, 0, CONT_PTES);
	fix_store(mm, fix_va(1), 321);
	folio = fix_folio(mm, fix_va(0));
	hw_stats_reset();
	shrink_mapping(&file, &st);
	/*
	 * The block is no longer folded: the file write-notifies, so the
	 * store made one entry writable through ptep_set_access_flags(),
	 * which unfolds.  Its young entries are one run: one flush with the
	 * batched clear_flush_young_ptes(), one per entry without it (v6.12).
	 */
	EXPECT_EQ(st.activated, 1);
	if (contpte_linked.features & CONTPTE_BATCHED_YOUNG)
		EXPECT_EQ(fix_tlbi(), fix_range_tlbis(CONT_PTES));
	else
		EXPECT_EQ(fix_tlbi(), CONT_PTES);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	shrink_folio(folio, &st);
	EXPECT_EQ(st.written, 1);
	EXPECT_EQ(st.discarded, 1);
	EXPECT_EQ(file.store[1], 321);
	EXPECT_EQ(mm->rss, 0);
	/* Read back from the store into a new folio. */
	EXPECT_EQ(fix_load(mm, fix_va(1)), 321);
	fix_mmput_all();
	address_space_release(&file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(writeback_cleans_mappings_and_next_write_redirties)
{
	struct mm_model *mm = mm_alloc();
	struct address_space file;
	struct folio_io io;
	struct folio *folio;

	ASSERT_EQ(address_space_init(&file, CONT_PTES, cont_order(), false), 0);
	ASSERT_TRUE(do_mmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			    VM_READ | VM_WRITE | VM_SHARED, 0, &file, 0));
	/* Reads of the cached file map the block; a write fault, one page. */
	fix_fault_in_file(mm, 0, CONT_PTES);
	fix_store(mm, fix_va(2), 5);
	folio = fix_folio(mm, fix_va(0));
	ASSERT_TRUE(folio_writeback(folio, &io));
	/* Submitted: clean and unlocked, the copy not yet made. */
	EXPECT_TRUE(folio_test(folio, PG_writeback));
	EXPECT_FALSE(folio_test_locked(folio));
	EXPECT_NE(file.store[2], 5);
	folio_io_end(&io);
	EXPECT_FALSE(folio_test(folio, PG_writeback));
	EXPECT_EQ(file.store[2], 5);
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(2))));
	EXPECT_FALSE(folio_test(folio, PG_dirty));
	fix_store(mm, fix_va(2), 6);
	EXPECT_TRUE(folio_test(folio, PG_dirty));
	fix_mmput_all();
	filemap_write_and_wait(&file);
	EXPECT_EQ(file.store[2], 6);
	address_space_release(&file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

enum give_up { GIVE_UP_DONTNEED, GIVE_UP_MUNMAP, GIVE_UP_EXIT };

/* Written after MADV_FREE, then given up: the user wanted none of it. */
static void free_write_then(enum give_up how)
{
	struct mm_model *mm = freed_block();

	fix_store(mm, fix_va(4), 99);
	if (how == GIVE_UP_DONTNEED)
		ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
				     MADV_DONTNEED), 0);
	else if (how == GIVE_UP_MUNMAP)
		ASSERT_EQ(do_munmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT), 0);
	fix_teardown();
	EXPECT_EQ(fix_violations_of("data-loss"), 0);
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(madv_free_write_then_unmap_loses_nothing)
{
	free_write_then(GIVE_UP_DONTNEED);
	free_write_then(GIVE_UP_MUNMAP);
	free_write_then(GIVE_UP_EXIT);
}

TEST(second_madv_free_gives_up_writes_since_the_first)
{
	struct mm_model *mm = freed_block();
	struct folio *folio = fix_folio(mm, fix_va(0));
	struct reclaim_stats st = { 0 };

	fix_store(mm, fix_va(4), 99);
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_FREE), 0);
	shrink_folio(folio, &st);
	EXPECT_EQ(st.discarded, 1);
	EXPECT_EQ(fix_load(mm, fix_va(4)), 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(madv_free_sees_dirt_past_the_first_block)
{
	struct mm_model *mm = mm_alloc();
	unsigned long nr = 2 * CONT_PTES;

	fix_mmap_anon(mm, 0, nr, cont_order() + 1);
	fix_fill(mm, 0, nr, 1);
	ASSERT_EQ(do_madvise(mm, fix_va(0), nr << PAGE_SHIFT, MADV_FREE), 0);
	/* The first block stays old and clean; the second is written. */
	fix_store(mm, fix_va(CONT_PTES + 1), 7);
	ASSERT_TRUE(pte_dirty(mm_read_pte(mm, fix_va(CONT_PTES + 1))));
	ASSERT_EQ(do_madvise(mm, fix_va(0), nr << PAGE_SHIFT, MADV_FREE), 0);
	EXPECT_FALSE(pte_dirty(mm_read_pte(mm, fix_va(CONT_PTES + 1))));
	EXPECT_FALSE(pte_young(mm_read_pte(mm, fix_va(CONT_PTES + 1))));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * MADV_FREE of the second half of a block-sized folio splits it (v6.12's
 * madvise_free_pte_range()): the block unfolds, the pages in the range
 * become lazyfree order-0 folios, the others keep their contents and are
 * not lazyfree.
 */
TEST(madv_free_of_part_of_a_folio_splits_it)
{
	struct mm_model *mm = mm_alloc();
	unsigned long half = CONT_PTES / 2;
	struct reclaim_stats st = { 0 };
	struct folio *in, *out;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 1);
	ASSERT_EQ(do_madvise(mm, fix_va(half), half << PAGE_SHIFT, MADV_FREE),
		  0);
	in = fix_folio(mm, fix_va(half + 1));
	out = fix_folio(mm, fix_va(1));
	EXPECT_EQ(in->order, 0);
	EXPECT_EQ(out->order, 0);
	EXPECT_TRUE(folio_test(in, PG_lazyfree));
	EXPECT_FALSE(folio_test(out, PG_lazyfree));
	EXPECT_FALSE(pte_dirty(mm_read_pte(mm, fix_va(half + 1))));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	/* Reclaim may drop the page in the range, not the one before it. */
	shrink_folio(in, &st);
	EXPECT_EQ(st.discarded, 1);
	EXPECT_EQ(fix_load(mm, fix_va(half + 1)), 0);
	EXPECT_TRUE(fix_check(mm, 0, half, 1));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A block-sized folio shared with a child by fork(), PG_dirty as @dirty,
 * then MADV_FREE of it in the parent; the child.
 */
static struct mm_model *madv_free_forked(struct mm_model *mm, bool dirty,
					 struct folio **folio)
{
	struct mm_model *child;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 1);
	*folio = fix_folio(mm, fix_va(0));
	child = dup_mm(mm);
	ASSERT_TRUE(child);
	if (dirty)
		folio_set(*folio, PG_dirty);
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_FREE), 0);
	return child;
}

/*
 * After fork(), MADV_FREE in the parent marks a clean folio lazyfree
 * though the child maps it too (only a dirty one must be this mm's
 * alone): the child's entries are left as they are, dirty as fork()
 * copied them, so reclaim keeps the folio and the child its contents.
 */
TEST(madv_free_marks_a_clean_folio_another_mm_maps)
{
	struct mm_model *mm = mm_alloc(), *child;
	struct reclaim_stats st = { 0 };
	struct folio *folio;

	child = madv_free_forked(mm, false, &folio);
	EXPECT_TRUE(folio_test(folio, PG_lazyfree));
	EXPECT_EQ(folio_mapcount(folio), 2 * CONT_PTES);
	EXPECT_TRUE(pte_dirty(mm_read_pte(child, fix_va(2))));
	shrink_folio(folio, &st);
	EXPECT_EQ(st.discarded, 0);
	EXPECT_TRUE(fix_check(child, 0, CONT_PTES, 1));
	mmput(child);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* A dirty folio another mm maps is not MADV_FREE's to clean. */
TEST(madv_free_skips_a_dirty_folio_another_mm_maps)
{
	struct mm_model *mm = mm_alloc(), *child;
	struct folio *folio;

	child = madv_free_forked(mm, true, &folio);
	EXPECT_FALSE(folio_test(folio, PG_lazyfree));
	EXPECT_TRUE(folio_test(folio, PG_dirty));
	mmput(child);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(reclaim_unmaps_every_entry_of_a_partly_mapped_folio)
{
	struct mm_model *mm = freed_block();
	struct folio *folio = fix_folio(mm, fix_va(0));
	struct reclaim_stats st = { 0 };

	ASSERT_EQ(do_munmap(mm, fix_va(CONT_PTES / 2),
			    (CONT_PTES / 2) << PAGE_SHIFT), 0);
	/* One run of CONT_PTES / 2 entries, shorter than the folio. */
	shrink_folio(folio, &st);
	EXPECT_EQ(mm->rss, 0);
	EXPECT_EQ(st.discarded, 1);
	EXPECT_EQ(fix_load(mm, fix_va(1)), 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(reclaim_keeps_pinned_lazyfree_folio_mapped)
{
	struct mm_model *mm = freed_block();
	struct folio *folio = fix_folio(mm, fix_va(0));
	struct reclaim_stats st = { 0 };
	struct page *page;

	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(3), 1, 0, &page), 1);
	shrink_folio(folio, &st);
	EXPECT_EQ(st.busy, 1);
	EXPECT_EQ(st.discarded, 0);
	EXPECT_EQ(mm->rss, CONT_PTES);
	EXPECT_EQ(fix_folio(mm, fix_va(3)), folio);
	EXPECT_FALSE(folio_test(folio, PG_lazyfree));
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 40));
	unpin_user_pages(&page, 1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(madv_free_applies_despite_a_transient_reference)
{
	struct mm_model *mm = mm_alloc();
	struct reclaim_stats st = { 0 };
	struct folio *folio;
	struct page *page;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 40);
	folio = fix_folio(mm, fix_va(0));
	ASSERT_EQ(get_user_pages_fast(mm, fix_va(2), 1, 0, &page), 1);
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_FREE), 0);
	EXPECT_TRUE(folio_test(folio, PG_lazyfree));
	EXPECT_FALSE(pte_dirty(mm_read_pte(mm, fix_va(2))));
	put_user_pages(&page, 1);
	shrink_folio(folio, &st);
	EXPECT_EQ(st.discarded, 1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A two-block folio whose first block is read-only and second writable,
 * the whole of it MADV_FREEd.
 */
static struct folio *mixed_write_lazyfree(struct mm_model *mm)
{
	unsigned long nr = 2 * CONT_PTES;
	struct folio *folio;
	spinlock_t *ptl;
	pte_t *pte;

	fix_mmap_anon(mm, 0, nr, cont_order() + 1);
	fix_fill(mm, 0, nr, 1);
	folio = fix_folio(mm, fix_va(0));
	pte = pte_offset_map_lock(mm, fix_va(0), &ptl);
	wrprotect_ptes(&mm->mm, fix_va(0), pte, CONT_PTES);
	spin_unlock(ptl);
	flush_tlb_mm(&mm->mm);
	if (do_madvise(mm, fix_va(0), nr << PAGE_SHIFT, MADV_FREE))
		return NULL;
	return folio;
}

/*
 * Reclaim's batch stops where write permission changes ("mm/rmap: fix
 * incorrect pte restoration for lazyfree folios"), so no batch is the
 * whole folio, the only batch the model takes (as the first lazyfree
 * batching did): the entries go one by one, the first of each block
 * unfolding it (one range TLBI each), each then with its own deferred
 * page TLBI.
 */
TEST(mixed_write_folio_is_unmapped_entry_by_entry)
{
	struct mm_model *mm = mm_alloc();
	unsigned long nr = 2 * CONT_PTES;
	struct reclaim_stats st = { 0 };
	struct folio *folio = mixed_write_lazyfree(mm);

	ASSERT_TRUE(folio);
	EXPECT_TRUE(folio_test(folio, PG_lazyfree));
	hw_stats_reset();
	shrink_folio(folio, &st);
	EXPECT_EQ(st.discarded, 1);
	EXPECT_EQ(fix_tlbi(), 2 + nr);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * Written again after MADV_FREE, the folio must stay.  The clean,
 * read-only block went first, as a lazyfree page may; the writable
 * block's entries go back writable, and no entry came back writable where
 * it was not.
 */
TEST(mixed_write_folio_put_back_keeps_each_write_permission)
{
	struct mm_model *mm = mm_alloc();
	struct reclaim_stats st = { 0 };
	struct folio *folio = mixed_write_lazyfree(mm);
	unsigned long p;

	ASSERT_TRUE(folio);
	fix_store(mm, fix_va(CONT_PTES), 77);
	/* The store made the folio young: the first pass only ages it. */
	shrink_folio(folio, &st);
	shrink_folio(folio, &st);
	EXPECT_EQ(st.discarded, 0);
	EXPECT_FALSE(folio_test(folio, PG_lazyfree));
	for (p = 0; p < 2 * CONT_PTES; p++)
		EXPECT_EQ(pte_write(mm_read_pte(mm, fix_va(p))),
			  p >= CONT_PTES);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * MADV_COLD makes a young block old in place, with one range flush, and
 * leaves its dirty state, its PTE_CONT and the folio's data alone.
 */
TEST(madv_cold_ages_block_in_place_and_keeps_it_dirty)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;
	pte_t pte;

	REQUIRE_CONTPTE(CONTPTE_CLEAR_YOUNG_DIRTY);
	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 40);
	folio = fix_folio(mm, fix_va(0));
	folio_set(folio, PG_referenced);
	hw_stats_reset();
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_COLD), 0);
	pte = mm_read_pte(mm, fix_va(3));
	EXPECT_FALSE(pte_young(pte));
	EXPECT_TRUE(pte_dirty(pte));
	EXPECT_FALSE(folio_test(folio, PG_referenced));
	EXPECT_FALSE(folio_test(folio, PG_lazyfree));
	EXPECT_EQ(hw_stats.unfolds, 0);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_EQ(fix_tlbi(), fix_range_tlbis(CONT_PTES));
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 40));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* A folio another mm maps keeps its young entries: not ours to age. */
TEST(madv_cold_leaves_a_folio_another_mm_maps)
{
	struct mm_model *mm = mm_alloc(), *child;
	struct folio *folio;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 1);
	folio = fix_folio(mm, fix_va(0));
	child = dup_mm(mm);
	ASSERT_TRUE(child);
	fix_load(mm, fix_va(2));
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_COLD), 0);
	EXPECT_EQ(folio_mapcount(folio), 2 * CONT_PTES);
	EXPECT_TRUE(pte_young(mm_read_pte(mm, fix_va(2))));
	mmput(child);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

static unsigned int cold_races;

/*
 * The hardware dirties the entry MADV_COLD is about to write, between
 * its read and its compare-and-exchange: a store through a TLB entry
 * that was young and clean.
 */
static void dirty_before_cmpxchg(void *arg, enum hw_mem_op op, const void *p)
{
	if (op != HW_MEM_CMPXCHG)
		return;
	hw_set_sched_hook(NULL, NULL);
	ASSERT_EQ(hw_ad_update((uint64_t *)p, true, true), HW_AD_DONE);
	cold_races++;
}

/*
 * The store's dirty bit survives MADV_COLD of a lazyfree block, so
 * reclaim keeps the folio: clearing only the access flag is a
 * compare-and-exchange per entry, never a plain store of what was read.
 */
TEST(madv_cold_keeps_a_dirty_update_that_races_it)
{
	struct mm_model *mm = freed_block();
	struct folio *folio = fix_folio(mm, fix_va(0));
	struct reclaim_stats st = { 0 };

	REQUIRE_CONTPTE(CONTPTE_CLEAR_YOUNG_DIRTY);
	fix_load(mm, fix_va(5));
	cold_races = 0;
	hw_set_sched_hook(dirty_before_cmpxchg, NULL);
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_COLD), 0);
	hw_set_sched_hook(NULL, NULL);
	EXPECT_EQ(cold_races, 1);
	EXPECT_TRUE(pte_dirty(mm_read_pte(mm, fix_va(0))));
	shrink_folio(folio, &st);
	EXPECT_EQ(st.discarded, 0);
	EXPECT_FALSE(folio_test(folio, PG_lazyfree));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * Two folded blocks written since the last aging; the multi-gen LRU's
 * aging of the first through the reverse map (lru_gen_look_around()).
 */
static struct mm_model *look_around_blocks(bool split_vma)
{
	struct mm_model *mm = mm_alloc();
	unsigned int i;

	fix_mmap_anon(mm, 0, 2 * CONT_PTES, cont_order());
	if (split_vma)
		ASSERT_EQ(do_madvise(mm, fix_va(CONT_PTES),
				     CONT_PTES << PAGE_SHIFT, MADV_DONTFORK),
			  0);
	fix_fill(mm, 0, 2 * CONT_PTES, 60);
	for (i = 0; i < 2; i++)
		folio_clear(fix_folio(mm, fix_va(i * CONT_PTES)),
			    PG_referenced);
	hw_stats_reset();
	lru_gen_set_enabled(true);
	return mm;
}

/* Both blocks made old in place, with no TLBI; the neighbour marked. */
TEST(lru_gen_ages_without_flush_and_looks_around_the_next_block)
{
	struct mm_model *mm = look_around_blocks(false);

	EXPECT_EQ(folio_referenced(fix_folio(mm, fix_va(0)), false), 1);
	EXPECT_FALSE(pte_young(mm_read_pte(mm, fix_va(CONT_PTES - 1))));
	EXPECT_FALSE(pte_young(mm_read_pte(mm, fix_va(2 * CONT_PTES - 1))));
	EXPECT_TRUE(pte_dirty(mm_read_pte(mm, fix_va(2 * CONT_PTES - 1))));
	EXPECT_TRUE(folio_test(fix_folio(mm, fix_va(CONT_PTES)),
			       PG_referenced));
	EXPECT_EQ(fix_tlbi(), 0);
	EXPECT_EQ(hw_stats.unfolds, 0);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), 2 * CONT_PTES), 2 * CONT_PTES);
	/* Nothing was loaded since: the next aging finds it old. */
	EXPECT_EQ(folio_referenced(fix_folio(mm, fix_va(0)), false), 0);
	lru_gen_set_enabled(false);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* The look-around stays in the young entry's VMA. */
TEST(lru_gen_look_around_stops_at_the_vma_end)
{
	struct mm_model *mm = look_around_blocks(true);

	EXPECT_EQ(folio_referenced(fix_folio(mm, fix_va(0)), false), 1);
	EXPECT_FALSE(pte_young(mm_read_pte(mm, fix_va(0))));
	EXPECT_TRUE(pte_young(mm_read_pte(mm, fix_va(CONT_PTES))));
	EXPECT_FALSE(folio_test(fix_folio(mm, fix_va(CONT_PTES)),
				PG_referenced));
	lru_gen_set_enabled(false);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}
