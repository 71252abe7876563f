// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap() of a folded block to an address half a block before the end
 * of a PTE table, so that the old range lies in one table and the new
 * one in two: move_page_tables() must cut each piece at whichever table
 * ends first, the old address's or the new one's (get_extent()), and
 * move_ptes() then works within one table at each end.  Every page of
 * the block holds its own value; a CPU loads from the old address
 * meanwhile (once the move went past, the load faults: SIGSEGV).
 * Every other mremap() scenario moves within one table.
 *
 * The bug class: entries written past the end of the new table, into
 * another table or no table at all, so that the second half of the new
 * range reads fresh zero pages and the block's pages are lost
 * (data-loss), or entries left outside every VMA (bookkeeping), or a
 * crash.  Every other mm and machine oracle.
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define MS_VALUE	0x5700

static struct {
	struct mm_model *mm;
} ms;

static void ms_setup(void)
{
	unsigned long p;

	chk_mm_setup();
	ms.mm = chk_mm_anon_blocks(1);
	for (p = 0; p < CONT_PTES; p++)
		BUG_ON(user_store(ms.mm, chk_mm_va(p), MS_VALUE + p));
}

static void ms_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		BUG_ON(do_mremap(ms.mm, chk_mm_va(0), CONT_PTE_SIZE,
				 chk_mm_straddle_va()));
		return;
	}
	user_load(ms.mm, chk_mm_va(CONT_PTES - 1), &v);
}

static void ms_finish(void)
{
	unsigned long p, va;
	struct page *page;

	for (p = 0; p < CONT_PTES; p++) {
		va = chk_mm_straddle_va() + (p << PAGE_SHIFT);
		page = chk_mm_page(ms.mm, va);
		if (!page || page_data(page) != MS_VALUE + p) {
			chk_fail(CHK_DATA_LOSS, "page %lu of the block did not move to va %#lx: it reads %#llx",
				 p, va, page ? (unsigned long long)page_data(page) : 0ULL);
			return;
		}
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_mremap_straddle = {
	.name = "mremap-straddle",
	.desc = "mremap() of a folded block to an address whose range straddles two PTE tables vs a load at the old address: each piece stays within one table at both ends (data-loss, bookkeeping, crash)",
	.nr_threads = 2,
	.thread_names = { "mremap", "cpu-load" },
	.init = chk_mm_init,
	.setup = ms_setup,
	.thread = ms_thread,
	.finish = ms_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
