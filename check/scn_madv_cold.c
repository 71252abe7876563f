// SPDX-License-Identifier: GPL-2.0-only
/*
 * MADV_COLD racing a user store to a lazyfree block
 * (madvise_cold_or_pageout_pte_range(), v6.12).  The setup maps a folded
 * block, the last of its PTE table, makes it lazyfree with MADV_FREE (its entries old and clean, the
 * flush done) and loads from one of its pages, so that the block is young
 * and clean: writable entries the hardware dirties on the first store,
 * with no fault.  One thread then calls MADV_COLD on the block, whose
 * batch is made old by clear_young_dirty_ptes(CYDP_CLEAR_YOUNG), while
 * another stores to the page; reclaim runs at the end.
 *
 * The store began after MADV_FREE returned, so the kernel must keep it.
 * Making an entry old is a read and a write of the descriptor: the
 * hardware's dirty update of a store may land in between, and a plain
 * store of the entry read then takes it away, leaving a lazyfree folio
 * that reclaim finds clean and discards.
 *
 * The block ends its table, so the range ends where the walk's table
 * does: an entry read or a young clear that runs one entry, or one
 * block, past the batch falls outside the table rather than on a none
 * entry of the same table, where it would go unseen.
 * Asserted: the page holds the store at the end, through reclaim
 * (data-loss, also decided where the folio is discarded); no page-table
 * access off a live table (bookkeeping); every mm and machine oracle.
 *
 * madv-cold-straddle: the range goes on into the next table's first
 * block, so madvise_walk_vmas() hands each table's part to its own walk
 * (madvise_cold_or_pageout_pte_range() per PMD): a walk given the
 * range's end runs off the first table.
 */
#include "mmworld.h"
#include "scenarios.h"

/* The block: the last of the first PTE table. */
#define MC_FIRST	(PTRS_PER_PTE - CONT_PTES)
#define MC_PAGE		(MC_FIRST + 1)	/* the page stored to */
#define MC_VALUE	0xc01d

static struct {
	struct mm_model *mm;
	struct folio *folio;
	unsigned long len;	/* the range's, from MC_FIRST */
	int ret;		/* the store's */
} mc;

static void mc_setup_shape(unsigned long pages)
{
	chk_mm_setup();
	mc.mm = mm_alloc();
	BUG_ON(!mc.mm);
	mc.len = pages << PAGE_SHIFT;
	chk_mm_anon_map(mc.mm, MC_FIRST, pages, chk_cont_order());
	mc.folio = page_folio(chk_mm_page(mc.mm, chk_mm_va(MC_FIRST)));
	BUG_ON(do_madvise(mc.mm, chk_mm_va(MC_FIRST), mc.len, MADV_FREE));
	/* The storing CPU's TLB holds the young, clean translation. */
	chk_mm_load_on(1, mc.mm, chk_mm_va(MC_PAGE));
	mc.ret = -1;
}

static void mc_setup(void)
{
	mc_setup_shape(CONT_PTES);
}

/* madv-cold-straddle: the next table's first block too. */
static void mc_setup_straddle(void)
{
	mc_setup_shape(2 * CONT_PTES);
}

static void mc_thread(unsigned int t)
{
	if (t == 0) {
		do_madvise(mc.mm, chk_mm_va(MC_FIRST), mc.len, MADV_COLD);
		return;
	}
	mc.ret = user_store(mc.mm, chk_mm_va(MC_PAGE), MC_VALUE);
}

static void mc_finish(void)
{
	struct reclaim_stats stats = { 0 };

	shrink_folio(mc.folio, &stats);
	if (!chk_mm_check_stored(mc.mm, chk_mm_va(MC_PAGE), mc.ret, MC_VALUE))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_madv_cold = {
	.name = "madv-cold",
	.desc = "MADV_COLD of a young, clean lazyfree block, its table's last, vs a user store, then reclaim: the store's hardware dirty update survives the access flag's clearing, and no walk or clear runs past the table (data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "madvise", "cpu-store" },
	.init = chk_mm_init,
	.setup = mc_setup,
	.thread = mc_thread,
	.finish = mc_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 5000,
};

const struct chk_scenario scn_madv_cold_straddle = {
	.name = "madv-cold-straddle",
	.desc = "madv-cold over a range across a PTE table's end, a folded block on each side: each table's part walked alone, none past its table (data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "madvise", "cpu-store" },
	.init = chk_mm_init,
	.setup = mc_setup_straddle,
	.thread = mc_thread,
	.finish = mc_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 5000,
};
