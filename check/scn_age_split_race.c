// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim's aging of a folio of two folded blocks split between two VMAs
 * (MADV_DONTFORK of the first block's first half) vs a load from that
 * first half, on a machine whose TLB caches a contiguous entry page by
 * page.  The load may come between the rmap walks of the two VMAs: the
 * walk of the first VMA found nothing young, the walk of the second, a
 * young batch that starts inside the first block and covers the second,
 * is widened to both blocks (contpte_align_addr_ptep()) and so clears
 * the Access flag the load set in the first half.  Its
 * invalidation must cover the entries it cleared, or the load's cached
 * translation outlives the aging, young, and the next load through it
 * sets no flag: the next aging takes a folio in use for one nobody
 * touched.  The aging waits for its invalidations (a DSB), as the next
 * context switch would; the load's CPU then loads again.
 * Asserted: an aging after that load finds the folio referenced
 * (ad-contract), and every machine and mm oracle.
 */
#include <asm/barrier.h>

#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	struct folio *folio;
} asr;

static void asr_setup(void)
{
	chk_mm_setup();
	asr.mm = mm_alloc();
	BUG_ON(!asr.mm);
	chk_mm_anon_map(asr.mm, 0, 2 * CONT_PTES, chk_cont_order() + 1);
	BUG_ON(do_madvise(asr.mm, chk_mm_va(0),
			  (CONT_PTES / 2) << PAGE_SHIFT, MADV_DONTFORK));
	asr.folio = page_folio(chk_mm_page(asr.mm, chk_mm_va(0)));
	chk_mm_age(asr.mm, asr.folio);
}

static void asr_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		folio_referenced(asr.folio, false);
		dsb(ish);
		return;
	}
	BUG_ON(user_load(asr.mm, chk_mm_va(0), &v));
}

/* Both threads ended: the aging completed, its invalidations too. */
static void asr_finish(void)
{
	chk_mm_load_on(1, asr.mm, chk_mm_va(0));
	if (!folio_referenced(asr.folio, false)) {
		chk_fail(CHK_AD_CONTRACT,
			 "reclaim's aging of a folio loaded from after the last aging completed finds it unreferenced: a translation cached during that aging outlived its flush");
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_age_split_race = {
	.name = "age-split-race",
	.desc = "reclaim aging of a folio of two folded blocks split between two VMAs inside the first vs a load from its first half, on a page-granular TLB: the walk that clears the load's Access flag invalidates its translation (ad-contract)",
	.nr_threads = 2,
	.thread_names = { "aging", "cpu-load" },
	.init = chk_mm_init,
	.setup = asr_setup,
	.thread = asr_thread,
	.finish = asr_finish,
	.exit = chk_mm_exit,
	/* Each page of the block cached alone; A/D where the walk went. */
	.hw = (const char *const[]){ "contig-fill=ignore", "ad-policy=faulting",
				     NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
