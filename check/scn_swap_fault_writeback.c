// SPDX-License-Identifier: GPL-2.0-only
/*
 * A write fault on a page whose swap-out is still in flight.  Reclaim
 * takes the aged, dirty order-0 page from the LRU, adds it to the swap
 * cache, unmaps it into a swap entry and writes it to a device that is
 * not synchronous: swap_writepage() unlocks the folio once the I/O is
 * submitted, reclaim lets go of its reference, and the bio completes
 * after that (folio_end_writeback()).  Meanwhile the user stores to the
 * page: the store faults on the swap entry (do_swap_page()), finds the
 * folio in the swap cache and, once swap_writepage() unlocked it, frees
 * its slot (should_try_to_free_swap(), folio_free_swap()): the device's
 * one slot in use is more than half of it (vm_swap_full()), and once
 * reclaim let go the write fault holds the folio alone with the cache
 * too.
 *
 * folio_free_swap() must refuse a folio under writeback: the bio still
 * writes to the slot, which may be another swap-out's by the time it
 * lands.  The fault leaves the folio mapped, so nothing is freed under
 * writeback; what tells is the folio leaving the swap cache under
 * writeback, or the I/O landing on a slot the folio no longer has
 * (swap_io_end()).
 *
 * Asserted: no folio leaves the swap cache under writeback
 * (__delete_from_swap_cache()'s VM_BUG_ON_FOLIO(), crash); no swap write
 * lands on a slot its folio left (data-loss); the page holds the store if
 * it completed, through another swap-out and in; every other mm and
 * machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SFW_VALUE	0x5f5f

static struct {
	struct mm_model *mm;
	struct folio *folio;
	int ret;
} sfw;

static void sfw_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(2, 0));
	sfw.mm = chk_mm_aged_page(&sfw.folio);
	sfw.ret = -1;
}

static void sfw_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t)
		sfw.ret = user_store(sfw.mm, chk_mm_va(0), SFW_VALUE);
	else
		shrink_folio(sfw.folio, &stats);
}

static void sfw_finish(void)
{
	if (chk_mm_store_survives_swap(sfw.mm, chk_mm_va(0), !sfw.ret,
				       SFW_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_fault_writeback = {
	.name = "swap-fault-writeback",
	.desc = "a write fault on a page reclaim is swapping out to a device that is not synchronous: the fault frees the slot of the folio it maps (swap full, or the folio its own once reclaim let go), which it must not do while the I/O is in flight (crash, data-loss)",
	.nr_threads = 2,
	.thread_names = { "reclaim", "cpu-store" },
	.init = chk_mm_init,
	.setup = sfw_setup,
	.thread = sfw_thread,
	.finish = sfw_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 2,
};
