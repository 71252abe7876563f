// SPDX-License-Identifier: GPL-2.0-only
/*
 * exit: the exact work of tearing down two block-sized folios under each
 * design, in the order bench_exit lists them (no-contpte, unfold, v2-full,
 * batch).  A change to a design that alters its work shows up here.
 */
#include "lib/benchfix.h"

BENCH_VARIANTS

#define C	CONT_PTES

TEST(exit_of_two_blocks_per_design)
{
	/*
	 * One ASID flush for the whole mm; unfold adds one range TLBI per
	 * block with its two DSBs, and writes every entry three times (the
	 * convert's clear and rewrite, then the clear).  v2-full gathers
	 * over the half-cleared block on every ptep_get().
	 */
	const struct bench_expect e4k[] = {
		{ 1, 2, 37, 2 * C, 0, 0 },
		{ 3, 6, 70, 6 * C, 0, 2 },
		{ 1, 2, 340, 2 * C, 0, 0 },
		{ 1, 2, 10, 2 * C, 0, 0 },
	}, e64k[] = {
		{ 1, 2, 68, 2 * C, 0, 0 },
		{ 3, 6, 133, 6 * C, 0, 2 },
		{ 1, 2, 1187, 2 * C, 0, 0 },
		{ 1, 2, 9, 2 * C, 0, 0 },
	};

	benchfix_check(&bench_exit, 2 * C, block_order(), 0, 1,
		       BENCH_EXPECT(e4k, e64k), NULL);
}

TEST(exit_unfold_flushes_each_block_by_range)
{
	struct bench_counts c;
	unsigned long ops;

	benchfix_count(&bench_exit, 1, 2 * C, block_order(), 0, &c, &ops);
	EXPECT_EQ(c.tlbi[HW_TLBI_RVALE1][1], 2);
	EXPECT_EQ(c.tlbi[HW_TLBI_ASIDE1][1], 1);
	EXPECT_EQ(c.dsb[HW_DSB_ISHST], 3);
	EXPECT_EQ(c.dsb[HW_DSB_ISH], 3);
}

TEST(exit_of_small_folios_is_the_same_work_but_a_read_per_entry)
{
	/* No blocks: contpte only adds the unfold check's read. */
	const struct bench_expect e4k[] = {
		{ 1, 2, 36, 2 * C, 0, 0 },
		{ 1, 2, 68, 2 * C, 0, 0 },
		{ 1, 2, 100, 2 * C, 0, 0 },
		{ 1, 2, 68, 2 * C, 0, 0 },
	}, e64k[] = {
		{ 1, 2, 67, 2 * C, 0, 0 },
		{ 1, 2, 131, 2 * C, 0, 0 },
		{ 1, 2, 195, 2 * C, 0, 0 },
		{ 1, 2, 131, 2 * C, 0, 0 },
	};

	benchfix_check(&bench_exit, 2 * C, 0, 0, 1, BENCH_EXPECT(e4k, e64k),
		       NULL);
}
