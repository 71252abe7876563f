// SPDX-License-Identifier: GPL-2.0-only
/*
 * convert: the exact work of unfolding and refolding one block, 64 times,
 * under tlbi (upstream), bbml2 (bbm=2-noabort) and no-contpte, through
 * mprotect() and through the conversion alone.
 */
#include "lib/benchfix.h"
#include "lib/linked.h"

BENCH_VARIANTS

#define C	CONT_PTES
#define LOOPS	64

TEST(convert_through_mprotect_per_design)
{
	REQUIRE_CONTPTE(CONTPTE_BBML2_ELISION);
	/*
	 * Each toggle: two mprotect() page flushes, plus a range TLBI for
	 * the unfold and one for the refold unless BBML2_NOABORT elides
	 * them; the converts rewrite the block twice either way.
	 */
	const struct bench_expect e4k[] = {
		{ 4 * LOOPS, 8 * LOOPS, 32 * LOOPS, (4 * C + 4) * LOOPS, LOOPS, LOOPS },
		{ 2 * LOOPS, 4 * LOOPS, 32 * LOOPS, (4 * C + 4) * LOOPS, LOOPS, LOOPS },
		{ 2 * LOOPS, 4 * LOOPS, 10 * LOOPS, 4 * LOOPS, 0, 0 },
	}, e64k[] = {
		{ 4 * LOOPS, 8 * LOOPS, 46 * LOOPS, (4 * C + 4) * LOOPS, LOOPS, LOOPS },
		{ 2 * LOOPS, 4 * LOOPS, 46 * LOOPS, (4 * C + 4) * LOOPS, LOOPS, LOOPS },
		{ 2 * LOOPS, 4 * LOOPS, 8 * LOOPS, 4 * LOOPS, 0, 0 },
	};

	benchfix_check(&bench_convert, C, block_order(), 0, LOOPS,
		       BENCH_EXPECT(e4k, e64k), NULL);
}

TEST(convert_alone_per_design)
{
	const struct bench_expect e4k[] = {
		{ 2 * LOOPS, 4 * LOOPS, 22 * LOOPS, (4 * C + 2) * LOOPS, LOOPS, LOOPS },
		{ 0, 0, 22 * LOOPS, (4 * C + 2) * LOOPS, LOOPS, LOOPS },
		{ 0, 0, 4 * LOOPS, 2 * LOOPS, 0, 0 },
	}, e64k[] = {
		{ 2 * LOOPS, 4 * LOOPS, 37 * LOOPS, (4 * C + 2) * LOOPS, LOOPS, LOOPS },
		{ 0, 0, 37 * LOOPS, (4 * C + 2) * LOOPS, LOOPS, LOOPS },
		{ 0, 0, 3 * LOOPS, 2 * LOOPS, 0, 0 },
	};
	struct bench_counts c;
	unsigned long ops;

	REQUIRE_CONTPTE(CONTPTE_BBML2_ELISION);
	benchfix_check(&bench_convert, C, block_order(), 1, LOOPS,
		       BENCH_EXPECT(e4k, e64k), NULL);
	/* The TLBI kept without BBML2: one range operation per convert. */
	benchfix_count(&bench_convert, 0, C, block_order(), 1, &c, &ops);
	EXPECT_EQ(c.tlbi[HW_TLBI_RVALE1][1], 2 * LOOPS);
}
