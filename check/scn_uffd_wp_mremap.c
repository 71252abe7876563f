// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap() of a range userfaultfd write-protected whole.  Without
 * UFFD_FEATURE_EVENT_REMAP the VMA moves unregistered
 * (mremap_userfaultfd_prep()), so move_ptes() must take the uffd-wp bit
 * off each entry it moves and drop the uffd-wp markers ("mm: Clear uffd-wp
 * PTE/PMD state on mremap()").  An entry that keeps the bit protects a
 * page no monitor hears of: the store's write fault there reuses the page
 * and makes the entry writable with the bit still set.  uffd-wp-mremap
 * moves a folded anonymous block, its entries present; uffd-wp-mremap-
 * marker a folded shmem block MADV_DONTNEED left as markers;
 * uffd-wp-mremap-swap a folded anonymous block swapped out while
 * protected, its swap entries carrying PTE_SWP_UFFD_WP, which the move
 * must clear too (pte_swp_clear_uffd_wp()), or the store's swap-in maps
 * the page with PTE_UFFD_WP in the unregistered VMA.  The moving
 * thread then stores to the new range, which must complete; the monitor
 * resolves the old range meanwhile, which either finds the range before
 * the move or nothing there.
 *
 * The bug class: a uffd-wp bit or marker left in a VMA not registered for
 * it (permission, the end-of-run sweep, check/mapsweep.c); a store to the
 * moved range that fails (liveness).  Every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define UR_PAGE		(CONT_PTES - 1)
#define UR_VALUE	0x7e7e
/* Where the block moves: a block past it. */
#define UR_NEW		(2 * CONT_PTES)

static struct {
	struct mm_model *mm;
	struct address_space file;	/* uffd-wp-mremap-marker */
	bool shmem;
	bool swap;			/* uffd-wp-mremap-swap */
	int store_ret;
} ur;

static void ur_map(bool shmem, bool swap)
{
	chk_mm_setup();
	ur.shmem = shmem;
	ur.swap = swap;
	if (swap)
		BUG_ON(swapon(2 * CONT_PTES, 0));
	ur.mm = chk_mm_uffd_wp_block(shmem ? &ur.file : NULL);
	if (shmem)
		BUG_ON(do_madvise(ur.mm, chk_mm_va(0), CONT_PTE_SIZE,
				  MADV_DONTNEED));
	/* Out of the swap cache too: the swap-in reads it back. */
	if (swap)
		chk_mm_swap_out(ur.mm, chk_mm_va(0));
	ur.store_ret = -1;
}

static void ur_setup(void)
{
	ur_map(false, false);
}

static void ur_marker_setup(void)
{
	ur_map(true, false);
}

static void ur_swap_setup(void)
{
	ur_map(false, true);
}

static void ur_thread(unsigned int t)
{
	if (t == 0) {
		/* The monitor: the old range, moved or not. */
		mwriteprotect_range(ur.mm, chk_mm_va(0), CONT_PTE_SIZE, false);
		return;
	}
	BUG_ON(do_mremap(ur.mm, chk_mm_va(0), CONT_PTE_SIZE,
			 chk_mm_va(UR_NEW)));
	ur.store_ret = user_store(ur.mm, chk_mm_va(UR_NEW + UR_PAGE),
				  UR_VALUE);
}

static void ur_finish(void)
{
	if (chk_mm_check_stored(ur.mm, chk_mm_va(UR_NEW + UR_PAGE),
				ur.store_ret, UR_VALUE))
		chk_mm_finish(ur.shmem ? &ur.file : NULL);
}

const struct chk_scenario scn_uffd_wp_mremap = {
	.name = "uffd-wp-mremap",
	.desc = "mremap() of a folded block userfaultfd write-protected whole vs the monitor's resolve of the old range, then a store to the new range: the moved entries lose the uffd-wp bit, as the new VMA is not registered (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "mremap-store" },
	.init = chk_mm_init,
	.setup = ur_setup,
	.thread = ur_thread,
	.finish = ur_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_mremap_marker = {
	.name = "uffd-wp-mremap-marker",
	.desc = "the same of a folded shmem block MADV_DONTNEED left as uffd-wp markers: the move drops the markers (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "mremap-store" },
	.init = chk_mm_init,
	.setup = ur_marker_setup,
	.thread = ur_thread,
	.finish = ur_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_mremap_swap = {
	.name = "uffd-wp-mremap-swap",
	.desc = "the same of a folded block swapped out while protected: the move clears the uffd-wp bit of the swap entries, and the store's swap-in maps the page without it (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "mremap-store" },
	.init = chk_mm_init,
	.setup = ur_swap_setup,
	.thread = ur_thread,
	.finish = ur_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
