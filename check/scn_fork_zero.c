// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() of the shared zero page.  A read fault on anonymous memory never
 * written maps the zero page (do_anonymous_page(): a special entry, no
 * folio, no map count, no rss); fork() copies such an entry as it is
 * (copy_present_ptes(): vm_normal_folio() finds no folio), and each
 * process's first store then copies the zero page into a page of its own
 * (wp_page_copy()).  The parent loads two pages of a block in the setup;
 * after fork() the child loads one and stores to the other, while the
 * parent stores to the first.
 *
 * Asserted: every count gives back what it took (bookkeeping: rss at
 * exit, the zero folio's map count), no store reaches the zero page or
 * the other process (cow-isolation, data-loss: each reads its own), and
 * every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FZ_PARENT	1	/* the page the parent stores to */
#define FZ_CHILD	2	/* the page the child stores to */
#define FZ_PARENT_VALUE	0x2e01
#define FZ_CHILD_VALUE	0x2e02

static struct {
	struct mm_model *parent, *child;
	int parent_ret, child_ret;
} fz;

static void fz_setup(void)
{
	u64 v;

	chk_mm_setup();
	fz.parent = mm_alloc();
	BUG_ON(!fz.parent || !do_mmap(fz.parent, CHK_MM_BASE, CONT_PTE_SIZE,
				      VM_READ | VM_WRITE, chk_cont_order(),
				      NULL, 0));
	BUG_ON(user_load(fz.parent, chk_mm_va(FZ_PARENT), &v));
	BUG_ON(user_load(fz.parent, chk_mm_va(FZ_CHILD), &v));
	fz.child = NULL;
	fz.parent_ret = fz.child_ret = -1;
}

static void fz_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		fz.child = dup_mm(fz.parent);
		BUG_ON(!fz.child);
		user_load(fz.child, chk_mm_va(FZ_PARENT), &v);
		fz.child_ret = user_store(fz.child, chk_mm_va(FZ_CHILD),
					  FZ_CHILD_VALUE);
		return;
	}
	fz.parent_ret = user_store(fz.parent, chk_mm_va(FZ_PARENT),
				   FZ_PARENT_VALUE);
}

static void fz_finish(void)
{
	if (!chk_mm_check_stored(fz.parent, chk_mm_va(FZ_PARENT),
				 fz.parent_ret, FZ_PARENT_VALUE) ||
	    !chk_mm_check_stored(fz.child, chk_mm_va(FZ_CHILD), fz.child_ret,
				 FZ_CHILD_VALUE) ||
	    !chk_mm_check_store(fz.parent, chk_mm_va(FZ_CHILD), true, 0))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_fork_zero = {
	.name = "fork-zero",
	.desc = "fork() of anonymous pages a load mapped as the shared zero page vs the parent's store, then the child's load and store: the special entries copied with no folio, each first store a copy of the zero page (bookkeeping, cow-isolation, data-loss)",
	.nr_threads = 2,
	.thread_names = { "fork-child", "parent-store" },
	.init = chk_mm_init,
	.setup = fz_setup,
	.thread = fz_thread,
	.finish = fz_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
