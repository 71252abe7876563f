// SPDX-License-Identifier: GPL-2.0-only
/*
 * An access to a folded block made old, then an unfold of the block
 * before reclaim's aging: mprotect(PROT_READ) of the block's last page.
 * MADV_FREE made it old, as an aging would, and clean too, so the load
 * leaves an Access flag in the entry it used, the first, and no entry
 * dirty.  contpte_convert() rewrites every entry of the block, so the
 * flag survives only if it gathers the access state of the entries it
 * clears, and from their access state: a block still dirty from the
 * stores that populated it would hide a gathering that takes young from
 * the dirty state.  The aging must then find the folio referenced, or
 * reclaim takes a page in use for one nobody touched.  The ad-contract
 * oracle lets software take what the hardware set (an unfold is a
 * software write of every entry), so this scenario asks reclaim's own
 * question.
 * Asserted: folio_referenced() after the unfold reports the access
 * (ad-contract), and every machine and mm oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	struct folio *folio;
} au;

static void au_setup(void)
{
	chk_mm_setup();
	/* Old and clean: clear_young_dirty_ptes() of the whole block. */
	au.mm = chk_mm_lazyfree_block(&au.folio);
}

static void au_thread(unsigned int t)
{
	u64 v;

	BUG_ON(user_load(au.mm, chk_mm_va(0), &v));
	BUG_ON(do_mprotect(au.mm, chk_mm_va(CONT_PTES - 1), PAGE_SIZE,
			   VM_READ));
	if (!folio_referenced(au.folio, false))
		chk_fail(CHK_AD_CONTRACT,
			 "reclaim's aging of a folio loaded from since the last aging finds it unreferenced after an unfold of its block");
}

const struct chk_scenario scn_age_unfold = {
	.name = "age-unfold",
	.desc = "a load from a MADV_FREEd (old, clean) folded block, an mprotect() of its last page that unfolds it, then reclaim's aging: the access is still seen (ad-contract)",
	.nr_threads = 1,
	.thread_names = { "cpu" },
	.init = chk_mm_init,
	.setup = au_setup,
	.thread = au_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	/* The Access flag lands in the entry the load walked. */
	.hw = (const char *const[]){ "ad-policy=faulting", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
