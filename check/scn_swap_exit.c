// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swap-out beside exit.  A folded block is forked, so that one large
 * folio is mapped by parent and child, and reclaim swaps it out whole
 * (two passes: the folio added to the swap cache, unmapped from both and
 * written, then freed from the cache) while the child exits: exit_mm()
 * lets go of the mm under its mmap_lock, then mmput().  The reverse map
 * takes no mmap_lock, so reclaim may replace the child's entries with
 * swap entries before its exit starts, or while exit_mmap() zaps them;
 * the first swap entry puts the child on swapoff's list
 * (try_to_unmap_one()).
 *
 * The bug class: an mm that leaves swapoff's list before exit_mmap() is
 * done with its entries, so that reclaim puts it back and it is freed
 * there (bookkeeping: the list at the end of the run, where swapoff()
 * would walk into it); an mm that exits holding swap entries off the list
 * (bookkeeping, at its last put); swap counts, references and rss that do
 * not balance between the zap of swap entries and reclaim's
 * (bookkeeping); the parent's pages not read back as they were
 * (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm, *child;
	struct folio *folio;	/* isolated by reclaim: our reference */
} se;

static void se_setup(void)
{
	chk_mm_setup();
	/* Room for the folio's aligned run of slots past the header. */
	BUG_ON(swapon(2 * CONT_PTES, 0));
	se.mm = chk_mm_anon_blocks(1);
	se.child = dup_mm(se.mm);
	BUG_ON(!se.child);
	se.folio = page_folio(chk_mm_page(se.mm, chk_mm_va(0)));
	folio_get(se.folio);
	/* Its walk ages the child's mapping too. */
	chk_mm_age(se.mm, se.folio);
}

static void se_thread(unsigned int t)
{
	if (t == 0) {
		chk_mm_reclaim_isolated(se.folio, 2);
		return;
	}
	mmap_read_lock(se.child);
	mmap_read_unlock(se.child);
	mmput(se.child);
}

static void se_finish(void)
{
	folio_put(se.folio);
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_exit = {
	.name = "swap-exit",
	.desc = "reclaim swapping out a folded block shared with a forked child vs the child's exit: an mm leaves swapoff's list only once exit_mmap() is done with its entries (bookkeeping, data-loss)",
	.nr_threads = 2,
	.thread_names = { "reclaim", "exit" },
	.init = chk_mm_init,
	.setup = se_setup,
	.thread = se_thread,
	.finish = se_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 15000,
	.bound = 1,
};
