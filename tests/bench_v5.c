// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork, munmap, dontneed: the exact work of the v5 cover letter's shapes
 * under no-contpte, contpte-basic and contpte-batch, on two blocks of
 * block-sized folios, on order-0 pages, and on one order-9 folio.
 */
#include "lib/benchfix.h"

BENCH_VARIANTS

#define C	CONT_PTES

TEST(fork_of_two_blocks_per_design)
{
	/*
	 * contpte-basic unfolds each parent block and refolds each child
	 * block: one range TLBI each, on top of the parent's ASID flush.
	 */
	const struct bench_expect e4k[] = {
		{ 1, 2, 77, 67, 0, 0 },
		{ 5, 10, 142, 195, 2, 2 },
		{ 1, 2, 50, 67, 0, 0 },
	}, e64k[] = {
		{ 1, 2, 137, 130, 0, 0 },
		{ 5, 10, 266, 386, 2, 2 },
		{ 1, 2, 78, 130, 0, 0 },
	};

	benchfix_check(&bench_fork, 2 * C, block_order(), 0, 1,
		       BENCH_EXPECT(e4k, e64k), NULL);
}

TEST(fork_of_an_order_9_folio_per_design)
{
	const unsigned long blocks = 512 / C;
	const struct bench_expect e4k[] = {
		{ 1, 2, 1036, 1027, 0, 0 },
		{ 2 * blocks + 1, 4 * blocks + 2, 2092, 3075, blocks, blocks },
		{ 1, 2, 588, 1027, 0, 0 },
	}, e64k[] = {
		{ 1, 2, 1032, 1026, 0, 0 },
		{ 2 * blocks + 1, 4 * blocks + 2, 2072, 3074, blocks, blocks },
		{ 1, 2, 552, 1026, 0, 0 },
	};

	benchfix_check(&bench_fork, 512, 9, 0, 1, BENCH_EXPECT(e4k, e64k), NULL);
}

TEST(fork_of_order_0_pages_per_design)
{
	/* contpte reads each old child entry in set_ptes() for an unfold. */
	const struct bench_expect e4k[] = {
		{ 1, 2, 76, 67, 0, 0 },
		{ 1, 2, 108, 67, 0, 0 },
		{ 1, 2, 108, 67, 0, 0 },
	}, e64k[] = {
		{ 1, 2, 136, 130, 0, 0 },
		{ 1, 2, 200, 130, 0, 0 },
		{ 1, 2, 200, 130, 0, 0 },
	};

	benchfix_check(&bench_fork, 2 * C, 0, 0, 1, BENCH_EXPECT(e4k, e64k),
		       NULL);
}

/*
 * Every zap reads the PMD entry again under the PTL (one read, in the
 * numbers below); munmap() then frees the PTE table it emptied
 * (free_pgtables()): a walk down to the entry above it, and that entry
 * cleared.
 */
#define FREE_READS	(HW_LEAF_LEVEL - hw_start_level())
#define FREE_WRITES	1

/* munmap and MADV_DONTNEED zap alike: one table for both. */
static void zap_of_two_blocks(const struct bench_def *def, bool frees)
{
	const u64 r = frees ? FREE_READS : 0, w = frees ? FREE_WRITES : 0;
	const struct bench_expect e4k[] = {
		{ 1, 2, 37 + r, 2 * C + w, 0, 0 },
		{ 3, 6, 70 + r, 6 * C + w, 0, 2 },
		{ 1, 2, 10 + r, 2 * C + w, 0, 0 },
	}, e64k[] = {
		{ 1, 2, 68 + r, 2 * C + w, 0, 0 },
		{ 3, 6, 133 + r, 6 * C + w, 0, 2 },
		{ 1, 2, 9 + r, 2 * C + w, 0, 0 },
	};

	benchfix_check(def, 2 * C, block_order(), 0, 1,
		       BENCH_EXPECT(e4k, e64k), NULL);
}

TEST(munmap_of_two_blocks_per_design)
{
	zap_of_two_blocks(&bench_munmap, true);
}

TEST(dontneed_of_two_blocks_per_design)
{
	zap_of_two_blocks(&bench_dontneed, false);
}

TEST(munmap_of_an_order_9_folio_per_design)
{
	const unsigned long blocks = 512 / C;
	const struct bench_expect e4k[] = {
		{ 1, 2, 516 + FREE_READS, 512 + FREE_WRITES, 0, 0 },
		{ blocks + 1, 2 * blocks + 2, 1060 + FREE_READS,
		  1536 + FREE_WRITES, 0, blocks },
		{ 1, 2, 68 + FREE_READS, 512 + FREE_WRITES, 0, 0 },
	}, e64k[] = {
		{ 1, 2, 515 + FREE_READS, 512 + FREE_WRITES, 0, 0 },
		{ blocks + 1, 2 * blocks + 2, 1043 + FREE_READS,
		  1536 + FREE_WRITES, 0, blocks },
		{ 1, 2, 35 + FREE_READS, 512 + FREE_WRITES, 0, 0 },
	};

	benchfix_check(&bench_munmap, 512, 9, 0, 1, BENCH_EXPECT(e4k, e64k),
		       NULL);
}

TEST(munmap_of_order_0_pages_per_design)
{
	const struct bench_expect e4k[] = {
		{ 1, 2, 36 + FREE_READS, 2 * C + FREE_WRITES, 0, 0 },
		{ 1, 2, 68 + FREE_READS, 2 * C + FREE_WRITES, 0, 0 },
		{ 1, 2, 68 + FREE_READS, 2 * C + FREE_WRITES, 0, 0 },
	}, e64k[] = {
		/*
		 * 64 folios fill the gather's batch: its flush (last level)
		 * comes before the table is freed, which flushes again for
		 * the walk caches (pte_free_tlb()).
		 */
		{ 2, 4, 67 + FREE_READS, 2 * C + FREE_WRITES, 0, 0 },
		{ 2, 4, 131 + FREE_READS, 2 * C + FREE_WRITES, 0, 0 },
		{ 2, 4, 131 + FREE_READS, 2 * C + FREE_WRITES, 0, 0 },
	};

	benchfix_check(&bench_munmap, 2 * C, 0, 0, 1, BENCH_EXPECT(e4k, e64k),
		       NULL);
}
