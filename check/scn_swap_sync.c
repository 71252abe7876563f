// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swap-in of a whole block from a synchronous device (do_swap_page() with
 * SWP_SYNCHRONOUS_IO, v6.12), the zram-like device a phone swaps to.  The
 * setup swaps the folio under a folded block out (written and out of the
 * swap cache in the same pass), leaving a swap entry of consecutive slots
 * in each entry.  One user thread loads the block's first page and then
 * stores to it: a fault that finds every entry of the block still its
 * swap entry, no slot cached, reads the block into a new folio bypassing
 * the cache, claims the slots first (swapcache_prepare()), and maps it
 * with one set_ptes() under the PTL, which writes it folded; then it
 * reclaims the page's folio again, which swaps it out to the first free
 * run of slots, often the same ones, so that the entries read as before
 * (what a swap-in that did not claim its slots would be fooled by); another
 * stores to the block's last page, faulting on the same block; a third
 * zaps the block's second page (MADV_DONTNEED), which makes a fault read
 * less than the block, or must make one that read it whole back off.
 * The hardware sets access and dirty state in any entry of the block
 * throughout.  Finally both pages go through reclaim again (swapped out
 * and freed in one pass) and are loaded back.
 *
 * The bug classes: a folio mapped over an entry that is no longer its
 * swap entry, or read from slots another swap-in holds (bookkeeping: a
 * slot's count below zero, a frame or slot left over; cont-block, bbm);
 * a store lost between the swap-ins, or to a copy read before it and
 * mapped after the page went out again (data-loss); a fault that never
 * stops backing off (liveness).
 */
#include "mmworld.h"
#include "scenarios.h"

#define SY_VALUE	0x5d1

static struct {
	struct mm_model *mm;
	struct chk_mm_store last;
	bool done;		/* the first page's thread stored */
	int first_ret;
	/* swap-sync-reuse*: the storing thread's page, the other's */
	unsigned long store_page, load_page;
} sy;

static unsigned long sy_last(void)
{
	return chk_mm_va(CONT_PTES - 1);
}

static void sy_setup(void)
{
	chk_mm_setup();
	sy.mm = chk_mm_swapped_block(4 * CONT_PTES, SWP_SYNCHRONOUS_IO);
	sy.done = false;
	sy.first_ret = -1;
	sy.store_page = 0;
	sy.load_page = CONT_PTES - 1;
}

/*
 * The device's order-0 slots below the block's taken by pages of their
 * own, so that the page the last page's fault reads goes out again to
 * the slot it came from, the first free one: an allocator that reuses a
 * slot just freed (the kernel's per-CPU caches of slots) does the same.
 */
static void sy_setup_last(void)
{
	unsigned long p, first = 2 * CONT_PTES;

	sy_setup();
	sy.store_page = CONT_PTES - 1;
	sy.load_page = 0;
	chk_mm_anon_map(sy.mm, first, CONT_PTES - 1, 0);
	for (p = first; p < first + CONT_PTES - 1; p++)
		chk_mm_swap_out(sy.mm, chk_mm_va(p));
}

/*
 * The folio the storing thread mapped at @page (nobody else unmaps it)
 * through reclaim again: aged, then swapped out if nobody used it
 * meanwhile.
 */
static void sy_reclaim(unsigned long page_nr)
{
	struct page *page = chk_mm_page(sy.mm, chk_mm_va(page_nr));
	struct folio *folio;

	if (!page)
		return;
	folio = page_folio(page);
	folio_get(folio);
	chk_mm_reclaim_isolated(folio, 2);
	folio_put(folio);
}

static void sy_thread(unsigned int t)
{
	u64 v;

	switch (t) {
	case 0:
		user_load(sy.mm, chk_mm_va(0), &v);
		sy.first_ret = user_store(sy.mm, chk_mm_va(0), SY_VALUE + 1);
		chk_mm_mark(&sy.done);
		if (!sy.first_ret)
			sy_reclaim(0);
		break;
	case 1:
		chk_mm_store_until(&sy.last, sy.mm, sy_last(), SY_VALUE,
				   &sy.done);
		break;
	default:
		do_madvise(sy.mm, chk_mm_va(1), PAGE_SIZE, MADV_DONTNEED);
		break;
	}
}

/*
 * swap-sync-reuse: the same swapped-out block, two faults on it and no
 * other thread.  The first loads and stores to page 0, then sends its
 * folio through reclaim again, which swaps it out to the first free run
 * of slots: the same ones.  The second loads the last page once; read
 * before the first fault claimed the slots, its copy is stale once the
 * store went out, however equal the entries look when it rechecks them
 * under the PTL.  A deep race for a random search (the second fault held
 * between its read and its PTL for the whole of the first thread's run),
 * one preemption for the exhaustive one.
 *
 * swap-sync-reuse-last: the same with the pages swapped.  A fault on the
 * last page while the other's large swap-in holds the claim finds the
 * block's slots not alike (can_swapin_thp()), and reads one page; the
 * claim of every slot the large folio reads, the last included, is what
 * makes it wait rather than read, store and send the page out again to
 * the same slot before the large folio maps its stale copy of it.
 */
static void sy_reuse_thread(unsigned int t)
{
	u64 v;

	if (t) {
		/* Nobody stores there: it reads what the setup swapped out. */
		if (!user_load(sy.mm, chk_mm_va(sy.load_page), &v) &&
		    v != sy.load_page + 1)
			chk_fail(CHK_DATA_LOSS,
				 "page %lu reads %#llx once swapped in, not the %#lx it went out with",
				 sy.load_page, (unsigned long long)v,
				 sy.load_page + 1);
		return;
	}
	user_load(sy.mm, chk_mm_va(sy.store_page), &v);
	sy.first_ret = user_store(sy.mm, chk_mm_va(sy.store_page),
				  SY_VALUE + 1);
	if (!sy.first_ret)
		sy_reclaim(sy.store_page);
}

static void sy_reuse_finish(void)
{
	if (sy.first_ret) {
		chk_fail(CHK_LIVENESS, "the store failed (%d)", sy.first_ret);
		return;
	}
	if (chk_mm_store_survives_swap(sy.mm, chk_mm_va(sy.store_page), true,
				       SY_VALUE + 1))
		chk_mm_finish(NULL);
}

static void sy_finish(void)
{
	bool last_stored = sy.last.completed && !sy.last.ret;

	if (sy.last.ret || sy.first_ret) {
		chk_fail(CHK_LIVENESS, "an access failed (%d, %d)",
			 sy.last.ret, sy.first_ret);
		return;
	}
	if (!chk_mm_store_survives_swap(sy.mm, chk_mm_va(0), true,
					SY_VALUE + 1) ||
	    !chk_mm_store_survives_swap(sy.mm, sy_last(), last_stored,
					SY_VALUE))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_sync = {
	.name = "swap-sync-in",
	.desc = "swap-in from a synchronous device of the whole folio of a block into a new folio, bypassing the swap cache, with one set_ptes() refolding it, vs a second fault on the block, a MADV_DONTNEED of one of its entries and hardware A/D; swapped out and back again (data-loss, cont-block, bbm, bookkeeping, liveness)",
	.nr_threads = 3,
	.thread_names = { "cpu-first", "cpu-store", "cpu-zap" },
	.init = chk_mm_init,
	.setup = sy_setup,
	.thread = sy_thread,
	.finish = sy_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};

const struct chk_scenario scn_swap_sync_reuse = {
	.name = "swap-sync-reuse",
	.desc = "two faults swap in the same block from a synchronous device, the first stores and sends its folio out again to the same slots before the second maps the copy it read: the slots must be claimed before the read (data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "cpu-first", "cpu-second" },
	.init = chk_mm_init,
	.setup = sy_setup,
	.thread = sy_reuse_thread,
	.finish = sy_reuse_finish,
	.exit = chk_mm_exit,
	/*
	 * Which entry takes the access flag, and the size of a fill, do not
	 * matter to the claim (swap-sync-in has them): 614 executions rather
	 * than over a million.
	 */
	.hw = CHK_HW_ONE_AD_FILL,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};

const struct chk_scenario scn_swap_sync_reuse_last = {
	.name = "swap-sync-reuse-last",
	.desc = "swap-sync-reuse with the pages swapped: the fault on the last page, which reads one page while the other's large swap-in holds the claim, stores and sends it out again to the same slot before the large folio maps its copy: the large swap-in must claim every slot it reads, the last too (data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "cpu-first", "cpu-second" },
	.init = chk_mm_init,
	.setup = sy_setup_last,
	.thread = sy_reuse_thread,
	.finish = sy_reuse_finish,
	.exit = chk_mm_exit,
	/* As swap-sync-reuse's. */
	.hw = CHK_HW_ONE_AD_FILL,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};
