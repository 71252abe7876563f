// SPDX-License-Identifier: GPL-2.0-only
/*
 * MADV_FREE racing a user write, then reclaim (madvise_free_pte_range();
 * the madv_free selftest shape): one thread calls MADV_FREE on small mTHP
 * folios, which never fold, but for their first page, so that the first
 * folio is split, and on the folded, dirty block mapped after them
 * (clear_young_dirty_ptes() of each folio batch in place, then the
 * flush); a user thread stores to the block's last page, the last the
 * flush of its batch covers, until it sees MADV_FREE return, and once
 * more then; reclaim runs once during the race and once at the end, on
 * the block's folio and on the first page's, and discards a folio if it
 * is clean.  (The split comes first: its unmap leaves a batched flush
 * that flush_tlb_batched_pending() completes for the whole mm, which
 * would hide a block cleaned before it and never flushed.)
 *
 * The MADV_FREE contract: the kernel may free the pages instead of
 * writing them back, unless they are written after the call.  A store
 * that races the call itself (it may land before the dirty bits are
 * cleared, or through a TLB entry the flush has not removed yet) may be
 * lost.  Asserted: a store that began after MADV_FREE returned is never
 * discarded: at the end the page still reads it (data-loss); reclaim
 * never discards a folio written since its lazyfree snapshot (data-loss,
 * decided where the folio is freed); the page outside the range keeps
 * what was stored there (data-loss: a folio marked lazyfree whole though
 * the range covers it only partly); every mm and machine oracle.
 *
 * madv-free-end: MADV_FREE of the folded block but its last page, which
 * was written in the setup, racing reclaim.  The batch stops at the
 * range's end, short of the folio, so the folio is split (or left
 * alone) rather than made lazyfree whole: the last page, outside the range, keeps what was stored there
 * through reclaim (data-loss: a batch bounded by the table, not the
 * range, which cleans the entries after the range too), its own folio's
 * reclaim too once the block was split (a walk that, after the split,
 * took the PTL back at the wrong entry and ran one past the range).
 *
 * madv-free-start: the same with the range starting at the block's
 * second page, the first written in the setup.  The batch from there
 * reaches the folio's end but does not cover the folio, which must be
 * split (or left alone): clear_young_dirty_ptes() of a folded block
 * cleans the whole block, the entries before the range too, which is
 * right only for a batch that maps its folio whole.
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define MF_OUT		0			/* outside the range */
#define MF_BLOCK	CONT_PTES
#define MF_VALUE	0xf7ee
/* The block's last page: the store's, or after madv-free-end's range. */
#define MF_LAST		(MF_BLOCK + CONT_PTES - 1)
#define MF_KEPT_VALUE	0x1a57

static struct {
	struct mm_model *mm;
	struct folio *folio;
	/*
	 * madv-free-end, -start: the block's page the range leaves out,
	 * written in the setup (its last, its first)
	 */
	bool partial;
	unsigned long kept;
	bool freed;		/* MADV_FREE returned */
	struct chk_mm_store store;
} mf;

/* Folios a quarter of a block: batches of several entries, never folded. */
static unsigned int mf_small_order(void)
{
	return chk_cont_order() > 2 ? chk_cont_order() - 2 : 0;
}

static void mf_setup_shape(bool partial, unsigned long kept)
{
	chk_mm_setup();
	mf.partial = partial;
	mf.kept = kept;
	mf.mm = mm_alloc();
	BUG_ON(!mf.mm);
	chk_mm_anon_map(mf.mm, MF_OUT, CONT_PTES, mf_small_order());
	chk_mm_anon_map(mf.mm, MF_BLOCK, CONT_PTES, chk_cont_order());
	mf.folio = page_folio(chk_mm_page(mf.mm, chk_mm_va(MF_BLOCK)));
	/*
	 * The first small folio and the block hold zeros but in their first
	 * page: what a split of either maps as the zero page, which the
	 * walk after it must pass over.  The block's last page is written.
	 */
	chk_mm_zero_pages(mf.mm, MF_OUT + 1, (1UL << mf_small_order()) - 1);
	chk_mm_zero_pages(mf.mm, MF_BLOCK + 1, CONT_PTES - 1);
	if (partial)
		BUG_ON(user_store(mf.mm, chk_mm_va(kept), MF_KEPT_VALUE));
	mf.freed = false;
	/* madv-free-end makes no store: none may be left from another run. */
	mf.store = (struct chk_mm_store){ 0 };
}

static void mf_setup(void)
{
	mf_setup_shape(false, 0);
}

static void mf_setup_end(void)
{
	mf_setup_shape(true, MF_LAST);
}

static void mf_setup_start(void)
{
	mf_setup_shape(true, MF_BLOCK);
}

static void mf_reclaim(struct folio *folio)
{
	struct reclaim_stats stats = { 0 };

	shrink_folio(folio, &stats);
}

static void mf_thread(unsigned int t)
{
	/* madv-free-end, -start: no store thread; the setup wrote. */
	if (mf.partial && t == 1)
		t = 2;
	switch (t) {
	case 0:
		if (mf.partial)
			do_madvise(mf.mm, chk_mm_va(mf.kept == MF_BLOCK ?
						    MF_BLOCK + 1 : MF_BLOCK),
				   (CONT_PTES - 1) << PAGE_SHIFT, MADV_FREE);
		else
			do_madvise(mf.mm, chk_mm_va(MF_OUT + 1),
				   (2 * CONT_PTES - 1) << PAGE_SHIFT,
				   MADV_FREE);
		chk_mm_mark(&mf.freed);
		break;
	case 1:
		chk_mm_store_until(&mf.store, mf.mm, chk_mm_va(MF_LAST),
				   MF_VALUE, &mf.freed);
		break;
	default:
		mf_reclaim(mf.folio);
		break;
	}
}

static void mf_finish(void)
{
	struct page *page;

	mf_reclaim(mf.folio);
	page = chk_mm_page(mf.mm, chk_mm_va(MF_OUT));
	if (page)
		mf_reclaim(page_folio(page));
	if (!chk_mm_check_untouched(mf.mm, MF_OUT, 1))
		return;
	if (mf.partial) {
		/*
		 * Once MADV_FREE split the block, the kept page is a folio
		 * of its own that the reclaim of mf.folio never meets: a
		 * walk that went on past the range after the split made it
		 * lazyfree unseen.  Reclaim it too.
		 */
		page = chk_mm_page(mf.mm, chk_mm_va(mf.kept));
		if (page && page_folio(page) != mf.folio)
			mf_reclaim(page_folio(page));
		page = chk_mm_page(mf.mm, chk_mm_va(mf.kept));
		if (!page || page_data(page) != MF_KEPT_VALUE) {
			chk_fail(CHK_DATA_LOSS, "the block's %s page, %s the MADV_FREE range, was discarded: it reads %#llx",
				 mf.kept == MF_BLOCK ? "first" : "last",
				 mf.kept == MF_BLOCK ? "before" : "after",
				 page ? (unsigned long long)page_data(page) :
					0ULL);
			return;
		}
	}
	page = chk_mm_page(mf.mm, chk_mm_va(MF_LAST));
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
	.desc = "MADV_FREE of small mTHP folios, the first split, and of a folded block, vs a user store and reclaim; a store made after MADV_FREE returned is never discarded, nor a page outside the range (data-loss, bookkeeping)",
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

const struct chk_scenario scn_madv_free_end = {
	.name = "madv-free-end",
	.desc = "MADV_FREE of a folded block but its last page, written before, vs reclaim: the batch stops at the range's end and the page after it keeps its data (data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "madvise", "reclaim" },
	.init = chk_mm_init,
	.setup = mf_setup_end,
	.thread = mf_thread,
	.finish = mf_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_madv_free_start = {
	.name = "madv-free-start",
	.desc = "MADV_FREE of a folded block but its first page, written before, vs reclaim: a batch that reaches the folio's end from inside it does not map it whole, and the page before the range keeps its data (data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "madvise", "reclaim" },
	.init = chk_mm_init,
	.setup = mf_setup_start,
	.thread = mf_thread,
	.finish = mf_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
