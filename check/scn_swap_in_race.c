// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two faults of one process on the same swap entry.  An order-0 page is
 * swapped out and out of the swap cache: only its slot holds it.  One CPU
 * loads it while another stores to it.  Each fault finds the swap entry
 * without the PTL; either reads the slot into a new folio it adds to the
 * swap cache (swap_read_folio_cached()), and the other finds that folio
 * there, or backs out of its own read when the cache has one already or
 * the entry went, and retries.  Under the PTL, the fault that comes
 * second finds the entry changed (do_swap_map()) and gives back its
 * reference.
 *
 * The bug classes: a loser that keeps its folio reference, or maps over
 * the winner's entry (bookkeeping: a frame in use at exit, a map count too
 * high); a store lost between the two folios (data-loss); a fault that
 * never resolves (liveness); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SR_VALUE	0x5e1

static struct {
	struct mm_model *mm;
	int load_ret, store_ret;
} sr;

static void sr_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(CONT_PTES, 0));
	sr.mm = mm_alloc();
	BUG_ON(!sr.mm);
	chk_mm_anon_map(sr.mm, 0, 1, 0);
	chk_mm_swap_out(sr.mm, chk_mm_va(0));
	BUG_ON(chk_mm_page(sr.mm, chk_mm_va(0)));
	sr.load_ret = sr.store_ret = -1;
}

static void sr_thread(unsigned int t)
{
	u64 v;

	if (t == 0)
		sr.load_ret = user_load(sr.mm, chk_mm_va(0), &v);
	else
		sr.store_ret = user_store(sr.mm, chk_mm_va(0), SR_VALUE);
}

static void sr_finish(void)
{
	if (sr.load_ret) {
		chk_fail(CHK_LIVENESS, "the load failed: %d", sr.load_ret);
		return;
	}
	if (chk_mm_check_stored(sr.mm, chk_mm_va(0), sr.store_ret, SR_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_in_race = {
	.name = "swap-in-race",
	.desc = "a load and a store of one process fault on the same swap entry of a page only its slot holds: one reads it into the swap cache, the other finds it there or backs out, and the second under the PTL gives back its reference (bookkeeping, data-loss, liveness)",
	.nr_threads = 2,
	.thread_names = { "load", "store" },
	.init = chk_mm_init,
	.setup = sr_setup,
	.thread = sr_thread,
	.finish = sr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 2,
};
