// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim aging against a store through a clean writable translation.
 * A folded block is MADV_FREEd (clean and old, writable: DBM), then CPU 1
 * loads from one of its pages, so that page's entry is young and clean and
 * CPU 1 caches a writable-clean translation.  Reclaim ages the folio
 * (folio_referenced(): each entry's access flag tested and cleared) while
 * CPU 1 stores to that page, the hardware setting the entry's dirty state
 * (DBM: AP[2] cleared) at any moment of the aging; then reclaim scans the
 * folio twice more.
 *
 * The bug class: a test-and-clear of the access flag that is a read and a
 * store rather than one exchange (the generic ptep_test_and_clear_young()
 * arm64 overrides), which writes the entry back old over the dirty state
 * the hardware set between the two, so that reclaim discards the store
 * with the lazyfree folio (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define AS_PAGE		3
#define AS_VALUE	0x77aa

static struct {
	struct mm_model *mm;
	struct folio *folio;
	int ret;
} as;

static void as_setup(void)
{
	chk_mm_setup();
	as.mm = chk_mm_anon_blocks(1);
	as.folio = page_folio(chk_mm_page(as.mm, chk_mm_va(0)));
	BUG_ON(do_madvise(as.mm, chk_mm_va(0), CONT_PTE_SIZE, MADV_FREE));
	chk_mm_load_on(1, as.mm, chk_mm_va(AS_PAGE));
	as.ret = -1;
}

static void as_thread(unsigned int t)
{
	if (t == 0)
		folio_referenced(as.folio);
	else
		as.ret = user_store(as.mm, chk_mm_va(AS_PAGE), AS_VALUE);
}

static void as_finish(void)
{
	if (chk_mm_store_survives_reclaim(as.mm, as.folio, chk_mm_va(AS_PAGE),
					  !as.ret, AS_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_age_store = {
	.name = "age-store",
	.desc = "reclaim aging of a MADV_FREEd block a CPU loaded from (young, clean, writable) vs that CPU's store: the access flag cleared in one exchange (data-loss)",
	.nr_threads = 2,
	.thread_names = { "aging", "cpu-store" },
	.init = chk_mm_init,
	.setup = as_setup,
	.thread = as_thread,
	.finish = as_finish,
	.exit = chk_mm_exit,
	/* Whole on 4-entry blocks; 420,017 executions on 16-entry ones. */
	.also = (const char *const[]){ "cont-ptes=4", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
