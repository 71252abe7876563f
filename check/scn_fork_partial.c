// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() of VMAs that start or end inside folded blocks.  MADV_DONTFORK
 * splits VMAs without touching their entries, so after it a folded block
 * straddles a VMA that fork() skips and one it copies: block 0 keeps only
 * its last page in the copied VMA (fork() copies one entry of a folded
 * block: wrprotect_ptes() of one entry unfolds it, set_ptes() of one
 * entry in the child must not carry PTE_CONT over), block 1 its second
 * half (wrprotect_ptes() of a partial block must unfold it).  Meanwhile
 * the parent stores to both copied ranges until fork() returned and once
 * more, and the child loads and stores there.  Asserted: every block
 * with PTE_CONT is whole, one folio, one permission, whenever a PTL is
 * released (cont-block); no store of either process reaches a frame the
 * other maps, the child reads what the parent's pages held at fork(), and
 * nothing of the ranges MADV_DONTFORK kept from it (cow-isolation); the
 * child's accesses to the copied ranges complete (liveness: a VMA fork()
 * skipped or stopped before); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *parent, *child;
	bool forked;		/* fork() returned */
	struct chk_mm_store store[2];
} fq;

/* The copied pages: block 0's last, block 1's last. */
static unsigned long fq_page(unsigned int i)
{
	return (i + 1) * (unsigned long)CONT_PTES - 1;
}

static void fq_setup(void)
{
	unsigned long half = CONT_PTES / 2;

	chk_mm_setup();
	fq.parent = chk_mm_anon_blocks(2);
	BUG_ON(do_madvise(fq.parent, chk_mm_va(0),
			  (CONT_PTES - 1) << PAGE_SHIFT, MADV_DONTFORK));
	BUG_ON(do_madvise(fq.parent, chk_mm_va(CONT_PTES), half << PAGE_SHIFT,
			  MADV_DONTFORK));
	fq.child = NULL;
	fq.forked = false;
}

static void fq_child(void)
{
	u64 v;

	fq.child = dup_mm(fq.parent);
	BUG_ON(!fq.child);
	chk_mm_mark(&fq.forked);
	if (user_load(fq.child, chk_mm_va(fq_page(0)), &v) ||
	    user_store(fq.child, chk_mm_va(fq_page(1)), 0xc4) ||
	    user_load(fq.child, chk_mm_va(fq_page(1) - 1), &v))
		chk_fail(CHK_LIVENESS, "an access of the child's to a range fork() copies failed");
}

static void fq_thread(unsigned int t)
{
	if (t == 0) {
		fq_child();
		return;
	}
	chk_mm_store_until(&fq.store[t - 1], fq.parent,
			   chk_mm_va(fq_page(t - 1)), 0xa0 + t, &fq.forked);
}

/* The first page of each MADV_DONTFORK range: the child has no VMA there. */
static bool fq_check_not_copied(void)
{
	unsigned long page;
	u64 v;

	for (page = 0; page < 2 * CONT_PTES; page += CONT_PTES) {
		if (user_load(fq.child, chk_mm_va(page), &v))
			continue;
		chk_fail(CHK_COW_ISOLATION, "the child reads %#llx at page %lu, which MADV_DONTFORK kept from it",
			 (unsigned long long)v, page);
		return false;
	}
	return true;
}

static void fq_finish(void)
{
	if (fq_check_not_copied())
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_fork_partial = {
	.name = "fork-partial",
	.desc = "fork() of VMAs starting or ending inside folded blocks (MADV_DONTFORK) vs the parent's and the child's accesses (cont-block, cow-isolation, liveness)",
	.nr_threads = 3,
	.thread_names = { "fork-child", "parent-store", "parent-store" },
	.init = chk_mm_init,
	.setup = fq_setup,
	.thread = fq_thread,
	.finish = fq_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
