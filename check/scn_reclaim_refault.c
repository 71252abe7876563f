// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim of an aged, folded shared-file block dirtied by a store vs a
 * store that faults it back in and an MADV_DONTNEED of the block after
 * it.  Reclaim (shrink_folio_list()) holds the folio lock as it unmaps
 * the folio and, as an entry was dirty, writes it back (pageout()),
 * whose ->writepage() lets the lock go; it locks the folio again, and
 * evicts it (__remove_mapping()) if it is still clean and only it and
 * the page cache hold it.  Between the writeback and the relock the
 * folio is unlocked and findable: the store's shared write fault finds
 * it in the cache, maps it writable and dirties it (do_shared_fault() ->
 * fault_dirty_shared_page()), and the MADV_DONTNEED unmaps it again,
 * dropping the fault's reference, so by the eviction nothing but
 * reclaim and the cache holds it, and it is unmapped, but dirty.  The
 * relocked folio must be looked at again, and kept cached for the next
 * writeback.
 *
 * Asserted: no file folio is freed with content newer than the file, and
 * each page reads as the file once it is released (data-loss); every
 * other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define RR_PAGE		1
#define RR_VALUE	0x7e1

static struct {
	struct mm_model *mm;
	struct address_space file;
	int store_ret;
} rr;

static void rr_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&rr.file, CONT_PTES, chk_cont_order());
	rr.mm = chk_mm_file_mm_loaded(&rr.file, CONT_PTES);
	BUG_ON(user_store(rr.mm, chk_mm_va(0), RR_VALUE - 1));
	chk_mm_age(rr.mm, page_folio(chk_mm_page(rr.mm, chk_mm_va(0))));
	rr.store_ret = -1;
}

static void rr_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == 0) {
		shrink_mapping(&rr.file, &stats);
		return;
	}
	rr.store_ret = user_store(rr.mm, chk_mm_va(RR_PAGE), RR_VALUE);
	BUG_ON(do_madvise(rr.mm, chk_mm_va(0), CONT_PTE_SIZE,
			  MADV_DONTNEED));
}

static void rr_finish(void)
{
	if (!chk_mm_stored(chk_mm_va(RR_PAGE), rr.store_ret))
		return;
	chk_mm_finish(&rr.file);
}

const struct chk_scenario scn_reclaim_refault = {
	.name = "reclaim-refault",
	.desc = "reclaim of a dirty, aged folded shared-file block vs a store that faults it back in and MADV_DONTNEED of the block: a folio dirtied and unmapped again between reclaim's writeback and its relock stays cached, dirty, for the next writeback (data-loss)",
	.nr_threads = 2,
	.thread_names = { "reclaim", "cpu-store" },
	.init = chk_mm_init,
	.setup = rr_setup,
	.thread = rr_thread,
	.finish = rr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
