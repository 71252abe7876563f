// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swap-in of a cached large folio whose swap entries disagree about
 * exclusivity.  A folded block is swapped out, its folio left in the swap
 * cache, every entry a swap entry with PTE_SWP_EXCLUSIVE.  Its first half
 * is made MADV_DONTFORK and the process forks: copy_nonpresent_pte() takes
 * the exclusive bit off the second half's entries only (the child shares
 * those pages), and MADV_DOFORK merges the halves back into one VMA.  The
 * parent then stores to a page of the exclusive half: do_swap_page() may
 * map the whole cached folio with one set_ptes() only over a run of
 * entries swap_pte_batch() found alike, exclusive bit included, because it
 * takes the exclusivity, and so the write permission, from the faulting
 * entry for all of them.  The parent then stores to the last page, in the
 * shared half, and the child loads it after.
 *
 * The bug class: a swap entry's own bits (PTE_SWP_EXCLUSIVE, uffd-wp)
 * ignored by a batch that treats the run as one, so that a page the child
 * shares is mapped writable and exclusive in the parent; the parent's
 * store reaches the child (cow-isolation), or the end-of-run sweep finds an
 * exclusive page mapped twice.  Every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SM_EXCLUSIVE	1
#define SM_SHARED	(CONT_PTES - 1)
#define SM_VALUE	0x5e1

static struct {
	struct mm_model *parent, *child;
	bool stored;		/* the parent's stores returned */
} sm;

static void sm_setup(void)
{
	chk_mm_setup();
	sm.parent = chk_mm_swapped_block(4 * CONT_PTES, 0);
	sm.child = chk_mm_fork_except(sm.parent, 0, CONT_PTES / 2);
	sm.stored = false;
}

static void sm_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		user_store(sm.parent, chk_mm_va(SM_EXCLUSIVE), SM_VALUE);
		user_store(sm.parent, chk_mm_va(SM_SHARED), SM_VALUE + 1);
		chk_mm_mark(&sm.stored);
		return;
	}
	chk_mm_wait(&sm.stored, &sm.stored, true);
	user_load(sm.child, chk_mm_va(SM_SHARED), &v);
}

const struct chk_scenario scn_swap_mixed = {
	.name = "swap-in-mixed",
	.desc = "swap-in of a cached folio whose swap entries a fork() of half its block left part exclusive, part shared, in one VMA (MADV_DONTFORK, then MADV_DOFORK), vs the child's load of a shared page: the batch stops where exclusivity changes (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "parent-store", "child-load" },
	.init = chk_mm_init,
	.setup = sm_setup,
	.thread = sm_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
