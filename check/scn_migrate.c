// SPDX-License-Identifier: GPL-2.0-only
/*
 * Migration of the folio under a folded lazyfree block (move_pages(2):
 * migrate_pages() in MIGRATE_ASYNC mode).  try_to_migrate() clears each
 * entry (the first unfolds the block) and leaves a migration entry
 * there, the TLBIs are waited for once, the contents are copied to a new
 * folio, and remove_migration_ptes() maps it entry by entry, the last
 * folding the block again.  Meanwhile one user thread stores to the
 * block's last page until the migration returned, and once more, while
 * the hardware sets access and dirty state in any entry of the block;
 * another loads and stores its first page.  An access that meets a
 * migration entry faults and waits for the migration
 * (migration_entry_wait()).  Finally reclaim runs on the folio now
 * mapped there, which discards it if nothing says it was written since
 * MADV_FREE.
 *
 * The bug classes: a store made through a translation that outlived the
 * copy (data-loss, stale-tlb); dirty state lost between the entries and
 * the new folio, so that reclaim discards a store (data-loss); a
 * migration entry that keeps PTE_CONT or a block not unfolded before its
 * entries go (cont-block, bbm); a refold over the old and the new folio
 * (cont-block).  Every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MG_VALUE	0x6d1

static struct {
	struct mm_model *mm;
	bool done;		/* move_pages() returned */
	struct chk_mm_store last;
	int first_ret;
} mg;

static unsigned long mg_last(void)
{
	return CONT_PTES - 1;
}

static void mg_setup(void)
{
	chk_mm_setup();
	mg.mm = chk_mm_lazyfree_block(NULL);
	mg.done = false;
	mg.first_ret = -1;
}

static void mg_thread(unsigned int t)
{
	u64 v;

	switch (t) {
	case 0:
		do_move_pages(mg.mm, chk_mm_va(0));
		chk_mm_mark(&mg.done);
		break;
	case 1:
		chk_mm_store_until(&mg.last, mg.mm, chk_mm_va(mg_last()),
				   MG_VALUE, &mg.done);
		break;
	default:
		user_load(mg.mm, chk_mm_va(0), &v);
		mg.first_ret = user_store(mg.mm, chk_mm_va(0), MG_VALUE + 1);
		break;
	}
}

static void mg_finish(void)
{
	struct page *first = chk_mm_page(mg.mm, chk_mm_va(0));
	unsigned long last = chk_mm_va(mg_last());
	bool last_stored = mg.last.completed && !mg.last.ret;

	if (mg.last.ret || mg.first_ret) {
		chk_fail(CHK_LIVENESS, "an access failed (%d, %d)",
			 mg.last.ret, mg.first_ret);
		return;
	}
	if (!chk_mm_check_store(mg.mm, chk_mm_va(0), true, MG_VALUE + 1) ||
	    !chk_mm_check_store(mg.mm, last, last_stored, MG_VALUE) ||
	    !chk_mm_store_survives_reclaim(mg.mm, page_folio(first),
					   chk_mm_va(0), true, MG_VALUE + 1) ||
	    !chk_mm_check_store(mg.mm, last, last_stored, MG_VALUE))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_migrate = {
	.name = "migrate-block",
	.desc = "migration of the folio under a folded lazyfree block (migration entries, the copy, remove_migration_ptes() refolding) vs stores, loads and hardware A/D; reclaim after (data-loss, cont-block, bbm, stale-tlb)",
	.nr_threads = 3,
	.thread_names = { "migrate", "cpu-store", "cpu-access" },
	.init = chk_mm_init,
	.setup = mg_setup,
	.thread = mg_thread,
	.finish = mg_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};
