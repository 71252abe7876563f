// SPDX-License-Identifier: GPL-2.0-only
/*
 * A VMA mremap() moved next to another, then a flag change over both.
 * Two anonymous folded blocks, each its own VMA, the second mapped
 * further up and moved by mremap() to just after the first: it keeps the
 * page offset of the address it was created at (its folios' indices), so
 * the two VMAs touch but their offsets do not continue.  One thread
 * MADV_DONTFORKs both and MADV_DOFORKs them again, which merges VMAs
 * whose flags now agree (vma_modify_flags()), while a CPU stores to
 * the moved block.  A merge must also ask that the offsets continue
 * (is_mergeable_vma(), can_vma_merge_after()): one VMA with the first
 * one's offset over the moved block places its folios where no reverse
 * map walk looks (vma_address()), and reclaim, migration and aging pass
 * over them.
 *
 * Asserted: at the end, every entry maps a page whose index is its
 * address's in its VMA (bookkeeping, the end-of-run sweep); the store
 * holds (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

/* The second block's first page: created here, moved to CONT_PTES. */
#define VM_FROM		(4 * CONT_PTES)
#define VM_PAGE		(CONT_PTES + 1)
#define VM_VALUE	0x3e6

static struct {
	struct mm_model *mm;
	int store_ret;
} vm;

static void vm_setup(void)
{
	chk_mm_setup();
	vm.mm = mm_alloc();
	BUG_ON(!vm.mm);
	chk_mm_anon_map(vm.mm, 0, CONT_PTES, chk_cont_order());
	chk_mm_anon_map(vm.mm, VM_FROM, CONT_PTES, chk_cont_order());
	BUG_ON(do_mremap(vm.mm, chk_mm_va(VM_FROM), CONT_PTE_SIZE,
			 chk_mm_va(CONT_PTES)));
	vm.store_ret = -1;
}

static void vm_thread(unsigned int t)
{
	if (t == 0) {
		BUG_ON(do_madvise(vm.mm, chk_mm_va(0), 2 * CONT_PTE_SIZE,
				  MADV_DONTFORK));
		BUG_ON(do_madvise(vm.mm, chk_mm_va(0), 2 * CONT_PTE_SIZE,
				  MADV_DOFORK));
		return;
	}
	vm.store_ret = user_store(vm.mm, chk_mm_va(VM_PAGE), VM_VALUE);
}

static void vm_finish(void)
{
	if (chk_mm_check_stored(vm.mm, chk_mm_va(VM_PAGE), vm.store_ret,
				VM_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_vma_merge_moved = {
	.name = "vma-merge-moved",
	.desc = "MADV_DONTFORK and MADV_DOFORK of two anonymous folded blocks, the second moved by mremap() next to the first, vs a store to it: VMAs merge only where their offsets continue, or the moved block's folios lie where no reverse-map walk looks (bookkeeping, data-loss)",
	.nr_threads = 2,
	.thread_names = { "madvise", "cpu-store" },
	.init = chk_mm_init,
	.setup = vm_setup,
	.thread = vm_thread,
	.finish = vm_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
