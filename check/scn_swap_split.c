// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim of a large folio partly mapped (shrink_folio_list(), v6.12).
 * One user thread zaps the block's second page (MADV_DONTNEED), which
 * unfolds the block and, if reclaim has not swapped the folio out yet,
 * leaves it partly mapped on the deferred split queue; reclaim then
 * splits it before add_to_swap() (split_folio_to_list(): every entry
 * through a migration entry, the pages of the split on reclaim's list)
 * and swaps each mapped page out alone; otherwise the folio goes to swap
 * whole and the zap frees a swap entry.  The same thread then loads the
 * first page and stores to it once reclaim's first pass returned; another
 * stores to the block's last page until then, and once more.  The
 * hardware sets access and dirty state in any entry of the block
 * throughout.  Finally both pages go through reclaim again and are loaded
 * back.
 *
 * The bug classes: a page of the split lost or written out without its
 * last store (data-loss); the list's pages released once too often or
 * never (bookkeeping: a count below zero, a frame or a slot left over); a
 * block refolded over the new folios or PTE_CONT on a swap or migration
 * entry (cont-block); a store that never completes (liveness).
 */
#include "mmworld.h"
#include "scenarios.h"

#define SS_VALUE	0x5c1

static struct {
	struct mm_model *mm;
	struct folio *folio;	/* isolated by reclaim: our reference */
	bool out;		/* reclaim's first pass returned */
	struct chk_mm_store last;
	int first_ret;
} ss;

static unsigned long ss_last(void)
{
	return chk_mm_va(CONT_PTES - 1);
}

static void ss_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(4 * CONT_PTES, 0));
	ss.mm = chk_mm_anon_blocks(1);
	ss.folio = page_folio(chk_mm_page(ss.mm, chk_mm_va(0)));
	folio_get(ss.folio);
	chk_mm_age(ss.mm, ss.folio);
	ss.out = false;
	ss.first_ret = -1;
}

static void ss_thread(unsigned int t)
{
	u64 v;

	switch (t) {
	case 0:
		chk_mm_reclaim_isolated(ss.folio, 1);
		chk_mm_mark(&ss.out);
		chk_mm_reclaim_isolated(ss.folio, 1);
		folio_put(ss.folio);
		break;
	case 1:
		chk_mm_store_until(&ss.last, ss.mm, ss_last(), SS_VALUE,
				   &ss.out);
		break;
	default:
		do_madvise(ss.mm, chk_mm_va(1), PAGE_SIZE, MADV_DONTNEED);
		chk_mm_wait(&ss.out, &ss.out, true);
		user_load(ss.mm, chk_mm_va(0), &v);
		ss.first_ret = user_store(ss.mm, chk_mm_va(0), SS_VALUE + 1);
		break;
	}
}

static void ss_finish(void)
{
	bool last_stored = ss.last.completed && !ss.last.ret;

	if (ss.last.ret || ss.first_ret) {
		chk_fail(CHK_LIVENESS, "an access failed (%d, %d)",
			 ss.last.ret, ss.first_ret);
		return;
	}
	if (!chk_mm_store_survives_swap(ss.mm, chk_mm_va(0), true,
					SS_VALUE + 1) ||
	    !chk_mm_store_survives_swap(ss.mm, ss_last(), last_stored,
					SS_VALUE))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_split = {
	.name = "swap-split",
	.desc = "reclaim of the folio under a block a MADV_DONTNEED left partly mapped: split before swap-out, each page swapped out alone, vs stores and hardware A/D; swapped out and back again (data-loss, cont-block, bbm, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "reclaim", "cpu-store", "cpu-zap" },
	.init = chk_mm_init,
	.setup = ss_setup,
	.thread = ss_thread,
	.finish = ss_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};
