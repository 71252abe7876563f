// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() of a MADV_FREEd folded block vs one store of the parent, which
 * stores to the page again once fork() returned.  If the hardware sets
 * the dirty bit between fork()'s read of the block and its write-protect,
 * the child's entries are built clean from the read, and the parent holds
 * the bit alone; its second store then takes a write fault, and
 * wp_page_copy() replaces that entry by a private copy.  Only the parent's
 * other entries of the folio can still say that the folio was written
 * since MADV_FREE: contpte_ptep_clear_flush() unfolds the block first,
 * and the unfold gathers the dirty bit into each of them.  A fork() that
 * copies entry by entry (copy_present_ptes() over page-sized entries, or
 * over a block it unfolded first) leaves the bit in the one entry the
 * fault drops, and reclaim discards the child's pages: the same race
 * without contpte.  Asserted: reclaim never discards a lazyfree folio
 * written since MADV_FREE (data-loss); the parent's page holds its last
 * store; every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MC_VALUE	0x3b5

static struct {
	struct mm_model *parent, *child;
	struct folio *folio;
	bool forked;		/* fork() returned */
	int ret;		/* the parent's last store */
	bool stored;		/* it returned */
} mc;

/* The page the parent stores to: not the block's first. */
static unsigned long mc_va(void)
{
	return chk_mm_va(1);
}

static void mc_setup(void)
{
	chk_mm_setup();
	mc.parent = chk_mm_lazyfree_block(&mc.folio);
	mc.child = NULL;
	mc.forked = false;
	mc.stored = false;
}

static void mc_thread(unsigned int t)
{
	if (t == 0) {
		mc.child = dup_mm(mc.parent);
		BUG_ON(!mc.child);
		chk_mm_mark(&mc.forked);
		return;
	}
	BUG_ON(user_store(mc.parent, mc_va(), MC_VALUE));
	chk_mm_wait(&mc.forked, &mc.forked, false);
	mc.ret = user_store(mc.parent, mc_va(), MC_VALUE + 1);
	mc.stored = true;
}

static void mc_finish(void)
{
	if (!chk_mm_stored(mc_va(), mc.ret))
		return;
	if (chk_mm_store_survives_reclaim(mc.parent, mc.folio, mc_va(),
					  mc.stored, MC_VALUE + 1))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_madv_free_fork_cow = {
	.name = "madv-free-fork-cow",
	.desc = "fork() of a MADV_FREEd folded block vs a store of the parent, which stores again after fork() and takes the copy on write, then reclaim: the dirty bit set between fork()'s read and its write-protect must outlive the entry the fault replaces (data-loss)",
	.nr_threads = 2,
	.thread_names = { "fork", "parent-store" },
	.init = chk_mm_init,
	.setup = mc_setup,
	.thread = mc_thread,
	.finish = mc_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};
