// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fold on a machine with FEAT_BBML2 that may still raise a TLB conflict
 * abort (bbm=2, not on Linux's BBML2_NOABORT list).  A CPU caches a page
 * entry of a block whose last page is not mapped yet; another CPU's fault
 * maps that page, and set_ptes() folds the block (contpte_convert()).
 * The first CPU then loads a sibling (a walk that may fill a block-sized
 * entry) and the page it cached.  The TLBI between break and make may be
 * skipped only on BBML2_NOABORT: here the old page entry and the new
 * block entry may meet in one lookup, a conflict abort (tlb-conflict).
 * Also on the 16K granule, whose 128-entry block is the first whose
 * invalidation needs a range TLBI above scale 0 (64 pages or more): a
 * fold whose TLBI misses the block meets the same conflict.
 */
#include "access.h"
#include "scenarios.h"
#include "world.h"

static void setup_partial_block(void)
{
	struct folio *folio;
	pte_t pte;

	chk_world_setup();
	folio = prep_folio(pfn_to_page(chk_block_pfn(0)),
			   CONFIG_ARM64_CONT_PTE_SHIFT);
	pte = pte_mkyoung(pfn_pte(folio_pfn(folio), PAGE_SHARED));
	set_ptes(&chk_w.mm, chk_va(0), chk_ptep(0), pte, CONT_PTES - 1);
}

/* The fault that maps the block's last page: set_ptes() folds. */
static void map_last(void)
{
	unsigned long last = CONT_PTES - 1;
	pte_t pte;

	pte = pte_mkyoung(pfn_pte(chk_block_pfn(0) + last, PAGE_SHARED));
	spin_lock(&chk_w.ptl);
	set_ptes(&chk_w.mm, chk_va(last), chk_ptep(last), pte, 1);
	spin_unlock(&chk_w.ptl);
	chk_access(last, false);
}

static void fold_conflict_thread(unsigned int t)
{
	if (t == 0) {
		chk_access(0, false);
		chk_access(1, false);
		chk_access(0, false);
	} else {
		map_last();
	}
}

const struct chk_scenario scn_fold_conflict = {
	.name = "fold-conflict",
	.desc = "a fold on a BBML2 machine that may abort: the TLBI between break and make stays (tlb-conflict)",
	.nr_threads = 2,
	.thread_names = { "loads", "fault-last" },
	.init = chk_world_init,
	.setup = setup_partial_block,
	.thread = fold_conflict_thread,
	.exit = chk_world_exit,
	/* FEAT_BBML2 without the no-abort guarantee. */
	.hw = (const char *const[]){ "bbm=2", NULL },
	/* A 16K granule's 128-entry block: the fold's TLBI needs scale 1. */
	.also = (const char *const[]){ "granule=16k", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 1,
};
