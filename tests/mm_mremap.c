// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap() of folded blocks (move_ptes()): each entry taken out at the old
 * address and set at the new one, so a block unfolds at its first entry
 * and folds again at its last where the new address and the frames line
 * up; the old range flushed before the PTLs go; the reverse map finds
 * the folios at the new address.
 */
#include "lib/mmfix.h"

MM_VARIANTS

#define NEW	(4 * CONT_PTES)

TEST(mremap_of_a_block_to_an_aligned_address_refolds_it)
{
	struct mm_model *mm = mm_alloc();
	u64 v;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 40);
	hw_stats_reset();
	ASSERT_EQ(do_mremap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			    fix_va(NEW)), 0);
	EXPECT_EQ(hw_stats.unfolds, 1);
	EXPECT_EQ(hw_stats.folds, 1);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(NEW), CONT_PTES), CONT_PTES);
	EXPECT_TRUE(fix_check(mm, NEW, CONT_PTES, 40));
	EXPECT_EQ(user_load(mm, fix_va(1), &v), -EFAULT_USER);
	EXPECT_TRUE(pte_none(mm_read_pte(mm, fix_va(1))));
	EXPECT_EQ(mm->rss, CONT_PTES);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(mremap_half_a_block_away_stays_unfolded)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 40);
	ASSERT_EQ(do_mremap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			    fix_va(NEW + CONT_PTES / 2)), 0);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(NEW), 2 * CONT_PTES), 0);
	EXPECT_TRUE(fix_check(mm, NEW + CONT_PTES / 2, CONT_PTES, 40));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* The folio keeps its page offset: reclaim finds it where it moved. */
TEST(reclaim_finds_a_moved_lazyfree_block)
{
	struct mm_model *mm = mm_alloc();
	struct reclaim_stats stats = { 0 };
	struct folio *folio;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 40);
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_FREE), 0);
	ASSERT_EQ(do_mremap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			    fix_va(NEW)), 0);
	folio = fix_folio(mm, fix_va(NEW));
	shrink_folio(folio, &stats);
	shrink_folio(folio, &stats);
	EXPECT_EQ(stats.discarded, 1);
	EXPECT_TRUE(pte_none(mm_read_pte(mm, fix_va(NEW))));
	EXPECT_EQ(mm->rss, 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* Bad input: a range that is not one VMA's, a destination taken. */
TEST(mremap_refuses_a_taken_destination_and_a_hole)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_mmap_anon(mm, NEW, 1, 0);
	EXPECT_EQ(do_mremap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			    fix_va(NEW)), -1);
	EXPECT_EQ(do_mremap(mm, fix_va(2 * CONT_PTES), PAGE_SIZE,
			    fix_va(3 * CONT_PTES)), -1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}
