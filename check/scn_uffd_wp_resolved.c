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
 * uffd-wp-resolve-hole: a resolve that meets entries no protection put
 * anything in.  A folded shmem block, mapped whole by a store, has its
 * second half dropped by MADV_DONTNEED before the range is registered;
 * the monitor protects the first half, the pages present, and then
 * resolves the whole block.  A resolve puts no uffd-wp marker in a none
 * entry (change_pte_range(): only under MM_CP_UFFD_WP), so the store to
 * the last page, in the hole, maps it from the cache writable, with no
 * fault for the monitor, which protected nothing there.
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

/*
 * uffd-wp-resolve-hole: the hole left before the registration, the first
 * half protected, the whole block resolved.
 */
static void ur_setup_hole(void)
{
	unsigned long half = CONT_PTE_SIZE / 2;

	chk_mm_setup();
	ur.shmem = true;
	chk_mm_shmem_setup(&ur.shm, CONT_PTES, chk_cont_order());
	ur.mm = chk_mm_file_mm(&ur.shm, CONT_PTES, 0);
	BUG_ON(user_store(ur.mm, chk_mm_va(0), 1));
	BUG_ON(do_madvise(ur.mm, chk_mm_va(0) + half, half, MADV_DONTNEED));
	BUG_ON(userfaultfd_register(ur.mm, chk_mm_va(0), CONT_PTE_SIZE));
	BUG_ON(mwriteprotect_range(ur.mm, chk_mm_va(0), half, true));
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

const struct chk_scenario scn_uffd_wp_resolve_hole = {
	.name = "uffd-wp-resolve-hole",
	.desc = "a folded shmem block half dropped by MADV_DONTNEED, registered, its present half userfaultfd write-protected, then resolved whole, then stores to its first page and to the hole: the resolve puts no uffd-wp marker in the hole (liveness)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = ur_setup_hole,
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
