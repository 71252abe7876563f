// SPDX-License-Identifier: GPL-2.0-only
/*
 * Splitting the folio under folded blocks (split_huge_pages_pid() ->
 * split_folio_to_order()): its entries become migration entries, the
 * first of a block unfolding it, the folio becomes several, and each
 * new folio is mapped again entry by entry; a block that now spans two
 * folios stays unfolded, one that a new folio covers whole folds again;
 * a new folio nothing maps is freed; a pinned folio is left alone.  An
 * unmap that leaves a folio partly mapped queues it, and the deferred
 * split shrinker splits it later; a queued folio freed leaves the queue.
 * Reclaim splits a folio before swap-out when it is partly mapped or
 * finds no run of slots for the whole of it, and swaps each page out.
 */
#include "lib/mmfix.h"

MM_VARIANTS

TEST(split_of_a_block_leaves_it_unfolded_over_two_folios)
{
	struct mm_model *mm = mm_alloc();
	struct folio *a, *b;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 90);
	hw_stats_reset();
	ASSERT_EQ(split_huge_pages_pid(mm, fix_va(0), fix_va(CONT_PTES),
				       cont_order() - 1), 1);
	a = fix_folio(mm, fix_va(0));
	b = fix_folio(mm, fix_va(CONT_PTES / 2));
	EXPECT_NE(a, b);
	EXPECT_EQ(a->order, cont_order() - 1);
	EXPECT_EQ(b->order, cont_order() - 1);
	EXPECT_EQ(folio_mapcount(a), CONT_PTES / 2);
	EXPECT_EQ(folio_ref_count(b), CONT_PTES / 2);
	EXPECT_EQ(hw_stats.unfolds, 1);
	EXPECT_EQ(hw_stats.folds, 0);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 90));
	EXPECT_EQ(mm->rss, CONT_PTES);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* A folio of two blocks split into two of one block each: both refold. */
TEST(split_into_block_sized_folios_refolds_each_block)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, 2 * CONT_PTES, cont_order() + 1);
	fix_fill(mm, 0, 2 * CONT_PTES, 90);
	ASSERT_EQ(fix_folio(mm, fix_va(0))->order, cont_order() + 1);
	hw_stats_reset();
	ASSERT_EQ(split_huge_pages_pid(mm, fix_va(0), fix_va(2 * CONT_PTES),
				       cont_order()), 1);
	EXPECT_EQ(hw_stats.unfolds, 2);
	EXPECT_EQ(hw_stats.folds, 2);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), 2 * CONT_PTES), 2 * CONT_PTES);
	EXPECT_NE(fix_folio(mm, fix_va(0)), fix_folio(mm, fix_va(CONT_PTES)));
	EXPECT_TRUE(fix_check(mm, 0, 2 * CONT_PTES, 90));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* Half the block zapped first (MADV_DONTNEED): its new folio is freed. */
TEST(split_after_a_partial_zap_frees_the_unmapped_part)
{
	struct mm_model *mm = mm_alloc();
	unsigned long free;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 90);
	ASSERT_EQ(do_madvise(mm, fix_va(CONT_PTES / 2),
			     (CONT_PTES / 2) << PAGE_SHIFT, MADV_DONTNEED), 0);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	free = nr_free_pages();
	ASSERT_EQ(split_huge_pages_pid(mm, fix_va(0), fix_va(CONT_PTES),
				       cont_order() - 1), 1);
	EXPECT_EQ(nr_free_pages(), free + CONT_PTES / 2);
	EXPECT_EQ(fix_folio(mm, fix_va(0))->order, cont_order() - 1);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES / 2, 90));
	EXPECT_EQ(mm->rss, CONT_PTES / 2);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* can_split_folio(): a pin is a reference the split cannot account for. */
TEST(partial_munmap_queues_the_folio_for_deferred_split)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;

	fix_mmap_anon(mm, 0, 2 * CONT_PTES, cont_order());
	fix_fill(mm, 0, 2 * CONT_PTES, 70);
	folio = fix_folio(mm, fix_va(0));
	ASSERT_EQ(do_munmap(mm, fix_va(CONT_PTES / 2),
			    (CONT_PTES / 2) << PAGE_SHIFT), 0);
	EXPECT_TRUE(folio_test(folio, PG_partially_mapped));
	/* The second folio, unmapped whole, is freed and never queued. */
	ASSERT_EQ(do_munmap(mm, fix_va(CONT_PTES), CONT_PTE_SIZE), 0);
	EXPECT_EQ(deferred_split_scan(), 1);
	EXPECT_EQ(fix_folio(mm, fix_va(0))->order, 0);
	EXPECT_NE(fix_folio(mm, fix_va(0)), fix_folio(mm, fix_va(1)));
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES / 2, 70));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES / 2), 0);
	/* Nothing is left queued; the unmapped half went back to the free lists. */
	EXPECT_EQ(deferred_split_scan(), 0);
	EXPECT_EQ(mm->rss, CONT_PTES / 2);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* A queued folio unmapped whole is freed off the queue, never split. */
TEST(a_queued_folio_freed_leaves_the_queue)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	ASSERT_EQ(do_munmap(mm, fix_va(1), PAGE_SIZE), 0);
	ASSERT_EQ(do_munmap(mm, fix_va(0), CONT_PTE_SIZE), 0);
	EXPECT_EQ(deferred_split_scan(), 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(a_pinned_folio_is_not_split)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;
	struct page *page;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 90);
	folio = fix_folio(mm, fix_va(0));
	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(1), 1, FOLL_WRITE, &page), 1);
	EXPECT_EQ(split_huge_pages_pid(mm, fix_va(0), fix_va(CONT_PTES),
				       cont_order() - 1), 0);
	EXPECT_EQ(fix_folio(mm, fix_va(CONT_PTES - 1)), folio);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	unpin_user_pages(&page, 1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A folded block with its page 1 zapped (MADV_DONTNEED: on the deferred
 * split queue), aged: reclaim on a device of @nr_slots splits it, each
 * page its own folio, and swaps every mapped page out alone.
 */
static struct mm_model *reclaim_split_block(unsigned long nr_slots,
					    struct folio **folio,
					    struct reclaim_stats *stats)
{
	struct mm_model *mm = mm_alloc();

	ASSERT_EQ(swapon(nr_slots, 0), 0);
	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	*folio = fix_folio(mm, fix_va(0));
	ASSERT_EQ(do_madvise(mm, fix_va(1), PAGE_SIZE, MADV_DONTNEED), 0);
	ASSERT_TRUE(folio_test(*folio, PG_partially_mapped));
	hw_stats_reset();
	fix_reclaim(mm, *folio, stats);
	return mm;
}

/*
 * Each mapped page went to its own slot, one pageout each, and the block
 * is unfolded with a swap entry in every entry but the zapped one.
 */
static void expect_swapped_page_by_page(struct mm_model *mm,
					const struct reclaim_stats *stats)
{
	unsigned long i;

	EXPECT_EQ(stats->written, CONT_PTES - 1);
	EXPECT_EQ(hw_stats.unfolds, 0);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_TRUE(pte_none(mm_read_pte(mm, fix_va(1))));
	for (i = 0; i < CONT_PTES; i++)
		if (i != 1)
			EXPECT_NE(fix_swap_slot(mm, i), 0);
	EXPECT_EQ(mm->swapents, CONT_PTES - 1);
	EXPECT_EQ(mm->rss, 0);
}

TEST(reclaim_splits_a_partly_mapped_folio_before_swap_out)
{
	struct reclaim_stats stats = { 0 };
	struct folio *folio;
	struct mm_model *mm = reclaim_split_block(4 * CONT_PTES, &folio,
						  &stats);

	EXPECT_EQ(folio->order, 0);
	EXPECT_FALSE(folio_test(folio, PG_partially_mapped));
	expect_swapped_page_by_page(mm, &stats);
	/* The zapped page went with the split, the others come back. */
	EXPECT_EQ(fix_load(mm, fix_va(0)), 70);
	EXPECT_EQ(fix_load(mm, fix_va(1)), 0);
	EXPECT_TRUE(fix_check(mm, 2, CONT_PTES - 2, 72));
	EXPECT_EQ(deferred_split_scan(), 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * No naturally aligned run of a block's slots on the device (fewer than
 * two blocks of slots, slot 0 the header): add_to_swap() fails for the
 * whole folio, which is split and swapped out page by page.
 */
TEST(reclaim_splits_a_folio_that_finds_no_run_of_slots)
{
	struct reclaim_stats stats = { 0 };
	struct mm_model *mm = mm_alloc();
	struct folio *folio;
	unsigned long i;

	ASSERT_EQ(swapon(2 * CONT_PTES - 1, 0), 0);
	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	folio = fix_folio(mm, fix_va(0));
	hw_stats_reset();
	fix_reclaim(mm, folio, &stats);
	EXPECT_EQ(folio->order, 0);
	EXPECT_EQ(stats.written, CONT_PTES);
	EXPECT_EQ(hw_stats.unfolds, 1);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	for (i = 0; i < CONT_PTES; i++)
		EXPECT_NE(fix_swap_slot(mm, i), 0);
	EXPECT_EQ(mm->swapents, CONT_PTES);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 70));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A pinned folio cannot be split (can_split_folio()): reclaim keeps it
 * whole, mapped, and swaps nothing out.
 */
TEST(reclaim_does_not_split_a_pinned_folio)
{
	struct reclaim_stats stats = { 0 };
	struct mm_model *mm = mm_alloc();
	struct folio *folio;
	struct page *page;

	ASSERT_EQ(swapon(4 * CONT_PTES, 0), 0);
	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 70);
	folio = fix_folio(mm, fix_va(0));
	ASSERT_EQ(do_madvise(mm, fix_va(1), PAGE_SIZE, MADV_DONTNEED), 0);
	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(2), 1, FOLL_WRITE, &page), 1);
	fix_reclaim(mm, folio, &stats);
	EXPECT_EQ(stats.activated, 1);
	EXPECT_EQ(stats.written, 0);
	EXPECT_EQ(folio->order, cont_order());
	EXPECT_EQ(fix_folio(mm, fix_va(CONT_PTES - 1)), folio);
	unpin_user_pages(&page, 1);
	EXPECT_TRUE(fix_check(mm, 2, CONT_PTES - 2, 72));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}
