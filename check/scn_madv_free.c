// SPDX-License-Identifier: GPL-2.0-only
/*
 * MADV_FREE racing a user write, then reclaim (madvise_free_pte_range();
 * the madv_free selftest shape): one thread calls MADV_FREE on a folded,
 * dirty block and on the small mTHP folios mapped after it, which never
 * fold (clear_young_dirty_ptes() of each folio batch in place, then the
 * flush); a user thread stores to a page of the block until it sees
 * MADV_FREE return, and once more then; reclaim runs once during the
 * race and once at the end, and discards the folio if it is clean.
 *
 * The MADV_FREE contract: the kernel may free the pages instead of
 * writing them back, unless they are written after the call.  A store
 * that races the call itself (it may land before the dirty bits are
 * cleared, or through a TLB entry the flush has not removed yet) may be
 * lost.  Asserted: a store that began after MADV_FREE returned is never
 * discarded: at the end the page still reads it (data-loss); reclaim
 * never discards a folio written since its lazyfree snapshot (data-loss,
 * decided where the folio is freed); every mm and machine oracle.
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define MF_PAGE		1
#define MF_VALUE	0xf7ee

static struct {
	struct mm_model *mm;
	struct folio *folio;
	bool freed;		/* MADV_FREE returned */
	struct chk_mm_store store;
} mf;

/* Folios a quarter of a block: batches of several entries, never folded. */
static unsigned int mf_small_order(void)
{
	return chk_cont_order() > 2 ? chk_cont_order() - 2 : 0;
}

static void mf_setup(void)
{
	chk_mm_setup();
	mf.mm = chk_mm_anon_blocks(1);
	chk_mm_anon_map(mf.mm, CONT_PTES, CONT_PTES, mf_small_order());
	mf.folio = page_folio(chk_mm_page(mf.mm, chk_mm_va(0)));
	mf.freed = false;
}

static void mf_reclaim(void)
{
	struct reclaim_stats stats = { 0 };

	shrink_folio(mf.folio, &stats);
}

static void mf_thread(unsigned int t)
{
	switch (t) {
	case 0:
		do_madvise(mf.mm, chk_mm_va(0), 2 * CONT_PTE_SIZE, MADV_FREE);
		chk_mm_mark(&mf.freed);
		break;
	case 1:
		chk_mm_store_until(&mf.store, mf.mm, chk_mm_va(MF_PAGE),
				   MF_VALUE, &mf.freed);
		break;
	default:
		mf_reclaim();
		break;
	}
}

static void mf_finish(void)
{
	struct page *page;

	mf_reclaim();
	page = chk_mm_page(mf.mm, chk_mm_va(MF_PAGE));
	if (mf.store.after && !mf.store.ret &&
	    (!page || page_data(page) != MF_VALUE)) {
		chk_fail(CHK_DATA_LOSS, "a store made after MADV_FREE returned was discarded: page reads %#llx",
			 page ? (unsigned long long)page_data(page) : 0ULL);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_madv_free_write = {
	.name = "madv-free-write",
	.desc = "MADV_FREE of a folded block and of small mTHP folios vs a user store and reclaim; a store made after MADV_FREE returned is never discarded (data-loss, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "madvise", "cpu-store", "reclaim" },
	.init = chk_mm_init,
	.setup = mf_setup,
	.thread = mf_thread,
	.finish = mf_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
