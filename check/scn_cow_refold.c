// SPDX-License-Identifier: GPL-2.0-only
/*
 * Refolding a block one of whose entries maps another folio.  fork() of a
 * folded block leaves both processes on the same folio; the parent's store
 * to the block's next-to-last page COW-copies it (the block unfolds, that
 * entry maps a page of its own), and mprotect() read-only of the block then
 * gives every entry the same attributes again and writes the last one back
 * alone (its batch is one entry: the one before it maps another folio), so
 * set_ptes() of one entry tries to fold the block at its last entry.  The
 * folio under that entry covers the block, but the entries do not map its
 * pages in order: __contpte_try_fold() must refuse, or contpte_convert()
 * rewrites the copy's entry onto the shared page.  The child loads the same
 * page meanwhile.  Asserted: the parent reads its store back after
 * mprotect() (data-loss); the child reads the contents from the time of
 * fork() and no store reaches a page both map (cow-isolation); counts and
 * frames balance at exit (bookkeeping); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define CR_VALUE	0xc0f0

static struct {
	struct mm_model *parent, *child;
	int store_ret;
	u64 reread;
} cr;

/* The page COW-copied: the next-to-last, so that the last is alone. */
static unsigned long cr_page(void)
{
	return CONT_PTES - 2;
}

static void cr_setup(void)
{
	chk_mm_setup();
	cr.parent = chk_mm_anon_blocks(1);
	cr.child = dup_mm(cr.parent);
	BUG_ON(!cr.child);
	cr.store_ret = -1;
	cr.reread = 0;
}

static void cr_parent(void)
{
	cr.store_ret = user_store(cr.parent, chk_mm_va(cr_page()), CR_VALUE);
	do_mprotect(cr.parent, chk_mm_va(0), CONT_PTES * PAGE_SIZE, VM_READ);
	user_load(cr.parent, chk_mm_va(cr_page()), &cr.reread);
}

static void cr_thread(unsigned int t)
{
	u64 v;

	if (t == 0)
		cr_parent();
	else
		user_load(cr.child, chk_mm_va(cr_page()), &v);
}

static void cr_finish(void)
{
	if (!cr.store_ret && cr.reread != CR_VALUE) {
		chk_fail(CHK_DATA_LOSS, "the parent reads %#llx after its store of %#x and mprotect()",
			 (unsigned long long)cr.reread, CR_VALUE);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_cow_refold = {
	.name = "cow-refold",
	.desc = "a forked folded block with one page COW-copied, then mprotect()ed read-only: the refold at its last entry must refuse entries that are not the folio's pages in order (data-loss, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "parent", "child-load" },
	.init = chk_mm_init,
	.setup = cr_setup,
	.thread = cr_thread,
	.finish = cr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};
