// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two blocks whose folios lie next to each other in memory: the first
 * MADV_DONTFORK and swapped out, its folio still in the swap cache, the
 * second forked.  fork() leaves the first VMA alone, so its swap entries
 * keep PTE_SWP_EXCLUSIVE, while the second block's pages become shared
 * with the child.  The parent loads the first block, which swaps its
 * folio in whole from the cache, exclusive (do_swap_page():
 * folio_add_anon_rmap_ptes() with RMAP_EXCLUSIVE marks each page it
 * maps), then stores to the second block's first page.
 *
 * The bug class: exclusivity given to pages a restore does not map, one
 * past the folio (the frame of the next folio, which the buddy allocator
 * handed out right after it), so that a page shared with the child is
 * PageAnonExclusive: the parent's write fault reuses it in place, and
 * its store reaches a frame the child maps (cow-isolation), or the
 * end-of-run sweep finds a PageAnonExclusive page two address spaces map;
 * every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FN_VALUE	0x6e0

static struct mm_model *fn_parent;

static void fn_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(4 * CONT_PTES, 0));
	fn_parent = chk_mm_anon_blocks(2);
	BUG_ON(do_madvise(fn_parent, chk_mm_va(0), CONT_PTES << PAGE_SHIFT,
			  MADV_DONTFORK));
	/* The buddy allocator gave the second folio the frames after it. */
	BUG_ON(page_to_pfn(chk_mm_page(fn_parent, chk_mm_va(0))) + CONT_PTES !=
	       page_to_pfn(chk_mm_page(fn_parent, chk_mm_va(CONT_PTES))));
	chk_mm_swap_block_out(fn_parent, chk_mm_va(0), true);
}

static void fn_thread(unsigned int t)
{
	u64 v;

	if (t == 1) {
		if (user_load(fn_parent, chk_mm_va(0), &v))
			chk_fail(CHK_LIVENESS, "the parent's load of its swapped-out block failed");
		if (user_store(fn_parent, chk_mm_va(CONT_PTES), FN_VALUE))
			chk_fail(CHK_LIVENESS, "the parent's store to its forked block failed");
		return;
	}
	BUG_ON(!dup_mm(fn_parent));
}

const struct chk_scenario scn_fork_swap_neighbour = {
	.name = "fork-swap-neighbour",
	.desc = "a MADV_DONTFORK block swapped out, its folio cached, next in memory to a forked one: the parent's swap-in of the first, exclusive, and a store to the second vs fork() (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork", "parent-swap-in" },
	.init = chk_mm_init,
	.setup = fn_setup,
	.thread = fn_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
