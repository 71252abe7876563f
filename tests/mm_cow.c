// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shapes of the kernel's cow.c selftest: after fork(), a write by
 * either side must never be visible to the other, for each folio order,
 * with the folio mapped whole, by a single entry, or partially unmapped;
 * and with a write pin taken before fork(), the pinned page must stay the
 * one the parent writes to (the child gets a copy at fork()).
 */
#include <linux/highmem.h>

#include "lib/mmfix.h"

MM_VARIANTS

enum cow_shape { COW_WHOLE, COW_SINGLE_PTE, COW_PARTIAL };

static const char *const shape_names[] = { "whole", "single-pte", "partial" };

/* Map a folio of @order at page 0 and cut it to @shape; the page to test. */
static unsigned long setup_shape(struct mm_model *mm, unsigned int order,
				 enum cow_shape shape)
{
	unsigned long nr = 1UL << order;

	fix_mmap_anon(mm, 0, nr, order);
	fix_fill(mm, 0, nr, 0x1000);
	ASSERT_EQ(fix_folio(mm, fix_va(0))->order, order);
	if (shape == COW_SINGLE_PTE && nr > 1) {
		/* Keep only page 1 mapped. */
		do_madvise(mm, fix_va(0), PAGE_SIZE, MADV_DONTNEED);
		do_madvise(mm, fix_va(2), (nr - 2) << PAGE_SHIFT,
			   MADV_DONTNEED);
		return 1;
	}
	if (shape == COW_PARTIAL && nr > 1) {
		ASSERT_EQ(do_munmap(mm, fix_va(nr / 2),
				    (nr / 2) << PAGE_SHIFT), 0);
		return nr / 2 - 1;
	}
	return nr - 1;
}

static void run_cow(unsigned int order, enum cow_shape shape, bool pin)
{
	struct mm_model *parent = mm_alloc(), *child;
	unsigned long p = setup_shape(parent, order, shape);
	struct page *pinned = NULL;
	u64 orig = 0x1000 + p;

	if (pin)
		ASSERT_EQ(pin_user_pages_fast(parent, fix_va(p), 1, FOLL_WRITE,
					      &pinned), 1);
	child = dup_mm(parent);
	ASSERT_TRUE(child);
	EXPECT_EQ(fix_load(child, fix_va(p)), orig);

	fix_store(child, fix_va(p), 0xc0);
	EXPECT_EQ(fix_load(parent, fix_va(p)), orig);
	EXPECT_EQ(fix_load(child, fix_va(p)), 0xc0);

	fix_store(parent, fix_va(p), 0xb0);
	EXPECT_EQ(fix_load(child, fix_va(p)), 0xc0);
	EXPECT_EQ(fix_load(parent, fix_va(p)), 0xb0);
	if (pin) {
		/* Writes through the pin land where the parent reads. */
		EXPECT_EQ(page_to_pfn(pinned),
			  pte_pfn(mm_read_pte(parent, fix_va(p))));
		EXPECT_EQ(page_data(pinned), 0xb0);
		unpin_user_pages(&pinned, 1);
	}
	/* The child's COW copy is an exclusive, writable order-0 page. */
	EXPECT_EQ(fix_folio(child, fix_va(p))->order, 0);
	EXPECT_TRUE(pte_write(mm_read_pte(child, fix_va(p))));
	fix_teardown();
	if (fix_nr_violations)
		ktap_diag("order %u shape %s pin %d", order, shape_names[shape],
			  pin);
	EXPECT_EQ(fix_nr_violations, 0);
}

static void cow_matrix(bool pin)
{
	const unsigned int orders[] = { 0, 1, cont_order(), cont_order() + 1,
					MAX_FOLIO_ORDER };
	unsigned int o, shape;

	for (o = 0; o < sizeof(orders) / sizeof(orders[0]); o++)
		for (shape = COW_WHOLE; shape <= COW_PARTIAL; shape++)
			run_cow(orders[o], shape, pin);
}

TEST(cow_after_fork_each_order_and_shape)
{
	cow_matrix(false);
}

TEST(cow_after_fork_with_write_pin)
{
	cow_matrix(true);
}

/*
 * v6.12's do_wp_page(): once fork() shared a large folio, a write copies
 * the page out of it even after the child exited and the parent alone
 * maps it; the rest of the folio stays, its block unfolded.
 */
TEST(write_after_child_exit_copies_out_of_large_folio)
{
	struct mm_model *mm = mm_alloc(), *child;
	struct folio *large;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 1);
	large = fix_folio(mm, fix_va(0));
	child = dup_mm(mm);
	ASSERT_TRUE(child);
	mmput(child);
	EXPECT_EQ(folio_mapcount(large), CONT_PTES);
	fix_store(mm, fix_va(3), 9);
	EXPECT_EQ(fix_folio(mm, fix_va(3))->order, 0);
	EXPECT_TRUE(fix_folio(mm, fix_va(2)) == large);
	EXPECT_EQ(folio_mapcount(large), CONT_PTES - 1);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_EQ(fix_load(mm, fix_va(3)), 9);
	EXPECT_TRUE(fix_check(mm, 4, CONT_PTES - 4, 5));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(cow_copy_of_folded_block_unfolds_it)
{
	struct mm_model *mm = mm_alloc(), *child;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 1);
	child = dup_mm(mm);
	ASSERT_TRUE(child);
	hw_stats_reset();
	fix_store(child, fix_va(0), 9);
	/* ptep_clear_flush() unfolds (one TLBI) and flushes the page. */
	EXPECT_EQ(hw_stats.unfolds, 1);
	EXPECT_EQ(fix_tlbi(), 2);
	EXPECT_EQ(fix_nr_cont(child, fix_va(0), CONT_PTES), 0);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	EXPECT_TRUE(fix_check(child, 1, CONT_PTES - 1, 2));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(cow_of_read_pinned_private_file_page_is_legal)
{
	struct mm_model *mm = mm_alloc();
	struct address_space file;
	struct page *pinned;

	ASSERT_EQ(address_space_init(&file, 1, 0, false), 0);
	file.store[0] = 0x51;
	ASSERT_TRUE(do_mmap(mm, fix_va(0), PAGE_SIZE, VM_READ | VM_WRITE, 0,
			    &file, 0));
	EXPECT_EQ(fix_load(mm, fix_va(0)), 0x51);
	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(0), 1, 0, &pinned), 1);
	/* The write replaces the page-cache page with a private copy. */
	fix_store(mm, fix_va(0), 0x52);
	EXPECT_NE(page_to_pfn(pinned), pte_pfn(mm_read_pte(mm, fix_va(0))));
	EXPECT_EQ(page_data(pinned), 0x51);
	unpin_user_pages(&pinned, 1);
	fix_mmput_all();
	address_space_release(&file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_violations_of("gup-pin"), 0);
	EXPECT_EQ(fix_nr_violations, 0);
}
