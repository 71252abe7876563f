// SPDX-License-Identifier: GPL-2.0-only
/*
 * Faults under the per-VMA lock against mprotect() and munmap() of their
 * VMA.  A fault holds only its VMA's lock (lock_vma_under_rcu()), not
 * mmap_lock; a writer of mmap_lock marks each VMA it changes
 * (vma_start_write()), which waits for faults in it and keeps new ones
 * out until mmap_lock is released or downgraded.  Two anonymous VMAs of
 * one block each, unpopulated: the first is mprotect()ed read-only, then
 * the second munmap()ed; one user thread stores to the first until
 * mprotect() returned, another loads from the second until munmap()
 * returned, each once more then.
 *
 * The races: a write fault that checked the VMA writable and maps the
 * page after mprotect() changed the VMA and went over its entries (the
 * last store completes: stale-tlb, permission); a read fault that maps
 * the zero page after munmap()'s zap went past (the last load completes,
 * a mapping outlives its VMA: stale-tlb, permission, bookkeeping).  Every
 * other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define VL_STORE	1
#define VL_LOAD		(CONT_PTES + 2)

static struct {
	struct mm_model *mm;
	bool protected, unmapped;	/* mprotect(), munmap() returned */
	struct chk_mm_store store, load;
} vl;

static void vl_setup(void)
{
	chk_mm_setup();
	vl.mm = mm_alloc();
	BUG_ON(!vl.mm);
	BUG_ON(!do_mmap(vl.mm, chk_mm_va(0), CONT_PTE_SIZE,
			VM_READ | VM_WRITE, chk_cont_order(), NULL, 0));
	BUG_ON(!do_mmap(vl.mm, chk_mm_va(CONT_PTES), CONT_PTE_SIZE,
			VM_READ | VM_WRITE, chk_cont_order(), NULL, 0));
	vl.protected = vl.unmapped = false;
}

static void vl_thread(unsigned int t)
{
	switch (t) {
	case 0:
		do_mprotect(vl.mm, chk_mm_va(0), CONT_PTE_SIZE, VM_READ);
		chk_mm_mark(&vl.protected);
		do_munmap(vl.mm, chk_mm_va(CONT_PTES), CONT_PTE_SIZE);
		chk_mm_mark(&vl.unmapped);
		break;
	case 1:
		chk_mm_store_until(&vl.store, vl.mm, chk_mm_va(VL_STORE),
				   VL_STORE, &vl.protected);
		break;
	default:
		chk_mm_load_until(&vl.load, vl.mm, chk_mm_va(VL_LOAD),
				  &vl.unmapped);
		break;
	}
}

static void vl_finish(void)
{
	if (chk_mm_check_denied(&vl.store, "mprotect(PROT_READ)",
				chk_mm_va(VL_STORE)) &&
	    chk_mm_check_denied(&vl.load, "munmap()", chk_mm_va(VL_LOAD)))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_vma_lock = {
	.name = "vma-lock",
	.desc = "faults under the per-VMA lock vs mprotect() and munmap() of their VMA: a fault that maps a page after the change went past (stale-tlb, permission, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "mprotect-munmap", "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = vl_setup,
	.thread = vl_thread,
	.finish = vl_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
