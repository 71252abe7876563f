// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copy-on-write of a page shared through the swap cache.  An order-0
 * anonymous page is forked, then swapped out of both processes (written,
 * left in the swap cache, both entries naming its slot).  The parent loads
 * it back (do_swap_page(): mapped read-only, the slot still shared) and
 * stores to it, which faults into do_wp_page(); the child loads it back,
 * now or later.  The parent is the only one that maps the page when it
 * stores, but the swap cache and the child's entry still refer to it: it
 * may be reused for the write only if nothing but the parent's mapping
 * holds it (wp_can_reuse_anon_folio(): the reference count, not the map
 * count), or the child's swap-in maps the parent's new data.
 *
 * The bug class: reuse decided on the map count (the test of kernels
 * before v5.8, CVE-2020-29374), or on a count read before the swap cache
 * was left (cow-isolation: the child reads what the parent stored after
 * fork()); swap counts and references that do not balance (bookkeeping);
 * every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SC_VALUE	0x5c0f

static struct {
	struct mm_model *parent, *child;
} sc;

static void sc_setup(void)
{
	struct folio *folio;

	chk_mm_setup();
	BUG_ON(swapon(CONT_PTES, 0));
	sc.parent = mm_alloc();
	BUG_ON(!sc.parent);
	chk_mm_anon_map(sc.parent, 0, 1, 0);
	sc.child = dup_mm(sc.parent);
	BUG_ON(!sc.child);
	folio = page_folio(chk_mm_page(sc.parent, chk_mm_va(0)));
	folio_get(folio);
	chk_mm_age(sc.parent, folio);
	chk_mm_age(sc.child, folio);
	chk_mm_reclaim_isolated(folio, 1);
	BUG_ON(folio_mapcount(folio) || !folio_test(folio, PG_swapcache));
	folio_put(folio);
}

static void sc_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		user_load(sc.parent, chk_mm_va(0), &v);
		user_store(sc.parent, chk_mm_va(0), SC_VALUE);
	} else {
		user_load(sc.child, chk_mm_va(0), &v);
	}
}

static void sc_finish(void)
{
	u64 v;

	/* The child's view once the parent's store is done. */
	if (user_load(sc.child, chk_mm_va(0), &v)) {
		chk_fail(CHK_LIVENESS, "the child's load failed");
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_cow = {
	.name = "swap-cow",
	.desc = "a page forked, then swapped out of both processes and left in the swap cache: the parent's swap-in and store (a write fault on a page it alone maps) vs the child's swap-in (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "parent", "child" },
	.init = chk_mm_init,
	.setup = sc_setup,
	.thread = sc_thread,
	.finish = sc_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 2,
};
