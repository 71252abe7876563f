// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim against MADV_FREE, which runs beside it (no mmap_lock in the
 * reverse map) while reclaim's flush is deferred
 * (try_to_unmap(TTU_BATCH_FLUSH)).  CPU 1 stores to a page of an mTHP
 * folio and so caches a writable, dirty translation of it; an aging
 * clears the folio's Access flags and invalidates them without waiting
 * (ptep_clear_flush_young(): no DSB), so the translation may outlive it
 * until the reclaiming CPU's next DSB.  Reclaim swaps the folio out
 * while CPU 1 MADV_FREEs it and then stores to the page again.  The
 * folio is smaller than a block: the unfold of a folded one in
 * try_to_unmap() invalidates the whole block and waits for it, which
 * closes the window a preemption deeper.
 *
 * The race ("mm, mprotect: flush TLB if potentially racing with a
 * parallel reclaim leaving stale TLB entries"): MADV_FREE finds the
 * swap entries reclaim put in the folio's range, drops their slots and clears
 * them, and returns; CPU 1's store through the translation reclaim has
 * not invalidated yet lands in the folio on its way out, which leaves
 * with its slots when reclaim is done, and the page reads zeros.
 * madvise_free_pte_range() must complete the invalidations reclaim left
 * pending under the PTL (flush_tlb_batched_pending()) before it trusts
 * an entry it finds cleared.
 *
 * Asserted: the store made after MADV_FREE returned is what the page
 * reads at the end, swapped out once more and back in (data-loss), and
 * every other mm and machine oracle.
 *
 * reclaim-madv-free-split: the folio reclaim swaps out follows another
 * that MADV_FREE's range covers only in part, which it splits with the
 * PTL dropped (madvise_free_pte_range()): reclaim may unmap the folio
 * in that window, after the flush MADV_FREE made when it took the PTL
 * first, so it must complete the pending invalidations again when it
 * takes the PTL back.  Reclaim must stop before its own flush and
 * MADV_FREE must have begun before reclaim's unmap: two preemptions.
 */
#include "mmworld.h"
#include "scenarios.h"

#define RM_ORDER	2
#define RM_PAGES	(1UL << RM_ORDER)
#define RM_PAGE		3
#define RM_BEFORE	0x7e57
#define RM_AFTER	0xa11e
/* reclaim-madv-free-split: the folio split first, then the one reclaimed. */
#define RM_SPLIT_FROM	2

static struct {
	struct mm_model *mm;
	struct folio *folio;
	unsigned long first;	/* the reclaimed folio's first page */
	unsigned long from;	/* MADV_FREE's range: from here to its end */
	int ret;
} rm;

static void rm_setup_shape(bool split)
{
	chk_mm_setup();
	BUG_ON(swapon(2 * CONT_PTES, SWP_SYNCHRONOUS_IO));
	rm.mm = mm_alloc();
	BUG_ON(!rm.mm);
	rm.first = split ? RM_PAGES : 0;
	rm.from = split ? RM_SPLIT_FROM : 0;
	chk_mm_anon_map(rm.mm, 0, rm.first + RM_PAGES, RM_ORDER);
	rm.folio = page_folio(chk_mm_page(rm.mm, chk_mm_va(rm.first)));
	chk_mm_access_on(1, rm.mm, chk_mm_va(rm.first + RM_PAGE), true,
			 RM_BEFORE);
	/* Aged, its invalidation not waited for. */
	folio_referenced(rm.folio, false);
	rm.ret = 0;
}

static void rm_setup(void)
{
	rm_setup_shape(false);
}

static void rm_setup_split(void)
{
	rm_setup_shape(true);
}

static void rm_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (!t) {
		shrink_folio(rm.folio, &stats);
		return;
	}
	BUG_ON(do_madvise(rm.mm, chk_mm_va(rm.from),
			  (rm.first + RM_PAGES - rm.from) << PAGE_SHIFT,
			  MADV_FREE));
	rm.ret = user_store(rm.mm, chk_mm_va(rm.first + RM_PAGE), RM_AFTER);
}

static void rm_finish(void)
{
	struct reclaim_stats stats = { 0 };
	unsigned long va = chk_mm_va(rm.first + RM_PAGE);

	if (!chk_mm_stored(va, rm.ret) ||
	    !chk_mm_store_survives_swap(rm.mm, va, true, RM_AFTER))
		return;
	/*
	 * MADV_FREE's zap of the swap entries may find the folio locked by
	 * reclaim (free_swap_cache()'s trylock) and leave it cached, unmapped,
	 * for the LRU's next pass.
	 */
	shrink_swap_cache(&stats);
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_reclaim_madv_free = {
	.name = "reclaim-madv-free",
	.desc = "reclaim's swap-out of an mTHP folio a CPU stored to before an aging, vs MADV_FREE of it by that CPU and a store after: MADV_FREE completes the TLBIs reclaim deferred before it frees the swap entries it finds (data-loss)",
	.nr_threads = 2,
	.thread_names = { "reclaim", "cpu-store" },
	.init = chk_mm_init,
	.setup = rm_setup,
	.thread = rm_thread,
	.finish = rm_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_reclaim_madv_free_split = {
	.name = "reclaim-madv-free-split",
	.desc = "reclaim-madv-free with the range starting inside an mTHP folio before the one reclaimed: MADV_FREE completes the TLBIs reclaim deferred while it split that folio with the PTL dropped, when it takes the PTL back (data-loss)",
	.nr_threads = 2,
	.thread_names = { "reclaim", "cpu-store" },
	.init = chk_mm_init,
	.setup = rm_setup_split,
	.thread = rm_thread,
	.finish = rm_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 40000,
	.bound = 2,
};
