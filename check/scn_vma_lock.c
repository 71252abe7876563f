// SPDX-License-Identifier: GPL-2.0-only
/*
 * Faults under the per-VMA lock against mprotect() and munmap() of their
 * VMA.  A fault holds only its VMA's lock (lock_vma_under_rcu()), not
 * mmap_lock; a writer of mmap_lock marks each VMA it changes
 * (vma_start_write()), which waits for faults in it and keeps new ones
 * out until mmap_lock is released or downgraded.  Two anonymous VMAs,
 * unpopulated: the last block of the first is mprotect()ed read-only, then
 * the last block of the second munmap()ed; one user thread stores to the
 * first block changed until mprotect() returned, another loads from the
 * second until munmap() returned, each once more then.  In vma-lock each
 * VMA is one block; in vma-lock-split two, so that the change splits it
 * first (__split_vma()), and the block changed is the half the split moves
 * to a new VMA, while a fault there may hold the lock of the VMA it was
 * found in.
 *
 * The races: a write fault that checked the VMA writable and maps the
 * page after mprotect() changed the VMA and went over its entries (the
 * last store completes: stale-tlb, permission); a read fault that maps
 * the zero page after munmap()'s zap went past (the last load completes,
 * a mapping outlives its VMA: stale-tlb, permission, bookkeeping); a
 * split that does not mark the VMA it shrinks, so that neither waits for
 * such a fault.  Every other mm and machine oracle.
 *
 * vma-lock-mark: the window inside vma_start_read() itself.  A fault tests
 * the VMA for a writer's mark before it takes the VMA's lock for reading;
 * a writer may mark it in between (vma_start_write() takes the lock for
 * writing and releases it at once, so the trylock that follows succeeds),
 * which is why the kernel tests the mark again once it holds the lock.
 * One anonymous VMA of two pages, unpopulated; mprotect(PROT_READ) of it
 * against one store to its second page.  The race is three preemptions
 * deep (the fault held between its test and its trylock; mprotect() held
 * once the VMA is marked; the fault held again between building its
 * writable entry and taking the PTL, while mprotect() changes the VMA and
 * walks its table), so this scenario is small enough to run whole at
 * bound 3: a fault that missed the mark maps the page writable after
 * mprotect() returned, and the store completes in a read-only VMA
 * (permission).
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	unsigned long span;		/* blocks per VMA; the last one changes */
	bool protected, unmapped;	/* mprotect(), munmap() returned */
	struct chk_mm_store store, load;
} vl;

/* The first page of the block of VMA @i that mprotect() or munmap() changes. */
static unsigned long vl_changed(unsigned int i)
{
	return ((i + 1) * vl.span - 1) * CONT_PTES;
}

static unsigned long vl_store_va(void)
{
	return chk_mm_va(vl_changed(0) + 1);
}

static unsigned long vl_load_va(void)
{
	return chk_mm_va(vl_changed(1) + 2);
}

static void vl_map(unsigned long span)
{
	unsigned int i;

	chk_mm_setup();
	vl.mm = mm_alloc();
	BUG_ON(!vl.mm);
	vl.span = span;
	for (i = 0; i < 2; i++)
		BUG_ON(!do_mmap(vl.mm, chk_mm_va(i * span * CONT_PTES),
				span * CONT_PTE_SIZE, VM_READ | VM_WRITE,
				chk_cont_order(), NULL, 0));
	vl.protected = vl.unmapped = false;
}

static void vl_setup(void)
{
	vl_map(1);
}

static void vl_split_setup(void)
{
	vl_map(2);
}

static void vl_thread(unsigned int t)
{
	switch (t) {
	case 0:
		do_mprotect(vl.mm, chk_mm_va(vl_changed(0)), CONT_PTE_SIZE,
			    VM_READ);
		chk_mm_mark(&vl.protected);
		do_munmap(vl.mm, chk_mm_va(vl_changed(1)), CONT_PTE_SIZE);
		chk_mm_mark(&vl.unmapped);
		break;
	case 1:
		chk_mm_store_until(&vl.store, vl.mm, vl_store_va(), 1,
				   &vl.protected);
		break;
	default:
		chk_mm_load_until(&vl.load, vl.mm, vl_load_va(),
				  &vl.unmapped);
		break;
	}
}

static void vl_finish(void)
{
	if (chk_mm_check_denied(&vl.store, "mprotect(PROT_READ)",
				vl_store_va()) &&
	    chk_mm_check_denied(&vl.load, "munmap()", vl_load_va()))
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

const struct chk_scenario scn_vma_lock_split = {
	.name = "vma-lock-split",
	.desc = "faults under the per-VMA lock vs mprotect() and munmap() of the upper half of their VMA, which the split moves to a new VMA: a fault that maps a page after the change went past (stale-tlb, permission, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "mprotect-munmap", "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = vl_split_setup,
	.thread = vl_thread,
	.finish = vl_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

static void vl_mark_setup(void)
{
	chk_mm_setup();
	vl.mm = mm_alloc();
	BUG_ON(!vl.mm);
	BUG_ON(!do_mmap(vl.mm, chk_mm_va(0), 2 * PAGE_SIZE,
			VM_READ | VM_WRITE, 0, NULL, 0));
}

static void vl_mark_thread(unsigned int t)
{
	if (!t)
		do_mprotect(vl.mm, chk_mm_va(0), 2 * PAGE_SIZE, VM_READ);
	else
		user_store(vl.mm, chk_mm_va(1), 1);
}

const struct chk_scenario scn_vma_lock_mark = {
	.name = "vma-lock-mark",
	.desc = "a store's fault under the per-VMA lock vs mprotect(PROT_READ) of its VMA, three preemptions deep: a writer that marks the VMA between the fault's test of the mark and its trylock is seen by the test the fault repeats under the lock, or the page is mapped writable after mprotect() went past (permission)",
	.nr_threads = 2,
	.thread_names = { "mprotect", "cpu-store" },
	.init = chk_mm_init,
	.setup = vl_mark_setup,
	.thread = vl_mark_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 3,
};
