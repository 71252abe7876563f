// SPDX-License-Identifier: GPL-2.0-only
/*
 * munmap() of a range one TLBI range operation cannot cover.  A range
 * operation (FEAT_TLBIRANGE) invalidates (NUM + 1) << (5 * SCALE + 1)
 * pages, so __flush_tlb_range_op() covers a range with a by-VA operation
 * for an odd page, then one range operation per non-zero base-32 digit of
 * its page pairs, each from where the last ended.  The range runs from
 * the second page of the first folded block to the end of the last, at
 * least 68 pages, whatever the block size: an odd count, whose pairs
 * (half the count less one, odd) take two digits, so three operations
 * (79 pages on the default machine: one page, 7 pairs at scale 0, 1 at
 * scale 1).  A block after them stays mapped, so that their PTE table
 * lives on.  A CPU loads from the range's last page, which its TLB
 * caches, then loads again until munmap() returned, and once more then.
 *
 * The bug class: a range flush that leaves part of its range, here the
 * last operation's, so that a translation of a freed frame outlives
 * munmap().  Asserted: the load after munmap() returned faults, and no
 * access reaches a freed frame (stale-tlb); every other mm and machine
 * oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

/* Blocks the range ends with: 68 pages or more. */
#define MUW_BLOCKS	(ALIGN(68, CONT_PTES) / CONT_PTES)
/* The range's last page: the last operation's. */
#define MUW_PAGE	(MUW_BLOCKS * CONT_PTES - 1)

static struct {
	struct mm_model *mm;
	bool gone;		/* munmap() returned */
	struct chk_mm_store load;
} muw;

static void muw_setup(void)
{
	chk_mm_setup();
	muw.mm = chk_mm_anon_blocks(MUW_BLOCKS + 1);
	muw.gone = false;
	/* The loading CPU's TLB holds the block's translation. */
	chk_mm_load_on(1, muw.mm, chk_mm_va(MUW_PAGE));
}

static void muw_thread(unsigned int t)
{
	if (t == 0) {
		BUG_ON(do_munmap(muw.mm, chk_mm_va(1),
				 MUW_PAGE << PAGE_SHIFT));
		chk_mm_mark(&muw.gone);
		return;
	}
	chk_mm_load_until(&muw.load, muw.mm, chk_mm_va(MUW_PAGE), &muw.gone);
}

static void muw_finish(void)
{
	if (chk_mm_check_denied(&muw.load, "munmap()", chk_mm_va(MUW_PAGE)))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_munmap_wide = {
	.name = "munmap-wide",
	.desc = "munmap() from the second page of a folded block to the end of another, 68 pages or more, a range three TLBI operations cover, vs a CPU that cached its last page and loads from it until munmap() returned, and once more: the flush covers the whole range (stale-tlb)",
	.nr_threads = 2,
	.thread_names = { "munmap", "cpu-load" },
	.init = chk_mm_init,
	.setup = muw_setup,
	.thread = muw_thread,
	.finish = muw_finish,
	.exit = chk_mm_exit,
	/*
	 * The 64K granule: 95 pages of 64K, whose operations each must
	 * start where the last ended in that granule's pages.
	 */
	.also = (const char *const[]){ "granule=64k", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
