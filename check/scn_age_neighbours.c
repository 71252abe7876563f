// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim's aging of two large folios smaller than a block that share
 * one: each is a batch of several entries without PTE_CONT, so
 * contpte_clear_flush_young_ptes() handles it, and only a batch whose
 * entries carry PTE_CONT may be widened to its blocks
 * (contpte_align_addr_ptep()).  A load from the first folio's last page
 * (an aging that tests the batch's first entry alone misses it), then
 * the aging of the second, then of the first: a batch widened without
 * PTE_CONT clears the neighbour's Access flag and counts it as its own,
 * and reclaim takes a folio in use for one nobody touched.
 * The first folio's aging, young, must invalidate what it cleared: a
 * second load, then a second aging, finds it again.
 * Asserted: each aging of the first folio finds the load before it
 * (ad-contract), and every machine and mm oracle.
 */
#include <asm/barrier.h>

#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	struct folio *folio[2];
} an;

static void an_setup(void)
{
	unsigned long half = CONT_PTES / 2;

	chk_mm_setup();
	an.mm = mm_alloc();
	BUG_ON(!an.mm);
	chk_mm_anon_map(an.mm, 0, CONT_PTES, chk_cont_order() - 1);
	an.folio[0] = page_folio(chk_mm_page(an.mm, chk_mm_va(0)));
	an.folio[1] = page_folio(chk_mm_page(an.mm, chk_mm_va(half)));
	BUG_ON(an.folio[0] == an.folio[1]);
	chk_mm_age(an.mm, an.folio[0]);
	chk_mm_age(an.mm, an.folio[1]);
}

static void an_thread(unsigned int t)
{
	unsigned long last = CONT_PTES / 2 - 1;	/* the first folio's */
	u64 v;

	BUG_ON(user_load(an.mm, chk_mm_va(last), &v));
	folio_referenced(an.folio[1], false);
	if (!folio_referenced(an.folio[0], false)) {
		chk_fail(CHK_AD_CONTRACT,
			 "reclaim's aging of a folio loaded from since the last aging finds it unreferenced after the aging of the folio next to it in its block");
		return;
	}
	/* The aging found it young: its flush must drop the cached entry. */
	dsb(ish);
	BUG_ON(user_load(an.mm, chk_mm_va(last), &v));
	if (!folio_referenced(an.folio[0], false))
		chk_fail(CHK_AD_CONTRACT,
			 "reclaim's aging of a folio loaded from after the last aging, which found it young, finds it unreferenced: that aging's flush left the cached entry");
}

const struct chk_scenario scn_age_neighbours = {
	.name = "age-neighbours",
	.desc = "reclaim aging of two folios of half a block each after a load from the first one's last page: the aging tests every entry of a batch, and that of the second leaves the first's Access flag alone (ad-contract)",
	.nr_threads = 1,
	.thread_names = { "cpu" },
	.init = chk_mm_init,
	.setup = an_setup,
	.thread = an_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
