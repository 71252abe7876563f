// SPDX-License-Identifier: GPL-2.0-only
/*
 * MADV_FREE of a page swapped back in from the swap cache and written
 * since.  An order-0 page is swapped out and left in the swap cache (the
 * device is not synchronous); a load maps the cached folio back
 * (do_swap_page(): its entry exclusive, so writable, and the slot loses
 * the entry's reference, but a read fault leaves the folio cached), and a
 * store writes a new value, which only the folio holds: the slot keeps
 * the old one.  Then MADV_FREE of the page races reclaim, which scans the
 * folio twice, and a load reads the page last.
 *
 * madvise_free_pte_range() may make a folio of the swap cache lazyfree
 * only once it has left the cache (folio_free_swap(), which the folio
 * does when no entry refers to its slots): the folio, clean, is then
 * either discarded (the load reads zeros) or kept as it is (the load
 * reads the store).  One cleaned but left in the cache still owns a slot
 * that holds stale data: reclaim, finding it clean, swaps it out again
 * without writing it, and the load reads the value from before the
 * store.
 *
 * The bug class: the slot's stale copy read back (data-loss); every other
 * mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MC_OLD		0x1	/* chk_mm_anon_map()'s value of page 0 */
#define MC_NEW		0x5a5a

static struct {
	struct mm_model *mm;
	struct folio *folio;
} mc;

static void mc_setup(void)
{
	u64 v;

	chk_mm_setup();
	BUG_ON(swapon(CONT_PTES, 0));
	mc.mm = chk_mm_aged_page(&mc.folio);
	folio_get(mc.folio);
	chk_mm_reclaim_isolated(mc.folio, 1);
	BUG_ON(folio_mapcount(mc.folio) ||
	       !folio_test(mc.folio, PG_swapcache));
	/* Mapped from the cache by a read fault, then written. */
	BUG_ON(user_load(mc.mm, chk_mm_va(0), &v) || v != MC_OLD);
	BUG_ON(user_store(mc.mm, chk_mm_va(0), MC_NEW));
	BUG_ON(chk_mm_page(mc.mm, chk_mm_va(0)) != &mc.folio->page ||
	       !folio_test(mc.folio, PG_swapcache));
	/* Reclaim takes its own reference. */
	folio_put(mc.folio);
}

static void mc_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == 0) {
		BUG_ON(do_madvise(mc.mm, chk_mm_va(0), PAGE_SIZE, MADV_FREE));
		return;
	}
	shrink_folio(mc.folio, &stats);
	shrink_folio(mc.folio, &stats);
}

static void mc_finish(void)
{
	struct reclaim_stats stats = { 0 };
	u64 v;

	/* Reclaim again, with nothing left to race. */
	shrink_folio(mc.folio, &stats);
	shrink_folio(mc.folio, &stats);
	if (user_load(mc.mm, chk_mm_va(0), &v)) {
		chk_fail(CHK_LIVENESS, "the load after MADV_FREE failed");
		return;
	}
	if (v != MC_NEW && v != 0) {
		chk_fail(CHK_DATA_LOSS,
			 "va %#lx reads %#llx after MADV_FREE, neither the last store's %#x nor zero",
			 chk_mm_va(0), (unsigned long long)v, MC_NEW);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_madv_free_swapcache = {
	.name = "madv-free-swapcache",
	.desc = "MADV_FREE of an order-0 page a load swapped back in from the swap cache and a store wrote since, vs reclaim twice, then a load: the folio leaves the cache before it is made lazyfree, and never reads back its slot's stale copy (data-loss)",
	.nr_threads = 2,
	.thread_names = { "madvise", "reclaim" },
	.init = chk_mm_init,
	.setup = mc_setup,
	.thread = mc_thread,
	.finish = mc_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
