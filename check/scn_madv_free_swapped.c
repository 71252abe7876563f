// SPDX-License-Identifier: GPL-2.0-only
/*
 * MADV_FREE of the first half of a swapped-out block.  A folded block,
 * a store in its last page, is swapped out whole and its folio left in
 * the swap cache; one thread MADV_FREEs the block's first half, another
 * loads the last page.  madvise_free_pte_range() frees a run of swap
 * entries with one free_swap_and_cache_nr(), the run swap_pte_batch()
 * finds alike, at most to the range's end: the entries past it, and their
 * slots, are not the call's.  The load may come first and map the cached
 * folio, whole or its page alone (do_swap_page()), so that MADV_FREE meets
 * present entries of a large folio it covers in part.
 *
 * The bug class: a batch of swap entries run past the range, so that the
 * second half's slots are given back and its entries cleared, and the
 * load finds a zero page where the store was, or, once the threads are
 * done, a page of the second half does (data-loss: each holds what
 * chk_mm_anon_map() put there); every other mm and machine oracle (a
 * slot's count below zero or left at exit: bookkeeping).
 */
#include "mmworld.h"
#include "scenarios.h"

#define MFS_VALUE	0xf5ee

static struct {
	struct mm_model *mm;
} mfs;

static unsigned long mfs_last(void)
{
	return chk_mm_va(CONT_PTES - 1);
}

static void mfs_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(4 * CONT_PTES, 0));
	mfs.mm = chk_mm_anon_blocks(1);
	chk_mm_access_on(0, mfs.mm, mfs_last(), true, MFS_VALUE);
	chk_mm_swap_block_out(mfs.mm, chk_mm_va(0), true);
}

static void mfs_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		BUG_ON(do_madvise(mfs.mm, chk_mm_va(0),
				  (CONT_PTES / 2) << PAGE_SHIFT, MADV_FREE));
		return;
	}
	if (user_load(mfs.mm, mfs_last(), &v))
		chk_fail(CHK_LIVENESS, "the load of the block's last page failed");
	else if (v != MFS_VALUE)
		chk_fail(CHK_DATA_LOSS,
			 "the last page of a swapped-out block reads %#llx, not %#x, after MADV_FREE of the block's first half",
			 (unsigned long long)v, MFS_VALUE);
}

static void mfs_finish(void)
{
	/* The second half but its last page: not the call's, never written. */
	if (chk_mm_check_untouched(mfs.mm, CONT_PTES / 2, CONT_PTES / 2 - 1))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_madv_free_swapped = {
	.name = "madv-free-swapped",
	.desc = "MADV_FREE of the first half of a swapped-out block, its folio cached, vs a load of its last page, written before: the run of swap entries freed stops at the range's end (data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "madv-free", "load" },
	.init = chk_mm_init,
	.setup = mfs_setup,
	.thread = mfs_thread,
	.finish = mfs_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
