// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fault path's lockless read and PTL recheck on hardware without
 * access-flag or dirty management (David Hildenbrand's review of the
 * "mm: Introduce ptep_get_lockless_norecency()" RFC, Feb 2024): a read
 * fault and a write fault race on an old, clean entry of a folded block
 * that MADV_FREE made so.  The write fault's dirty bit is the only record
 * of the store (the folio is lazyfree): if the read fault's recheck
 * ignores access and dirty state and its ptep_set_access_flags()
 * overwrites the entry, the dirty bit is lost and reclaim discards the
 * store (data-loss).
 */
#include "mmworld.h"
#include "scenarios.h"

#define FN_VALUE	0x5eed

static struct {
	struct mm_model *mm;
	struct folio *folio;
	int ret;		/* the store */
} fs;

static void fault_setup(void)
{
	chk_mm_setup();
	fs.mm = chk_mm_lazyfree_block(&fs.folio);
	fs.ret = -1;
}

static void fault_thread(unsigned int t)
{
	u64 v;

	if (t == 0)
		user_load(fs.mm, chk_mm_va(0), &v);
	else
		fs.ret = user_store(fs.mm, chk_mm_va(0), FN_VALUE);
}

static void fault_finish(void)
{
	if (chk_mm_stored(chk_mm_va(0), fs.ret) &&
	    chk_mm_store_survives_reclaim(fs.mm, fs.folio, chk_mm_va(0), true,
					  FN_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_fault_no_hw_dirty = {
	.name = "fault-no-hw-dirty",
	.desc = "read and write faults race on an old, clean (MADV_FREEd) entry without hardware A/D; the write's dirty bit must survive the read fault's update (data-loss)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-store" },
	.init = chk_mm_init,
	.setup = fault_setup,
	.thread = fault_thread,
	.finish = fault_finish,
	.exit = chk_mm_exit,
	/* Dirty and young set by the fault handler alone. */
	.hw = (const char *const[]){ "ha=0", "hd=0", NULL },
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
