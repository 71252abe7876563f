// SPDX-License-Identifier: GPL-2.0-only
/*
 * NUMA hinting of a folded block half of which mprotect(PROT_NONE) made a
 * VMA of its own: the scan makes the other VMA's entries PROT_NONE too
 * (the inaccessible one is not scanned), and a load from the accessible
 * half faults into do_numa_page(), which rebuilds every PROT_NONE entry
 * of the folio within the faulting VMA and its PTE table
 * (numa_rebuild_large_mapping()).  The inaccessible VMA's entries are
 * PROT_NONE entries of the same folio: a rebuild not clipped to the
 * faulting VMA at the end that meets them gives them its protection.
 * numa-protnone makes the second half inaccessible, so the rebuild's clip
 * to the VMA's end is tested; numa-protnone-first the first half, for
 * the clip to its start.  The loading CPU then loads from the
 * inaccessible half, which must fault.
 *
 * The bug class: an entry made accessible, or writable, in a VMA that
 * allows no access (permission: the load completes, or the end-of-run
 * sweep finds the entry writable); a block folded over entries of two
 * protections (cont-block).  Every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	unsigned long none;	/* the first page of the PROT_NONE half */
	unsigned long load;	/* the page the rebuild's load is from */
	bool scanned;
} np;

static void np_map(unsigned long none, unsigned long load)
{
	chk_mm_setup();
	np.mm = chk_mm_anon_blocks(1);
	BUG_ON(do_mprotect(np.mm, chk_mm_va(none), CONT_PTE_SIZE / 2, 0));
	np.none = none;
	np.load = load;
	np.scanned = false;
}

static void np_setup(void)
{
	np_map(CONT_PTES / 2, 0);
}

static void np_first_setup(void)
{
	np_map(0, CONT_PTES - 1);
}

static void np_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		task_numa_work(np.mm, chk_mm_va(0), chk_mm_va(CONT_PTES));
		chk_mm_mark(&np.scanned);
		return;
	}
	chk_mm_wait(&np.scanned, &np.scanned, true);
	BUG_ON(user_load(np.mm, chk_mm_va(np.load), &v));
	/* PROT_NONE: SIGSEGV, whatever the rebuild did. */
	user_load(np.mm, chk_mm_va(np.none), &v);
}

const struct chk_scenario scn_numa_protnone = {
	.name = "numa-protnone",
	.desc = "NUMA hinting of a folded block whose second half mprotect(PROT_NONE) made a VMA of its own, then loads from both halves: the rebuild stays within the faulting VMA (permission, cont-block)",
	.nr_threads = 2,
	.thread_names = { "numa-scan", "cpu-load" },
	.init = chk_mm_init,
	.setup = np_setup,
	.thread = np_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_numa_protnone_first = {
	.name = "numa-protnone-first",
	.desc = "the same with the first half PROT_NONE, loads from the second half first: the rebuild stays within the faulting VMA at its start (permission, cont-block)",
	.nr_threads = 2,
	.thread_names = { "numa-scan", "cpu-load" },
	.init = chk_mm_init,
	.setup = np_first_setup,
	.thread = np_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
