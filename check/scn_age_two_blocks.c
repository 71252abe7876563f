// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim's aging of a folio of two folded blocks, one batch of both
 * (clear_flush_young_ptes() of 2 * CONT_PTES entries), after a load
 * from the second block alone.  The aging finds the folio young, so it
 * must invalidate every entry it made old: the whole batch, in pages
 * (contpte_clear_flush_young_ptes()).  A flush that stops at the first
 * block's end leaves the load's translation cached, young, and the next
 * load through it sets no Access flag: the next aging takes a folio in
 * use for one nobody touched.
 * Asserted: each aging finds the load before it (ad-contract), and
 * every machine and mm oracle.
 *
 * Also on CPUs that manage neither the Access flag nor the dirty state
 * in hardware (ha=0, no FEAT_HAFDBS): the
 * load's Access flag comes from an access-flag fault, and a translation
 * the TLB cached young is used as surely, so the aging's flush is needed
 * as much.
 */
#include <asm/barrier.h>

#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	struct folio *folio;
} atb;

static void atb_setup(void)
{
	chk_mm_setup();
	atb.mm = mm_alloc();
	BUG_ON(!atb.mm);
	chk_mm_anon_map(atb.mm, 0, 2 * CONT_PTES, chk_cont_order() + 1);
	atb.folio = page_folio(chk_mm_page(atb.mm, chk_mm_va(0)));
	chk_mm_age(atb.mm, atb.folio);
}

static void atb_thread(unsigned int t)
{
	unsigned int pass;
	u64 v;

	for (pass = 0; pass < 2; pass++) {
		BUG_ON(user_load(atb.mm, chk_mm_va(CONT_PTES + 1), &v));
		if (!folio_referenced(atb.folio, false)) {
			chk_fail(CHK_AD_CONTRACT,
				 "reclaim's aging of a folio of two blocks, loaded from in its second since the last aging, finds it unreferenced (pass %u): that aging's flush left the translation cached",
				 pass);
			return;
		}
		/* The aging's invalidation completes, as at a context switch. */
		dsb(ish);
	}
}

const struct chk_scenario scn_age_two_blocks = {
	.name = "age-two-blocks",
	.desc = "reclaim aging of a folio of two folded blocks in one batch, twice, each after a load from the second block: the flush covers both blocks (ad-contract)",
	.nr_threads = 1,
	.thread_names = { "cpu" },
	.init = chk_mm_init,
	.setup = atb_setup,
	.thread = atb_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	/*
	 * The Access flag set by a fault, in the entry that faulted: the
	 * search is of where the TLB caches, not of where the flag lands.
	 */
	.hw = (const char *const[]){ "ad-policy=faulting", NULL },
	.also = CHK_ALSO_NO_HW_AF,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
