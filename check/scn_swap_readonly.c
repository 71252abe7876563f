// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swap-in into a range made read-only while it was swapped out.  A folded
 * anonymous block, exclusive to its process, swapped out whole (its
 * entries PTE_SWP_EXCLUSIVE, its folio left in the swap cache), then
 * mprotect(PROT_READ): mprotect() leaves swap entries as they are,
 * exclusive bit included.  Two CPUs load from the block, which maps the
 * cached folio back (do_swap_page()), and then one stores to it.  An
 * exclusive page may come back writable only where the VMA allows it
 * (maybe_mkwrite(): VM_WRITE), as every one of the catalogue's other
 * exclusive swap-ins is into a writable VMA.
 *
 * Asserted: the store takes SIGSEGV (permission: a store that completes
 * in a VMA without VM_WRITE); at the end no entry of the read-only VMA is
 * writable (permission, the end-of-run sweep); every other mm and
 * machine oracle.
 *
 * swap-readonly-sync: the block swapped out whole to a synchronous device
 * (written and freed in one pass, nothing cached), then mprotect(PROT_READ)
 * of its upper half, which splits the VMA inside the block.  One CPU loads
 * the block's first page: every entry of the block is still the swap
 * entry of its consecutive slot, but a folio read bypassing the cache may
 * be only as large as fits in the faulting VMA (alloc_swap_folio(),
 * thp_vma_suitable_order()), half a block here, mapped writable; the
 * other CPU loads the upper half's last page, which reads the other half
 * read-only, and stores to it.  A folio read whole would map the
 * read-only half with the lower VMA's protection, and folded.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SR_PAGE		(CONT_PTES - 1)

static struct mm_model *sr_mm;
static int sr_ret;

static void sr_setup(void)
{
	chk_mm_setup();
	sr_mm = chk_mm_swapped_block(2 * CONT_PTES, 0);
	BUG_ON(do_mprotect(sr_mm, chk_mm_va(0), CONT_PTE_SIZE, VM_READ));
}

static void sr_thread(unsigned int t)
{
	u64 v;

	user_load(sr_mm, chk_mm_va(t ? SR_PAGE : 0), &v);
	if (t)
		user_store(sr_mm, chk_mm_va(SR_PAGE), 0x5e0);
}

const struct chk_scenario scn_swap_readonly = {
	.name = "swap-readonly",
	.desc = "loads that swap a folded block back into a range mprotect() made read-only while it was out, its swap entries still exclusive, then a store: the page comes back read-only, and the store faults (permission)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-load-store" },
	.init = chk_mm_init,
	.setup = sr_setup,
	.thread = sr_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

static void sr_sync_setup(void)
{
	chk_mm_setup();
	sr_mm = chk_mm_swapped_block(2 * CONT_PTES, SWP_SYNCHRONOUS_IO);
	BUG_ON(do_mprotect(sr_mm, chk_mm_va(CONT_PTES / 2), CONT_PTE_SIZE / 2,
			   VM_READ));
	sr_ret = -1;
}

static void sr_sync_thread(unsigned int t)
{
	u64 v;

	if (!t) {
		sr_ret = user_load(sr_mm, chk_mm_va(0), &v);
		return;
	}
	user_load(sr_mm, chk_mm_va(SR_PAGE), &v);
	user_store(sr_mm, chk_mm_va(SR_PAGE), 0x5e1);
}

static void sr_sync_finish(void)
{
	if (sr_ret) {
		chk_fail(CHK_LIVENESS, "the load at %#lx failed (%d)",
			 chk_mm_va(0), sr_ret);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_readonly_sync = {
	.name = "swap-readonly-sync",
	.desc = "a block swapped out whole to a synchronous device, its upper half made read-only by mprotect() (splitting the VMA inside the block), then loads in both halves and a store to the upper: the folio each fault reads lies in its VMA, and the store faults (permission)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-load-store" },
	.init = chk_mm_init,
	.setup = sr_sync_setup,
	.thread = sr_sync_thread,
	.finish = sr_sync_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
