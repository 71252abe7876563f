// SPDX-License-Identifier: GPL-2.0-only
/*
 * Anonymous faults in a VMA that does not start on a block boundary.  A
 * read-only VMA, nothing mapped in it yet, covers the first half of a
 * block; after it a VMA of block-order folios starts mid-block and covers
 * two blocks.  A store faults on the second VMA's first page while a load
 * faults in its second block.  Each fault allocates the largest folio
 * whose naturally aligned range lies in its VMA, in one PTE table, over
 * entries that are all none (alloc_anon_folio(), thp_vma_suitable_order());
 * the store's range may not reach back before its VMA's start, so it gets
 * a smaller folio, the load's a whole block, folded.
 *
 * The bug class: a fit test that compares the faulting address, not the
 * folio's aligned start, with the VMA's start, so that the folio maps its
 * first pages writable into the read-only VMA (permission: the end-of-run
 * sweep) or where no VMA is (bookkeeping); a block folded over two VMAs
 * (cont-block); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
} fu;

static unsigned long fu_half(void)
{
	return CONT_PTES / 2;
}

static void fu_setup(void)
{
	chk_mm_setup();
	fu.mm = mm_alloc();
	BUG_ON(!fu.mm);
	BUG_ON(!do_mmap(fu.mm, chk_mm_va(0), fu_half() << PAGE_SHIFT, VM_READ,
			0, NULL, 0));
	BUG_ON(!do_mmap(fu.mm, chk_mm_va(fu_half()), 2 * CONT_PTE_SIZE,
			VM_READ | VM_WRITE, chk_cont_order(), NULL, 0));
}

static void fu_thread(unsigned int t)
{
	u64 v;

	if (t == 0)
		user_store(fu.mm, chk_mm_va(fu_half()), 0xf17);
	else
		user_load(fu.mm, chk_mm_va(CONT_PTES + fu_half()), &v);
}

const struct chk_scenario scn_fault_unaligned = {
	.name = "fault-unaligned",
	.desc = "anonymous faults at the start of an mTHP VMA that begins mid-block, a read-only VMA before it, and in its next block: no folio reaches back before its VMA (permission, bookkeeping, cont-block)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = fu_setup,
	.thread = fu_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 2,
};
