// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect() beside a load, then reclaim's aging.  A folded block, aged
 * (its Access flags cleared, the flush done) and not referenced since; a
 * CPU loads from its last page, where the hardware sets the flag
 * (ad-policy=faulting: in the entry the walk read), while another makes
 * the block read-only; then the aging runs again.  change_pte_range() takes
 * the block with modify_prot_start_ptes(), whose value must gather the
 * Access flag of every entry of the batch, as it does the dirty state, and
 * writes the batch back from it: a value young only where the first entry
 * was makes the whole block old, and the folio, used since the last aging,
 * looks cold to the next.
 *
 * Asserted: the aging after mprotect() finds the folio referenced
 * (ad-contract); every mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define AM_PAGE		(CONT_PTES - 1)	/* not the first: the gather must reach it */

static struct {
	struct mm_model *mm;
	struct folio *folio;
} am;

static void am_setup(void)
{
	chk_mm_setup();
	am.mm = chk_mm_anon_blocks(1);
	am.folio = page_folio(chk_mm_page(am.mm, chk_mm_va(0)));
	chk_mm_age(am.mm, am.folio);
	folio_clear(am.folio, PG_referenced);
}

static void am_thread(unsigned int t)
{
	u64 v;

	if (t == 0)
		BUG_ON(user_load(am.mm, chk_mm_va(AM_PAGE), &v));
	else
		BUG_ON(do_mprotect(am.mm, chk_mm_va(0), CONT_PTE_SIZE,
				   VM_READ));
}

static void am_finish(void)
{
	if (!folio_referenced(am.folio, false)) {
		chk_fail(CHK_AD_CONTRACT,
			 "the aging after mprotect() finds the folio loaded from since the last aging unreferenced: the Access flag of page %lu was lost",
			 (unsigned long)AM_PAGE);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_age_mprotect = {
	.name = "age-mprotect",
	.desc = "a load from an aged folded block vs mprotect(PROT_READ) of the block, then reclaim's aging: modify_prot_start_ptes() gathers the Access flag of every entry of its batch (ad-contract)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "mprotect" },
	.init = chk_mm_init,
	.setup = am_setup,
	.thread = am_thread,
	.finish = am_finish,
	.exit = chk_mm_exit,
	/* The Access flag lands in the entry the load walked. */
	.hw = (const char *const[]){ "ad-policy=faulting", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
