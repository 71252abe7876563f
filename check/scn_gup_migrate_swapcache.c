// SPDX-License-Identifier: GPL-2.0-only
/*
 * gup-migrate over a folio the swap cache still holds.  A folded block
 * swapped out whole to a device that is not synchronous stays in the
 * swap cache once written, and a load maps it back whole, still cached.
 * A direct-IO read takes a reference on a page of it for writing
 * (get_user_pages_fast(FOLL_WRITE), as before FOLL_PIN), the device
 * writes into the page, and the completion marks the folio dirty and
 * drops the reference; meanwhile the folio migrates.  A swap cache folio
 * may be migrated only when nothing but the migration's own reference
 * and the cache's hold it (__folio_migrate_mapping(): folio_ref_freeze()
 * to exactly that count under the cache's lock); a referenced one is
 * mapped back as it was.  Finally the process reads the page: it must
 * hold what the device wrote.
 *
 * The bug class: a referenced swap cache folio migrated, so the device's
 * data goes to a frame the process no longer maps (data-loss); a count
 * off by the cache's references (bookkeeping); every other mm and
 * machine oracle.
 */
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define GS_PAGE		1
#define GS_VALUE	0x5c1

static struct {
	struct mm_model *mm;
	struct page *pinned;
	long pin_ret;
} gs;

static void gs_setup(void)
{
	u64 v;

	chk_mm_setup();
	gs.mm = chk_mm_swapped_block(4 * CONT_PTES, 0);
	BUG_ON(user_load(gs.mm, chk_mm_va(0), &v));
	BUG_ON(!folio_test(page_folio(chk_mm_page(gs.mm, chk_mm_va(0))),
			   PG_swapcache));
	gs.pin_ret = -1;
}

static void gs_thread(unsigned int t)
{
	if (t == 0) {
		gs.pin_ret = chk_mm_dio_read_ref(gs.mm, chk_mm_va(GS_PAGE),
						 GS_VALUE, &gs.pinned);
		return;
	}
	do_move_pages(gs.mm, chk_mm_va(0));
}

static void gs_finish(void)
{
	if (chk_mm_check_pinned(gs.pin_ret) &&
	    chk_mm_check_store(gs.mm, chk_mm_va(GS_PAGE), true, GS_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_gup_migrate_swapcache = {
	.name = "gup-migrate-swapcache",
	.desc = "gup-migrate of a folded block swapped back in from the swap cache, which still holds it: a swap cache folio is migrated only if nothing but the migration and the cache holds it (data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "dio-read", "migrate" },
	.init = chk_mm_init,
	.setup = gs_setup,
	.thread = gs_thread,
	.finish = gs_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 5000,
	.bound = 1,
};
