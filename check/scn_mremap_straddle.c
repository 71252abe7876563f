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
 *
 * mremap-straddle-back: the block moved so in the setup, then back to
 * its aligned address: the old range is the one in two tables now, and
 * get_extent() must cut each piece at its table's end as well.
 *
 * mremap-straddle-swap: the block moved so in the setup, then swapped
 * out whole, its folio left in the swap cache; one CPU loads the page
 * before the table's end, another stores to the page after it.  A fault
 * that finds the large folio cached maps it whole only if it lies in
 * the VMA and the faulting table (do_swap_page()), else the one page:
 * one set_ptes() from the folio's first entry would run off the table
 * (bookkeeping, crash), and each page must come back with its value.
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define MS_VALUE	0x5700
#define MS_STORED	0x57ed		/* mremap-straddle-swap's store */

static struct {
	struct mm_model *mm;
	int store_ret;		/* mremap-straddle-swap's store */
	unsigned long from, to;	/* the thread's mremap() */
} ms;

static void ms_setup(void)
{
	unsigned long p;

	chk_mm_setup();
	ms.mm = chk_mm_anon_blocks(1);
	for (p = 0; p < CONT_PTES; p++)
		BUG_ON(user_store(ms.mm, chk_mm_va(p), MS_VALUE + p));
	ms.from = chk_mm_va(0);
	ms.to = chk_mm_straddle_va();
}

/* mremap-straddle-back: moved across the table's end first, then back. */
static void ms_setup_back(void)
{
	ms_setup();
	BUG_ON(do_mremap(ms.mm, ms.from, CONT_PTE_SIZE, ms.to));
	ms.from = chk_mm_straddle_va();
	ms.to = chk_mm_va(0);
}

static void ms_setup_swap(void)
{
	ms_setup();
	ms.store_ret = -1;
	BUG_ON(swapon(2 * CONT_PTES, 0));
	BUG_ON(do_mremap(ms.mm, chk_mm_va(0), CONT_PTE_SIZE,
			 chk_mm_straddle_va()));
	chk_mm_swap_block_out(ms.mm, chk_mm_straddle_va(), true);
}

static void ms_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		BUG_ON(do_mremap(ms.mm, ms.from, CONT_PTE_SIZE, ms.to));
		return;
	}
	user_load(ms.mm, ms.from + CONT_PTE_SIZE - PAGE_SIZE, &v);
}

/*
 * The page thread @t accesses in the new range: the load's, the last of
 * the first table; the store's, the first of the next.
 */
static unsigned long ms_swap_va(unsigned int t)
{
	return chk_mm_straddle_va() + CONT_PTE_SIZE / 2 - (t ? 0 : PAGE_SIZE);
}

static void ms_swap_thread(unsigned int t)
{
	u64 v;

	if (t)
		ms.store_ret = user_store(ms.mm, ms_swap_va(t), MS_STORED);
	else
		user_load(ms.mm, ms_swap_va(t), &v);
}

static void ms_swap_finish(void)
{
	unsigned long p, va;
	u64 v = 0, want;

	for (p = 0; p < CONT_PTES; p++) {
		va = chk_mm_straddle_va() + (p << PAGE_SHIFT);
		want = va == ms_swap_va(1) && !ms.store_ret ? MS_STORED :
							      MS_VALUE + p;
		if (user_load(ms.mm, va, &v) || v != want) {
			chk_fail(CHK_DATA_LOSS, "page %lu of the block, swapped out across a PTE table's end, reads %#llx once back, not %#llx",
				 p, (unsigned long long)v,
				 (unsigned long long)want);
			return;
		}
	}
	chk_mm_finish(NULL);
}

static void ms_finish(void)
{
	unsigned long p, va;
	struct page *page;

	for (p = 0; p < CONT_PTES; p++) {
		va = ms.to + (p << PAGE_SHIFT);
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

const struct chk_scenario scn_mremap_straddle_swap = {
	.name = "mremap-straddle-swap",
	.desc = "a folded block moved by mremap() across a PTE table's end, then swapped out, its large folio left in the swap cache, vs a load and a store faulting it back on either side of the table's end: the folio is mapped whole only within one table (bookkeeping, data-loss, crash)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-store" },
	.init = chk_mm_init,
	.setup = ms_setup_swap,
	.thread = ms_swap_thread,
	.finish = ms_swap_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_mremap_straddle_back = {
	.name = "mremap-straddle-back",
	.desc = "mremap-straddle the other way: the block moved across a PTE table's end in the setup, then back to an aligned address vs a load at the old one: each piece stays within the old range's table too (data-loss, bookkeeping, crash)",
	.nr_threads = 2,
	.thread_names = { "mremap", "cpu-load" },
	.init = chk_mm_init,
	.setup = ms_setup_back,
	.thread = ms_thread,
	.finish = ms_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
