// SPDX-License-Identifier: GPL-2.0-only
/*
 * Refolding a block whose entries differ in permission.  mprotect()
 * read-only of one page of a folded block unfolds it (a partial batch);
 * mprotect() of the block's last page read-only and back read-write then
 * rewrites that entry alone (ptep_modify_prot_commit(), set_ptes() of one
 * entry), which tries to fold the block again at its last entry, and
 * __contpte_try_fold() must refuse: one entry is still read-only.  A fold
 * would write every entry with the last one's permission and make the
 * read-only page writable.  A user thread stores to the read-only page
 * until the mprotect() calls are done, and once more; another stores to
 * the last page.  Asserted: no store completes in a read-only VMA once
 * mprotect() returned (permission); blocks with PTE_CONT stay whole and
 * of one permission (cont-block); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MR_VALUE	0x5f0

static struct {
	struct mm_model *mm;
	bool done;		/* the mprotect() calls returned */
	struct chk_mm_store ro, last;
} mr;

/* The page made read-only, in the first half, and the block's last. */
static unsigned long mr_ro(void)
{
	return CONT_PTES / 2 - 1;
}

static unsigned long mr_last(void)
{
	return CONT_PTES - 1;
}

static void mr_setup(void)
{
	chk_mm_setup();
	mr.mm = chk_mm_anon_blocks(1);
	mr.done = false;
}

static void mr_mprotect(void)
{
	do_mprotect(mr.mm, chk_mm_va(mr_ro()), PAGE_SIZE, VM_READ);
	do_mprotect(mr.mm, chk_mm_va(mr_last()), PAGE_SIZE, VM_READ);
	do_mprotect(mr.mm, chk_mm_va(mr_last()), PAGE_SIZE,
		    VM_READ | VM_WRITE);
	chk_mm_mark(&mr.done);
}

static void mr_thread(unsigned int t)
{
	switch (t) {
	case 0:
		mr_mprotect();
		break;
	case 1:
		chk_mm_store_until(&mr.ro, mr.mm, chk_mm_va(mr_ro()), MR_VALUE,
				   &mr.done);
		break;
	default:
		chk_mm_store_until(&mr.last, mr.mm, chk_mm_va(mr_last()),
				   MR_VALUE + 1, &mr.done);
		break;
	}
}

const struct chk_scenario scn_mprotect_refold = {
	.name = "mprotect-refold",
	.desc = "a block unfolded by mprotect() of one page, then its last entry rewritten alone: the refold must refuse entries of another permission (permission, cont-block)",
	.nr_threads = 3,
	.thread_names = { "mprotect", "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = mr_setup,
	.thread = mr_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
