// SPDX-License-Identifier: GPL-2.0-only
/*
 * A load, then a store, to a page of shmem that userfaultfd protects and
 * that MADV_DONTNEED moved out of its entry into a uffd-wp marker.  The
 * load faults on the marker (do_swap_page() -> do_fault()): fault-around
 * is off while the VMA is armed for uffd-wp (uffd_disable_fault_around()),
 * and the read fault maps the page read-only with the marker's uffd-wp
 * bit (set_pte_range()), so that the store after it faults into
 * do_wp_page(), which hands it to the monitor (handle_userfault()).  The
 * monitor resolves once a fault was handed to it, or once the store
 * returned without one.
 *
 * The bug classes: the bit dropped by a read fault, so the store makes the
 * page writable in wp_page_shared() and goes through unseen by the
 * monitor (permission); a fault-around run over the marker's table, which
 * maps the neighbours and leaves the faulting entry a marker for ever
 * (liveness).  Every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define UL_PAGE		3
#define UL_VALUE	0x41d

static struct {
	struct mm_model *mm;
	struct address_space shm;
	bool stored;		/* the store returned */
	int load_ret, store_ret;
} ul;

static void ul_setup(void)
{
	chk_mm_setup();
	ul.mm = chk_mm_uffd_wp_block(&ul.shm);
	BUG_ON(do_madvise(ul.mm, chk_mm_va(0), CONT_PTE_SIZE, MADV_DONTNEED));
	ul.stored = false;
	ul.load_ret = ul.store_ret = -1;
}

static void ul_monitor(void)
{
	chk_mm_uffd_await_fault(ul.mm, &ul.stored, chk_mm_va(UL_PAGE));
	BUG_ON(mwriteprotect_range(ul.mm, chk_mm_va(0), CONT_PTE_SIZE,
				   false));
}

static void ul_thread(unsigned int t)
{
	u64 v;

	if (t == 1) {
		ul_monitor();
		return;
	}
	ul.load_ret = user_load(ul.mm, chk_mm_va(UL_PAGE), &v);
	ul.store_ret = user_store(ul.mm, chk_mm_va(UL_PAGE), UL_VALUE);
	chk_mm_mark(&ul.stored);
}

static void ul_finish(void)
{
	if (ul.load_ret) {
		chk_fail(CHK_LIVENESS, "the load at %#lx failed: %d",
			 chk_mm_va(UL_PAGE), ul.load_ret);
		return;
	}
	if (chk_mm_check_stored(ul.mm, chk_mm_va(UL_PAGE), ul.store_ret,
				UL_VALUE))
		chk_mm_finish(&ul.shm);
}

const struct chk_scenario scn_uffd_wp_load = {
	.name = "uffd-wp-load",
	.desc = "a load, then a store, to a page of a folded shmem block userfaultfd write-protected whole and dropped by MADV_DONTNEED into uffd-wp markers, vs the monitor: the read fault keeps the marker's protection and maps no fault-around run, so the store reaches the monitor (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "cpu-access", "monitor" },
	.init = chk_mm_init,
	.setup = ul_setup,
	.thread = ul_thread,
	.finish = ul_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
