// SPDX-License-Identifier: GPL-2.0-only
/*
 * An O_DIRECT read into anonymous memory against its swap-out.  A folded
 * block, exclusive to its process, with a swap device; a direct-IO read
 * pins one of its pages for writing (pin_user_pages_fast(FOLL_WRITE)),
 * the device writes the data into the pinned page, and the completion
 * marks the folio dirty and unpins it; meanwhile reclaim scans the folio
 * twice.  The second scan puts it in the swap cache and replaces its
 * entries by swap entries page by page, each taking a reference on its
 * slot; a pinned exclusive page cannot be shared with the swap cache
 * (folio_try_share_anon_rmap_pte(), asked after the entry was cleared so
 * that GUP-fast either sees the clear or is seen): its entry goes back,
 * with its slot's reference given back, and the folio stays.  Finally the
 * process reads the page, and exits.
 *
 * The bug class: a pinned page swapped out, so the device's data goes to
 * a page the process no longer maps (pin-coherence, data-loss); a slot
 * reference taken for an entry that was put back and never given back
 * (bookkeeping: a slot left with a count at the end); every other mm and
 * machine oracle.
 */
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define SP_PAGE		0
#define SP_VALUE	0xd1a

static struct {
	struct mm_model *mm;
	struct folio *folio;
	struct page *pinned;
	long pin_ret;
} sp;

static void sp_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(2 * CONT_PTES, 0));
	sp.mm = chk_mm_anon_blocks(1);
	sp.folio = page_folio(chk_mm_page(sp.mm, chk_mm_va(0)));
	sp.pin_ret = -1;
}

static void sp_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == 0) {
		sp.pin_ret = chk_mm_dio_read(sp.mm, chk_mm_va(SP_PAGE),
					     SP_VALUE, &sp.pinned);
		return;
	}
	shrink_folio(sp.folio, &stats);
	shrink_folio(sp.folio, &stats);
}

/* The page, swapped back in if it went out, holds what the device wrote. */
static void sp_finish(void)
{
	u64 v;

	if (user_load(sp.mm, chk_mm_va(SP_PAGE), &v)) {
		chk_fail(CHK_LIVENESS, "a load at %#lx after the read failed",
			 chk_mm_va(SP_PAGE));
		return;
	}
	if (sp.pin_ret == 1 && v != SP_VALUE) {
		chk_fail(CHK_DATA_LOSS, "va %#lx reads %#llx after the device wrote %#x",
			 chk_mm_va(SP_PAGE), (unsigned long long)v, SP_VALUE);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_pin = {
	.name = "swap-pin",
	.desc = "a direct-IO read pins a page of an exclusive anonymous block, the device writes it, vs swap-out of the folio: a pinned page stays mapped, its slot's reference given back (pin-coherence, data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "dio-read", "reclaim" },
	.init = chk_mm_init,
	.setup = sp_setup,
	.thread = sp_thread,
	.finish = sp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
