// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim's put-back of a lazyfree folio whose entries in one VMA differ
 * in write permission.  A folded block is MADV_FREEd; its first half is
 * made MADV_DONTFORK and the process forks, so the second half's entries
 * are write-protected and shared with the child while the first half's
 * stay writable and exclusive; MADV_DOFORK merges the halves back into
 * one VMA.  The parent stores to its first page, then to a page of the
 * shared half, while reclaim scans the folio: the store made it dirty, so
 * try_to_unmap() must put its entries back as they were.  A batch that
 * ignores write permission writes every entry back with the first one's
 * value (folio_unmap_pte_batch() before "mm/rmap: fix incorrect pte
 * restoration for lazyfree folios"): the shared half comes back writable,
 * and the parent's second store lands in a page the child maps.
 *
 * Asserted: no private store reaches a page another process maps, and no
 * writable entry maps a page that is not exclusive (cow-isolation); every
 * other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define LM_SHARED	(CONT_PTES - 1)
#define LM_VALUE	0x1f3e

static struct {
	struct mm_model *parent, *child;
	struct folio *folio;
} lm;

static void lm_setup(void)
{
	chk_mm_setup();
	lm.parent = chk_mm_lazyfree_block(&lm.folio);
	lm.child = chk_mm_fork_except(lm.parent, 0, CONT_PTES / 2);
}

static void lm_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == 0) {
		user_store(lm.parent, chk_mm_va(0), LM_VALUE);
		user_store(lm.parent, chk_mm_va(LM_SHARED), LM_VALUE + 1);
		return;
	}
	shrink_folio(lm.folio, &stats);
	shrink_folio(lm.folio, &stats);
}

const struct chk_scenario scn_lazyfree_mixed = {
	.name = "lazyfree-mixed",
	.desc = "reclaim of a lazyfree folio that a fork() of half its block left part writable, part shared, in one VMA (MADV_DONTFORK, then MADV_DOFORK), vs the parent's stores to each half: the put-back restores each entry's write permission (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "parent-store", "reclaim" },
	.init = chk_mm_init,
	.setup = lm_setup,
	.thread = lm_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
