// SPDX-License-Identifier: GPL-2.0-only
/*
 * Splitting the folio under a folded block into order-0 folios while a
 * CPU loads from a page of it that holds only zeros (no store reached
 * it).  v6.12's split maps such a page as the shared zero page rather
 * than the new folio (remap_page() with
 * RMP_USE_SHARED_ZEROPAGE: try_to_map_unused_to_zeropage()), and the
 * folio, mapped nowhere, is freed as the split drops its reference.  So
 * unmap_folio()'s wait for the deferred TLBIs of try_to_migrate() is what
 * keeps a CPU from reaching the freed page through the translation it
 * cached of the old entry.  The loads go on until the split returned,
 * then once more, and a store follows, which copies the zero page.
 * Another page's data word was stored zero but the rest of it was not: it
 * is not a page of zeros, and must stay the folio's.
 *
 * Asserted: no access through a TLB entry to a freed frame (stale-tlb);
 * the store holds, and the page whose first word alone is zero keeps its
 * rest (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SZ_PAGE		1	/* a page of zeros: no store reached it */
#define SZ_STORED_ZERO	2	/* a store of zero, the rest of the page not */
#define SZ_VALUE	0x52e

static struct {
	struct mm_model *mm;
	bool done;		/* the split returned */
	struct chk_mm_store loads;
	int store_ret;
} sz;

static void sz_setup(void)
{
	chk_mm_setup();
	sz.mm = chk_mm_anon_blocks(1);
	chk_mm_zero_pages(sz.mm, SZ_PAGE, 1);
	BUG_ON(user_store(sz.mm, chk_mm_va(SZ_STORED_ZERO), 0));
	sz.done = false;
	sz.store_ret = -1;
}

static void sz_thread(unsigned int t)
{
	if (t == 0) {
		split_huge_pages_pid(sz.mm, chk_mm_va(0), chk_mm_va(CONT_PTES),
				     0);
		chk_mm_mark(&sz.done);
		return;
	}
	chk_mm_load_until(&sz.loads, sz.mm, chk_mm_va(SZ_PAGE), &sz.done);
	sz.store_ret = user_store(sz.mm, chk_mm_va(SZ_PAGE), SZ_VALUE);
}

static void sz_finish(void)
{
	if (!chk_mm_check_stored(sz.mm, chk_mm_va(SZ_PAGE), sz.store_ret,
				SZ_VALUE) ||
	    !chk_mm_check_fill(sz.mm, SZ_STORED_ZERO))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_split_zero = {
	.name = "split-zero",
	.desc = "split of the folio under a folded block into order-0 folios vs loads of a page of zeros, which the split maps as the zero page and frees: unmap_folio() must wait for its TLBIs first (stale-tlb, bbm, data-loss)",
	.nr_threads = 2,
	.thread_names = { "split", "cpu-load" },
	.init = chk_mm_init,
	.setup = sz_setup,
	.thread = sz_thread,
	.finish = sz_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
