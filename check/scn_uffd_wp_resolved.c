// SPDX-License-Identifier: GPL-2.0-only
/*
 * userfaultfd write-protection of a folded block, the block moved out of
 * its entries while protected, then the monitor's resolve of the whole
 * block, all in the setup.  uffd-wp-resolved: a shmem block and
 * MADV_DONTNEED (each cleared entry keeps the protection in a uffd-wp
 * marker); uffd-wp-swap-resolved: an anonymous block and a swap-out
 * (swap entries that keep PTE_SWP_UFFD_WP).  The resolve must clear the
 * bit wherever it is kept (change_pte_range() under
 * MM_CP_UFFD_WP_RESOLVE: the marker dropped, the swap entry's bit
 * cleared): two CPUs then store to the first and the last page, and each
 * fault maps the page back writable.  A bit left behind maps the page
 * with PTE_UFFD_WP, and the store's fault goes to a monitor that has
 * nothing left to resolve.
 *
 * The bug class: a store that waits for ever for a wake-up the monitor
 * already sent, or fails (liveness).  Every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define UR_VALUE	0x7e50

static struct {
	struct mm_model *mm;
	struct address_space shm;
	bool shmem;
	int ret[2];
} ur;

/* The protected block, moved out of its entries by MADV_DONTNEED or swap. */
static void ur_setup_shape(bool shmem)
{
	chk_mm_setup();
	ur.shmem = shmem;
	if (!shmem)
		BUG_ON(swapon(2 * CONT_PTES, 0));
	ur.mm = chk_mm_uffd_wp_block(shmem ? &ur.shm : NULL);
	if (shmem)
		BUG_ON(do_madvise(ur.mm, chk_mm_va(0), CONT_PTE_SIZE,
				  MADV_DONTNEED));
	else
		chk_mm_swap_out(ur.mm, chk_mm_va(0));
	BUG_ON(mwriteprotect_range(ur.mm, chk_mm_va(0), CONT_PTE_SIZE,
				   false));
	ur.ret[0] = ur.ret[1] = 0;
}

static void ur_setup_shmem(void)
{
	ur_setup_shape(true);
}

static void ur_setup_swap(void)
{
	ur_setup_shape(false);
}

static void ur_thread(unsigned int t)
{
	unsigned long page = t ? CONT_PTES - 1 : 0;

	ur.ret[t] = user_store(ur.mm, chk_mm_va(page), UR_VALUE + t);
}

static void ur_finish(void)
{
	if (ur.ret[0] || ur.ret[1]) {
		chk_fail(CHK_LIVENESS, "a store after the resolve failed (%d, %d)",
			 ur.ret[0], ur.ret[1]);
		return;
	}
	if (!chk_mm_check_store(ur.mm, chk_mm_va(0), true, UR_VALUE) ||
	    !chk_mm_check_store(ur.mm, chk_mm_va(CONT_PTES - 1), true,
				UR_VALUE + 1))
		return;
	chk_mm_finish(ur.shmem ? &ur.shm : NULL);
}

const struct chk_scenario scn_uffd_wp_resolved = {
	.name = "uffd-wp-resolved",
	.desc = "MADV_DONTNEED of a folded shmem block userfaultfd write-protected whole, the block resolved, then stores to two of its pages: the resolve clears the uffd-wp markers (liveness)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = ur_setup_shmem,
	.thread = ur_thread,
	.finish = ur_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_swap_resolved = {
	.name = "uffd-wp-swap-resolved",
	.desc = "swap-out of a folded block userfaultfd write-protected whole, the block resolved, then stores to two of its pages that swap it in: the resolve clears the bit in the swap entries (liveness)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = ur_setup_swap,
	.thread = ur_thread,
	.finish = ur_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
