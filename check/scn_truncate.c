// SPDX-License-Identifier: GPL-2.0-only
/*
 * A truncation racing the faults of a mapping of the file.  The file is
 * three blocks, cached in folios of a block, mapped shared and whole
 * unless said otherwise; one CPU
 * cuts it to a block and a half (truncate_pagecache(), mm/truncate.c), so
 * that its second folio straddles the new end and its third lies past
 * it, while two CPUs touch the file: one the third folio, past the new
 * end, one the second folio before the end.
 *
 *  - truncate-fault: nothing is mapped before, and the file is clean.
 *    One CPU loads past the new end, the other before it: each fault maps
 *    around its page (do_fault_around()) from a window it set by the old
 *    size or the new, or maps its page alone, or finds it past the end
 *    and raises SIGBUS.  The truncation drops the clean straddling folio
 *    whole (its split fails in the model), and a fault that looked it up
 *    before must see it gone once it holds its lock (folio->mapping in
 *    filemap_fault() and next_uptodate_folio()), or it maps a page the
 *    file no longer has (data-loss, through the end-of-run sweep), and a
 *    load past the end completes (permission).  Nobody stores: with the
 *    straddling folio dirty the truncation would keep it, and a
 *    fault-around whose window was set by the old size before the
 *    truncation began, and which locks that folio after it returned, maps
 *    its pages past the end, upstream as here (docs/checker.md,
 *    "Upstream sequences the machine flags").
 *  - truncate-dirty: the straddling folio is dirty from a store before
 *    the run, so the truncation keeps it whole (its split fails in the
 *    model: truncate_inode_partial_folio()), with its pages past the end
 *    cached.  Both CPUs store, one past the end and one before it: a
 *    fault that found the page inside the file before the truncation and
 *    locks the folio after it must read the size again (filemap_fault()),
 *    or it maps a page past the end, and the store completes there.  The
 *    truncation must not drop the dirty folio (data-loss).
 *  - truncate-private: truncate-dirty through a private mapping of the
 *    file from its second block on, without the store before the run:
 *    each store copies its page (do_cow_fault()) from the folio it holds
 *    locked.  A copy of a page past the new end, made under a size read
 *    before the truncation set it and mapped after the truncation's first
 *    unmap, is anonymous, over no folio the truncation finds mapped: only
 *    its last unmap of the range, private copies too (even_cows), takes
 *    it, or the store after the run completes past the end (permission).
 *  - truncate-writeback: truncate-dirty with the folio past the new end
 *    dirty too, and fsync() (filemap_write_and_wait()) in place of the
 *    store past the end.  The truncation waits for a copy in flight
 *    before it lets go of each folio, and frees the blocks past the end
 *    only then; a copy started later reads the size under the folio lock
 *    and writes no page past it, so that nothing lands on a freed block,
 *    which the next file to get it owns (data-loss, file_store_write()).
 *  - truncate-reclaim: truncate-writeback with reclaim (shrink_mapping())
 *    in place of fsync(), both folios aged, and no store.  Reclaim holds
 *    the folio lock but while it writes a dirty folio back (pageout()
 *    lets it go), then locks it again and evicts it only if the cache
 *    still holds it: the truncation may have taken it out meanwhile, or
 *    before reclaim's trylock, and still hold its lookup reference, which
 *    leaves the count reclaim expects (bookkeeping, a reference put
 *    twice).
 *
 * Asserted: past the end every access faults once the truncation returned
 * (permission: the accesses as they complete, the end-of-run sweep's
 * entries, and loads and a store past the end after the run, on every
 * CPU, so that a translation one cached and the truncation did not
 * invalidate is used: stale-tlb, permission); the
 * store before the end is in the file, or in truncate-private in the
 * process's copy (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define TR_STORED	0x7e
#define TR_PAGES	(3 * CONT_PTES)

static struct {
	struct address_space file;
	struct mm_model *mm;
	unsigned long eof;	/* the new size */
	unsigned long past;	/* the access past it */
	unsigned long inside;	/* the store before it */
	bool store;		/* the CPUs store, or they load */
	/* The second CPU's work: an access past the end, or one of these. */
	enum { TR_ACCESS, TR_FSYNC, TR_RECLAIM } second;
	bool shared;		/* the mapping is shared, or private */
	unsigned long pgoff;	/* the file page the mapping starts at */
	unsigned long pages;	/* the file's old size */
} tr;

/* Where file page @page is mapped. */
static unsigned long tr_va(unsigned long page)
{
	return chk_mm_va(page - tr.pgoff);
}

static void tr_setup_file(unsigned long pages, unsigned int order,
			  unsigned long vm_flags, unsigned long pgoff)
{
	chk_mm_setup();
	chk_mm_file_setup(&tr.file, pages, order);
	tr.mm = mm_alloc();
	BUG_ON(!tr.mm || !do_mmap(tr.mm, chk_mm_va(0),
				  (pages - pgoff) << PAGE_SHIFT, vm_flags,
				  0, &tr.file, pgoff));
	tr.pgoff = pgoff;
	tr.pages = pages;
	tr.second = TR_ACCESS;
	tr.shared = vm_flags & VM_SHARED;
}

static void tr_setup_mapped(bool store, unsigned long vm_flags,
			    unsigned long pgoff)
{
	tr_setup_file(TR_PAGES, chk_cont_order(), vm_flags, pgoff);
	tr.eof = CONT_PTES + CONT_PTES / 2;
	tr.past = 2 * CONT_PTES + CONT_PTES / 4;
	tr.inside = tr.eof - CONT_PTES / 4;
	tr.store = store;
}

static void tr_setup_shape(bool store)
{
	tr_setup_mapped(store, VM_READ | VM_WRITE | VM_SHARED, 0);
}

/* From the file's second block, so that pages and addresses differ. */
static void tr_setup_private(void)
{
	tr_setup_mapped(true, VM_READ | VM_WRITE, CONT_PTES);
}

static void tr_setup(void)
{
	tr_setup_shape(false);
}

/* The straddling folio dirtied by a store to its first page. */
static void tr_dirty(void)
{
	BUG_ON(user_store(tr.mm, tr_va(CONT_PTES), TR_STORED));
}

static void tr_setup_dirty(void)
{
	tr_setup_shape(true);
	tr_dirty();
}

/* Both folios the cut reaches dirty, the one past the end too. */
static void tr_setup_writeback(void)
{
	tr_setup_dirty();
	BUG_ON(user_store(tr.mm, tr_va(tr.past), TR_STORED));
	tr.second = TR_FSYNC;
}

/* Both dirty, and aged, so that reclaim writes each back and evicts it. */
static void tr_setup_reclaim(void)
{
	tr_setup_writeback();
	tr.second = TR_RECLAIM;
	tr.store = false;
	chk_mm_age(tr.mm, page_folio(chk_mm_page(tr.mm, tr_va(CONT_PTES))));
	chk_mm_age(tr.mm, page_folio(chk_mm_page(tr.mm, tr_va(tr.past))));
}

static void tr_setup_dirty_loads(void)
{
	tr_setup_shape(false);
	tr_dirty();
}

/*
 * truncate-big-folio: folios of two blocks, the file cut in the middle
 * of the first block, whose folio a store made dirty; the load past the
 * end is in that folio's second block, so its fault-around window starts
 * past the new end.
 */
static void tr_setup_big_folio(void)
{
	tr_setup_file(4 * CONT_PTES, chk_cont_order() + 1,
		      VM_READ | VM_WRITE | VM_SHARED, 0);
	tr.eof = CONT_PTES / 2;
	tr.past = CONT_PTES + CONT_PTES / 4;
	tr.inside = CONT_PTES / 4;
	tr.store = false;
	BUG_ON(user_store(tr.mm, tr_va(0), TR_STORED));
}

/* @page's access: before the end it completes, past it only early. */
static void tr_access(unsigned long page, u64 value)
{
	bool inside = page < tr.eof;
	int ret;
	u64 v;

	if (tr.store)
		ret = user_store(tr.mm, tr_va(page), value);
	else
		ret = user_load(tr.mm, tr_va(page), &v);
	BUG_ON(inside && ret);
}

static void tr_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	switch (t) {
	case 0:
		truncate_pagecache(&tr.file, tr.eof);
		break;
	case 1:
		if (tr.second == TR_FSYNC)
			filemap_write_and_wait(&tr.file);
		else if (tr.second == TR_RECLAIM)
			shrink_mapping(&tr.file, &stats);
		else
			tr_access(tr.past, TR_STORED);
		break;
	default:
		tr_access(tr.inside, TR_STORED + 1);
		break;
	}
}

/*
 * After the run, on CPU @cpu: a load at the new end, one at the page the
 * CPU loaded past it and a store to the last page all fault, and the page
 * before the end loads.  Each CPU that touched the file asks again, so
 * that a translation it cached and the truncation did not invalidate is
 * used (stale-tlb, permission).
 */
static bool tr_past_faults_on(unsigned int cpu)
{
	unsigned int self = hw_this_cpu;
	int load_ret, past_ret, store_ret, inside_ret;
	u64 v;

	hw_this_cpu = cpu;
	load_ret = user_load(tr.mm, tr_va(tr.eof), &v);
	past_ret = user_load(tr.mm, tr_va(tr.past), &v);
	store_ret = user_store(tr.mm, tr_va(tr.pages - 1), 0);
	inside_ret = user_load(tr.mm, tr_va(tr.inside), &v);
	hw_this_cpu = self;
	if (load_ret == -EFAULT_USER && past_ret == -EFAULT_USER &&
	    store_ret == -EFAULT_USER && !inside_ret)
		return true;
	chk_fail(CHK_PERMISSION,
		 "cpu%u after the truncation: loads past the end returned %d and %d, a store %d (SIGBUS due), a load before it %d",
		 cpu, load_ret, past_ret, store_ret, inside_ret);
	return false;
}

/* The store before the end: in the file, or in the private copy. */
static u64 tr_inside_data(void)
{
	u64 v;

	if (tr.shared)
		return chk_mm_file_data(&tr.file, tr.inside);
	BUG_ON(user_load(tr.mm, tr_va(tr.inside), &v));
	return v;
}

static void tr_finish(void)
{
	unsigned int cpu;
	u64 v;

	for (cpu = 0; cpu < 3; cpu++)
		if (!tr_past_faults_on(cpu))
			return;
	v = tr.store ? tr_inside_data() : TR_STORED + 1;
	if (v != TR_STORED + 1) {
		chk_fail(CHK_DATA_LOSS,
			 "page %lu holds %#llx after the truncation, not the store %#x made before its end",
			 tr.inside, (unsigned long long)v, TR_STORED + 1);
		return;
	}
	chk_mm_finish(&tr.file);
}

const struct chk_scenario scn_truncate_fault = {
	.name = "truncate-fault",
	.desc = "a clean file of three blocks cut to a block and a half while one CPU loads past the new end (in the folio wholly past it) and one before it (in the folio across it), each mapping around its page from a window set by the old size or the new: a folio the truncation dropped is never mapped, and past the end every access faults once it returned (permission, data-loss, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "truncate", "cpu-load-past", "cpu-load" },
	.init = chk_mm_init,
	.setup = tr_setup,
	.thread = tr_thread,
	.finish = tr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_truncate_dirty = {
	.name = "truncate-dirty",
	.desc = "a file of three blocks cut to a block and a half whose folio across the new end is dirty, so the truncation keeps it whole, while one CPU stores past the end and one before it: a fault reads the size again under the folio lock, and the dirty folio stays (permission, data-loss)",
	.nr_threads = 3,
	.thread_names = { "truncate", "cpu-store-past", "cpu-store" },
	.init = chk_mm_init,
	.setup = tr_setup_dirty,
	.thread = tr_thread,
	.finish = tr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_truncate_private = {
	.name = "truncate-private",
	.desc = "truncate-dirty through a private mapping of the file from its second block: each store copies its page from the folio it holds locked, and a copy past the new end made under the old size goes with the truncation's last unmap, of private copies too, while the copy before the end stays (permission, data-loss)",
	.nr_threads = 3,
	.thread_names = { "truncate", "cpu-store-past", "cpu-store" },
	.init = chk_mm_init,
	.setup = tr_setup_private,
	.thread = tr_thread,
	.finish = tr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_truncate_writeback = {
	.name = "truncate-writeback",
	.desc = "truncate-dirty with the folio past the new end dirty too, and fsync() in place of the store past the end: the truncation waits for each copy in flight before it lets go of a folio and frees the blocks past the end, and writeback writes no page past the size it reads under the folio lock (data-loss, permission)",
	.nr_threads = 3,
	.thread_names = { "truncate", "fsync", "cpu-store" },
	.init = chk_mm_init,
	.setup = tr_setup_writeback,
	.thread = tr_thread,
	.finish = tr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_truncate_reclaim = {
	.name = "truncate-reclaim",
	.desc = "truncate-writeback with reclaim in place of fsync(), both folios aged: reclaim, which lets go of the folio lock while it writes a folio back, locks it again and evicts it only if the cache still holds it, and the truncation frees the blocks past the end only once no copy is in flight (bookkeeping, data-loss, permission)",
	.nr_threads = 2,
	.thread_names = { "truncate", "reclaim" },
	.init = chk_mm_init,
	.setup = tr_setup_reclaim,
	.thread = tr_thread,
	.finish = tr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 2,
};

/*
 * The fault-around reads the size again once it holds the folio lock
 * (next_uptodate_folio()): a window that starts at or past the new end
 * maps nothing, though the truncation kept the folio across the end.
 */
const struct chk_scenario scn_truncate_big_folio = {
	.name = "truncate-big-folio",
	.desc = "a file of two-block folios cut in the middle of its first block, whose folio is dirty, so the truncation keeps it whole, while one CPU loads in that folio's second block: a fault-around whose window the old size set, and which starts past the new end, maps nothing once the truncation returned (permission)",
	.nr_threads = 2,
	.thread_names = { "truncate", "cpu-load-past" },
	.init = chk_mm_init,
	.setup = tr_setup_big_folio,
	.thread = tr_thread,
	.finish = tr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

/*
 * Not in the catalogue, which keeps away from it: truncate-fault with the
 * straddling folio dirty, so that the truncation keeps it.  The load
 * before the end maps around its page from a window set by the old size,
 * and locks that folio only after the truncation returned:
 * next_uptodate_folio() reads the size again but tests only the first
 * page it maps against it, and the fault-around maps the folio's pages
 * past the new end (docs/checker.md, "Upstream sequences the machine
 * flags"; tests/mm_truncate.c).
 */
const struct chk_scenario scn_truncate_dirty_fault_around = {
	.name = "truncate-dirty-fault-around",
	.desc = "truncate-fault with the folio across the new end dirty, so the truncation keeps it: a fault-around whose window was set by the old size maps its pages past the end (permission)",
	.nr_threads = 3,
	.thread_names = { "truncate", "cpu-load-past", "cpu-load" },
	.init = chk_mm_init,
	.setup = tr_setup_dirty_loads,
	.thread = tr_thread,
	.finish = tr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
