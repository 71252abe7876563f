// SPDX-License-Identifier: GPL-2.0-only
/*
 * move_pages(2) of a swapped-out page, racing its swap-in.  A folded
 * block swapped out whole to a synchronous device (written and freed in
 * one pass: swap entries, nothing cached).  One thread asks move_pages()
 * to migrate the block's first page; the other loads that page and
 * stores to it, which reads the block back into a new folio.
 * move_pages() looks the page up under the PTL and takes only a present
 * entry's folio (add_folio_for_migration(): folio_walk_start()
 * finds no folio behind a swap entry, and the page is skipped); a page
 * that was swapped in first is a mapped folio, which it migrates.
 *
 * The bug class: a swap entry's slot number read as a frame number
 * (pte_page() of an entry that maps no page: bookkeeping), the folio of
 * some other frame, or a free one, taken and migrated; every other mm
 * and machine oracle on the swap-in, the store and the migration.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MS_VALUE	0x6d5

static struct {
	struct mm_model *mm;
	int store_ret;
} ms;

static void ms_setup(void)
{
	chk_mm_setup();
	ms.mm = chk_mm_swapped_block(4 * CONT_PTES, SWP_SYNCHRONOUS_IO);
	ms.store_ret = -1;
}

static void ms_thread(unsigned int t)
{
	u64 v;

	if (!t) {
		do_move_pages(ms.mm, chk_mm_va(0));
		return;
	}
	user_load(ms.mm, chk_mm_va(0), &v);
	ms.store_ret = user_store(ms.mm, chk_mm_va(0), MS_VALUE);
}

static void ms_finish(void)
{
	if (!chk_mm_check_stored(ms.mm, chk_mm_va(0), ms.store_ret, MS_VALUE) ||
	    !chk_mm_check_untouched(ms.mm, 1, CONT_PTES - 1))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_migrate_swapped = {
	.name = "migrate-swapped",
	.desc = "move_pages() of the first page of a block swapped out to a synchronous device vs a load and a store that swap it back in: only a present entry's folio is taken for migration, a swap entry's page skipped (bookkeeping, data-loss)",
	.nr_threads = 2,
	.thread_names = { "move-pages", "cpu-load-store" },
	.init = chk_mm_init,
	.setup = ms_setup,
	.thread = ms_thread,
	.finish = ms_finish,
	.exit = chk_mm_exit,
	/*
	 * Which entry takes the access flag, and the size of a fill, do not
	 * matter to the lookup (migrate-block has them): 217 executions
	 * rather than 173,696.
	 */
	.hw = CHK_HW_ONE_AD_FILL,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
