// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() while the folio under a folded block migrates.  The block is
 * made read-only by mprotect() first, so its pages are exclusive but not
 * writable: migration replaces its entries by readable-exclusive
 * migration entries (try_to_migrate()), copies the folio and maps the
 * new one back (remove_migration_ptes(), refolding the block), while
 * fork() copies the parent's entries, migration entries among them.  A
 * migration entry fork() copies must lose its exclusivity in the parent
 * and the child (copy_nonpresent_pte(): make_readable_migration_entry()),
 * as a present entry's page does (folio_try_dup_anon_rmap_ptes()).  Once
 * both are done the parent makes the block read-write again (mprotect()
 * upgrades exclusive pages at once) and stores, and the child reads.
 *
 * The bug class: an exclusive migration entry copied as it is, so that the
 * migration maps the new page exclusive in both mms and the parent's
 * upgrade makes it writable under the child (cow-isolation: the child
 * reads the parent's store); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FG_PAGE		(CONT_PTES - 1)
#define FG_VALUE	0xf0f0

static struct {
	struct mm_model *parent, *child;
} fg;

static void fg_setup(void)
{
	chk_mm_setup();
	fg.parent = chk_mm_anon_blocks(1);
	BUG_ON(do_mprotect(fg.parent, chk_mm_va(0), CONT_PTE_SIZE, VM_READ));
	fg.child = NULL;
}

static void fg_thread(unsigned int t)
{
	if (t == 0) {
		do_move_pages(fg.parent, chk_mm_va(0));
		return;
	}
	fg.child = dup_mm(fg.parent);
	BUG_ON(!fg.child);
}

static void fg_finish(void)
{
	u64 v;

	BUG_ON(do_mprotect(fg.parent, chk_mm_va(0), CONT_PTE_SIZE,
			   VM_READ | VM_WRITE));
	if (user_store(fg.parent, chk_mm_va(FG_PAGE), FG_VALUE) ||
	    user_load(fg.child, chk_mm_va(FG_PAGE), &v)) {
		chk_fail(CHK_LIVENESS, "an access after fork() and migration failed");
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_fork_migrate = {
	.name = "fork-migrate",
	.desc = "fork() of a read-only exclusive folded block while its folio migrates, then the parent's mprotect(PROT_READ|PROT_WRITE) and store: copied migration entries lose their exclusivity (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "migrate", "fork" },
	.init = chk_mm_init,
	.setup = fg_setup,
	.thread = fg_thread,
	.finish = fg_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
