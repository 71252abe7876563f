// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim's aging of a folded block with the multi-gen LRU
 * (lru_gen_look_around()): no flush; the reverse map tests and clears
 * the folio's entries with ptep_test_and_clear_young(), and the first
 * young one has its young neighbours in the table and VMA, the next
 * folded block's entries among them, read with ptep_get() and cleared
 * too, their folios marked accessed.  A load from each block since the
 * last aging: the first's from its fourth page, the second's from its
 * last, so that the flag is in an entry the look-around reaches after
 * the block's first.  ptep_test_and_clear_young() of one entry of a
 * folded block must test and clear the whole block, as ptep_get()
 * reads it, whichever entry holds the flag: one that judges the entry
 * alone finds the second block's first entry old although ptep_get()
 * read it young, and the look-around warns.
 * Asserted: the aging finds the first folio referenced, and the second
 * load is kept, as the second block's Access flag or, once the
 * look-around cleared it, as its folio marked accessed (ad-contract; a
 * window of MIN_LRU_BATCH entries does not reach the second block when
 * a block holds 64 or more), no warning (bookkeeping), and every
 * machine and mm oracle.
 *
 * age-look-around-edge ages three such blocks of one VMA across a PTE
 * table's end instead, the last two of the first table and the first of
 * the next: each look-around window must stay in the table of the entry
 * it was found from, clipped to the VMA at both ends (an access off the
 * table is bookkeeping), and each aging finds its folio referenced.
 */
#include "mmworld.h"
#include "scenarios.h"

#define ALA_EDGE_BLOCKS	3
/* The first, a middle and the last folio of each side of the table end. */
#define ALA_WIDE_AGED	6

static struct {
	struct mm_model *mm;
	struct folio *folio[ALA_WIDE_AGED];
	/* age-look-around-wide's: the first page of each folio it ages */
	unsigned long page[ALA_WIDE_AGED];
	unsigned int nr_aged;
} ala;

/* Aged since the mapping, and not referenced: what a load must change. */
static void ala_age(unsigned int i, unsigned long page)
{
	ala.folio[i] = page_folio(chk_mm_page(ala.mm, chk_mm_va(page)));
	chk_mm_age(ala.mm, ala.folio[i]);
	folio_clear(ala.folio[i], PG_referenced);
}

static void ala_setup(void)
{
	unsigned int i;

	chk_mm_setup();
	ala.mm = chk_mm_anon_blocks(2);
	for (i = 0; i < 2; i++)
		ala_age(i, i * CONT_PTES);
	lru_gen_set_enabled(true);
}

/* The first page of block @i of age-look-around-edge's VMA. */
static unsigned long ala_edge_page(unsigned int i)
{
	return PTRS_PER_PTE - (2UL - i) * CONT_PTES;
}

static void ala_edge_setup(void)
{
	unsigned int i;

	chk_mm_setup();
	ala.mm = mm_alloc();
	BUG_ON(!ala.mm);
	chk_mm_anon_map(ala.mm, ala_edge_page(0),
			ALA_EDGE_BLOCKS * CONT_PTES, chk_cont_order());
	for (i = 0; i < ALA_EDGE_BLOCKS; i++)
		ala_age(i, ala_edge_page(i));
	lru_gen_set_enabled(true);
}

static void ala_thread(unsigned int t)
{
	u64 v;

	BUG_ON(user_load(ala.mm, chk_mm_va(3), &v));
	BUG_ON(user_load(ala.mm, chk_mm_va(2 * CONT_PTES - 1), &v));
	if (!folio_referenced(ala.folio[0], false))
		chk_fail(CHK_AD_CONTRACT,
			 "the multi-gen LRU's aging of a folio loaded from since the last aging finds it unreferenced");
	else if (!folio_test(ala.folio[1], PG_referenced) &&
		 !pte_young(mm_read_pte(ala.mm, chk_mm_va(2 * CONT_PTES - 1))))
		chk_fail(CHK_AD_CONTRACT,
			 "the multi-gen LRU's look-around cleared the Access flag of the next folio, loaded from since the last aging, without marking it accessed");
}

/*
 * Pages of age-look-around-wide's VMA on each side of the table's end:
 * whole blocks, more than a look-around window.
 */
static unsigned long ala_wide_side(void)
{
	return ALIGN(MIN_LRU_BATCH + 1, CONT_PTES);
}

/*
 * The first page of the folios age-look-around-wide ages, once each: the
 * first, a middle and the last block of each side (one block a side when
 * a block holds more than a window).  The middle block lies half a window
 * and a block from the table's end, or start, where the side has room:
 * its window, centred, ends (begins) a block short of it, so a cut wider
 * on that side runs off the table.
 */
static unsigned long ala_wide_mid(unsigned long side)
{
	unsigned long mid = ALIGN(MIN_LRU_BATCH / 2 + CONT_PTES, CONT_PTES);

	return mid < side - CONT_PTES ? mid : side - CONT_PTES;
}

static void ala_wide_pick(void)
{
	unsigned long side = ala_wide_side(), i, j;
	unsigned long mid = ala_wide_mid(side);
	unsigned long at[ALA_WIDE_AGED] = {
		PTRS_PER_PTE - side,
		PTRS_PER_PTE - mid,
		PTRS_PER_PTE - CONT_PTES,
		PTRS_PER_PTE,
		PTRS_PER_PTE + mid,
		PTRS_PER_PTE + side - CONT_PTES,
	};

	ala.nr_aged = 0;
	for (i = 0; i < ALA_WIDE_AGED; i++) {
		for (j = 0; j < ala.nr_aged && ala.page[j] != at[i]; j++)
			;
		if (j == ala.nr_aged)
			ala.page[ala.nr_aged++] = at[i];
	}
}

static void ala_wide_setup(void)
{
	unsigned long side = ala_wide_side(), p;
	unsigned int i;

	chk_mm_setup();
	ala.mm = mm_alloc();
	BUG_ON(!ala.mm);
	chk_mm_anon_map(ala.mm, PTRS_PER_PTE - side, 2 * side,
			chk_cont_order());
	for (p = PTRS_PER_PTE - side; p < PTRS_PER_PTE + side; p += CONT_PTES)
		chk_mm_age(ala.mm, page_folio(chk_mm_page(ala.mm, chk_mm_va(p))));
	ala_wide_pick();
	for (i = 0; i < ala.nr_aged; i++)
		ala_age(i, ala.page[i]);
	lru_gen_set_enabled(true);
}

static void ala_edge_thread(unsigned int t)
{
	unsigned int i;
	u64 v;

	for (i = 0; i < ALA_EDGE_BLOCKS; i++)
		BUG_ON(user_load(ala.mm, chk_mm_va(ala_edge_page(i) + 1), &v));
	for (i = 1; i < ALA_EDGE_BLOCKS; i++)
		if (!folio_referenced(ala.folio[i], false))
			chk_fail(CHK_AD_CONTRACT,
				 "the multi-gen LRU's aging of folio %u, loaded from since the last aging, finds it unreferenced",
				 i);
}

static void ala_wide_thread(unsigned int t)
{
	unsigned int i;
	u64 v;

	/*
	 * Each loaded just before its aging, so that each aging finds its
	 * own folio young and looks around from it: an earlier window that
	 * covered it found it old, and cleared nothing there.
	 */
	for (i = 0; i < ala.nr_aged; i++) {
		BUG_ON(user_load(ala.mm, chk_mm_va(ala.page[i] + 1), &v));
		if (!folio_referenced(ala.folio[i], false))
			chk_fail(CHK_AD_CONTRACT,
				 "the multi-gen LRU's aging of the folio at page %lu, loaded from just before, finds it unreferenced",
				 ala.page[i]);
	}
}

const struct chk_scenario scn_age_look_around = {
	.name = "age-look-around",
	.desc = "a load from each of two aged folded blocks, then reclaim's aging of the first with the multi-gen LRU's look-around (ptep_test_and_clear_young(), no flush): both loads are seen, and every entry read young clears young (ad-contract, bookkeeping)",
	.nr_threads = 1,
	.thread_names = { "cpu" },
	.init = chk_mm_init,
	.setup = ala_setup,
	.thread = ala_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	/* The Access flag lands in the entry each load walked. */
	.hw = (const char *const[]){ "ad-policy=faulting", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_age_look_around_edge = {
	.name = "age-look-around-edge",
	.desc = "a load from each of three aged folded blocks of one VMA across a PTE table's end, then the multi-gen LRU's aging of the last two: each look-around window stays in its table and the VMA (ad-contract, bookkeeping)",
	.nr_threads = 1,
	.thread_names = { "cpu" },
	.init = chk_mm_init,
	.setup = ala_edge_setup,
	.thread = ala_edge_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.hw = (const char *const[]){ "ad-policy=faulting", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_age_look_around_wide = {
	.name = "age-look-around-wide",
	.desc = "six aged folded blocks of a VMA more than a look-around window wide on each side of a PTE table's end, each loaded from, then aged by the multi-gen LRU: the window, cut to MIN_LRU_BATCH entries at its start, its end or around the young entry, stays in its table, and each load is seen (ad-contract, bookkeeping)",
	.nr_threads = 1,
	.thread_names = { "cpu" },
	.init = chk_mm_init,
	.setup = ala_wide_setup,
	.thread = ala_wide_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.hw = (const char *const[]){ "ad-policy=faulting", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
