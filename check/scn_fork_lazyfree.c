// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() of a lazyfree folio smaller than a block.  An order-2 folio,
 * mapped by single entries, was MADV_FREEd, and then its second page was
 * stored to: only that entry says dirty, and it is all that tells reclaim
 * the page was written.  fork() copies the mapping in folio batches
 * (copy_present_ptes()): a private mapping's batch must not run across
 * entries of another dirty state, or the child's entries all take the
 * first one's.  Meanwhile the parent stores to another page of the folio
 * (before fork() write-protects it, or a COW copy after).  The parent
 * then exits and reclaim scans the folio twice, leaving it to the child.
 * Asserted: the child reads the store made before fork(), and reclaim
 * never discards a folio written since MADV_FREE (data-loss); the child
 * reads what its parent's pages held at fork() (cow-isolation); every
 * other mm and machine oracle.  With four-entry blocks the folio is a
 * folded block, whose entries ptep_get() gathers.
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define FL_ORDER	2
#define FL_STORED	1
#define FL_RACING	3
#define FL_VALUE	0x1a2f

static struct {
	struct mm_model *parent, *child;
	struct folio *folio;
} fl;

static void fl_setup(void)
{
	unsigned long nr = 1UL << FL_ORDER;

	chk_mm_setup();
	fl.parent = mm_alloc();
	BUG_ON(!fl.parent);
	chk_mm_anon_map(fl.parent, 0, nr, FL_ORDER);
	fl.folio = page_folio(chk_mm_page(fl.parent, chk_mm_va(0)));
	BUG_ON(do_madvise(fl.parent, chk_mm_va(0), nr << PAGE_SHIFT,
			  MADV_FREE));
	BUG_ON(user_store(fl.parent, chk_mm_va(FL_STORED), FL_VALUE));
	fl.child = NULL;
}

static void fl_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		fl.child = dup_mm(fl.parent);
		BUG_ON(!fl.child);
		user_load(fl.child, chk_mm_va(FL_STORED), &v);
	} else {
		user_store(fl.parent, chk_mm_va(FL_RACING), FL_VALUE + 1);
	}
}

static void fl_finish(void)
{
	mmput(fl.parent);
	if (chk_mm_store_survives_reclaim(fl.child, fl.folio,
					  chk_mm_va(FL_STORED), true,
					  FL_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_fork_lazyfree = {
	.name = "fork-lazyfree",
	.desc = "fork() of an order-2 lazyfree folio one entry of which was written since MADV_FREE, vs a store of the parent; the parent exits and reclaim scans the folio: the child's entry must still say dirty (data-loss, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork", "parent-store" },
	.init = chk_mm_init,
	.setup = fl_setup,
	.thread = fl_thread,
	.finish = fl_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};
