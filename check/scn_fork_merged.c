// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() of one VMA whose folio has entries of both write permissions.
 * A folded block, its second half made MADV_DONTFORK, is forked: the
 * first child copies only the first half, so the parent's first half is
 * write-protected (the block unfolds) and shared, the second half stays
 * writable and exclusive.  MADV_DOFORK merges the halves back into one
 * VMA (madvise_update_vma()), over one folio whose first entries are
 * read-only and last ones writable.  Then a second fork() copies the
 * whole folio in one batch (folio_pte_batch() ignores write permission,
 * and says whether any entry of the batch was writable) while the parent
 * stores to the block's last page until fork() returned, and once more;
 * the new child reads that page.  (The first child only keeps the first
 * half shared.)
 *
 * The bug class: a batch write-protected by its first entry's permission
 * alone, leaving the parent's later entries writable over pages the new
 * child maps (cow-isolation: the parent's store reaches the child, or
 * the end-of-run sweep finds a writable entry over a shared page);
 * every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *parent, *first, *second;
	bool forked;		/* the second fork() returned */
	struct chk_mm_store store;
} fm;

static unsigned long fm_half(void)
{
	return CONT_PTES / 2;
}

static void fm_setup(void)
{
	struct vm_area *vma;

	chk_mm_setup();
	fm.parent = chk_mm_anon_blocks(1);
	BUG_ON(do_madvise(fm.parent, chk_mm_va(fm_half()),
			  fm_half() << PAGE_SHIFT, MADV_DONTFORK));
	fm.first = dup_mm(fm.parent);
	BUG_ON(!fm.first);
	BUG_ON(do_madvise(fm.parent, chk_mm_va(fm_half()),
			  fm_half() << PAGE_SHIFT, MADV_DOFORK));
	vma = find_vma(fm.parent, chk_mm_va(0));
	BUG_ON(!vma || vma->vma.vm_end != chk_mm_va(CONT_PTES));
	fm.second = NULL;
	fm.forked = false;
}

static void fm_fork(void)
{
	u64 v;

	fm.second = dup_mm(fm.parent);
	BUG_ON(!fm.second);
	chk_mm_mark(&fm.forked);
	user_load(fm.second, chk_mm_va(CONT_PTES - 1), &v);
}

static void fm_thread(unsigned int t)
{
	if (t == 0)
		fm_fork();
	else
		chk_mm_store_until(&fm.store, fm.parent,
				   chk_mm_va(CONT_PTES - 1), 0xfe1d, &fm.forked);
}

static void fm_finish(void)
{
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_fork_merged = {
	.name = "fork-merged",
	.desc = "fork() of a VMA MADV_DOFORK merged back over a folio with read-only and writable entries (an earlier fork() copied half) vs the parent's store to the writable part (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork-child", "parent-store" },
	.init = chk_mm_init,
	.setup = fm_setup,
	.thread = fm_thread,
	.finish = fm_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
