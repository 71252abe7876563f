// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect() that merges a VMA with both its neighbours.  A folded block
 * had its middle made read-only (a guard over part of a heap, as a
 * garbage collector or a sandbox does), which split it into three VMAs;
 * now the middle is made read-write again, so its flags match the VMAs
 * before and after it and the three become one (vma_merge_existing_range()
 * with both neighbours: the VMA before takes over the middle and the
 * VMA after, which leave the tree).  Beside it, another CPU stores to the
 * last page, in the VMA after, until the mprotect() returned and once
 * more; then the first thread stores to the middle and loads the last
 * page.
 *
 * The bug class: a merge that loses a neighbour's range, or gives it to
 * a VMA that left the tree, so that no VMA maps what the entries still
 * map (permission: a store completes where nothing is mapped; a fault
 * there is refused; bookkeeping: exit finds pages no VMA zapped), and
 * every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MR_FROM		(CONT_PTES / 4)
#define MR_PAGES	(CONT_PTES / 4)
#define MR_LAST		(CONT_PTES - 1)

static struct {
	struct mm_model *mm;
	bool done, stored;
	int store_ret, load_ret;
	u64 last;
	struct chk_mm_store st;
} mr;

static void mr_setup(void)
{
	chk_mm_setup();
	mr.mm = chk_mm_anon_blocks(1);
	BUG_ON(do_mprotect(mr.mm, chk_mm_va(MR_FROM),
			   MR_PAGES << PAGE_SHIFT, VM_READ));
	mr.done = mr.stored = false;
	mr.store_ret = mr.load_ret = 0;
	mr.last = 0;
	mr.st = (struct chk_mm_store){ 0 };
}

static void mr_thread(unsigned int t)
{
	if (t == 0) {
		BUG_ON(do_mprotect(mr.mm, chk_mm_va(MR_FROM),
				   MR_PAGES << PAGE_SHIFT,
				   VM_READ | VM_WRITE));
		chk_mm_mark(&mr.done);
		mr.store_ret = user_store(mr.mm, chk_mm_va(MR_FROM), 0x6d72);
		chk_mm_wait(&mr.stored, &mr.stored, true);
		mr.load_ret = user_load(mr.mm, chk_mm_va(MR_LAST), &mr.last);
		return;
	}
	chk_mm_store_until(&mr.st, mr.mm, chk_mm_va(MR_LAST), 0x6d73,
			   &mr.done);
	chk_mm_mark(&mr.stored);
}

static void mr_finish(void)
{
	if (mr.st.ret || mr.store_ret || mr.load_ret) {
		chk_fail(CHK_LIVENESS,
			 "after the merge the stores to pages %lu and %lu returned %d and %d, the load of page %lu %d",
			 (unsigned long)MR_LAST, (unsigned long)MR_FROM,
			 mr.st.ret, mr.store_ret, (unsigned long)MR_LAST,
			 mr.load_ret);
		return;
	}
	if (mr.last != 0x6d73) {
		chk_fail(CHK_DATA_LOSS,
			 "page %lu read %#llx, not the store that completed there",
			 (unsigned long)MR_LAST, (unsigned long long)mr.last);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_mprotect_remerge = {
	.name = "mprotect-remerge",
	.desc = "mprotect(PROT_READ|PROT_WRITE) of the read-only middle of a folded block, which merges its VMA with both neighbours, vs stores to the last page until it returned; then a store to the middle and a load of the last page (permission, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "mprotect", "cpu-store" },
	.init = chk_mm_init,
	.setup = mr_setup,
	.thread = mr_thread,
	.finish = mr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
