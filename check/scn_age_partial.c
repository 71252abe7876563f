// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim's aging of a folded block split between two VMAs
 * (MADV_DONTFORK of its first half leaves the entries folded): the rmap
 * walk of each VMA clears and flushes the access flag of its part of the
 * block, so the walk of the second VMA is a young batch that starts
 * inside a folded block (contpte_clear_flush_young_ptes(), widened to
 * the block by contpte_align_addr_ptep()).  The block is the last of its
 * PTE table, so a young loop run past the block leaves the table.  A
 * user thread stores to the block's last page, in the second VMA,
 * meanwhile, until the aging returned and once more then.
 * Asserted: no page-table access off a live table and no entry left in a
 * freed table (bookkeeping), the store kept if it completed (data-loss),
 * and every machine and mm oracle.
 */
#include <linux/mm.h>

#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	bool aged;		/* the aging returned */
	struct chk_mm_store store;
} ap;

/* The block's first page: the last block of the first PTE table. */
static unsigned long ap_first(void)
{
	return PTRS_PER_PTE - CONT_PTES;
}

static void ap_setup(void)
{
	chk_mm_setup();
	ap.mm = mm_alloc();
	BUG_ON(!ap.mm);
	chk_mm_anon_map(ap.mm, ap_first(), CONT_PTES, chk_cont_order());
	BUG_ON(do_madvise(ap.mm, chk_mm_va(ap_first()),
			  (CONT_PTES / 2) << PAGE_SHIFT, MADV_DONTFORK));
	ap.aged = false;
}

static void ap_thread(unsigned int t)
{
	struct page *page;

	if (t == 0) {
		page = chk_mm_page(ap.mm, chk_mm_va(ap_first()));
		BUG_ON(!page);
		chk_mm_age(ap.mm, page_folio(page));
		chk_mm_mark(&ap.aged);
		return;
	}
	chk_mm_store_until(&ap.store, ap.mm,
			   chk_mm_va(ap_first() + CONT_PTES - 1), 0xa9,
			   &ap.aged);
}

static void ap_finish(void)
{
	if (!chk_mm_check_store(ap.mm, chk_mm_va(ap_first() + CONT_PTES - 1),
				ap.store.completed, 0xa9))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_age_partial = {
	.name = "age-partial",
	.desc = "reclaim aging of a folded block split between two VMAs, the last block of its table, vs stores: a young batch that starts inside the block (bookkeeping, data-loss)",
	.nr_threads = 2,
	.thread_names = { "aging", "cpu-store" },
	.init = chk_mm_init,
	.setup = ap_setup,
	.thread = ap_thread,
	.finish = ap_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
