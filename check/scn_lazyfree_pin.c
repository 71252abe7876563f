// SPDX-License-Identifier: GPL-2.0-only
/*
 * An O_DIRECT read into a MADV_FREEd buffer against reclaim.  A folded
 * block is MADV_FREEd (clean, lazyfree); a direct-IO read pins one of its
 * pages for writing (pin_user_pages_fast(FOLL_WRITE)), the device writes
 * the data into the pinned page, and the completion marks the folio dirty
 * and unpins it (bio_release_pages()); meanwhile reclaim scans the folio
 * twice.  Reclaim may unmap a clean lazyfree folio and drop it only if
 * nobody but its mappings holds it: after clearing the entries it checks
 * the reference count, and a pinned folio is mapped back
 * (try_to_unmap_one(), "mm: fix race between MADV_FREE reclaim and blkdev
 * direct IO read").  Finally the process reads the page: it must hold
 * what the device wrote.
 *
 * The bug class: a pinned lazyfree folio discarded, so the device's data
 * goes to a page the process no longer maps and its read faults in a
 * zero page (pin-coherence, data-loss); a folio freed with its pin
 * (gup-pin); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define LP_PAGE		1
#define LP_VALUE	0xd10

static struct {
	struct mm_model *mm;
	struct folio *folio;
	struct page *pinned;
	long pin_ret;
} lp;

static void lp_setup(void)
{
	chk_mm_setup();
	lp.mm = chk_mm_lazyfree_block(&lp.folio);
	lp.pin_ret = -1;
}

static void lp_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == 0) {
		lp.pin_ret = chk_mm_dio_read(lp.mm, chk_mm_va(LP_PAGE),
					     LP_VALUE, &lp.pinned);
		return;
	}
	shrink_folio(lp.folio, &stats);
	shrink_folio(lp.folio, &stats);
}

static void lp_finish(void)
{
	if (chk_mm_check_pinned(lp.pin_ret) &&
	    chk_mm_check_store(lp.mm, chk_mm_va(LP_PAGE), true, LP_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_lazyfree_pin = {
	.name = "lazyfree-pin",
	.desc = "a direct-IO read pins a page of a MADV_FREEd block, the device writes it, vs reclaim of the lazyfree folio: a pinned folio is never discarded (pin-coherence, data-loss)",
	.nr_threads = 2,
	.thread_names = { "dio-read", "reclaim" },
	.init = chk_mm_init,
	.setup = lp_setup,
	.thread = lp_thread,
	.finish = lp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 2,
};
