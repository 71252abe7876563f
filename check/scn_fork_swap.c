// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() of a block that is swapped out, its folio still in the swap
 * cache, and whose second half mprotect() made read-only: the VMA split
 * inside the block.  fork() copies the swap entries (copy_nonpresent_pte():
 * one more count on each slot, and the parent's entry loses
 * PTE_SWP_EXCLUSIVE too, as the page is shared now) while the parent
 * stores to a page of the first half, tries a store to the read-only half,
 * then stores to the first page again until fork() returned, and once
 * more; the child then reads that page, and one of the read-only half.
 * Each store that finds a swap entry swaps the page in from the cache
 * (do_swap_page()): the whole folio only where its range lies in the
 * faulting VMA, which it does not here, so the page alone; writable only
 * if its entry said exclusive (before fork()).
 *
 * The bug classes: a swap entry left exclusive in the parent once the
 * child shares its slot, so that the parent's swap-in maps the cache folio
 * writable and its store reaches the page the child then reads
 * (cow-isolation); a swap-in that maps the folio over a VMA it does not
 * fit, writable in the read-only half, so that the store there completes
 * (permission); slot counts that do not balance (bookkeeping); a child
 * that does not read what its parent's page held, swapped out or not
 * (cow-isolation), or cannot load it (liveness); every other mm and
 * machine oracle.
 *
 * fork-swap-child-store: the same, and the child stores to another page
 * of the first half once fork() returned; the parent then reads that
 * page.  fork() must leave the child's copy of the swap entry without
 * PTE_SWP_EXCLUSIVE too: a child entry left exclusive swaps the cached
 * page in writable, with no copy, and the parent's swap-in of the same
 * slot maps the page the child wrote (data-loss: the parent's page no
 * longer holds what it did).
 */
#include "mmworld.h"
#include "scenarios.h"

#define FS_PAGE		1
#define FS_VALUE	0x5f0
/* fork-swap-child-store's: the page of the first half the parent leaves. */
#define FS_CHILD_PAGE	0

static struct {
	struct mm_model *parent, *child;
	bool forked;		/* fork() returned */
	bool stored;		/* the parent's last store returned */
	bool child_stores;	/* fork-swap-child-store */
	struct chk_mm_store store;
} fs;

static void fs_setup_shape(bool child_stores)
{
	unsigned long half = CONT_PTES / 2;

	chk_mm_setup();
	fs.child_stores = child_stores;
	fs.parent = chk_mm_swapped_block(4 * CONT_PTES, 0);
	BUG_ON(do_mprotect(fs.parent, chk_mm_va(half), half << PAGE_SHIFT,
			   VM_READ));
	fs.child = NULL;
	fs.forked = fs.stored = false;
}

static void fs_setup(void)
{
	fs_setup_shape(false);
}

static void fs_child_store_setup(void)
{
	fs_setup_shape(true);
}

static void fs_thread(unsigned int t)
{
	u64 v;

	if (t == 1) {
		/* A swap-in, then a store the read-only half must refuse. */
		user_store(fs.parent, chk_mm_va(FS_PAGE), FS_VALUE - 1);
		user_store(fs.parent, chk_mm_va(CONT_PTES - 1), FS_VALUE + 1);
		chk_mm_store_until(&fs.store, fs.parent, chk_mm_va(FS_PAGE),
				   FS_VALUE, &fs.forked);
		chk_mm_mark(&fs.stored);
		return;
	}
	fs.child = dup_mm(fs.parent);
	BUG_ON(!fs.child);
	chk_mm_mark(&fs.forked);
	if (fs.child_stores &&
	    user_store(fs.child, chk_mm_va(FS_CHILD_PAGE), FS_VALUE + 2))
		chk_fail(CHK_LIVENESS, "the child's store failed");
	chk_mm_wait(&fs.stored, &fs.stored, true);
	if (user_load(fs.child, chk_mm_va(FS_PAGE), &v) ||
	    user_load(fs.child, chk_mm_va(CONT_PTES - 1), &v))
		chk_fail(CHK_LIVENESS, "a load of the child's failed: fork() did not copy both VMAs");
}

static void fs_finish(void)
{
	if (fs.child_stores &&
	    !chk_mm_check_untouched(fs.parent, FS_CHILD_PAGE, 1))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_fork_swap = {
	.name = "fork-swap",
	.desc = "fork() of a swapped-out block, its folio cached, split by mprotect(PROT_READ) of its second half, vs the parent's stores that swap a page in; the child reads it after (cow-isolation, permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "fork-child", "parent-store" },
	.init = chk_mm_init,
	.setup = fs_setup,
	.thread = fs_thread,
	.finish = fs_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

const struct chk_scenario scn_fork_swap_child_store = {
	.name = "fork-swap-child-store",
	.desc = "fork-swap, and the child stores to a page of the swapped-out block the parent then reads: fork() leaves neither copy of the swap entry exclusive (data-loss, cow-isolation, permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "fork-child", "parent-store" },
	.init = chk_mm_init,
	.setup = fs_child_store_setup,
	.thread = fs_thread,
	.finish = fs_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
