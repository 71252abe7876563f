// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swap-out and swap-in of folded blocks (mm/swapfile.c, reclaim's
 * shrink_anon_folio(), try_to_unmap()'s swap entries, do_swap_page()):
 * reclaim puts a large anonymous folio in the swap cache whole and leaves
 * a swap entry without PTE_CONT for each page; a fault maps the cached
 * folio back with one set_ptes() when every entry is still its swap
 * entry, which writes the block folded, and the faulting page alone
 * otherwise; fork() duplicates the slots, zap and MADV_FREE free them,
 * and what a page held comes back.  On a synchronous device reclaim frees
 * the folio in the pass that writes it, and a fault reads the page
 * straight into a new folio outside the cache, the whole block when its
 * entries allow (do_swap_page() with SWP_SYNCHRONOUS_IO).  swapoff()
 * brings every entry back, one at a time, and frees the device.
 */
#include <errno.h>

#include <linux/highmem.h>
#include <linux/swapops.h>

#include "lib/mmfix.h"

MM_VARIANTS

/* Slots enough for a few blocks, slot 0 being the header. */
static void fix_swapon(void)
{
	ASSERT_EQ(swapon(4 * CONT_PTES, 0), 0);
}

/* A folded block at page 0 of a new mm, filled with 70 + i. */
static struct mm_model *block_mm(struct folio **folio)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	*folio = fix_folio(mm, fix_va(0));
	return mm;
}

/* The block at page 0 swapped out: in the swap cache, written, unmapped. */
static struct mm_model *swapped_block(struct folio **folio)
{
	struct reclaim_stats stats = { 0 };
	struct mm_model *mm;

	fix_swapon();
	mm = block_mm(folio);
	ASSERT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	fix_reclaim(mm, *folio, &stats);
	ASSERT_EQ(stats.written, 1);
	ASSERT_EQ(folio_mapcount(*folio), 0);
	return mm;
}

/*
 * @folio, mapped again and written since, swapped out once more: written
 * in the first pass, out of the cache in the second.
 */
static void swap_out_again(struct mm_model *mm, struct folio *folio)
{
	struct reclaim_stats stats = { 0 };

	fix_reclaim(mm, folio, &stats);
	EXPECT_EQ(stats.written, 1);
	shrink_folio(folio, &stats);
	EXPECT_EQ(stats.swapped, 1);
}

TEST(swap_out_leaves_swap_entries_without_cont)
{
	struct folio *folio;
	struct mm_model *mm;
	unsigned long i, first;
	pte_t pte;

	hw_stats_reset();
	mm = swapped_block(&folio);
	first = fix_swap_slot(mm, 0);
	EXPECT_NE(first, 0);
	EXPECT_EQ(first % CONT_PTES, 0);
	for (i = 0; i < CONT_PTES; i++) {
		pte = mm_read_pte(mm, fix_va(i));
		EXPECT_EQ(fix_swap_slot(mm, i), first + i);
		EXPECT_FALSE(pte_cont(pte));
		EXPECT_TRUE(pte_swp_exclusive(pte));
		EXPECT_EQ(swap_count(swp_entry(0, first + i)), 1);
	}
	EXPECT_EQ(hw_stats.unfolds, 1);
	EXPECT_TRUE(folio_test(folio, PG_swapcache));
	EXPECT_FALSE(folio_test(folio, PG_dirty));
	EXPECT_EQ(folio_ref_count(folio), CONT_PTES);
	EXPECT_EQ(mm->rss, 0);
	EXPECT_EQ(mm->swapents, CONT_PTES);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A read fault finds the folio cached and every entry its swap entry:
 * one set_ptes() of the whole folio, written folded (no fold, no
 * unfold: the entries go from swap entries straight to a folded block),
 * clean and, exclusive, writable; the slots lose their references and
 * keep the folio's copy.
 */
TEST(swap_in_of_a_cached_folio_maps_it_whole)
{
	struct folio *folio;
	struct mm_model *mm = swapped_block(&folio);
	unsigned long first = fix_swap_slot(mm, 0);

	hw_stats_reset();
	EXPECT_EQ(fix_load(mm, fix_va(3)), 73);
	EXPECT_EQ(fix_folio(mm, fix_va(0)), folio);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_EQ(hw_stats.folds, 0);
	EXPECT_EQ(hw_stats.unfolds, 0);
	EXPECT_EQ(hw_stats.faults, 1);
	EXPECT_FALSE(pte_dirty(mm_read_pte(mm, fix_va(CONT_PTES - 1))));
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(CONT_PTES - 1))));
	EXPECT_EQ(swap_count(swp_entry(0, first)), 0);
	EXPECT_TRUE(folio_test(folio, PG_swapcache));
	EXPECT_EQ(folio_mapcount(folio), CONT_PTES);
	EXPECT_EQ(mm->rss, CONT_PTES);
	EXPECT_EQ(mm->swapents, 0);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A write fault maps it whole too, writable and dirty, and frees the
 * slots: nobody else holds the folio (should_try_to_free_swap()).
 */
TEST(write_fault_swap_in_frees_the_slots)
{
	struct folio *folio;
	struct mm_model *mm = swapped_block(&folio);
	unsigned long free = get_nr_swap_pages();

	fix_store(mm, fix_va(5), 5);
	EXPECT_EQ(fix_folio(mm, fix_va(0)), folio);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_TRUE(pte_dirty(mm_read_pte(mm, fix_va(0))));
	EXPECT_FALSE(folio_test(folio, PG_swapcache));
	EXPECT_TRUE(folio_test(folio, PG_dirty));
	EXPECT_EQ(get_nr_swap_pages(), free + CONT_PTES);
	EXPECT_EQ(fix_load(mm, fix_va(5)), 5);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * One entry no longer a swap entry (MADV_DONTNEED of its page): the
 * fault maps its own page of the cached folio alone, and the block stays
 * unfolded; the zapped page's slot is free, the others keep theirs.
 */
TEST(partial_swap_in_maps_one_page)
{
	struct folio *folio;
	struct mm_model *mm = swapped_block(&folio);
	unsigned long first = fix_swap_slot(mm, 0);

	ASSERT_EQ(do_madvise(mm, fix_va(1), PAGE_SIZE, MADV_DONTNEED), 0);
	EXPECT_EQ(swap_count(swp_entry(0, first + 1)), 0);
	EXPECT_EQ(mm->swapents, CONT_PTES - 1);
	hw_stats_reset();
	EXPECT_EQ(fix_load(mm, fix_va(2)), 72);
	EXPECT_EQ(fix_folio(mm, fix_va(2)), folio);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_EQ(fix_swap_slot(mm, 0), first);
	EXPECT_EQ(fix_swap_slot(mm, 3), first + 3);
	EXPECT_EQ(swap_count(swp_entry(0, first + 2)), 0);
	EXPECT_EQ(swap_count(swp_entry(0, first + 3)), 1);
	EXPECT_EQ(folio_mapcount(folio), 1);
	EXPECT_EQ(mm->rss, 1);
	EXPECT_EQ(mm->swapents, CONT_PTES - 2);
	/* The rest come back page by page, the zapped one as zeros. */
	EXPECT_EQ(fix_load(mm, fix_va(0)), 70);
	EXPECT_EQ(fix_load(mm, fix_va(1)), 0);
	EXPECT_EQ(fix_load(mm, fix_va(CONT_PTES - 1)), 70 + CONT_PTES - 1);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * The next pass frees the written folio; a fault reads the page from its
 * slot into a new order-0 folio.  A store after swap-in is written out by
 * the next swap-out (the entry's dirty bit makes the folio dirty), and
 * comes back.
 */
TEST(the_contents_come_back)
{
	struct reclaim_stats stats = { 0 };
	struct folio *folio, *small;
	struct mm_model *mm = swapped_block(&folio);
	unsigned long free = nr_free_pages();

	shrink_folio(folio, &stats);
	EXPECT_EQ(stats.swapped, 1);
	EXPECT_EQ(nr_free_pages(), free + CONT_PTES);
	EXPECT_EQ(fix_load(mm, fix_va(6)), 76);
	small = fix_folio(mm, fix_va(6));
	EXPECT_EQ(small->order, 0);
	EXPECT_TRUE(folio_test(small, PG_swapcache));
	fix_store(mm, fix_va(6), 600);
	EXPECT_TRUE(pte_dirty(mm_read_pte(mm, fix_va(6))));
	swap_out_again(mm, small);
	EXPECT_EQ(fix_load(mm, fix_va(6)), 600);
	EXPECT_TRUE(fix_check(mm, 0, 6, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * With more than half the slots in use (vm_swap_full()), a read fault
 * frees the slot of the page it swaps in, as should_try_to_free_swap()
 * does then whatever the fault; the_contents_come_back's device, a
 * quarter used, keeps it cached.
 */
TEST(a_read_fault_frees_the_slot_when_swap_is_full)
{
	struct reclaim_stats stats = { 0 };
	struct folio *folio, *small;
	struct mm_model *mm;
	unsigned long slot;

	ASSERT_EQ(swapon(CONT_PTES + 1, 0), 0);
	mm = block_mm(&folio);
	fix_reclaim(mm, folio, &stats);
	shrink_folio(folio, &stats);
	ASSERT_EQ(stats.swapped, 1);
	EXPECT_TRUE(vm_swap_full());
	slot = fix_swap_slot(mm, 6);
	EXPECT_EQ(fix_load(mm, fix_va(6)), 76);
	small = fix_folio(mm, fix_va(6));
	EXPECT_FALSE(folio_test(small, PG_swapcache));
	EXPECT_TRUE(folio_test(small, PG_dirty));
	EXPECT_TRUE(swap_cache_get_folio(swp_entry(0, slot)) == NULL);
	EXPECT_EQ(swap_count(swp_entry(0, slot)), 0);
	EXPECT_TRUE(fix_check(mm, 0, 6, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * Migration of a folio the swap cache still holds moves the cache with
 * it (__folio_migrate_mapping()): the slots name the new folio, with the
 * cache's references, and what was stored since the swap-in is written
 * from the new folio at the next reclaim and comes back.
 */
TEST(migration_moves_a_swap_cache_folio)
{
	struct folio *folio, *new, *cached;
	struct mm_model *mm = swapped_block(&folio);
	unsigned long first = fix_swap_slot(mm, 0);

	EXPECT_EQ(fix_load(mm, fix_va(3)), 73);
	fix_store(mm, fix_va(5), 500);
	ASSERT_TRUE(do_move_pages(mm, fix_va(3)));
	new = fix_folio(mm, fix_va(0));
	ASSERT_NE(new, folio);
	EXPECT_TRUE(folio_test(new, PG_swapcache));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	cached = swap_cache_get_folio(swp_entry(0, first + 1));
	EXPECT_EQ(cached, new);
	if (cached)
		folio_put(cached);
	EXPECT_EQ(folio_ref_count(new), 2 * CONT_PTES);
	swap_out_again(mm, new);
	EXPECT_EQ(fix_load(mm, fix_va(5)), 500);
	EXPECT_TRUE(fix_check(mm, 0, 5, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * fork() duplicates each slot and makes the parent's entries shared: the
 * child's swap-in maps the folio read-only, its store copies the page,
 * and the parent still reads its own.
 */
TEST(fork_duplicates_the_slots)
{
	struct folio *folio;
	struct mm_model *mm = swapped_block(&folio), *child;
	unsigned long first = fix_swap_slot(mm, 0);

	child = dup_mm(mm);
	ASSERT_TRUE(child != NULL);
	EXPECT_EQ(fix_swap_slot(child, 4), first + 4);
	EXPECT_EQ(swap_count(swp_entry(0, first + 4)), 2);
	EXPECT_FALSE(pte_swp_exclusive(mm_read_pte(mm, fix_va(4))));
	EXPECT_FALSE(pte_swp_exclusive(mm_read_pte(child, fix_va(4))));
	EXPECT_EQ(child->swapents, CONT_PTES);
	EXPECT_EQ(fix_load(child, fix_va(4)), 74);
	EXPECT_EQ(fix_folio(child, fix_va(4)), folio);
	EXPECT_FALSE(pte_write(mm_read_pte(child, fix_va(4))));
	EXPECT_EQ(swap_count(swp_entry(0, first + 4)), 1);
	fix_store(child, fix_va(4), 400);
	EXPECT_NE(fix_folio(child, fix_va(4)), folio);
	EXPECT_EQ(fix_load(mm, fix_va(4)), 74);
	EXPECT_EQ(fix_load(child, fix_va(4)), 400);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* munmap() gives the slots up, and the cached folio, unmapped, goes. */
TEST(zap_frees_the_slots)
{
	struct folio *folio;
	struct mm_model *mm = swapped_block(&folio);
	unsigned long first = fix_swap_slot(mm, 0);
	unsigned long free_slots = get_nr_swap_pages();
	unsigned long free = nr_free_pages();

	ASSERT_EQ(do_munmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT), 0);
	EXPECT_EQ(swap_count(swp_entry(0, first)), 0);
	EXPECT_EQ(get_nr_swap_pages(), free_slots + CONT_PTES);
	EXPECT_EQ(nr_free_pages(), free + CONT_PTES);
	EXPECT_EQ(mm->swapents, 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * Swap-out submits the write and unlocks the folio; once written it is
 * clean and no longer under writeback, its slots hold its contents.
 */
TEST(swap_writepage_unlocks_and_ends_writeback)
{
	struct folio *folio;
	struct mm_model *mm = swapped_block(&folio);
	unsigned long first = fix_swap_slot(mm, 0);

	EXPECT_FALSE(folio_test_locked(folio));
	EXPECT_FALSE(folio_test(folio, PG_writeback));
	EXPECT_FALSE(folio_test(folio, PG_dirty));
	EXPECT_EQ(swap_entry_data(swp_entry(0, first + 3)), 73);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A folio whose copy is in flight keeps its slots, even once no entry
 * refers to them (folio_free_swap()): the copy still writes to them.
 */
TEST(folio_free_swap_keeps_a_folio_under_writeback)
{
	struct folio *folio;
	struct mm_model *mm = swapped_block(&folio);

	/* Locked, so that the unmap's free_swap_cache() leaves it cached. */
	folio_get(folio);
	folio_lock(folio);
	ASSERT_EQ(do_munmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT), 0);
	ASSERT_TRUE(folio_test(folio, PG_swapcache));
	folio_set(folio, PG_writeback);
	EXPECT_FALSE(folio_free_swap(folio));
	EXPECT_TRUE(folio_test(folio, PG_swapcache));
	folio_clear(folio, PG_writeback);
	EXPECT_TRUE(folio_free_swap(folio));
	EXPECT_FALSE(folio_test(folio, PG_swapcache));
	folio_unlock(folio);
	folio_put(folio);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * The block in the swap cache, unmapped and submitted for writing
 * (pageout()'s steps by hand, as shrink_anon_folio() takes them): the
 * device has read its pages into @io, which has not landed yet.  With a
 * reference of the caller's, as reclaim holds one.
 */
static struct mm_model *writing_block(struct folio **folio,
				      struct swap_io *io)
{
	struct mm_model *mm;

	fix_swapon();
	mm = block_mm(folio);
	folio_get(*folio);
	folio_lock(*folio);
	ASSERT_TRUE(add_to_swap(*folio));
	ASSERT_TRUE(try_to_unmap(*folio));
	try_to_unmap_flush_dirty();
	swap_io_init(io);
	swap_writepage(*folio, io);
	return mm;
}

static struct swap_io test_io;

/*
 * The device reads the pages when it picks the write up and lands what
 * it read when the write ends: a page written in between (here by the
 * kernel, without marking the folio dirty) is not in the slot, and
 * dropping the clean folio from the cache loses the write.
 */
TEST(a_swap_write_lands_what_the_device_read)
{
	struct reclaim_stats stats = { 0 };
	struct folio *folio;
	struct mm_model *mm = writing_block(&folio, &test_io);

	EXPECT_FALSE(folio_test_locked(folio));
	EXPECT_TRUE(folio_test(folio, PG_writeback));
	EXPECT_EQ(test_io.nr_folios, 1);
	EXPECT_TRUE(test_io.folios[0].folio == folio);
	EXPECT_EQ(test_io.folios[0].end, CONT_PTES);
	EXPECT_TRUE(test_io.pages[3].page == folio_page(folio, 3));
	EXPECT_EQ(test_io.pages[3].offset, fix_swap_slot(mm, 3));
	EXPECT_EQ(test_io.pages[3].data, 73);
	page_set_data(folio_page(folio, 3), 99);
	swap_io_end(&test_io);
	EXPECT_EQ(test_io.nr_folios, 0);
	EXPECT_EQ(test_io.nr_pages, 0);
	EXPECT_FALSE(folio_test(folio, PG_writeback));
	EXPECT_EQ(fix_nr_violations, 0);
	folio_put(folio);
	shrink_folio(folio, &stats);
	EXPECT_EQ(stats.swapped, 1);
	EXPECT_EQ(fix_violations_of("data-loss"), 1);
	EXPECT_EQ(fix_load(mm, fix_va(3)), 73);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 1);
}

/*
 * A write fault during the write holds the folio alone with the cache and
 * would free its slots to map it writable (should_try_to_free_swap()):
 * folio_free_swap() refuses, the slots stay the folio's, and the write
 * lands on them.
 */
TEST(a_write_fault_during_the_swap_write_keeps_the_slots)
{
	struct folio *folio;
	struct mm_model *mm = writing_block(&folio, &test_io);
	unsigned long slot = fix_swap_slot(mm, 3);

	folio_put(folio);
	fix_store(mm, fix_va(3), 300);
	EXPECT_TRUE(folio_test(folio, PG_swapcache));
	EXPECT_EQ(swap_count(swp_entry(0, slot)), 0);
	swap_io_end(&test_io);
	EXPECT_EQ(fix_nr_violations, 0);
	EXPECT_EQ(fix_load(mm, fix_va(3)), 300);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A slot freed under the write (folio_free_swap() blind to PG_writeback)
 * may be another swap-out's by the time the write lands on it: data-loss,
 * when it lands.
 */
TEST(a_swap_write_to_a_freed_slot_is_data_loss)
{
	struct folio *folio;
	struct mm_model *mm = writing_block(&folio, &test_io);

	ASSERT_EQ(do_munmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT), 0);
	ASSERT_TRUE(folio_test(folio, PG_swapcache));
	folio_lock(folio);
	folio_clear(folio, PG_writeback);
	ASSERT_TRUE(folio_free_swap(folio));
	folio_set(folio, PG_writeback);
	folio_unlock(folio);
	EXPECT_EQ(fix_nr_violations, 0);
	swap_io_end(&test_io);
	EXPECT_EQ(fix_violations_of("data-loss"), CONT_PTES);
	folio_put(folio);
	fix_teardown();
}

/* Without a swap device anonymous memory is not reclaimed at all. */
TEST(no_swap_device_keeps_anonymous_memory)
{
	struct reclaim_stats stats = { 0 };
	struct folio *folio;
	struct mm_model *mm = block_mm(&folio);

	fix_reclaim(mm, folio, &stats);
	EXPECT_EQ(stats.scanned, 0);
	EXPECT_EQ(folio_mapcount(folio), CONT_PTES);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A write-pinned exclusive page cannot be shared with the swap cache:
 * its entry goes back and the folio stays mapped there.
 */
TEST(a_pinned_folio_is_not_swapped_out)
{
	struct reclaim_stats stats = { 0 };
	struct folio *folio;
	struct mm_model *mm;
	struct page *page;

	fix_swapon();
	mm = block_mm(&folio);
	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(0), 1, FOLL_WRITE, &page), 1);
	fix_reclaim(mm, folio, &stats);
	EXPECT_EQ(stats.busy, 1);
	EXPECT_EQ(fix_folio(mm, fix_va(0)), folio);
	EXPECT_EQ(stats.written, 0);
	unpin_user_pages(&page, 1);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* MADV_FREE gives the swap entries' slots up and clears the entries. */
TEST(madv_free_frees_swap_entries)
{
	struct folio *folio;
	struct mm_model *mm = swapped_block(&folio);
	unsigned long first = fix_swap_slot(mm, 0);

	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_FREE), 0);
	EXPECT_TRUE(pte_none(mm_read_pte(mm, fix_va(0))));
	EXPECT_EQ(swap_count(swp_entry(0, first)), 0);
	EXPECT_EQ(mm->swapents, 0);
	EXPECT_EQ(fix_load(mm, fix_va(0)), 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* A folio swapped back in leaves the swap cache before it is lazyfree. */
TEST(madv_free_takes_a_folio_out_of_the_swap_cache)
{
	struct folio *folio;
	struct mm_model *mm = swapped_block(&folio);
	unsigned long free_slots = get_nr_swap_pages();

	EXPECT_EQ(fix_load(mm, fix_va(0)), 70);
	ASSERT_EQ(fix_folio(mm, fix_va(0)), folio);
	ASSERT_TRUE(folio_test(folio, PG_swapcache));
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_FREE), 0);
	EXPECT_FALSE(folio_test(folio, PG_swapcache));
	EXPECT_TRUE(folio_test(folio, PG_lazyfree));
	EXPECT_EQ(get_nr_swap_pages(), free_slots + CONT_PTES);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * The block at page 0 swapped out to a synchronous device: written and
 * out of the swap cache in the same pass, the folio freed.
 */
static struct mm_model *sync_swapped_block(void)
{
	struct reclaim_stats stats = { 0 };
	struct folio *folio;
	struct mm_model *mm;
	unsigned long free;

	ASSERT_EQ(swapon(4 * CONT_PTES, SWP_SYNCHRONOUS_IO), 0);
	mm = block_mm(&folio);
	free = nr_free_pages();
	fix_reclaim(mm, folio, &stats);
	ASSERT_EQ(stats.written, 1);
	ASSERT_EQ(stats.swapped, 1);
	ASSERT_EQ(nr_free_pages(), free + CONT_PTES);
	return mm;
}

TEST(sync_device_frees_the_folio_in_one_pass)
{
	struct mm_model *mm = sync_swapped_block();
	unsigned long first = fix_swap_slot(mm, 0), i;

	EXPECT_EQ(first % CONT_PTES, 0);
	for (i = 0; i < CONT_PTES; i++) {
		EXPECT_EQ(fix_swap_slot(mm, i), first + i);
		EXPECT_FALSE(pte_cont(mm_read_pte(mm, fix_va(i))));
		EXPECT_EQ(swap_count(swp_entry(0, first + i)), 1);
		EXPECT_TRUE(swap_cache_get_folio(swp_entry(0, first + i)) ==
			    NULL);
	}
	EXPECT_EQ(mm->swapents, CONT_PTES);
	EXPECT_EQ(mm->rss, 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A read fault in the middle of the block reads it whole into a new folio
 * of the block's order, bypassing the cache, and maps it folded with one
 * set_ptes(): exclusive, writable and clean; the slots are free again.
 */
TEST(sync_swap_in_reads_the_whole_block)
{
	struct mm_model *mm = sync_swapped_block();
	unsigned long free_slots = get_nr_swap_pages();
	struct folio *folio;

	hw_stats_reset();
	EXPECT_EQ(fix_load(mm, fix_va(3)), 73);
	folio = fix_folio(mm, fix_va(0));
	ASSERT_TRUE(folio != NULL);
	EXPECT_EQ(folio->order, cont_order());
	EXPECT_FALSE(folio_test(folio, PG_swapcache));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_EQ(hw_stats.folds, 0);
	EXPECT_EQ(hw_stats.faults, 1);
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(CONT_PTES - 1))));
	EXPECT_FALSE(pte_dirty(mm_read_pte(mm, fix_va(CONT_PTES - 1))));
	EXPECT_EQ(get_nr_swap_pages(), free_slots + CONT_PTES);
	EXPECT_EQ(folio_mapcount(folio), CONT_PTES);
	EXPECT_EQ(folio_ref_count(folio), CONT_PTES);
	EXPECT_EQ(mm->rss, CONT_PTES);
	EXPECT_EQ(mm->swapents, 0);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* A write fault maps the block dirty, and the store lands. */
TEST(sync_swap_in_on_a_write_maps_it_dirty)
{
	struct mm_model *mm = sync_swapped_block();

	fix_store(mm, fix_va(CONT_PTES - 1), 9);
	EXPECT_EQ(fix_folio(mm, fix_va(0))->order, cont_order());
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_TRUE(pte_dirty(mm_read_pte(mm, fix_va(0))));
	EXPECT_EQ(fix_load(mm, fix_va(CONT_PTES - 1)), 9);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES - 1, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * One entry of the block zapped: no range of the block's order is all
 * swap entries, so each fault reads its page alone into an order-0
 * folio (the smaller orders' ranges may still fit: order 1 around the
 * page, 4K only), and the block stays unfolded.
 */
TEST(sync_swap_in_of_a_block_with_a_hole_reads_less)
{
	struct mm_model *mm = sync_swapped_block();
	unsigned long first = fix_swap_slot(mm, 0);
	struct folio *folio;

	ASSERT_EQ(do_madvise(mm, fix_va(1), PAGE_SIZE, MADV_DONTNEED), 0);
	EXPECT_EQ(fix_load(mm, fix_va(CONT_PTES - 1)), 70 + CONT_PTES - 1);
	folio = fix_folio(mm, fix_va(CONT_PTES - 1));
	EXPECT_TRUE(folio->order < cont_order());
	EXPECT_FALSE(folio_test(folio, PG_swapcache));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_EQ(fix_swap_slot(mm, 0), first);
	EXPECT_EQ(fix_load(mm, fix_va(0)), 70);
	EXPECT_EQ(fix_load(mm, fix_va(1)), 0);
	EXPECT_TRUE(fix_check(mm, 2, CONT_PTES - 2, 72));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_EQ(mm->swapents, 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * An entry fork() shared (a swap count of 2) goes through the swap cache
 * even on a synchronous device, one page, read-only in the child.
 */
TEST(sync_swap_in_of_a_shared_entry_uses_the_cache)
{
	struct mm_model *mm = sync_swapped_block(), *child;
	struct folio *folio;

	child = dup_mm(mm);
	ASSERT_TRUE(child != NULL);
	EXPECT_EQ(fix_load(child, fix_va(4)), 74);
	folio = fix_folio(child, fix_va(4));
	EXPECT_EQ(folio->order, 0);
	EXPECT_TRUE(folio_test(folio, PG_swapcache));
	EXPECT_FALSE(pte_write(mm_read_pte(child, fix_va(4))));
	EXPECT_EQ(fix_load(mm, fix_va(4)), 74);
	EXPECT_EQ(fix_folio(mm, fix_va(4)), folio);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * swapcache_prepare(): slots another swap-in claimed are refused with the
 * folio to wait for, slots no entry refers to any more too, and a claim
 * keeps a zapped slot from being freed until it is given up.
 */
TEST(sync_swap_in_claims_the_slots)
{
	struct mm_model *mm = sync_swapped_block();
	swp_entry_t first = swp_entry(0, fix_swap_slot(mm, 0));
	struct folio *folio = folio_alloc(0), *busy;
	unsigned long free_slots = get_nr_swap_pages();

	ASSERT_TRUE(folio != NULL);
	EXPECT_TRUE(swap_range_cache_alike(first, CONT_PTES));
	ASSERT_EQ(swapcache_prepare(first, 2, folio, &busy), 0);
	EXPECT_FALSE(swap_range_cache_alike(first, CONT_PTES));
	EXPECT_EQ(swapcache_prepare(swp_entry(0, swp_offset(first) + 1), 1,
				    folio, &busy), -EEXIST);
	EXPECT_EQ(busy, folio);
	ASSERT_EQ(do_madvise(mm, fix_va(0), PAGE_SIZE, MADV_DONTNEED), 0);
	EXPECT_EQ(get_nr_swap_pages(), free_slots);
	swapcache_clear(first, 2);
	EXPECT_EQ(get_nr_swap_pages(), free_slots + 1);
	EXPECT_EQ(swapcache_prepare(first, 1, folio, &busy), -ENOENT);
	EXPECT_TRUE(busy == NULL);
	folio_put(folio);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * swapoff() brings a cached block back entry by entry (unuse_pte()):
 * read-only and old, exclusive as its entries were, the block folded
 * again by the last entry's set_pte_at(); the folio leaves the cache, and
 * the device is gone: its entries are refused from then on.
 */
TEST(swapoff_brings_a_block_back_folded)
{
	struct folio *folio;
	struct mm_model *mm = swapped_block(&folio);
	swp_entry_t first = swp_entry(0, fix_swap_slot(mm, 0));
	pte_t pte;

	EXPECT_EQ(get_swap_device(swp_entry(0, 4 * CONT_PTES)), -EINVAL);
	hw_stats_reset();
	swapoff();
	EXPECT_EQ(hw_stats.folds, 1);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_EQ(fix_folio(mm, fix_va(0)), folio);
	pte = mm_read_pte(mm, fix_va(CONT_PTES - 1));
	EXPECT_FALSE(pte_write(pte));
	EXPECT_FALSE(pte_young(pte));
	EXPECT_TRUE(page_ext_get(folio_page(folio, 5))->anon_exclusive);
	EXPECT_FALSE(folio_test(folio, PG_swapcache));
	EXPECT_EQ(folio_mapcount(folio), CONT_PTES);
	EXPECT_EQ(mm->rss, CONT_PTES);
	EXPECT_EQ(mm->swapents, 0);
	EXPECT_EQ(get_nr_swap_pages(), 0);
	EXPECT_EQ(get_swap_device(first), -ENODEV);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	/* Exclusive: the store reuses the page, after one unfold. */
	hw_stats_reset();
	fix_store(mm, fix_va(5), 5);
	EXPECT_EQ(fix_folio(mm, fix_va(5)), folio);
	EXPECT_EQ(hw_stats.unfolds, 1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * Slots a child shares come back shared in both: neither mm's pages are
 * exclusive, so the parent's store copies and the child keeps its page.
 */
TEST(swapoff_of_shared_slots_maps_them_shared)
{
	struct folio *folio;
	struct mm_model *mm = swapped_block(&folio), *child;

	child = dup_mm(mm);
	ASSERT_TRUE(child != NULL);
	swapoff();
	EXPECT_EQ(folio_mapcount(folio), 2 * CONT_PTES);
	EXPECT_FALSE(page_ext_get(folio_page(folio, 4))->anon_exclusive);
	EXPECT_EQ(fix_nr_cont(child, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_EQ(child->swapents, 0);
	fix_store(mm, fix_va(4), 400);
	EXPECT_NE(fix_folio(mm, fix_va(4)), folio);
	EXPECT_EQ(fix_load(child, fix_va(4)), 74);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * Slots nothing caches are read back, each into a folio of its own (no
 * readahead), so the block stays unfolded; what each page held comes back.
 */
TEST(swapoff_reads_uncached_slots_back)
{
	struct mm_model *mm = sync_swapped_block();

	swapoff();
	EXPECT_EQ(mm->swapents, 0);
	EXPECT_EQ(mm->rss, CONT_PTES);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_NE(fix_folio(mm, fix_va(0)), fix_folio(mm, fix_va(1)));
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* swapoff()'s walk of its list, each reference given back. */
static unsigned int mmlist_walk(struct mm_model **out, unsigned int max)
{
	struct mm_model *mm, *prev = NULL;
	unsigned int n = 0;

	while ((mm = mmlist_next(prev))) {
		if (prev)
			mmput(prev);
		if (n < max)
			out[n] = mm;
		n++;
		prev = mm;
	}
	if (prev)
		mmput(prev);
	return n;
}

/*
 * An mm joins swapoff()'s list at the front with its first swap entry, a
 * child right after its parent when fork() copies a swap entry into it,
 * and an mm leaves with its last user: a walk at the parent meets the
 * child next, and never an mm freed.
 */
TEST(swapoff_list_puts_a_child_after_its_parent)
{
	struct reclaim_stats stats = { 0 };
	struct mm_model *a, *b, *c, *none, *seen[4];
	struct folio *fa, *fb;

	fix_swapon();
	a = block_mm(&fa);
	none = mm_alloc();
	ASSERT_TRUE(none != NULL);
	EXPECT_EQ(mmlist_walk(seen, 4), 0);
	fix_reclaim(a, fa, &stats);
	b = block_mm(&fb);
	fix_reclaim(b, fb, &stats);
	EXPECT_EQ(stats.written, 2);
	/* b, the front, forks: its child comes between it and a. */
	c = dup_mm(b);
	ASSERT_TRUE(c != NULL);
	ASSERT_EQ(mmlist_walk(seen, 4), 3);
	EXPECT_TRUE(seen[0] == b && seen[1] == c && seen[2] == a);
	mmput(b);
	ASSERT_EQ(mmlist_walk(seen, 4), 2);
	EXPECT_TRUE(seen[0] == c && seen[1] == a);
	swapoff();
	EXPECT_EQ(c->swapents, 0);
	EXPECT_EQ(a->swapents, 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}
