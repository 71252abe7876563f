// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fault path's lockless read and PTL recheck (handle_pte_fault(), the
 * read "[RFC PATCH v1 0/4] Reduce cost of ptep_get_lockless on arm64"
 * (Ryan Roberts, Feb 2024) would relax) against an unfold of the same
 * block.  fork() maps the parent's folded block in the child
 * read-only and old.  Two child stores to two pages of the block take
 * write faults: ptep_get_lockless(), then ptep_get() and pte_same() under
 * the PTL, then a COW copy whose ptep_clear_flush() unfolds the block
 * under the other fault's feet.  A child load elsewhere in the block makes
 * the hardware set the Access flag in some entry, so the gathered value
 * changes too.  A fault that sees a changed entry retries (a spurious
 * failure is fine); one that keeps failing is a liveness violation (what
 * lockless=raw does: its read never agrees with ptep_get()).  A wrong
 * mapping is caught at the end: each stored page is a private copy holding
 * the store and the parent still sees the contents from before fork()
 * (data-loss); every other page still maps the shared folio in both mms
 * (bookkeeping, from its mapcount).
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define FR_LOAD		(CONT_PTES - 1)

static const unsigned long fr_store[2] = { 0, 2 };

static struct {
	struct mm_model *parent, *child;
	struct folio *folio;	/* the block both share after fork() */
	u64 before[2];		/* the stored pages' contents at fork() */
	int store_ret[2];
} fr;

static void fr_setup(void)
{
	unsigned int t;

	chk_mm_setup();
	fr.parent = chk_mm_anon_blocks(1);
	fr.folio = page_folio(chk_mm_page(fr.parent, chk_mm_va(0)));
	fr.child = dup_mm(fr.parent);
	BUG_ON(!fr.child);
	for (t = 0; t < 2; t++)
		fr.before[t] = page_data(folio_page(fr.folio, fr_store[t]));
	fr.store_ret[0] = fr.store_ret[1] = -1;
}

static u64 fr_value(unsigned int t)
{
	return 0xc0 + t;
}

static void fr_thread(unsigned int t)
{
	u64 v;

	if (t < 2)
		fr.store_ret[t] = user_store(fr.child, chk_mm_va(fr_store[t]),
					     fr_value(t));
	else
		user_load(fr.child, chk_mm_va(FR_LOAD), &v);
}

/* The page the child stored to: a private copy holding the store. */
static bool fr_check_copy(unsigned int t)
{
	struct page *page = chk_mm_page(fr.child, chk_mm_va(fr_store[t]));

	if (fr.store_ret[t]) {
		chk_fail(CHK_LIVENESS, "the store to page %lu failed: %d",
			 fr_store[t], fr.store_ret[t]);
		return false;
	}
	if (page == folio_page(fr.folio, fr_store[t]) ||
	    page_data(page) != fr_value(t)) {
		chk_fail(CHK_DATA_LOSS, "page %lu: the store is not in a private copy",
			 fr_store[t]);
		return false;
	}
	return true;
}

/* The parent still maps page @i of the shared folio, as it was at fork(). */
static bool fr_check_parent(unsigned long i, u64 before)
{
	struct page *shared = folio_page(fr.folio, i);

	if (chk_mm_page(fr.parent, chk_mm_va(i)) == shared &&
	    page_data(shared) == before)
		return true;
	chk_fail(CHK_DATA_LOSS, "the parent's page %lu changed after fork()", i);
	return false;
}

static void fr_finish(void)
{
	int mapped = 2 * CONT_PTES - 2;
	unsigned int t;

	for (t = 0; t < 2; t++)
		if (!fr_check_copy(t) ||
		    !fr_check_parent(fr_store[t], fr.before[t]))
			return;
	if (chk_mm_page(fr.child, chk_mm_va(FR_LOAD)) !=
	    folio_page(fr.folio, FR_LOAD) ||
	    folio_mapcount(fr.folio) != mapped) {
		chk_fail(CHK_BOOKKEEPING, "the shared folio has %d mappings, %d expected",
			 folio_mapcount(fr.folio), mapped);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_fault_recheck = {
	.name = "fault-recheck",
	.desc = "two COW write faults unfold a forked block under each other's lockless read and PTL recheck while hardware sets AF (liveness, data-loss, cow-isolation, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "cpu-store", "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = fr_setup,
	.thread = fr_thread,
	.finish = fr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
