// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim's scan of a shared anonymous (shmem) mapping's cache, vs a
 * store to it.  The model's shmem has no swap to go to, so reclaim looks
 * each cached folio up with a reference (filemap_get_folios() in the
 * kernel's scan of the mapping), finds it not reclaimable and moves on
 * (shrink_folio_list()'s keep: the folio goes back to the LRU and the
 * scan's reference is dropped with the batch); the store's fault maps
 * the folio again or writes through the entry the setup's load left.
 *
 * Asserted: the store lands and the other pages read what they held
 * (data-loss); the scan drops every reference it took, so no frame is
 * left once the memory is released (bookkeeping); every other mm and
 * machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define RS_PAGE		(CONT_PTES / 2)
#define RS_VALUE	0x5e3

static struct {
	struct mm_model *mm;
	struct address_space shm;
	int store_ret;
} rs;

static void rs_setup(void)
{
	u64 v;

	chk_mm_setup();
	chk_mm_shmem_setup(&rs.shm, CONT_PTES, chk_cont_order());
	rs.mm = chk_mm_file_mm(&rs.shm, CONT_PTES, 0);
	BUG_ON(user_load(rs.mm, chk_mm_va(0), &v));
	rs.store_ret = -1;
}

static void rs_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == 0)
		shrink_mapping(&rs.shm, &stats);
	else
		rs.store_ret = user_store(rs.mm, chk_mm_va(RS_PAGE), RS_VALUE);
}

static void rs_finish(void)
{
	if (!chk_mm_stored(chk_mm_va(RS_PAGE), rs.store_ret))
		return;
	chk_mm_finish(&rs.shm);
}

const struct chk_scenario scn_reclaim_shmem = {
	.name = "reclaim-shmem",
	.desc = "reclaim's scan of a folded shmem block, which has no swap to go to, vs a store to it: the scan drops the reference it took on each folio it keeps (bookkeeping, data-loss)",
	.nr_threads = 2,
	.thread_names = { "reclaim", "cpu-store" },
	.init = chk_mm_init,
	.setup = rs_setup,
	.thread = rs_thread,
	.finish = rs_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
