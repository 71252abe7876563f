// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim's aging of a folded block split among three VMAs (MADV_DONTFORK
 * of its first entry and of its second half leaves it folded), after
 * loads from both ends on a machine whose TLB caches a contiguous entry
 * page by page.  The rmap walk of the first VMA it meets clears the
 * Access flag over the whole block: a batch of one entry of a folded
 * block through ptep_clear_flush_young(), the others through
 * contpte_clear_flush_young_ptes(), each widened to the block.  So the
 * walks of the other VMAs find nothing young and flush nothing: the
 * first walk's invalidation must cover the whole block too, or the
 * other VMAs' cached entries, still young, let the next loads through
 * without setting the flag, and the next aging takes a folio in use for
 * one nobody touched.  A DSB after the aging waits for its invalidations,
 * as the next context switch would.  On a second machine the hardware
 * puts every Access flag in the block's first entry, which lies in the
 * single-entry VMA: then that VMA's aging is the only one to find the
 * loads of the others, through ptep_clear_flush_young() of one entry.
 * Asserted: every aging finds the folio referenced (ad-contract), and
 * every machine and mm oracle.
 */
#include <asm/barrier.h>

#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	struct folio *folio;
} asf;

static void asf_setup(void)
{
	chk_mm_setup();
	asf.mm = chk_mm_anon_blocks(1);
	BUG_ON(do_madvise(asf.mm, chk_mm_va(0), PAGE_SIZE, MADV_DONTFORK));
	BUG_ON(do_madvise(asf.mm, chk_mm_va(CONT_PTES / 2),
			  (CONT_PTES / 2) << PAGE_SHIFT, MADV_DONTFORK));
	asf.folio = page_folio(chk_mm_page(asf.mm, chk_mm_va(0)));
	chk_mm_age(asf.mm, asf.folio);
}

/*
 * A load from the page at @i, then an aging that must find it, its
 * invalidations waited for.
 */
static void asf_load_age(unsigned long i)
{
	u64 v;

	BUG_ON(user_load(asf.mm, chk_mm_va(i), &v));
	if (!folio_referenced(asf.folio, false))
		chk_fail(CHK_AD_CONTRACT,
			 "reclaim's aging of a folio loaded from at page %lu since the last aging finds it unreferenced: a cached entry of its block outlived an aging's flush",
			 i);
	dsb(ish);
}

/*
 * Both ends cached, then each end loaded alone: whichever end the first
 * aging left cached, one of the later loads uses it.
 */
static void asf_thread(unsigned int t)
{
	u64 v;

	BUG_ON(user_load(asf.mm, chk_mm_va(0), &v));
	asf_load_age(CONT_PTES - 1);
	asf_load_age(0);
	asf_load_age(CONT_PTES - 1);
}

const struct chk_scenario scn_age_split_flush = {
	.name = "age-split-flush",
	.desc = "reclaim aging of a folded block split among three VMAs, one of them a single entry, after a load from one end or the other, on a page-granular TLB: each aging's flush covers the whole block (ad-contract)",
	.nr_threads = 1,
	.thread_names = { "cpu" },
	.init = chk_mm_init,
	.setup = asf_setup,
	.thread = asf_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	/* Each page of the block cached alone; A/D where the walk went. */
	.hw = (const char *const[]){ "contig-fill=ignore", "ad-policy=faulting",
				     NULL },
	/*
	 * Every access's Access flag in the block's first entry, the
	 * single-entry VMA's (RJQQTC): its aging alone finds the loads of
	 * the other VMAs, and its flush must cover their cached entries.
	 */
	.also = (const char *const[]){ "ad-policy=first", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
