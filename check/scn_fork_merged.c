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
 *
 * mprotect-merged: the same folio the other way round, the first half
 * exclusive and writable (MADV_DONTFORK kept fork() from it), the second
 * shared with the child; then mprotect(PROT_READ) and mprotect(PROT_READ|
 * PROT_WRITE) of the block from its second page on, while the parent
 * stores to the shared last page until both returned, and once more.  The
 * upgrade is one batch over exclusive and shared pages, which may be made
 * writable only if every page of it is exclusive
 * (can_change_ptes_writable()), or the parent's store reaches the child's
 * page (cow-isolation).  (A range of the whole block would be refolded by
 * mprotect()'s batched commit with no invalidation, a sequence of upstream
 * kept out of the catalogue: "Upstream sequences the machine flags",
 * docs/checker.md.)
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *parent, *first, *second;
	bool forked;		/* the second fork() returned */
	bool mprotected;	/* mprotect-merged: both mprotect()s returned */
	struct chk_mm_store store;
	struct page *pinned;	/* fork-merged-pin: the last page's pin */
} fm;

static unsigned long fm_half(void)
{
	return CONT_PTES / 2;
}

/* The half of the block fork() skips: at page @from. */
static void fm_setup_skipping(unsigned long from)
{
	struct vm_area *vma;

	chk_mm_setup();
	fm.parent = chk_mm_anon_blocks(1);
	fm.first = chk_mm_fork_except(fm.parent, from, fm_half());
	vma = find_vma_unlocked(fm.parent, chk_mm_va(0));
	BUG_ON(!vma || vma->vma.vm_end != chk_mm_va(CONT_PTES));
	fm.second = NULL;
	fm.forked = fm.mprotected = false;
}

static void fm_setup(void)
{
	fm_setup_skipping(fm_half());
}

/*
 * fork-merged-pin: the same merged VMA, its last (exclusive) page
 * write-pinned before the second fork(), whose batch starts at a shared
 * page: the child must get its own copy of every exclusive page of the
 * maybe-pinned folio (folio_try_dup_anon_rmap_ptes() asks each page of the
 * batch, not its first), or the parent's store COWs away from its pin
 * (gup-pin).
 */
static void fm_setup_pin(void)
{
	fm_setup_skipping(fm_half());
	BUG_ON(pin_user_pages_fast(fm.parent, chk_mm_va(CONT_PTES - 1), 1,
				   FOLL_WRITE, &fm.pinned) != 1);
}

static void fm_finish_pin(void)
{
	unpin_user_pages(&fm.pinned, 1);
	chk_mm_finish(NULL);
}

static void fm_setup_mprotect(void)
{
	fm_setup_skipping(0);
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

static void fm_mprotect_thread(unsigned int t)
{
	unsigned long len = CONT_PTE_SIZE - PAGE_SIZE;

	if (t == 0) {
		do_mprotect(fm.parent, chk_mm_va(1), len, VM_READ);
		do_mprotect(fm.parent, chk_mm_va(1), len, VM_READ | VM_WRITE);
		chk_mm_mark(&fm.mprotected);
	} else {
		chk_mm_store_until(&fm.store, fm.parent,
				   chk_mm_va(CONT_PTES - 1), 0xfe1e,
				   &fm.mprotected);
	}
}

const struct chk_scenario scn_fork_merged = {
	.name = "fork-merged",
	.desc = "fork() of a VMA MADV_DOFORK merged back over a folio with read-only and writable entries (an earlier fork() copied half) vs the parent's store to the writable part (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork-child", "parent-store" },
	.init = chk_mm_init,
	.setup = fm_setup,
	.thread = fm_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

const struct chk_scenario scn_mprotect_merged = {
	.name = "mprotect-merged",
	.desc = "mprotect() read-only and read-write, from its second page on, of a merged VMA over a folio whose first half is exclusive and second half shared with a child vs the parent's store to the shared part (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "mprotect", "parent-store" },
	.init = chk_mm_init,
	.setup = fm_setup_mprotect,
	.thread = fm_mprotect_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

const struct chk_scenario scn_fork_merged_pin = {
	.name = "fork-merged-pin",
	.desc = "fork() of a merged VMA whose batch starts at a shared page, over a folio with an exclusive write-pinned last page, vs the parent's store to it: every exclusive page of the batch is copied for the child (gup-pin, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork-child", "parent-store" },
	.init = chk_mm_init,
	.setup = fm_setup_pin,
	.thread = fm_thread,
	.finish = fm_finish_pin,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
