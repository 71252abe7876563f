// SPDX-License-Identifier: GPL-2.0-only
/*
 * munmap() of a range one TLBI range operation cannot cover.  A range
 * operation (FEAT_TLBIRANGE) invalidates (NUM + 1) << (5 * SCALE + 1)
 * pages, so __flush_tlb_range_op() covers a range with one operation per
 * non-zero base-32 digit of its page pairs, each from where the last
 * ended.  MUW_BLOCKS folded blocks are 80 pages on the default machine
 * (40 pairs: 8 at scale 0, then 1 at scale 1), 160 with 64K pages: two
 * operations.  A block after them stays mapped, so that their PTE table
 * lives on.  A CPU loads from the last block of the range, which its TLB
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

#define MUW_BLOCKS	5
/* A page of the range's last block. */
#define MUW_PAGE	((MUW_BLOCKS - 1) * CONT_PTES + 1)

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
		BUG_ON(do_munmap(muw.mm, chk_mm_va(0),
				 MUW_BLOCKS * CONT_PTE_SIZE));
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
	.desc = "munmap() of five folded blocks, a range two TLBI range operations cover, vs a CPU that cached the last block and loads from it until munmap() returned, and once more: the flush covers the whole range (stale-tlb)",
	.nr_threads = 2,
	.thread_names = { "munmap", "cpu-load" },
	.init = chk_mm_init,
	.setup = muw_setup,
	.thread = muw_thread,
	.finish = muw_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
