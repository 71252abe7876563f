// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() of one entry of a MADV_FREEd folded block.  MADV_DONTFORK of the
 * block's other pages splits the VMA without touching the entries, so
 * fork() copies the block's first page alone: copy_present_ptes() has a
 * batch of one, and wrprotect_ptes(nr == 1) unfolds the block before it
 * write-protects the entry.  Meanwhile a thread of the parent stores to
 * that page once: a store that lands after the unfold, through the now
 * page-sized, writable but clean entry, leaves its dirty bit in that entry
 * alone, and the write-protect must keep it (___ptep_set_wrprotect()'s
 * exchange loop), since after MADV_FREE it is all that tells reclaim the
 * page was written.  Reclaim then scans the folio twice.  Asserted: the
 * parent's page holds its store after reclaim (data-loss); the child
 * reads what the page held at fork() (cow-isolation); every other mm and
 * machine oracle.
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define MO_VALUE	0x3b1

static struct {
	struct mm_model *parent, *child;
	struct folio *folio;
	int ret;		/* the parent's store */
	bool stored;		/* it returned */
} mo;

static void mo_setup(void)
{
	chk_mm_setup();
	mo.parent = chk_mm_lazyfree_block(&mo.folio);
	BUG_ON(do_madvise(mo.parent, chk_mm_va(1),
			  (CONT_PTES - 1) << PAGE_SHIFT, MADV_DONTFORK));
	mo.child = NULL;
	mo.stored = false;
}

static void mo_thread(unsigned int t)
{
	if (t == 0) {
		mo.child = dup_mm(mo.parent);
		BUG_ON(!mo.child);
		return;
	}
	mo.ret = user_store(mo.parent, chk_mm_va(0), MO_VALUE);
	mo.stored = true;
}

static void mo_finish(void)
{
	if (mo.stored && !chk_mm_stored(chk_mm_va(0), mo.ret))
		return;
	if (chk_mm_store_survives_reclaim(mo.parent, mo.folio, chk_mm_va(0),
					  mo.stored, MO_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_madv_free_fork_one = {
	.name = "madv-free-fork-one",
	.desc = "fork() of the one page of a MADV_FREEd folded block that MADV_DONTFORK left it, vs a store of the parent to that page, then reclaim: the hardware dirty bit of a store after the unfold survives the write-protect (data-loss, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork", "parent-store" },
	.init = chk_mm_init,
	.setup = mo_setup,
	.thread = mo_thread,
	.finish = mo_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};
