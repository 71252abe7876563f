// SPDX-License-Identifier: GPL-2.0-only
/*
 * userfaultfd write-protection of a folded shmem block, MADV_DONTNEED of
 * it while protected (each cleared entry keeps the protection in a
 * uffd-wp marker), then the monitor's resolve of the whole block, all in
 * the setup.  The resolve must clear the markers
 * (change_pte_range() under MM_CP_UFFD_WP_RESOLVE): two CPUs then store
 * to the first and the last page, and each fault maps the page back
 * writable.  A marker left behind maps the page with PTE_UFFD_WP, and
 * the store's fault goes to a monitor that has nothing left to resolve.
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
	int ret[2];
} ur;

static void ur_setup(void)
{
	chk_mm_setup();
	chk_mm_shmem_setup(&ur.shm, CONT_PTES, chk_cont_order());
	ur.mm = chk_mm_file_mm(&ur.shm, CONT_PTES, 0);
	BUG_ON(user_store(ur.mm, chk_mm_va(0), 1));
	BUG_ON(userfaultfd_register(ur.mm, chk_mm_va(0), CONT_PTE_SIZE));
	BUG_ON(mwriteprotect_range(ur.mm, chk_mm_va(0), CONT_PTE_SIZE, true));
	BUG_ON(do_madvise(ur.mm, chk_mm_va(0), CONT_PTE_SIZE, MADV_DONTNEED));
	BUG_ON(mwriteprotect_range(ur.mm, chk_mm_va(0), CONT_PTE_SIZE,
				   false));
	ur.ret[0] = ur.ret[1] = 0;
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
	chk_mm_finish(&ur.shm);
}

const struct chk_scenario scn_uffd_wp_resolved = {
	.name = "uffd-wp-resolved",
	.desc = "MADV_DONTNEED of a folded shmem block userfaultfd write-protected whole, the block resolved, then stores to two of its pages: the resolve clears the uffd-wp markers (liveness)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = ur_setup,
	.thread = ur_thread,
	.finish = ur_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
