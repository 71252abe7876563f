// SPDX-License-Identifier: GPL-2.0-only
/*
 * ptep-get: ptep_get() of a block's first entry reads the entry, then
 * scans the block from its start until it has seen both access and
 * dirty: how far depends on where the hardware put them.  The raw read
 * of the kernel without contpte, and the plain load of deref=plain, read
 * the entry alone.
 */
#include "lib/benchfix.h"
#include "lib/linked.h"

BENCH_VARIANTS

#define C	CONT_PTES
#define LOOPS	1024

/*
 * Reads of @per_op each, the one walk down to the PTE table, and the
 * PMD entry read again under the PTL.
 */
static void expect_reads(unsigned int variant, u64 per_op)
{
	const u64 walk = HW_LEAF_LEVEL - hw_start_level() + 1;
	const struct bench_expect e[] = {
		{ 0, 0, LOOPS + walk, 0, 0, 0 },
		{ 0, 0, per_op * LOOPS + walk, 0, 0, 0 },
		{ 0, 0, LOOPS + walk, 0, 0, 0 },
	};

	benchfix_check(&bench_ptep_get, C, block_order(), variant, LOOPS, e,
		       NULL);
}

TEST(ptep_get_without_access_or_dirty_reads_the_whole_block)
{
	expect_reads(0, 1 + C);
}

TEST(ptep_get_with_both_in_the_first_entry_stops_there)
{
	REQUIRE_PROJECT_CONTPTE();
	expect_reads(1, 2);
}

TEST(ptep_get_with_both_in_the_middle_reads_half)
{
	REQUIRE_PROJECT_CONTPTE();
	expect_reads(2, 2 + C / 2);
}

TEST(ptep_get_with_both_in_the_last_entry_reads_the_whole_block)
{
	expect_reads(3, 1 + C);
}

TEST(ptep_get_stops_at_the_entry_that_completes_both)
{
	REQUIRE_PROJECT_CONTPTE();
	expect_reads(4, 1 + C);
}
