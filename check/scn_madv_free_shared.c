// SPDX-License-Identifier: GPL-2.0-only
/*
 * MADV_FREE of a page another process maps too, whose content lives only
 * in memory.  A page is forked, then swapped out of both processes and
 * left in the swap cache (as swap-cow); each process loads it back, which
 * maps the cached folio read-only and gives up its slot, so that once both
 * did the folio is the only copy (dirty, in the swap cache, no entry
 * referring to the slot) and its entries are clean.  The parent then
 * MADV_FREEs the page and reclaim scans the folio twice; the child reads
 * it last.  madvise_free_pte_range() may clean (and take out of the swap
 * cache) only a folio this batch maps alone (folio_mapcount() against
 * the batch, folio_likely_mapped_shared() upstream): a folio the child
 * maps must stay dirty, whoever else's entries say clean.
 *
 * The bug class: a shared folio made lazyfree and discarded, so that the
 * child's read finds a zero page (data-loss); every other mm and machine
 * oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *parent, *child;
	struct folio *folio;
} ms;

static void ms_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(CONT_PTES, 0));
	ms.parent = mm_alloc();
	BUG_ON(!ms.parent);
	/* Page 0 holds 1 (chk_mm_anon_map()). */
	chk_mm_anon_map(ms.parent, 0, 1, 0);
	ms.child = dup_mm(ms.parent);
	BUG_ON(!ms.child);
	ms.folio = page_folio(chk_mm_page(ms.parent, chk_mm_va(0)));
	folio_get(ms.folio);
	chk_mm_age(ms.parent, ms.folio);
	chk_mm_age(ms.child, ms.folio);
	chk_mm_reclaim_isolated(ms.folio, 1);
	BUG_ON(folio_mapcount(ms.folio) || !folio_test(ms.folio, PG_swapcache));
	/* The swap cache holds it now; reclaim takes its own reference. */
	folio_put(ms.folio);
}

static void ms_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };
	u64 v;

	if (t == 0) {
		user_load(ms.parent, chk_mm_va(0), &v);
		BUG_ON(do_madvise(ms.parent, chk_mm_va(0), PAGE_SIZE,
				  MADV_FREE));
		shrink_folio(ms.folio, &stats);
		shrink_folio(ms.folio, &stats);
	} else {
		user_load(ms.child, chk_mm_va(0), &v);
	}
}

static void ms_finish(void)
{
	u64 v;

	if (user_load(ms.child, chk_mm_va(0), &v)) {
		chk_fail(CHK_LIVENESS, "the child's load failed");
		return;
	}
	if (v != 1) {
		chk_fail(CHK_DATA_LOSS, "the child reads %#llx at va %#lx, not 0x1",
			 (unsigned long long)v, chk_mm_va(0));
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_madv_free_shared = {
	.name = "madv-free-shared",
	.desc = "MADV_FREE by the parent of a forked page both swapped back in from the swap cache (the folio the only copy, its entries clean) vs the child's swap-in, then reclaim: a folio another process maps is never made lazyfree (data-loss)",
	.nr_threads = 2,
	.thread_names = { "parent", "child" },
	.init = chk_mm_init,
	.setup = ms_setup,
	.thread = ms_thread,
	.finish = ms_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 2,
};
