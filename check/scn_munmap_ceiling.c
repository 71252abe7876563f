// SPDX-License-Identifier: GPL-2.0-only
/*
 * munmap() of a VMA with two VMAs after it: the first starts right where
 * the unmapped one ends, inside the same PTE table, the second in the
 * next table.  The unmapped VMA is one page, written; the next a folded
 * anonymous block; the last mapped but not touched yet (three mmap()
 * calls, so three VMAs).  free_pgtables() may free only
 * the tables no VMA left reaches into: its ceiling is the start of the
 * nearest VMA after the range (free_pgd_range()'s ceiling, the next
 * VMA's vm_start), so the shared table stays.  One thread unmaps the
 * first VMA, another loads from the last page of the second meanwhile.
 *
 * The bug class: a ceiling past the nearest VMA after the range, so that
 * the table that VMA maps through is freed with its entries in it
 * (bookkeeping: a PTE table freed with an entry left), its pages leaked
 * and its next access faulting a new, empty table in (data-loss).  Every
 * other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

/* The second VMA's last page; the third VMA's first. */
#define MC_PAGE		(2 * CONT_PTES - 1)
#define MC_FAR		((unsigned long)PTRS_PER_PTE)

static struct {
	struct mm_model *mm;
	int ret;
	u64 value;
} mc;

static void mc_setup(void)
{
	chk_mm_setup();
	mc.mm = mm_alloc();
	BUG_ON(!mc.mm);
	/* Right below the block, so a VMA of its own. */
	chk_mm_anon_map(mc.mm, CONT_PTES - 1, 1, 0);
	chk_mm_anon_map(mc.mm, CONT_PTES, CONT_PTES, chk_cont_order());
	/* Nothing mapped there yet: its bounds are all that count. */
	BUG_ON(!do_mmap(mc.mm, chk_mm_va(MC_FAR), CONT_PTE_SIZE,
			VM_READ | VM_WRITE, chk_cont_order(), NULL, 0));
	mc.ret = -1;
}

static void mc_thread(unsigned int t)
{
	if (t == 0) {
		BUG_ON(do_munmap(mc.mm, chk_mm_va(CONT_PTES - 1), PAGE_SIZE));
		return;
	}
	mc.ret = user_load(mc.mm, chk_mm_va(MC_PAGE), &mc.value);
}

static void mc_finish(void)
{
	if (mc.ret || mc.value != MC_PAGE + 1) {
		chk_fail(mc.ret ? CHK_LIVENESS : CHK_DATA_LOSS,
			 "the load from the second VMA returned %d, %#llx",
			 mc.ret, (unsigned long long)mc.value);
		return;
	}
	if (!chk_mm_check_untouched(mc.mm, CONT_PTES, CONT_PTES))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_munmap_ceiling = {
	.name = "munmap-ceiling",
	.desc = "munmap() of a one-page VMA followed by two more, a folded block in the same PTE table and one in the next, vs a load from the block: free_pgtables() stops at the nearest VMA after the range and frees no table it maps through (bookkeeping, data-loss, liveness)",
	.nr_threads = 2,
	.thread_names = { "munmap", "cpu-load" },
	.init = chk_mm_init,
	.setup = mc_setup,
	.thread = mc_thread,
	.finish = mc_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
