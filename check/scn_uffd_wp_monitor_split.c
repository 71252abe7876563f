// SPDX-License-Identifier: GPL-2.0-only
/*
 * A userfaultfd monitor that changes the VMA before it resolves a fault.
 * An anonymous folded block is registered and write-protected whole; a
 * store to one of its pages is handed to the monitor (handle_userfault()),
 * which, once it read the fault, makes the block's first page read-only
 * (mprotect(): the VMA split, each part write-locked) and then resolves
 * the page.  The faulting thread must wait for the monitor holding no
 * lock on the VMA (the per-VMA lock dropped with VM_FAULT_RETRY, as "mm:
 * handle userfaults under VMA lock" has it), or mprotect()'s
 * vma_start_write() waits for the fault, which waits for the monitor.
 *
 * Asserted: the store completes and holds (liveness, data-loss), and not
 * before a fault reached the monitor (permission); every other mm and
 * machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define US_PAGE		3
#define US_VALUE	0x6b2

static struct {
	struct mm_model *mm;
	bool stored;		/* the store returned */
	int ret;
} us;

static void us_setup(void)
{
	chk_mm_setup();
	us.mm = chk_mm_uffd_wp_block(NULL);
	us.stored = false;
	us.ret = -1;
}

static void us_monitor(void)
{
	chk_mm_uffd_await_fault(us.mm, &us.stored, chk_mm_va(US_PAGE));
	BUG_ON(do_mprotect(us.mm, chk_mm_va(0), PAGE_SIZE, VM_READ));
	BUG_ON(mwriteprotect_range(us.mm, chk_mm_va(US_PAGE), PAGE_SIZE,
				   false));
}

static void us_thread(unsigned int t)
{
	if (t == 1) {
		us_monitor();
		return;
	}
	us.ret = user_store(us.mm, chk_mm_va(US_PAGE), US_VALUE);
	chk_mm_mark(&us.stored);
}

static void us_finish(void)
{
	if (chk_mm_check_stored(us.mm, chk_mm_va(US_PAGE), us.ret, US_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_uffd_wp_monitor_split = {
	.name = "uffd-wp-monitor-split",
	.desc = "a store to a page of a folded block userfaultfd write-protected whole, vs the monitor, which splits the VMA with mprotect() once it read the fault, then resolves the page: the fault waits for the monitor holding no VMA lock (liveness)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "monitor" },
	.init = chk_mm_init,
	.setup = us_setup,
	.thread = us_thread,
	.finish = us_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
