// SPDX-License-Identifier: GPL-2.0-only
/*
 * move_pages(2) of a page reclaim is swapping out.  Reclaim takes the
 * aged, dirty order-0 page from the LRU, adds it to the swap cache, unmaps
 * it into a swap entry and writes it to a device that is not synchronous:
 * swap_writepage() unlocks the folio once the I/O is submitted, reclaim
 * puts the folio back and lets go of its reference, and the I/O ends
 * after that (folio_end_writeback()), as a bio completes on its own.
 * move_pages() found the page mapped and took its reference before the
 * unmap; it locks the folio after reclaim let go of it.  (An order-0 page:
 * the race is the folio's, not its entries', and a folded block's unmap
 * multiplies the schedules by its sixteen entries.)
 *
 * From reclaim's put to the end of the I/O, the swap cache's references
 * and PG_writeback are all the folio has: migration must not move a
 * folio under writeback (migrate_folio_unmap() waits for it under
 * MIGRATE_SYNC, as move_pages() asks, and gives up otherwise; the model
 * gives up), or it moves the cache to a new folio and frees the old one
 * before its I/O ended.  The model's device has read the page by then
 * (swap_writepage()), so the free itself is what is reported; the write
 * would then land on a slot that caches the new folio (swap_io_end()).
 *
 * Asserted: no folio freed under writeback (free_page_is_bad()'s
 * PG_writeback check, bookkeeping); the page comes back from swap as it
 * was; every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	struct folio *folio;
} mw;

static void mw_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(2, 0));
	mw.mm = chk_mm_aged_page(&mw.folio);
}

static void mw_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t)
		do_move_pages(mw.mm, chk_mm_va(0));
	else
		shrink_folio(mw.folio, &stats);
}

static void mw_finish(void)
{
	if (chk_mm_check_untouched(mw.mm, 0, 1))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_migrate_writeback = {
	.name = "migrate-writeback",
	.desc = "move_pages() of a page vs reclaim swapping it out to a device that is not synchronous: the I/O ends after reclaim lets go of the folio, and migration must not move a folio under writeback (bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "reclaim", "move-pages" },
	.init = chk_mm_init,
	.setup = mw_setup,
	.thread = mw_thread,
	.finish = mw_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 2,
};
