// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault-around at the end of a VMA that maps a file only in part.  A
 * regular file of two blocks is cached in folios of half a block; a
 * shared mapping covers its first block and a half, so the last
 * fault-around window (64K, a block on 4K pages) runs half a block past
 * the VMA's end, over pages the page cache holds.  A load at the VMA's
 * last page maps around it (do_fault_around(): the window clipped to the
 * VMA at both ends, and to the table), while a store to its first page
 * dirties the folio there and a second load faults in the middle.
 *
 * The bug class: fault-around mapping cached pages beyond the VMA, into
 * entries no VMA covers (bookkeeping, through the end-of-run sweep; a
 * table freed with entries left), or over what was mapped meanwhile;
 * every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FE_FILE_PAGES	(2 * CONT_PTES)
#define FE_VMA_PAGES	(CONT_PTES + CONT_PTES / 2)

static struct {
	struct address_space file;
	struct mm_model *mm;
} fe;

static void fe_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&fe.file, FE_FILE_PAGES, chk_cont_order() - 1);
	fe.mm = chk_mm_file_mm(&fe.file, FE_VMA_PAGES, 0);
}

static void fe_thread(unsigned int t)
{
	u64 v;

	switch (t) {
	case 0:
		BUG_ON(user_load(fe.mm, chk_mm_va(FE_VMA_PAGES - 1), &v));
		break;
	case 1:
		BUG_ON(user_store(fe.mm, chk_mm_va(0), 0xfe));
		break;
	default:
		BUG_ON(user_load(fe.mm, chk_mm_va(CONT_PTES), &v));
		break;
	}
}

static void fe_finish(void)
{
	chk_mm_finish(&fe.file);
}

const struct chk_scenario scn_fault_around_end = {
	.name = "fault-around-end",
	.desc = "fault-around at the end of a VMA that maps a cached file in part, vs a store and a load elsewhere in it: the window clipped to the VMA (bookkeeping, cont-block)",
	.nr_threads = 3,
	.thread_names = { "cpu-load", "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = fe_setup,
	.thread = fe_thread,
	.finish = fe_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
