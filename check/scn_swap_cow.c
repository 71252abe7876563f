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
 *
 * swap-cow-exit: two order-0 pages forked, then swapped out of both
 * processes and out of the swap cache: only their slots hold them, each
 * named by two swap entries fork() made non-exclusive.  The parent stores
 * to the first (a write fault's swap-in) and loads, then stores to, the
 * second (a read fault's swap-in, then do_wp_page()); the child loads both
 * and exits.  A fault reads the slot into a new folio in the swap cache.
 * do_swap_page() may map a page writable, or mark it exclusive, only when
 * nothing else holds the slot or the folio: the write fault of a parent
 * whose child is gone frees the slot (should_try_to_free_swap()) and so
 * holds the only reference.  Its bugs: a page mapped writable and not
 * marked PageAnonExclusive, which the next fork() would share without a
 * copy (cow-isolation, through the end-of-run sweep); a folio read for a
 * shared entry marked exclusive, which the parent's store then reuses
 * while the child's entry still names its slot (cow-isolation: the child
 * reads the parent's store).
 */
#include "mmworld.h"
#include "scenarios.h"

#define SC_VALUE	0x5c0f

static struct {
	struct mm_model *parent, *child;
	bool exits;		/* swap-cow-exit */
	int ret[3];		/* the parent's stores, the child's loads */
} sc;

/*
 * Page @page of both processes swapped out: left in the swap cache
 * (@cached), or out of it too, only its slot holding it.
 */
static void sc_swap_out(unsigned long page, bool cached)
{
	struct folio *folio;

	folio = page_folio(chk_mm_page(sc.parent, chk_mm_va(page)));
	folio_get(folio);
	chk_mm_age(sc.parent, folio);
	chk_mm_age(sc.child, folio);
	chk_mm_reclaim_isolated(folio, cached ? 1 : 2);
	BUG_ON(folio_mapcount(folio) ||
	       folio_test(folio, PG_swapcache) != cached);
	folio_put(folio);
}

/* @nr order-0 pages forked, then swapped out of both processes. */
static void sc_setup_pages(unsigned long nr, bool cached)
{
	unsigned long page;

	chk_mm_setup();
	BUG_ON(swapon(CONT_PTES, 0));
	sc.parent = mm_alloc();
	BUG_ON(!sc.parent);
	chk_mm_anon_map(sc.parent, 0, nr, 0);
	sc.child = dup_mm(sc.parent);
	BUG_ON(!sc.child);
	for (page = 0; page < nr; page++)
		sc_swap_out(page, cached);
}

static void sc_setup(void)
{
	sc_setup_pages(1, true);
	sc.exits = false;
}

static void sc_setup_exit(void)
{
	sc_setup_pages(2, false);
	sc.exits = true;
	sc.ret[0] = sc.ret[1] = sc.ret[2] = -1;
}

static void sc_thread_exit(unsigned int t)
{
	u64 v;

	if (t == 0) {
		sc.ret[0] = user_store(sc.parent, chk_mm_va(0), SC_VALUE);
		user_load(sc.parent, chk_mm_va(1), &v);
		sc.ret[1] = user_store(sc.parent, chk_mm_va(1), SC_VALUE + 1);
		return;
	}
	sc.ret[2] = user_load(sc.child, chk_mm_va(0), &v) ||
		    user_load(sc.child, chk_mm_va(1), &v);
	mmput(sc.child);
}

static void sc_thread(unsigned int t)
{
	u64 v;

	if (sc.exits) {
		sc_thread_exit(t);
		return;
	}
	if (t == 0) {
		user_load(sc.parent, chk_mm_va(0), &v);
		user_store(sc.parent, chk_mm_va(0), SC_VALUE);
	} else {
		user_load(sc.child, chk_mm_va(0), &v);
	}
}

static void sc_finish_exit(void)
{
	if (sc.ret[2]) {
		chk_fail(CHK_LIVENESS, "a load of the child's failed");
		return;
	}
	if (chk_mm_check_stored(sc.parent, chk_mm_va(0), sc.ret[0], SC_VALUE) &&
	    chk_mm_check_stored(sc.parent, chk_mm_va(1), sc.ret[1],
				SC_VALUE + 1))
		chk_mm_finish(NULL);
}

static void sc_finish(void)
{
	u64 v;

	if (sc.exits) {
		sc_finish_exit();
		return;
	}
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

const struct chk_scenario scn_swap_cow_exit = {
	.name = "swap-cow-exit",
	.desc = "two order-0 pages forked, swapped out of both processes and of the swap cache: the parent's write-fault and read-fault swap-ins and stores vs the child's loads and exit; a page is mapped writable or marked exclusive only once nothing else holds it (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "parent", "child" },
	.init = chk_mm_init,
	.setup = sc_setup_exit,
	.thread = sc_thread,
	.finish = sc_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 2,
};
