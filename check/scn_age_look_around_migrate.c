// SPDX-License-Identifier: GPL-2.0-only
/*
 * The multi-gen LRU's look-around beside a migration of a neighbouring
 * page.  One VMA: a folded anonymous block, its own folio, and one page
 * after it, an order-0 folio; both aged, then a load from the block makes
 * it young.  Reclaim ages the block's folio (folio_referenced() ->
 * lru_gen_look_around()), whose window of up to MIN_LRU_BATCH entries
 * around its first young entry takes in the page after the block, while
 * move_pages() migrates that page, which replaces its entry by a
 * migration entry until the copy is mapped.  The look-around looks only
 * at present entries (get_pte_pfn()): a migration entry's bits are no
 * Access flag, and its type field has a bit where PTE_AF is.
 *
 * Asserted: the migration entry goes back to an entry of the new page,
 * which holds the page's content at the end of the run (bookkeeping for
 * a non-present entry taken for a page, or a migration entry left at the
 * end; data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define ALM_PAGE	CONT_PTES	/* the page after the block */

static struct {
	struct mm_model *mm;
	struct folio *folio;
} alm;

static void alm_setup(void)
{
	struct folio *folio;
	unsigned long p;
	u64 v;

	chk_mm_setup();
	alm.mm = mm_alloc();
	BUG_ON(!alm.mm);
	chk_mm_anon_map(alm.mm, 0, CONT_PTES + 1, chk_cont_order());
	for (p = 0; p <= ALM_PAGE; p += ALM_PAGE) {
		folio = page_folio(chk_mm_page(alm.mm, chk_mm_va(p)));
		chk_mm_age(alm.mm, folio);
		folio_clear(folio, PG_referenced);
	}
	alm.folio = page_folio(chk_mm_page(alm.mm, chk_mm_va(0)));
	BUG_ON(user_load(alm.mm, chk_mm_va(0), &v));
	lru_gen_set_enabled(true);
}

static void alm_thread(unsigned int t)
{
	if (t == 0) {
		folio_referenced(alm.folio, false);
		return;
	}
	do_move_pages(alm.mm, chk_mm_va(ALM_PAGE));
}

static void alm_finish(void)
{
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_age_look_around_migrate = {
	.name = "age-look-around-migrate",
	.desc = "the multi-gen LRU's aging of a loaded folded block whose look-around window takes in the page after it while move_pages() migrates that page: a migration entry is not a present entry, and the look-around leaves it alone (bookkeeping, data-loss)",
	.nr_threads = 2,
	.thread_names = { "age", "migrate" },
	.init = chk_mm_init,
	.setup = alm_setup,
	.thread = alm_thread,
	.finish = alm_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
