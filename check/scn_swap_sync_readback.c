// SPDX-License-Identifier: GPL-2.0-only
/*
 * A page read back from a synchronous device by a load, and swapped out
 * again untouched.  The synchronous swap-in (do_swap_page() with
 * SWP_SYNCHRONOUS_IO) reads the block into a new folio outside the swap
 * cache, maps it clean on a read fault and gives its slots back: the
 * folio is then the only copy of the data, though neither it nor any of
 * its entries says dirty.  add_to_swap() marks every folio it puts in the
 * swap cache dirty for that reason, so that pageout() writes it to its
 * new slots whatever its entries say.
 *
 * One VMA of two folded blocks, the first swapped out whole to a
 * synchronous device.  One thread loads the first block's first page,
 * which reads the block back, and sends its folio through reclaim again
 * (aged, then swapped out); the other swaps the second block out
 * meanwhile, which may take the slots the first block gave back, so that
 * the first goes out to other slots, never written before.
 * Asserted: every page of the first block reads, once swapped back in at
 * the end, what it held (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
} srb;

static void srb_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(4 * CONT_PTES, SWP_SYNCHRONOUS_IO));
	srb.mm = mm_alloc();
	BUG_ON(!srb.mm);
	chk_mm_anon_map(srb.mm, 0, 2 * CONT_PTES, chk_cont_order());
	chk_mm_swap_block_out(srb.mm, chk_mm_va(0), false);
}

static void srb_thread(unsigned int t)
{
	struct folio *folio;
	struct page *page;
	u64 v;

	if (t) {
		chk_mm_swap_block_out(srb.mm, chk_mm_va(CONT_PTES), false);
		return;
	}
	BUG_ON(user_load(srb.mm, chk_mm_va(0), &v));
	page = chk_mm_page(srb.mm, chk_mm_va(0));
	if (!page)
		return;
	folio = page_folio(page);
	folio_get(folio);
	chk_mm_reclaim_isolated(folio, 2);
	folio_put(folio);
}

/* Swapped back in, each page holds what it went out with. */
static void srb_finish(void)
{
	if (chk_mm_check_untouched(srb.mm, 0, CONT_PTES))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_sync_readback = {
	.name = "swap-sync-readback",
	.desc = "a folded block read back from a synchronous device by a load, clean, its slots given back, then swapped out again vs the swap-out of the next block, which may take those slots: add_to_swap() marks the folio dirty, so that it is written to its new slots (data-loss)",
	.nr_threads = 2,
	.thread_names = { "load-reclaim", "swap-out" },
	.init = chk_mm_init,
	.setup = srb_setup,
	.thread = srb_thread,
	.finish = srb_finish,
	.exit = chk_mm_exit,
	/*
	 * Which entry takes the access flag, and the size of a fill, do not
	 * matter to which slots the folio goes out to.
	 */
	.hw = CHK_HW_ONE_AD_FILL,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
