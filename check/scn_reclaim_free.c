// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim's eviction of a clean file block against a load through the
 * translation a CPU cached before.  A shared file mapping of one folded,
 * clean block; CPU 1 loads from one of its pages, so the block is young
 * and CPU 1 caches the translation.  Reclaim scans the file twice
 * (shrink_mapping()): the first pass finds the folio young, clears the
 * access flags and issues their TLBIs without waiting for them
 * (clear_flush_young_ptes()); the second finds it old, unmaps it with its
 * TLBIs deferred (TTU_BATCH_FLUSH), and evicts it, clean, from the page
 * cache, leaving reclaim's reference the last.  CPU 1 loads from the page
 * again meanwhile: until reclaim waits for the TLBIs its cached
 * translation may still be used, so reclaim waits (try_to_unmap_flush())
 * before it drops the references of its batch, which frees the frames.
 *
 * The bug class: folios reclaim let go freed before the deferred TLBIs of
 * their unmap completed (stale-tlb: the load reaches a freed frame); every
 * other mm and machine oracle.
 *
 * Also on CPUs without hardware Access flag and dirty state management
 * (ha=0), where an old entry may still be cached
 * (its Access flag cleared after the fill): the unmap's flush is owed
 * for it too (pte_accessible()).
 */
#include "mmworld.h"
#include "scenarios.h"

#define RF_PAGE		2

static struct {
	struct mm_model *mm;
	struct address_space file;
} rf;

static void rf_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&rf.file, CONT_PTES, chk_cont_order());
	rf.mm = chk_mm_file_mm(&rf.file, CONT_PTES, 0);
	chk_mm_load_on(1, rf.mm, chk_mm_va(RF_PAGE));
}

static void rf_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };
	u64 v;

	if (t == 0) {
		shrink_mapping(&rf.file, &stats);
		shrink_mapping(&rf.file, &stats);
		return;
	}
	/* The page as cached, or read back from the file: both are its content. */
	user_load(rf.mm, chk_mm_va(RF_PAGE), &v);
}

static void rf_finish(void)
{
	chk_mm_finish(&rf.file);
}

const struct chk_scenario scn_reclaim_free = {
	.name = "reclaim-free",
	.desc = "reclaim's eviction of a clean folded file block vs a load through the translation a CPU cached before: the frames freed only after the unmap's deferred TLBIs completed (stale-tlb)",
	.nr_threads = 2,
	.thread_names = { "reclaim", "cpu-load" },
	.init = chk_mm_init,
	.setup = rf_setup,
	.thread = rf_thread,
	.finish = rf_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_NO_HW_AF,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
