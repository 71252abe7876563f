// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim against mprotect(PROT_NONE), which it now runs beside (no
 * mmap_lock in the reverse map) with its flush deferred
 * (try_to_unmap(TTU_BATCH_FLUSH)).  A folded lazyfree block (MADV_FREEd,
 * aged, then loaded from by CPU 2, which caches its translation) is
 * reclaimed twice while another thread mprotect()s it to PROT_NONE; CPU 2
 * loads from it once as soon as either is done, and once more when both
 * are.
 *
 * The races: reclaim clearing entries mprotect() made PROT_NONE before
 * mprotect()'s flush, which it must invalidate all the same
 * (pte_accessible() counts a present entry while a gather is in flight),
 * or it frees the folio while CPU 2 still caches it (stale-tlb);
 * mprotect() finding the entries reclaim cleared but whose TLBIs it has
 * not waited for, which it must flush before returning
 * (flush_tlb_batched_pending(); else a load completes in a PROT_NONE
 * VMA: permission, stale-tlb).  Every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define RP_PAGE		1

static struct {
	struct mm_model *mm;
	struct folio *folio;
	bool reclaimed, protected;	/* reclaim, mprotect() returned */
} rp;

static void rp_setup(void)
{
	chk_mm_setup();
	rp.mm = chk_mm_lazyfree_block(NULL);
	rp.folio = page_folio(chk_mm_page(rp.mm, chk_mm_va(0)));
	chk_mm_age(rp.mm, rp.folio);
	chk_mm_load_on(2, rp.mm, chk_mm_va(RP_PAGE));
	rp.reclaimed = rp.protected = false;
}

static void rp_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };
	u64 v;

	switch (t) {
	case 0:
		shrink_folio(rp.folio, &stats);
		shrink_folio(rp.folio, &stats);
		chk_mm_mark(&rp.reclaimed);
		break;
	case 1:
		do_mprotect(rp.mm, chk_mm_va(0), CONT_PTE_SIZE, 0);
		chk_mm_mark(&rp.protected);
		break;
	default:
		chk_mm_wait(&rp.reclaimed, &rp.protected, false);
		user_load(rp.mm, chk_mm_va(RP_PAGE), &v);
		chk_mm_wait(&rp.reclaimed, &rp.protected, true);
		user_load(rp.mm, chk_mm_va(RP_PAGE), &v);
		break;
	}
}

const struct chk_scenario scn_reclaim_protnone = {
	.name = "reclaim-protnone",
	.desc = "reclaim of a lazyfree block beside mprotect(PROT_NONE) of it, and loads: PROT_NONE entries invalidated while mprotect()'s flush is pending, a deferred flush (stale-tlb, permission)",
	.nr_threads = 3,
	.thread_names = { "reclaim", "mprotect", "cpu-load" },
	.init = chk_mm_init,
	.setup = rp_setup,
	.thread = rp_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 15000,
	.bound = 1,
};
