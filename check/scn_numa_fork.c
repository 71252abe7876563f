// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() of a block NUMA hinting made PROT_NONE, vs the parent's access
 * that faults it back (do_numa_page(): the rebuild makes an entry
 * writable at once only if its page is exclusive,
 * can_change_pte_writable()); the parent stores and the child reads once
 * both are done.
 *
 * The bug class: a page fork() shared made writable (cow-isolation).
 * Every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define NF_PAGE		(CONT_PTES - 1)
#define NF_VALUE	0x7e57

static struct {
	struct mm_model *mm, *child;
} nf;

static void nf_setup(void)
{
	chk_mm_setup();
	nf.mm = chk_mm_anon_blocks(1);
	nf.child = NULL;
	task_numa_work(nf.mm, chk_mm_va(0), chk_mm_va(CONT_PTES));
	/* Complete the scan's flush, as a context switch would. */
	flush_tlb_mm(&nf.mm->mm);
}

static void nf_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		nf.child = dup_mm(nf.mm);
		BUG_ON(!nf.child);
		return;
	}
	BUG_ON(user_load(nf.mm, chk_mm_va(NF_PAGE), &v));
}

static void nf_finish(void)
{
	u64 v;

	if (user_store(nf.mm, chk_mm_va(NF_PAGE), NF_VALUE) ||
	    user_load(nf.child, chk_mm_va(NF_PAGE), &v)) {
		chk_fail(CHK_LIVENESS, "an access after fork() failed");
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_numa_fork = {
	.name = "numa-fork",
	.desc = "fork() of a block NUMA hinting made PROT_NONE vs the parent's hinting fault, then the parent's store and the child's load: the rebuild makes only exclusive pages writable (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork", "cpu-load" },
	.init = chk_mm_init,
	.setup = nf_setup,
	.thread = nf_thread,
	.finish = nf_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
