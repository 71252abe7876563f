// SPDX-License-Identifier: GPL-2.0-only
/*
 * The multi-gen LRU's look-around against a store to the block it looks
 * into.  Two folded blocks: the second MADV_FREEd (clean and old,
 * writable: DBM), then each loaded from, CPU 1 the second's page, so that
 * entry is young and clean and CPU 1 caches a writable-clean translation.
 * Reclaim ages the first folio (folio_referenced() with the multi-gen
 * LRU: lru_gen_look_around()), whose young entry makes it look around
 * into the second block, while CPU 1 stores to its page, the hardware
 * setting the dirty state in any entry of that block at any moment of
 * the aging; then reclaim scans the second folio twice.
 *
 * The bug class: a look-around that makes a neighbour old by writing
 * back the value it read with ptep_get(), made old, rather than with
 * ptep_test_and_clear_young(): a dirty state the hardware set since the
 * read is overwritten, and reclaim discards the store with the lazyfree
 * folio (data-loss).  On a folded block the write unfolds it first,
 * which gathers what the hardware set until then; the bit set between
 * the unfold and the write is lost.  Every other mm and machine oracle.
 * The young entry is the first block's last, so that a window of
 * MIN_LRU_BATCH entries centred on it reaches the second block's first
 * half whatever the block's size (128 entries on 16K pages).
 */
#include "mmworld.h"
#include "scenarios.h"

/* The first block's page loaded from: its young entry starts the look. */
#define ALS_AGED	(CONT_PTES - 1)
/* The second block's page CPU 1 loads from and stores to. */
#define ALS_PAGE	(CONT_PTES + 2)
#define ALS_VALUE	0x5e1d

static struct {
	struct mm_model *mm;
	struct folio *aged, *stored;
	int ret;
} als;

static void als_setup(void)
{
	chk_mm_setup();
	als.mm = chk_mm_anon_blocks(2);
	als.aged = page_folio(chk_mm_page(als.mm, chk_mm_va(0)));
	als.stored = page_folio(chk_mm_page(als.mm, chk_mm_va(CONT_PTES)));
	BUG_ON(do_madvise(als.mm, chk_mm_va(CONT_PTES), CONT_PTE_SIZE,
			  MADV_FREE));
	chk_mm_load_on(0, als.mm, chk_mm_va(ALS_AGED));
	chk_mm_load_on(1, als.mm, chk_mm_va(ALS_PAGE));
	lru_gen_set_enabled(true);
	als.ret = -1;
}

static void als_thread(unsigned int t)
{
	if (t == 0)
		folio_referenced(als.aged, false);
	else
		als.ret = user_store(als.mm, chk_mm_va(ALS_PAGE), ALS_VALUE);
}

static void als_finish(void)
{
	if (chk_mm_stored(chk_mm_va(ALS_PAGE), als.ret) &&
	    chk_mm_store_survives_reclaim(als.mm, als.stored,
					  chk_mm_va(ALS_PAGE), true, ALS_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_age_look_around_store = {
	.name = "age-look-around-store",
	.desc = "the multi-gen LRU's look-around from one folded block into a MADV_FREEd one a CPU loaded from, vs that CPU's store: a neighbour made old in one exchange keeps the dirty state, and reclaim keeps the store (data-loss)",
	.nr_threads = 2,
	.thread_names = { "aging", "cpu-store" },
	.init = chk_mm_init,
	.setup = als_setup,
	.thread = als_thread,
	.finish = als_finish,
	.exit = chk_mm_exit,
	/* Whole on 4-entry blocks: 7,642 executions. */
	.also = (const char *const[]){ "cont-ptes=4", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
