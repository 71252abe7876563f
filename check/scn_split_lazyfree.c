// SPDX-License-Identifier: GPL-2.0-only
/*
 * Splitting a lazyfree folio a store dirtied.  A folded block is
 * MADV_FREEd (clean, lazyfree), then split in two halves
 * (split_huge_pages_pid()) while a user thread stores once to its last
 * page.  The split takes each entry out (try_to_migrate(): the dirty
 * state of the cleared entry goes to the folio and into the migration
 * entry), makes each half a folio with the head's flags, and writes the
 * entries back (remove_migration_pte() gives back the dirty bit where
 * the new folio is dirty).  Then reclaim scans the second half
 * twice: a store made after MADV_FREE returned must keep it.
 *
 * The bug class: the dirty state lost between the old folio and the new
 * ones, so reclaim discards the store (data-loss); every other mm and
 * machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SL_VALUE	0x51f

static struct {
	struct mm_model *mm;
	int ret;
} sl;

static unsigned long sl_last(void)
{
	return CONT_PTES - 1;
}

static void sl_setup(void)
{
	chk_mm_setup();
	sl.mm = chk_mm_lazyfree_block(NULL);
	sl.ret = -1;
}

static void sl_thread(unsigned int t)
{
	if (t == 0)
		split_huge_pages_pid(sl.mm, chk_mm_va(0), chk_mm_va(CONT_PTES),
				     chk_cont_order() - 1);
	else
		sl.ret = user_store(sl.mm, chk_mm_va(sl_last()), SL_VALUE);
}

static void sl_finish(void)
{
	struct page *page = chk_mm_page(sl.mm, chk_mm_va(sl_last()));

	if (page &&
	    !chk_mm_store_survives_reclaim(sl.mm, page_folio(page),
					   chk_mm_va(sl_last()), !sl.ret,
					   SL_VALUE))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_split_lazyfree = {
	.name = "split-lazyfree",
	.desc = "split of a MADV_FREEd folded block in two halves vs a store to its last page, then reclaim of its half: the dirty state moves to the new folio (data-loss)",
	.nr_threads = 2,
	.thread_names = { "split", "cpu-store" },
	.init = chk_mm_init,
	.setup = sl_setup,
	.thread = sl_thread,
	.finish = sl_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
