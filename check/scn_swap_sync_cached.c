// SPDX-License-Identifier: GPL-2.0-only
/*
 * A large swap-in from a synchronous device over a range one page of
 * which sits in the swap cache.  A folded block is swapped out (written
 * and evicted in the same pass), then the process forks, and the child
 * loads the block's first page: its slot has two references, so the
 * fault reads it into the swap cache (one page).  Then the child exits,
 * which leaves that page cached (the parent's swap entry still refers to
 * its slot), while the parent loads the block's last page.  Once the
 * child is gone the slot counts are one, and the parent's fault bypasses
 * the swap cache: it may read a large folio only over slots none of which
 * is cached (can_swapin_thp()), or swapcache_prepare() refuses its claim
 * on every retry.
 *
 * swap-sync-cached-last: the child loads the block's last page, and the
 * parent its first: the cached page is the last of the range the parent's
 * fault looks at.
 *
 * The bug class: a large folio read over a range with a cached page,
 * fault after fault (liveness); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm, *child;
	unsigned long load;	/* the parent's page */
	int ret;
} sc;

static void sc_setup_shape(unsigned long cached, unsigned long load)
{
	u64 v;

	chk_mm_setup();
	sc.load = load;
	sc.mm = chk_mm_swapped_block(4 * CONT_PTES, SWP_SYNCHRONOUS_IO);
	sc.child = dup_mm(sc.mm);
	BUG_ON(!sc.child);
	BUG_ON(user_load(sc.child, chk_mm_va(cached), &v));
	sc.ret = -1;
}

static void sc_setup(void)
{
	sc_setup_shape(0, CONT_PTES - 1);
}

static void sc_setup_last(void)
{
	sc_setup_shape(CONT_PTES - 1, 0);
}

static void sc_thread(unsigned int t)
{
	u64 v;

	if (t == 0)
		mmput(sc.child);
	else
		sc.ret = user_load(sc.mm, chk_mm_va(sc.load), &v);
}

static void sc_finish(void)
{
	if (sc.ret) {
		chk_fail(CHK_LIVENESS, "the parent's load at %#lx failed",
			 chk_mm_va(sc.load));
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_sync_cached = {
	.name = "swap-sync-cached",
	.desc = "swap-in from a synchronous device of a block one page of which a forked child's fault left in the swap cache, vs that child's exit: no large folio is read over a cached page (liveness)",
	.nr_threads = 2,
	.thread_names = { "child-exit", "cpu-load" },
	.init = chk_mm_init,
	.setup = sc_setup,
	.thread = sc_thread,
	.finish = sc_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

const struct chk_scenario scn_swap_sync_cached_last = {
	.name = "swap-sync-cached-last",
	.desc = "the same with the block's last page cached and its first loaded: the cached slot is the last of the range (liveness)",
	.nr_threads = 2,
	.thread_names = { "child-exit", "cpu-load" },
	.init = chk_mm_init,
	.setup = sc_setup_last,
	.thread = sc_thread,
	.finish = sc_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
