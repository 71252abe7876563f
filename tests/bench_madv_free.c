// SPDX-License-Identifier: GPL-2.0-only
/*
 * madv-free: the exact work of MADV_FREE under old-nocontpte,
 * new-nocontpte, old and new.  The old loop takes each entry out and
 * writes it back; on a block that unfolds it at its first entry and folds
 * it again at its last, one range TLBI each.
 */
#include "lib/benchfix.h"
#include "lib/linked.h"

BENCH_VARIANTS

#define C	CONT_PTES

TEST(madv_free_of_two_blocks_per_design)
{
	const struct bench_expect e4k[] = {
		{ 1, 2, 37, 4 * C, 0, 0 },
		{ 1, 2, 69, 2 * C, 0, 0 },
		{ 5, 10, 106, 12 * C, 2, 2 },
		{ 1, 2, 46, 2 * C, 0, 0 },
	}, e64k[] = {
		{ 1, 2, 68, 4 * C, 0, 0 },
		{ 1, 2, 132, 2 * C, 0, 0 },
		{ 5, 10, 201, 12 * C, 2, 2 },
		{ 1, 2, 77, 2 * C, 0, 0 },
	};

	REQUIRE_CONTPTE(CONTPTE_CLEAR_YOUNG_DIRTY);
	benchfix_check(&bench_madv_free, 2 * C, block_order(), 0, 1,
		       BENCH_EXPECT(e4k, e64k), NULL);
}

TEST(madv_free_of_order_0_pages_per_design)
{
	/* No blocks: the old loop writes twice per entry, the new once. */
	const struct bench_expect e4k[] = {
		{ 1, 2, 36, 4 * C, 0, 0 },
		{ 1, 2, 68, 2 * C, 0, 0 },
		{ 1, 2, 100, 4 * C, 0, 0 },
		{ 1, 2, 100, 2 * C, 0, 0 },
	}, e64k[] = {
		{ 1, 2, 67, 4 * C, 0, 0 },
		{ 1, 2, 131, 2 * C, 0, 0 },
		{ 1, 2, 195, 4 * C, 0, 0 },
		{ 1, 2, 195, 2 * C, 0, 0 },
	};

	REQUIRE_CONTPTE(CONTPTE_CLEAR_YOUNG_DIRTY);
	benchfix_check(&bench_madv_free, 2 * C, 0, 0, 1,
		       BENCH_EXPECT(e4k, e64k), NULL);
}
