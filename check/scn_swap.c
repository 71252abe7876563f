// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swap-out and swap-in of the large anonymous folio under a folded block.
 * Reclaim (shrink_folio_list() with a swap device) puts the folio in the
 * swap cache whole, replaces each entry by a swap entry (the first clear
 * unfolds the block; each cleared entry's dirty state goes to the folio),
 * waits for its deferred TLBIs before writing the folio out, and frees it
 * on a second pass if nothing mapped it back meanwhile.  One user thread
 * stores to the block's last page until the first pass returned, and once
 * more, which faults on the swap entry; another loads the first page, and
 * once the first pass returned zaps the second page (MADV_DONTNEED), then
 * loads the first page again and stores to it; the third page must keep
 * what chk_mm_anon_map() put there through it all, as the zap's batch of
 * swap entries ends with its one-page range.  A fault that finds the
 * folio still cached, with every entry its swap entry, maps it whole with
 * one set_ptes() (the block folded again); otherwise the faulting page
 * alone (once the second page is zapped), from the cache or read from its
 * slot.  The hardware sets access and dirty state in any entry of the
 * block throughout.  Finally both pages go through reclaim again (swapped
 * out, written if their entries say dirty, freed) and are loaded back.
 *
 * The bug classes: dirty state lost between the entries and the folio, so
 * that a store made before the unmap or after swap-in is not written out
 * (data-loss: the swap cache drops a page newer than its slot, or a page
 * comes back without the store); a batch of swap entries that runs past
 * the zap's range, freeing a neighbour's slot (data-loss: the third page
 * reads back as zeros); PTE_CONT on a swap entry, or a set_ptes()
 * of the whole folio over an entry that is no longer its swap entry
 * (cont-block, bbm, bookkeeping: a slot's count below zero); swap counts,
 * references and rss that do not balance (bookkeeping).
 *
 * swap-split: the same, but the second page is zapped first, racing
 * reclaim's first pass.  A zap that comes first leaves the folio partly
 * mapped, on the deferred split queue, and reclaim splits it before
 * add_to_swap() (shrink_folio_list(), v6.12: split_folio_to_list(), every
 * entry through a migration entry, the new folios on reclaim's list) and
 * swaps each mapped page out alone; one that comes after frees a swap
 * entry of the folio swapped out whole.  Its bugs: a page of the split
 * lost or written out without its last store (data-loss), the list's
 * folios released once too often or never (bookkeeping), a block refolded
 * over the new folios (cont-block).
 *
 * swap-fallback: swap-block on a device with no free run of slots the
 * folio's size (two blocks' worth but one: the only aligned run would end
 * past it).  add_to_swap() of the whole folio fails, and reclaim splits
 * it and tries its first page alone, the others from its list
 * (shrink_folio_list()'s fallback when folio_alloc_swap() fails for a
 * large folio, THP_SWPOUT_FALLBACK); its bugs are swap-split's, on a
 * folio every entry still maps.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SW_VALUE	0x5a1
/* After the zapped page: its slot follows that page's. */
#define SW_NEXT		2

static struct {
	struct mm_model *mm;
	struct folio *folio;	/* isolated by reclaim: our reference */
	bool zap_first;		/* swap-split: the zap races the first pass */
	bool fallback;		/* swap-fallback */
	bool out;		/* reclaim's first pass returned */
	struct chk_mm_store last;
	int first_ret;
} sw;

static unsigned long sw_last(void)
{
	return chk_mm_va(CONT_PTES - 1);
}

static void sw_setup_shape(bool zap_first, unsigned long slots)
{
	chk_mm_setup();
	sw.zap_first = zap_first;
	sw.fallback = slots < 2 * CONT_PTES;
	BUG_ON(swapon(slots, 0));
	sw.mm = chk_mm_anon_blocks(1);
	sw.folio = page_folio(chk_mm_page(sw.mm, chk_mm_va(0)));
	folio_get(sw.folio);
	chk_mm_age(sw.mm, sw.folio);
	sw.out = false;
	sw.first_ret = -1;
}

static void sw_setup(void)
{
	sw_setup_shape(false, 4 * CONT_PTES);
}

static void sw_setup_split(void)
{
	sw_setup_shape(true, 4 * CONT_PTES);
}

static void sw_setup_fallback(void)
{
	sw_setup_shape(false, 2 * CONT_PTES - 1);
}

static void sw_thread(unsigned int t)
{
	u64 v;

	switch (t) {
	case 0:
		chk_mm_reclaim_isolated(sw.folio, 1);
		chk_mm_mark(&sw.out);
		chk_mm_reclaim_isolated(sw.folio, 1);
		folio_put(sw.folio);
		break;
	case 1:
		chk_mm_store_until(&sw.last, sw.mm, sw_last(), SW_VALUE,
				   &sw.out);
		break;
	default:
		if (sw.zap_first)
			do_madvise(sw.mm, chk_mm_va(1), PAGE_SIZE,
				   MADV_DONTNEED);
		else
			user_load(sw.mm, chk_mm_va(0), &v);
		chk_mm_wait(&sw.out, &sw.out, true);
		if (!sw.zap_first)
			do_madvise(sw.mm, chk_mm_va(1), PAGE_SIZE,
				   MADV_DONTNEED);
		user_load(sw.mm, chk_mm_va(0), &v);
		sw.first_ret = user_store(sw.mm, chk_mm_va(0), SW_VALUE + 1);
		break;
	}
}

static void sw_finish(void)
{
	bool last_stored = sw.last.completed && !sw.last.ret;

	if (sw.last.ret || sw.first_ret) {
		chk_fail(CHK_LIVENESS, "an access failed (%d, %d)",
			 sw.last.ret, sw.first_ret);
		return;
	}
	if (!chk_mm_store_survives_swap(sw.mm, chk_mm_va(0), true,
					SW_VALUE + 1) ||
	    !chk_mm_store_survives_swap(sw.mm, sw_last(), last_stored,
					SW_VALUE) ||
	    !chk_mm_store_survives_swap(sw.mm, chk_mm_va(SW_NEXT), true,
					SW_NEXT + 1))
		return;
	/*
	 * swap-fallback's pages are folios of their own: the one the zap
	 * found locked by reclaim stays cached for the LRU's next pass.
	 */
	if (sw.fallback) {
		struct reclaim_stats stats = { 0 };

		shrink_swap_cache(&stats);
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap = {
	.name = "swap-block",
	.desc = "swap-out of the folio under a folded block (swap entries, writeback, the swap cache) vs stores and hardware A/D; swap-in of the whole cached folio with one set_ptes() refolding it, or of one page; swapped out and back again (data-loss, cont-block, bbm, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "reclaim", "cpu-store", "cpu-access" },
	.init = chk_mm_init,
	.setup = sw_setup,
	.thread = sw_thread,
	.finish = sw_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};

const struct chk_scenario scn_swap_split = {
	.name = "swap-split",
	.desc = "reclaim of the folio under a block a MADV_DONTNEED left partly mapped: split before swap-out, each page swapped out alone, vs stores and hardware A/D; swapped out and back again (data-loss, cont-block, bbm, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "reclaim", "cpu-store", "cpu-access" },
	.init = chk_mm_init,
	.setup = sw_setup_split,
	.thread = sw_thread,
	.finish = sw_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};

const struct chk_scenario scn_swap_fallback = {
	.name = "swap-fallback",
	.desc = "swap-block on a device with no free run of slots the folio's size: add_to_swap() of the whole folio fails, reclaim splits it and swaps each page out alone, vs stores and hardware A/D; swapped out and back again (data-loss, cont-block, bbm, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "reclaim", "cpu-store", "cpu-access" },
	.init = chk_mm_init,
	.setup = sw_setup_fallback,
	.thread = sw_thread,
	.finish = sw_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};
