// SPDX-License-Identifier: GPL-2.0-only
/*
 * swapoff(2) of the device a folded block was swapped out to, its large
 * folio left in the swap cache (mm/swapoff.c), but for swapoff-load's
 * page.
 *
 * swapoff-exit: the process exits meanwhile.  swapoff() passes over an mm
 * whose last reference went, and the exit's zap gives the swap entries
 * back on its own (free_swap_and_cache_nr()); once their counts are down
 * and the folio left the cache, swapoff() finds no slot in use and frees
 * the slots, while the zap may still be about to look at the cache for
 * the last of them.  The device reference the zap holds is what makes
 * swapoff() wait ("mm: swap: fix race between free_swap_and_cache() and
 * swapoff()").
 *
 * swapoff-load: one page swapped out and out of the cache, and a load
 * faulting on it.  The fault holds the device from just after its read
 * of the swap entry to its end, or swapoff() could swap the entry back
 * in and free the slot while the fault still looks it up; and swapoff()
 * rechecks the entry under the PTL, or it maps the page a second time
 * over the fault's.  swapoff-load-sync: the same on a synchronous
 * device, whose swap-in reads the page outside the cache with the slot
 * claimed, which swapoff() must not read into the cache meanwhile.
 *
 * swapoff-reclaim: a folded block not swapped out yet, and reclaim of
 * it beside swapoff().  Once swapoff() has begun no slot is handed out
 * (SWP_WRITEOK), or reclaim could swap the block out after try_to_unuse()
 * found no slot in use, and the device would be freed under the entries.
 *
 * swapoff-fork: a child forked after the swap-out shares the slots, and
 * its entries and its parent's are no longer exclusive; swapoff() swaps
 * both back in, entry by entry, while the parent stores to the block's
 * first page and the child loads it.  The pages come back shared: the
 * parent's store copies its page, whether it faults on the swap entry or
 * on what swapoff() mapped, and each mm's block folds again once all of
 * its entries are back.
 *
 * swapoff-fork-exit: the parent of swapoff-fork exits while swapoff()
 * walks, and the child, and a grandchild the child forked, touch nothing.
 * The walk finds each on its list right after the mm it was forked from,
 * or their entries hold their slots for ever (the grandchild's fork()
 * copies entries the first fork() already made shared); and it steps
 * from the parent only while it still holds the parent, whose last
 * reference, if it is the walk's, takes the parent off the list
 * (list_del()'s poison is what a step from there reads).
 *
 * Asserted: no slot touched once freed (crash: swap_slot()'s BUG_ON());
 * the parent's page holds its store, the child's every page what the
 * setup wrote there (data-loss, cow-isolation); slots, frames and map
 * counts all given back (bookkeeping); swapoff() ends (liveness); every
 * other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SO_VALUE	0x50f

static struct {
	struct mm_model *parent, *child, *grandchild;
	int store_ret;
} so;

static void so_setup(void)
{
	chk_mm_setup();
	so.parent = chk_mm_swapped_block(4 * CONT_PTES, 0);
	so.child = NULL;
	so.store_ret = -1;
}

/*
 * One page swapped out, out of the cache: swapoff()'s whole run fits in
 * the steps a fair scheduler gives it before the fault runs again.
 */
static void so_page_setup_flags(unsigned long swap_flags)
{
	chk_mm_setup();
	BUG_ON(swapon(CONT_PTES, swap_flags));
	so.parent = mm_alloc();
	BUG_ON(!so.parent);
	chk_mm_anon_map(so.parent, 0, 1, 0);
	chk_mm_swap_out(so.parent, chk_mm_va(0));
	BUG_ON(chk_mm_page(so.parent, chk_mm_va(0)));
	so.child = NULL;
}

static void so_page_setup(void)
{
	so_page_setup_flags(0);
}

static void so_page_sync_setup(void)
{
	so_page_setup_flags(SWP_SYNCHRONOUS_IO);
}

/* A folded block not swapped out yet: swapoff-reclaim's. */
static void so_block_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(4 * CONT_PTES, 0));
	so.parent = chk_mm_anon_blocks(1);
	so.child = NULL;
}

static void so_fork_setup(void)
{
	so_setup();
	so.child = dup_mm(so.parent);
	BUG_ON(!so.child);
}

static void so_exit_thread(unsigned int t)
{
	if (t == 0)
		swapoff();
	else
		mmput(so.parent);
}

static void so_load_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		swapoff();
		return;
	}
	if (user_load(so.parent, chk_mm_va(0), &v))
		chk_fail(CHK_LIVENESS, "the load failed");
	else if (v != 1)
		chk_fail(CHK_DATA_LOSS, "the load read %#llx, not the %#x the page went out with",
			 (unsigned long long)v, 1);
}

static void so_reclaim_thread(unsigned int t)
{
	if (t == 0)
		swapoff();
	else
		chk_mm_swap_out(so.parent, chk_mm_va(0));
}

/* Every page comes back with what the setup wrote there. */
static void so_reclaim_finish(void)
{
	if (chk_mm_check_untouched(so.parent, 0, CONT_PTES))
		chk_mm_finish(NULL);
}

static void so_fork_exit_setup(void)
{
	so_fork_setup();
	so.grandchild = dup_mm(so.child);
	BUG_ON(!so.grandchild);
}

/* Each descendant's every page comes back with what the setup wrote. */
static void so_fork_exit_finish(void)
{
	if (chk_mm_check_untouched(so.child, 0, CONT_PTES) &&
	    chk_mm_check_untouched(so.grandchild, 0, CONT_PTES))
		chk_mm_finish(NULL);
}

static void so_fork_thread(unsigned int t)
{
	u64 v;

	switch (t) {
	case 0:
		swapoff();
		break;
	case 1:
		so.store_ret = user_store(so.parent, chk_mm_va(0), SO_VALUE);
		break;
	default:
		if (user_load(so.child, chk_mm_va(0), &v))
			chk_fail(CHK_LIVENESS, "the child's load failed");
		break;
	}
}

static void so_fork_finish(void)
{
	if (!chk_mm_check_stored(so.parent, chk_mm_va(0), so.store_ret,
				 SO_VALUE) ||
	    !chk_mm_check_untouched(so.parent, 1, CONT_PTES - 1) ||
	    !chk_mm_check_untouched(so.child, 0, CONT_PTES))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swapoff_exit = {
	.name = "swapoff-exit",
	.desc = "swapoff() of a folded block's slots, its folio in the swap cache, vs the exit of its process: swapoff() passes over the exiting mm, and the zap's device reference keeps the slots from being freed under it (crash, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "swapoff", "exit" },
	.init = chk_mm_init,
	.setup = so_setup,
	.thread = so_exit_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 1,
};

const struct chk_scenario scn_swapoff_load = {
	.name = "swapoff-load",
	.desc = "swapoff() of a page's slot vs a load that faults on it: the fault holds the device from its read of the swap entry to its end, and swapoff() rechecks the entry under the PTL before it maps the page (crash, data-loss, bookkeeping, liveness)",
	.nr_threads = 2,
	.thread_names = { "swapoff", "load" },
	.init = chk_mm_init,
	.setup = so_page_setup,
	.thread = so_load_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 2,
};

const struct chk_scenario scn_swapoff_load_sync = {
	.name = "swapoff-load-sync",
	.desc = "swapoff-load on a synchronous device: the fault reads the page into a new folio outside the cache, its slot claimed, and swapoff() does not read a claimed slot into the cache but goes round until the claim is given up (crash, data-loss, bookkeeping, liveness)",
	.nr_threads = 2,
	.thread_names = { "swapoff", "load" },
	.init = chk_mm_init,
	.setup = so_page_sync_setup,
	.thread = so_load_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 2,
};

const struct chk_scenario scn_swapoff_reclaim = {
	.name = "swapoff-reclaim",
	.desc = "swapoff() vs reclaim of a folded block not swapped out yet: once swapoff() has begun no slot is handed out (SWP_WRITEOK), so the block stays, or it went out before and comes back; no entry outlives the device (liveness, data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "swapoff", "reclaim" },
	.init = chk_mm_init,
	.setup = so_block_setup,
	.thread = so_reclaim_thread,
	.finish = so_reclaim_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};

const struct chk_scenario scn_swapoff_fork = {
	.name = "swapoff-fork",
	.desc = "swapoff() of a folded block's slots, shared with a child forked after the swap-out, vs the parent's store to the block and the child's load: swapped back in entry by entry, the pages come back shared, the store copies, and each block folds again (cow-isolation, data-loss, cont-block, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "swapoff", "parent-store", "child-load" },
	.init = chk_mm_init,
	.setup = so_fork_setup,
	.thread = so_fork_thread,
	.finish = so_fork_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};

const struct chk_scenario scn_swapoff_fork_exit = {
	.name = "swapoff-fork-exit",
	.desc = "swapoff() of a folded block's slots, shared with a child forked after the swap-out, vs the exit of the parent: the walk meets the idle child, and the grandchild it forked, on its list after the mm each was forked from, and steps from the parent only while it holds the parent, whose last put takes it off the list (crash, liveness, data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "swapoff", "exit" },
	.init = chk_mm_init,
	.setup = so_fork_exit_setup,
	.thread = so_exit_thread,
	.finish = so_fork_exit_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};
