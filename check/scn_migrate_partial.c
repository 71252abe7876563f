// SPDX-License-Identifier: GPL-2.0-only
/*
 * move_pages(2) of a large folio an unmap left partly mapped, racing
 * reclaim of the same folio.  A folded block whose second half
 * MADV_DONTNEED zapped in the setup is on the deferred split queue
 * (PG_partially_mapped).  One thread migrates its first page, the other
 * reclaims it (shrink_folio_list(): a partly mapped folio is split
 * before add_to_swap()); each trylocks the folio, so either may go first,
 * or one may find the other holding it and give up for this pass.
 *
 * Migration copies the old folio's flags to the new one
 * (folio_migrate_flags()), so the old one must leave the deferred split
 * queue first (__folio_migrate_mapping(): folio_unqueue_deferred_split()),
 * and its queue flag with it: a new folio that carries the flag without
 * being queued is split by reclaim as if queued, and one left queued is
 * freed by the migration.  Reclaim after the migration sees the new
 * folio as whole and swaps it out whole.
 *
 * Asserted: the first half reads what it held (data-loss); nothing of the
 * folio is left, frames, slots or queue, and no folio is split while it
 * is flagged as queued (bookkeeping); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	struct folio *folio;	/* the block's, on the LRU */
} mpt;

static void mpt_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(2 * CONT_PTES, 0));
	mpt.mm = chk_mm_anon_blocks(1);
	BUG_ON(do_madvise(mpt.mm, chk_mm_va(CONT_PTES / 2), CONT_PTE_SIZE / 2,
			  MADV_DONTNEED));
	mpt.folio = page_folio(chk_mm_page(mpt.mm, chk_mm_va(0)));
	BUG_ON(!folio_test(mpt.folio, PG_partially_mapped));
}

static void mpt_thread(unsigned int t)
{
	if (!t)
		do_move_pages(mpt.mm, chk_mm_va(0));
	else
		shrink_folio(mpt.folio, &(struct reclaim_stats){ 0 });
}

/*
 * Whatever folio now maps the first page through reclaim again (kswapd's
 * next pass), which meets the new folio of a migration that went first.
 */
static void mpt_finish(void)
{
	chk_mm_swap_out(mpt.mm, chk_mm_va(0));
	if (!chk_mm_check_untouched(mpt.mm, 0, CONT_PTES / 2))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_migrate_partial = {
	.name = "migrate-partial",
	.desc = "move_pages() of the folio under a folded block a MADV_DONTNEED left half mapped vs reclaim of it: the old folio leaves the deferred split queue before the new one takes its flags, so reclaim after the migration swaps the new folio out whole (bookkeeping, data-loss)",
	.nr_threads = 2,
	.thread_names = { "move-pages", "reclaim" },
	.init = chk_mm_init,
	.setup = mpt_setup,
	.thread = mpt_thread,
	.finish = mpt_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
