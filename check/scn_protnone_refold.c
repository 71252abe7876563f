// SPDX-License-Identifier: GPL-2.0-only
/*
 * No fold of PROT_NONE entries.  mprotect(PROT_NONE) of a folded block but
 * its last page unfolds it (a partial batch) and makes those entries
 * present but invalid; mprotect(PROT_NONE) of the last page then writes
 * that entry alone (set_ptes() of one entry), which would fold the block
 * at its last entry if every entry matched: contpte_try_fold() must leave
 * entries that are not valid alone, since pte_mkcont() also sets the
 * descriptor's type bits and would make them valid, mapped for EL1 but
 * not EL0, no longer pte_protnone().  mprotect() read-write of the block
 * then writes it back whole (set_ptes() of the block), which folds it.  A
 * user thread stores to the block until the mprotect() calls are done,
 * and once more.  Asserted: a block with PTE_CONT is whole, valid and
 * accessible to EL0 when its PTL is released (cont-block); no store
 * completes where the VMA denies it once mprotect() returned
 * (permission); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	bool done;		/* the mprotect() calls returned */
	struct chk_mm_store store;
} pn;

static unsigned long pn_last(void)
{
	return CONT_PTES - 1;
}

static void pn_setup(void)
{
	chk_mm_setup();
	pn.mm = chk_mm_anon_blocks(1);
	pn.done = false;
}

static void pn_mprotect(void)
{
	do_mprotect(pn.mm, chk_mm_va(0), pn_last() * PAGE_SIZE, 0);
	do_mprotect(pn.mm, chk_mm_va(pn_last()), PAGE_SIZE, 0);
	do_mprotect(pn.mm, chk_mm_va(0), CONT_PTES * PAGE_SIZE,
		    VM_READ | VM_WRITE);
	chk_mm_mark(&pn.done);
}

static void pn_thread(unsigned int t)
{
	if (t == 0)
		pn_mprotect();
	else
		chk_mm_store_until(&pn.store, pn.mm, chk_mm_va(pn_last()),
				   0x9a0e, &pn.done);
}

const struct chk_scenario scn_protnone_refold = {
	.name = "protnone-refold",
	.desc = "mprotect(PROT_NONE) of a folded block but its last page, then of that page alone, then read-write again: PROT_NONE entries must never fold (cont-block, permission)",
	.nr_threads = 2,
	.thread_names = { "mprotect", "cpu-store" },
	.init = chk_mm_init,
	.setup = pn_setup,
	.thread = pn_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 5000,
	.bound = 1,
};
