// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim aging against a store through a clean writable translation.
 * A folded block is MADV_FREEd (clean and old, writable: DBM), then CPU 1
 * loads from one of its pages, so that page's entry is young and clean and
 * CPU 1 caches a writable-clean translation.  Reclaim ages the folio
 * (folio_referenced(): each entry's access flag tested and cleared) while
 * CPU 1 stores to that page, the hardware setting the dirty state (DBM:
 * AP[2] cleared) in any entry of the block at any moment of the aging;
 * then mprotect(PROT_READ) of the block's first page unfolds it, and
 * reclaim scans the folio twice more.
 *
 * The bug class: a test-and-clear of the access flag that is a read and a
 * store rather than one exchange (the generic ptep_test_and_clear_young()
 * arm64 overrides), which writes the entry back old over the dirty state
 * the hardware set between the two; and a contpte_convert() that gathers
 * the dirty state of the entries it rewrites from anything but their
 * dirty state.  A store made before the aging passed its entry leaves
 * that entry old and dirty, possibly a sibling of the page stored to, and
 * the only dirty entry of the block when the unfold gathers it.  Either
 * way reclaim discards the store with the lazyfree folio (data-loss);
 * every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define AS_PAGE		3
#define AS_VALUE	0x77aa
/* The page made read-only: part of the block, never AS_PAGE. */
#define AS_UNFOLD	0

static struct {
	struct mm_model *mm;
	struct folio *folio;
	int ret;
} as;

static void as_setup(void)
{
	chk_mm_setup();
	as.mm = chk_mm_lazyfree_block(&as.folio);
	chk_mm_load_on(1, as.mm, chk_mm_va(AS_PAGE));
	as.ret = -1;
}

static void as_thread(unsigned int t)
{
	if (t == 0) {
		folio_referenced(as.folio, false);
		BUG_ON(do_mprotect(as.mm, chk_mm_va(AS_UNFOLD), PAGE_SIZE,
				   VM_READ));
	} else {
		as.ret = user_store(as.mm, chk_mm_va(AS_PAGE), AS_VALUE);
	}
}

static void as_finish(void)
{
	if (chk_mm_stored(chk_mm_va(AS_PAGE), as.ret) &&
	    chk_mm_store_survives_reclaim(as.mm, as.folio, chk_mm_va(AS_PAGE),
					  true, AS_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_age_store = {
	.name = "age-store",
	.desc = "reclaim aging of a MADV_FREEd block a CPU loaded from (young, clean, writable) vs that CPU's store, then an unfold: the access flag cleared in one exchange, the dirty state gathered (data-loss)",
	.nr_threads = 2,
	.thread_names = { "aging-unfold", "cpu-store" },
	.init = chk_mm_init,
	.setup = as_setup,
	.thread = as_thread,
	.finish = as_finish,
	.exit = chk_mm_exit,
	/* Whole on 4-entry blocks; 228,368 executions on 16-entry ones. */
	.also = (const char *const[]){ "cont-ptes=4", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
