// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swap-in from a synchronous device of an mTHP VMA's block whose pages
 * went out one by one, into consecutive slots that do not start on a
 * multiple of the block's size.  The device has 3 blocks' worth of slots
 * but one; an order-0 VMA's pages went out first, one at a time, into the
 * first free slots (1 to a block's worth), so that the only naturally
 * aligned run that would fit ends past the device and the one below it
 * holds such a page.  Reclaim of the block's folio then finds no run of
 * slots for the whole of it, splits it and swaps each page out alone
 * (shrink_folio_list()'s fallback, THP_SWPOUT_FALLBACK), into the next
 * free slots, consecutive and one past the block's alignment.  One CPU
 * loads and stores to the block's first page, the other loads its second
 * page.
 *
 * Each fault finds its naturally aligned range all swap entries of
 * consecutive slots none of them cached, but may read a large folio only
 * if the slots are aligned as the addresses (thp_swap_suitable_orders()):
 * a folio's slots are a naturally aligned run, and a fault that reads one
 * from the aligned-down slot claims and reads the previous page's slot,
 * one of the order-0 VMA's, and places the folio a page before its range.
 *
 * Asserted: both accesses complete (liveness: a folio placed where the
 * entries are not its own fails its recheck, fault after fault); every
 * page of the block reads what it went out with, the first the store
 * (data-loss); every other mm and machine oracle.
 */
#include <linux/swapops.h>

#include "mmworld.h"
#include "scenarios.h"

#define SU_VALUE	0x5b1

static struct {
	struct mm_model *mm;
	int store_ret, load_ret;
} su;

/* The block: the table's second, so the page before it is in the table. */
#define SU_BLOCK	((unsigned long)CONT_PTES)

static void su_setup(void)
{
	unsigned long p, small = 3 * (unsigned long)CONT_PTES;
	swp_entry_t entry;

	chk_mm_setup();
	BUG_ON(swapon(3 * CONT_PTES - 1, SWP_SYNCHRONOUS_IO));
	su.mm = mm_alloc();
	BUG_ON(!su.mm);
	chk_mm_anon_map(su.mm, SU_BLOCK, CONT_PTES, chk_cont_order());
	chk_mm_anon_map(su.mm, small, CONT_PTES, 0);
	for (p = small; p < small + CONT_PTES; p++)
		chk_mm_swap_out(su.mm, chk_mm_va(p));
	chk_mm_swap_out(su.mm, chk_mm_va(SU_BLOCK));
	/* Slot 1 + CONT_PTES + i for page i of the block. */
	for (p = 0; p < CONT_PTES; p++) {
		entry = pte_to_swp_entry(mm_read_pte(su.mm,
						     chk_mm_va(SU_BLOCK + p)));
		BUG_ON(swp_offset(entry) != CONT_PTES + 1 + p);
	}
	su.store_ret = su.load_ret = -1;
}

static void su_thread(unsigned int t)
{
	u64 v;

	if (t) {
		su.load_ret = user_load(su.mm, chk_mm_va(SU_BLOCK + 1), &v);
		return;
	}
	user_load(su.mm, chk_mm_va(SU_BLOCK), &v);
	su.store_ret = user_store(su.mm, chk_mm_va(SU_BLOCK), SU_VALUE);
}

static void su_finish(void)
{
	if (!chk_mm_stored(chk_mm_va(SU_BLOCK), su.store_ret))
		return;
	if (su.load_ret) {
		chk_fail(CHK_LIVENESS, "the load at %#lx failed (%d)",
			 chk_mm_va(SU_BLOCK + 1), su.load_ret);
		return;
	}
	if (!chk_mm_check_store(su.mm, chk_mm_va(SU_BLOCK), true,
				SU_VALUE) ||
	    !chk_mm_check_untouched(su.mm, SU_BLOCK + 1, CONT_PTES - 1))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_sync_unaligned = {
	.name = "swap-sync-unaligned",
	.desc = "swap-in from a synchronous device of a block whose pages reclaim's fallback swapped out one by one into consecutive slots one past the block's alignment: no large folio is read from slots not aligned as its addresses (liveness, data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = su_setup,
	.thread = su_thread,
	.finish = su_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
