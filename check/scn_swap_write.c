// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swap-out of a page a CPU writes through a translation cached before.
 * An order-0 anonymous page, written by CPU 1 (its TLB holds a writable,
 * dirty translation), is reclaimed to a swap device: a first pass ages
 * it, a second unmaps it (its TLBI deferred: TTU_BATCH_FLUSH), writes it
 * to its slot and leaves it clean in the swap cache; meanwhile CPU 1
 * stores to it once more.  Then reclaim evicts it and the page is loaded
 * back.  A store through the stale translation after the copy went to the
 * slot would be lost with the clean cached folio: reclaim waits for the
 * deferred TLBIs of dirty entries before writeback
 * (try_to_unmap_flush_dirty()).
 *
 * The bug class: writeback before the unmap's invalidation completed
 * (data-loss: the page comes back without the store); every other mm and
 * machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SW_STORE_CPU	1
#define SW_VALUE	0x9e9e

static struct {
	struct mm_model *mm;
	struct folio *folio;	/* isolated by reclaim: our reference */
	int ret;
} sw;

static void sw_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(CONT_PTES, 0));
	sw.mm = mm_alloc();
	BUG_ON(!sw.mm);
	chk_mm_anon_map(sw.mm, 0, 1, 0);
	chk_mm_access_on(SW_STORE_CPU, sw.mm, chk_mm_va(0), true, 2);
	sw.folio = page_folio(chk_mm_page(sw.mm, chk_mm_va(0)));
	folio_get(sw.folio);
	sw.ret = -1;
}

static void sw_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == SW_STORE_CPU) {
		sw.ret = user_store(sw.mm, chk_mm_va(0), SW_VALUE);
		return;
	}
	shrink_isolated_folio(sw.folio, &stats);
	shrink_isolated_folio(sw.folio, &stats);
}

static void sw_finish(void)
{
	chk_mm_reclaim_isolated(sw.folio, 2);
	folio_put(sw.folio);
	if (chk_mm_store_survives_swap(sw.mm, chk_mm_va(0), !sw.ret, SW_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_write = {
	.name = "swap-write",
	.desc = "swap-out of an order-0 page vs a store through the writable, dirty translation a CPU cached before: writeback waits for the unmap's deferred invalidation (data-loss)",
	.nr_threads = 2,
	.thread_names = { "reclaim", "cpu-store" },
	.init = chk_mm_init,
	.setup = sw_setup,
	.thread = sw_thread,
	.finish = sw_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 2,
};
