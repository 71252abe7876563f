// SPDX-License-Identifier: GPL-2.0-only
/*
 * GUP-fast racing fork() (gup.c's write_protect_seq protocol): one parent
 * thread write-pins a page with GUP-fast while another forks, then stores
 * to the page in the parent, then reads it from the child.  The pin and the
 * copy are ordered through the folio's pin count ("pin the page, then
 * check the entry did not change" against fork()'s "check for pins, then
 * write-protect the entry"), which leaves a window between fork()'s check
 * and its write-protect that only write_protect_seq closes: a pin taken
 * there would be on a page fork() shares, and the parent's next write
 * would COW away from it.  The page is an order-0 one, so the whole space
 * of two preemptions is explored.  Asserted: the write pin stays the page
 * the parent reads and writes there (pin-coherence), a COW never replaces
 * it (gup-pin), the child never sees the parent's store made after fork()
 * (cow-isolation); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define FP_PAGE		0
#define FP_VALUE	0xb1d

static struct {
	struct mm_model *parent, *child;
	struct page *pinned;
	long pin_ret;
} fp;

static void fp_setup(void)
{
	chk_mm_setup();
	fp.parent = mm_alloc();
	BUG_ON(!fp.parent);
	chk_mm_anon_map(fp.parent, FP_PAGE, 1, 0);
	fp.child = NULL;
	fp.pinned = NULL;
	fp.pin_ret = -1;
}

static void fp_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		fp.child = dup_mm(fp.parent);
		BUG_ON(!fp.child);
		user_store(fp.parent, chk_mm_va(FP_PAGE), FP_VALUE);
		user_load(fp.child, chk_mm_va(FP_PAGE), &v);
		return;
	}
	fp.pin_ret = chk_mm_pin(fp.parent, chk_mm_va(FP_PAGE), &fp.pinned);
}

static void fp_finish(void)
{
	if (fp.pin_ret == 1)
		chk_mm_unpin(fp.pinned);
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_fork_pin_write = {
	.name = "fork-pin-write",
	.desc = "GUP-fast write pin racing fork() and the parent's next write to the pinned page (pin-coherence, gup-pin, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork-store", "gup-fast-pin" },
	.init = chk_mm_init,
	.setup = fp_setup,
	.thread = fp_thread,
	.finish = fp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 1000000,
	.bound = 2,
};
