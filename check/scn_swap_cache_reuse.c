// SPDX-License-Identifier: GPL-2.0-only
/*
 * A swap-in from the swap cache whose folio left the cache, and whose
 * slots went to another folio, while the fault held it unlocked.  The
 * setup swaps a folded block out whole and leaves its large folio in the
 * swap cache.  CPU 0 loads the block's first page: do_swap_page() finds
 * the folio there and takes a reference, then waits for its lock.
 * Meanwhile CPU 1 zaps the block (MADV_DONTNEED), whose last slot freed
 * takes the folio out of the cache (free_swap_and_cache_nr()), stores to
 * the first page, which a new mTHP folio maps, and reclaims that folio:
 * it goes out to the first free run of slots, the same ones, so the
 * entries read as the fault saw them.  Under the folio lock the fault
 * must find that its folio no longer caches the slot
 * (`!folio_test_swapcache(folio) || folio->swap.val != entry.val` in
 * do_swap_page()) and retry: the PTL's pte_same() is fooled by the reuse.
 * The synchronous device's path has the same race (swap-sync-reuse).
 *
 * Asserted: the first page reads the store, swapped back in, once it
 * returned (data-loss); the slots and frames all given back at the end
 * (bookkeeping); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SCR_VALUE	0x5c7

static struct {
	struct mm_model *mm;
	int load_ret, store_ret;
	u64 loaded;
} scr;

static void scr_setup(void)
{
	chk_mm_setup();
	scr.mm = chk_mm_swapped_block(4 * CONT_PTES, 0);
	scr.load_ret = scr.store_ret = -1;
}

static void scr_thread(unsigned int t)
{
	if (t == 0) {
		scr.load_ret = user_load(scr.mm, chk_mm_va(0), &scr.loaded);
		return;
	}
	do_madvise(scr.mm, chk_mm_va(0), CONT_PTE_SIZE, MADV_DONTNEED);
	scr.store_ret = user_store(scr.mm, chk_mm_va(0), SCR_VALUE);
	if (!scr.store_ret)
		chk_mm_swap_out(scr.mm, chk_mm_va(0));
}

static void scr_finish(void)
{
	struct reclaim_stats stats = { 0 };

	/* Nothing refuses the load: the VMA stays. */
	if (scr.load_ret) {
		chk_fail(CHK_LIVENESS, "the load failed: %d", scr.load_ret);
		return;
	}
	/* What the setup wrote there, the zap's zeros, or the store. */
	if (scr.loaded != 1 && scr.loaded != 0 && scr.loaded != SCR_VALUE) {
		chk_fail(CHK_DATA_LOSS, "the load read %#llx",
			 (unsigned long long)scr.loaded);
		return;
	}
	if (!chk_mm_stored(chk_mm_va(0), scr.store_ret))
		return;
	if (!chk_mm_store_survives_swap(scr.mm, chk_mm_va(0), true, SCR_VALUE))
		return;
	/*
	 * The zap that found the old folio locked by the fault left it
	 * cached, unmapped, for the LRU's next pass.
	 */
	shrink_swap_cache(&stats);
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_cache_reuse = {
	.name = "swap-cache-reuse",
	.desc = "a load faulting on a folded block swapped out with its large folio left in the swap cache, held before the folio lock while the block is zapped, stored to and swapped out again to the same slots: under the lock the fault finds its folio out of the cache and retries, whatever the entries read (data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "load", "zap-store-reclaim" },
	.init = chk_mm_init,
	.setup = scr_setup,
	.thread = scr_thread,
	.finish = scr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 1,
};
