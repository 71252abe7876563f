// SPDX-License-Identifier: GPL-2.0-only
/*
 * move_pages(2) of a folio the swap cache still holds, racing a store.  A
 * folded block swapped out whole to a device that is not synchronous
 * stays in the swap cache once written; a load maps it back whole, and
 * the folio stays cached while mapped (only a write fault frees its
 * slots).  One thread migrates the block's first page; the other stores
 * to its second page, through the entry the swap-in left writable and
 * clean, or through the new folio's, or waits on a migration entry.
 *
 * Migration must take the cache with it (__folio_migrate_mapping()): the
 * slots name the new folio, with the references the cache holds, the
 * folio's slot number (its private) and its dirty state go with it, and
 * the old folio leaves the cache.  The end of the run reclaims the block
 * twice (written, then dropped from the cache) and reads it back from
 * the slots.
 *
 * Asserted: the store comes back from swap (data-loss: a dirty folio the
 * cache dropped unwritten, or a slot read that is not the block's); the
 * other pages read what they held; every other mm and machine oracle (a
 * slot still naming the freed old folio, a count off by the cache's
 * references: bookkeeping).
 */
#include "mmworld.h"
#include "scenarios.h"

#define MC_VALUE	0x6c5

static struct {
	struct mm_model *mm;
	int store_ret;
} mc;

static void mc_setup(void)
{
	u64 v;

	chk_mm_setup();
	mc.mm = chk_mm_swapped_block(4 * CONT_PTES, 0);
	BUG_ON(user_load(mc.mm, chk_mm_va(0), &v));
	BUG_ON(!folio_test(page_folio(chk_mm_page(mc.mm, chk_mm_va(0))),
			   PG_swapcache));
	mc.store_ret = -1;
}

static void mc_thread(unsigned int t)
{
	if (!t) {
		do_move_pages(mc.mm, chk_mm_va(0));
		return;
	}
	mc.store_ret = user_store(mc.mm, chk_mm_va(1), MC_VALUE);
}

static void mc_finish(void)
{
	if (!chk_mm_stored(chk_mm_va(1), mc.store_ret) ||
	    !chk_mm_store_survives_swap(mc.mm, chk_mm_va(1), true, MC_VALUE) ||
	    !chk_mm_check_untouched(mc.mm, 0, 1) ||
	    !chk_mm_check_untouched(mc.mm, 2, CONT_PTES - 2))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_migrate_swapcache = {
	.name = "migrate-swapcache",
	.desc = "move_pages() of a folded block swapped back in from the swap cache, which still holds it, vs a store to it: the cache's slots, references, slot number and dirty state move to the new folio, and the store comes back from swap after two reclaims (data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "move-pages", "cpu-store" },
	.init = chk_mm_init,
	.setup = mc_setup,
	.thread = mc_thread,
	.finish = mc_finish,
	.exit = chk_mm_exit,
	/*
	 * Which entry of the block a hardware update lands in does not
	 * matter to the cache's move: the migration gathers them all
	 * (migrate-block runs it on the default machine).  1,067 executions
	 * rather than 15,736; all three mutants of the cache's move are
	 * reported either way.
	 */
	.hw = (const char *const[]){ "ad-policy=faulting", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
