// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swap-out beside exit.  A folded block is forked, so that one large
 * folio is mapped by parent and child, and reclaim swaps it out (two
 * passes: unmapped from both and written, then freed from the swap cache)
 * while the child exits.  The reverse map takes no mmap_lock, so
 * reclaim's walk may meet the child's entries at any point of its
 * exit_mmap(): before the zap reaches them it replaces them with swap
 * entries, and the child, which had none, joins swapoff's list
 * (try_to_unmap_one()); after the zap it finds nothing there.
 *
 * The bug class: an mm that leaves swapoff's list before exit_mmap() is
 * done with its entries, so that reclaim puts it back on and it is freed
 * there (bookkeeping: the list at the end of the run; swapoff() would walk
 * into it); swap counts, references and rss that do not balance between
 * the exit's zap of swap entries and reclaim's (bookkeeping); the parent's
 * pages not read back as they were (data-loss); every other mm and
 * machine oracle.
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
	BUG_ON(swapon(CONT_PTES, 0));
	se.mm = chk_mm_anon_blocks(1);
	se.child = dup_mm(se.mm);
	BUG_ON(!se.child);
	se.folio = page_folio(chk_mm_page(se.mm, chk_mm_va(0)));
	folio_get(se.folio);
	chk_mm_age(se.mm, se.folio);
	chk_mm_age(se.child, se.folio);
}

static void se_thread(unsigned int t)
{
	if (t == 0)
		chk_mm_reclaim_isolated(se.folio, 2);
	else
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
