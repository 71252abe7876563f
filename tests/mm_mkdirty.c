// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's mkdirty.c: an entry that is dirty must never become
 * writable by that alone, including when a contiguous block is unfolded
 * and its gathered dirty state spreads to every entry.
 */
#include "lib/mmfix.h"

MM_VARIANTS

static void expect_dirty_readonly(struct mm_model *mm, unsigned long first,
				  unsigned long nr)
{
	unsigned long i;
	pte_t pte;

	for (i = 0; i < nr; i++) {
		pte = mm_read_pte(mm, fix_va(first + i));
		EXPECT_TRUE(pte_dirty(pte));
		EXPECT_FALSE(pte_write(pte));
		EXPECT_EQ(user_store(mm, fix_va(first + i), 0xdead),
			  -EFAULT_USER);
	}
}

TEST(mprotect_readonly_keeps_dirty_not_writable)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 10);
	ASSERT_EQ(do_mprotect(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			      VM_READ), 0);
	expect_dirty_readonly(mm, 0, CONT_PTES);
	EXPECT_TRUE(fix_check(mm, 0, CONT_PTES, 10));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(unfold_spreads_dirty_but_not_write)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_store(mm, fix_va(CONT_PTES - 1), 1);
	ASSERT_EQ(do_mprotect(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			      VM_READ), 0);
	hw_stats_reset();
	/* Zap one entry: the block unfolds, every entry keeps its dirty. */
	ASSERT_EQ(do_madvise(mm, fix_va(0), PAGE_SIZE, MADV_DONTNEED), 0);
	EXPECT_EQ(hw_stats.unfolds, 1);
	expect_dirty_readonly(mm, 1, CONT_PTES - 1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(partial_mprotect_unfolds_without_making_writable)
{
	struct mm_model *mm = mm_alloc();
	unsigned long half = CONT_PTES / 2;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 10);
	hw_stats_reset();
	ASSERT_EQ(do_mprotect(mm, fix_va(0), half << PAGE_SHIFT, VM_READ), 0);
	EXPECT_EQ(hw_stats.unfolds, 1);
	expect_dirty_readonly(mm, 0, half);
	/* The other half is still writable and takes stores. */
	fix_store(mm, fix_va(half), 5);
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(half))));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(fork_child_dirty_readonly_copies_on_write)
{
	struct mm_model *mm = mm_alloc(), *child;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 10);
	child = dup_mm(mm);
	ASSERT_TRUE(child);
	/* Dirty in the parent, read-only on both sides. */
	EXPECT_TRUE(pte_dirty(mm_read_pte(mm, fix_va(0))));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(0))));
	fix_store(child, fix_va(0), 1);
	EXPECT_TRUE(pte_write(mm_read_pte(child, fix_va(0))));
	EXPECT_FALSE(pte_write(mm_read_pte(child, fix_va(1))));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(0))));
	EXPECT_EQ(fix_load(mm, fix_va(0)), 10);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}
