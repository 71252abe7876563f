// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() of a folio two blocks long whose VMA ends in the middle of its
 * second block (MADV_DONTFORK of the last half block splits it off).
 * copy_present_ptes() batches the whole copied part, a block and a half,
 * so the child gets it from one set_ptes(): contpte_set_ptes() must fold
 * the first block and write the half block after it without PTE_CONT,
 * each chunk's bit decided afresh.  No other scenario maps a folio longer
 * than a block with one call that ends inside a block.  The parent
 * stores to the second block meanwhile, which fork() write-protects
 * (the half block at the batch's end unfolded first).
 * Asserted: no PTE_CONT on a partial block (cont-block), the child sees
 * the parent's pages as they were at fork() (cow-isolation), and every
 * machine and mm oracle.
 *
 * fork-big-folio-middle: the same with the first half block split off
 * too, so that the VMA fork() copies begins and ends inside a block and
 * is exactly a block long: its batch of CONT_PTES entries covers no
 * block whole, and wrprotect_ptes() must unfold both blocks however many
 * entries it is given (a count of a block's entries is not a block).
 *
 * fork-straddle: fork() of a VMA across a PTE table's end, a folded block
 * on each side, the first the table's last: copy_page_range() copies one
 * table's part at a time, and a batch from the first block's entries
 * must stop at that table's end, however far the VMA goes on
 * (copy_pte_range()'s end, pmd_addr_end()).  The child loads the first
 * block's last page, the parent stores to the second block.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FB_PAGES	(2 * (unsigned long)CONT_PTES)
#define FB_COPIED	(CONT_PTES + CONT_PTES / 2)

static struct {
	struct mm_model *parent, *child;
	bool forked;		/* fork() returned */
	struct chk_mm_store store;
	unsigned long load, store_page;	/* the child's, the parent's */
} fb;

static void fb_setup_shape(unsigned long at, unsigned int order)
{
	chk_mm_setup();
	fb.parent = mm_alloc();
	BUG_ON(!fb.parent);
	chk_mm_anon_map(fb.parent, at, FB_PAGES, order);
	fb.child = NULL;
	fb.forked = false;
}

static void fb_setup(void)
{
	fb_setup_shape(0, chk_cont_order() + 1);
	BUG_ON(do_madvise(fb.parent, chk_mm_va(FB_COPIED),
			  (FB_PAGES - FB_COPIED) << PAGE_SHIFT, MADV_DONTFORK));
	fb.load = FB_COPIED - 1;
	fb.store_page = CONT_PTES;
}

static void fb_setup_middle(void)
{
	fb_setup();
	BUG_ON(do_madvise(fb.parent, chk_mm_va(0),
			  (CONT_PTES / 2) << PAGE_SHIFT, MADV_DONTFORK));
}

static void fb_setup_straddle(void)
{
	fb_setup_shape(PTRS_PER_PTE - CONT_PTES, chk_cont_order());
	fb.load = PTRS_PER_PTE - 1;
	fb.store_page = PTRS_PER_PTE;
}

static void fb_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		fb.child = dup_mm(fb.parent);
		BUG_ON(!fb.child);
		chk_mm_mark(&fb.forked);
		user_load(fb.child, chk_mm_va(fb.load), &v);
		return;
	}
	chk_mm_store_until(&fb.store, fb.parent, chk_mm_va(fb.store_page),
			   0xb1, &fb.forked);
}

const struct chk_scenario scn_fork_big_folio = {
	.name = "fork-big-folio",
	.desc = "fork() of a two-block folio whose VMA ends inside its second block, one set_ptes() of a block and a half in the child, vs the parent's store (cont-block, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork-child", "parent-store" },
	.init = chk_mm_init,
	.setup = fb_setup,
	.thread = fb_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	/*
	 * The 64K granule's 32-entry block: fork()'s batch of a block and
	 * a half there is a whole number of 16 entries from an address on
	 * a 64K boundary, so a shortcut for "whole blocks" that tests the
	 * 4K granule's block size (64K, 16 entries) takes the half block
	 * at its end for a whole one.
	 */
	.also = (const char *const[]){ "granule=64k", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_fork_big_folio_middle = {
	.name = "fork-big-folio-middle",
	.desc = "fork-big-folio with the first half block split off too: fork() copies exactly a block's worth of entries from inside the first block to inside the second, and write-protects them with both blocks unfolded (cont-block, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork-child", "parent-store" },
	.init = chk_mm_init,
	.setup = fb_setup_middle,
	.thread = fb_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_fork_straddle = {
	.name = "fork-straddle",
	.desc = "fork() of a VMA across a PTE table's end, a folded block on each side, vs the parent's store: each table's part copied alone, no batch read past its table (bookkeeping, cont-block, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork-child", "parent-store" },
	.init = chk_mm_init,
	.setup = fb_setup_straddle,
	.thread = fb_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 40000,
	.bound = 1,
};
