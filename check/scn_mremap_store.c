// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap() against a store.  A folded lazyfree block (MADV_FREEd: its
 * entries clean, so a store needs the hardware to set dirty) is moved to
 * another aligned address (move_ptes(): each entry taken out and set at
 * the new address; the first unfolds the block) while a user thread
 * stores to its second page at the old address; reclaim then scans the
 * folio twice.  Taking an entry out must be one atomic exchange: a dirty
 * bit the hardware sets between a read of the entry and its clearing
 * would not reach the new address, and reclaim would discard the store.
 * Asserted: a store that completed is at the new address after reclaim
 * (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MS_PAGE		1
#define MS_NEW		(2 * CONT_PTES)
#define MS_VALUE	0x3e3

static struct {
	struct mm_model *mm;
	struct folio *folio;
	int store_ret;
} ms;

static void ms_setup(void)
{
	chk_mm_setup();
	ms.mm = chk_mm_lazyfree_block(NULL);
	ms.folio = page_folio(chk_mm_page(ms.mm, chk_mm_va(MS_PAGE)));
	ms.store_ret = -1;
}

static void ms_thread(unsigned int t)
{
	if (t == 0)
		BUG_ON(do_mremap(ms.mm, chk_mm_va(0), CONT_PTE_SIZE,
				 chk_mm_va(MS_NEW)));
	else
		ms.store_ret = user_store(ms.mm, chk_mm_va(MS_PAGE), MS_VALUE);
}

static void ms_finish(void)
{
	if (chk_mm_store_survives_reclaim(ms.mm, ms.folio,
					  chk_mm_va(MS_NEW + MS_PAGE),
					  !ms.store_ret, MS_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_mremap_store = {
	.name = "mremap-store",
	.desc = "mremap() of a folded lazyfree block vs a store at the old address, then reclaim: the store's dirty bit moves with the entry (data-loss)",
	.nr_threads = 2,
	.thread_names = { "mremap", "cpu-store" },
	.init = chk_mm_init,
	.setup = ms_setup,
	.thread = ms_thread,
	.finish = ms_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_RANDOM,
	.executions = 5000,
	.bound = 1,
};
