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

/*
 * fork-pin-reuse: the page was shared with a first child, which exited,
 * and the parent's store reused it (do_wp_page(): the only reference), so
 * it must be marked exclusive again: a pin GUP-fast takes from the
 * writable entry then makes the next fork() copy it for the child, or the
 * parent's store COWs away from the pin (gup-pin).
 */
static void fp_setup_reuse(void)
{
	struct mm_model *first;

	fp_setup();
	BUG_ON(user_store(fp.parent, chk_mm_va(FP_PAGE), 1));
	first = dup_mm(fp.parent);
	BUG_ON(!first);
	mmput(first);
	BUG_ON(user_store(fp.parent, chk_mm_va(FP_PAGE), 2));
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
	if (!chk_mm_check_pinned(fp.pin_ret))
		return;
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

const struct chk_scenario scn_fork_pin_reuse = {
	.name = "fork-pin-reuse",
	.desc = "GUP-fast write pin racing fork() of a page a COW fault reused after an earlier child exited, and the parent's next write: the reused page is exclusive again (gup-pin, pin-coherence, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork-store", "gup-fast-pin" },
	.init = chk_mm_init,
	.setup = fp_setup_reuse,
	.thread = fp_thread,
	.finish = fp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 1000000,
	.bound = 1,
};

/*
 * fork-pin-read: a read-only pin (FOLL_PIN without FOLL_WRITE, as
 * O_DIRECT writes take) of a page fork() shares, racing the parent's
 * store.  GUP must unshare the page first (gup_must_unshare(),
 * FAULT_FLAG_UNSHARE: wp_page_copy() maps a private copy, still
 * read-only), so that the pin stays the page the parent reads and writes
 * (pin-coherence); an unshare that leaves the page shared fails the pin,
 * as GUP retries the fault in vain (liveness).  fork-pin-read-ro: the
 * same after mprotect(PROT_READ): the unshared copy must not be writable,
 * the store must fail (permission).  fork-pin-write's state, the child
 * forked in the setup.
 */
static void fr_setup_shape(bool ro)
{
	fp_setup();
	BUG_ON(user_store(fp.parent, chk_mm_va(FP_PAGE), 1));
	fp.child = dup_mm(fp.parent);
	BUG_ON(!fp.child);
	if (ro)
		BUG_ON(do_mprotect(fp.parent, chk_mm_va(FP_PAGE), PAGE_SIZE,
				   VM_READ));
}

static void fr_setup(void)
{
	fr_setup_shape(false);
}

static void fr_setup_ro(void)
{
	fr_setup_shape(true);
}

static void fr_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		user_store(fp.parent, chk_mm_va(FP_PAGE), FP_VALUE);
		user_load(fp.parent, chk_mm_va(FP_PAGE), &v);
		return;
	}
	fp.pin_ret = chk_mm_pin_read(fp.parent, chk_mm_va(FP_PAGE), &fp.pinned);
}

const struct chk_scenario scn_fork_pin_read = {
	.name = "fork-pin-read",
	.desc = "GUP-fast read-only pin of a page fork() shares racing the parent's store: GUP unshares the page first, the pin stays the page the parent writes, and succeeds (pin-coherence, gup-pin, liveness)",
	.nr_threads = 2,
	.thread_names = { "store", "gup-pin-read" },
	.init = chk_mm_init,
	.setup = fr_setup,
	.thread = fr_thread,
	.finish = fp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 1000000,
	.bound = 1,
};

const struct chk_scenario scn_fork_pin_read_ro = {
	.name = "fork-pin-read-ro",
	.desc = "the same after mprotect(PROT_READ): the copy the unshare maps stays read-only, the pin succeeds and the store fails (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "store", "gup-pin-read" },
	.init = chk_mm_init,
	.setup = fr_setup_ro,
	.thread = fr_thread,
	.finish = fp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 1000000,
	.bound = 1,
};

/*
 * fork-pin-copy-ro: fork() of a page pinned while it was writable and
 * exclusive, its VMA mprotect()ed read-only since: copy_present_page()
 * gives the child a private copy at once (the parent keeps the pinned
 * page), mapped as the child's VMA allows (maybe_mkwrite()), so read-only
 * and clean.  The child's store must fail (permission) and its load see
 * the value stored before fork(); the parent's load races the fork.
 */
static void fc_setup(void)
{
	fp_setup();
	BUG_ON(user_store(fp.parent, chk_mm_va(FP_PAGE), 1));
	fp.pin_ret = chk_mm_pin(fp.parent, chk_mm_va(FP_PAGE), &fp.pinned);
	BUG_ON(fp.pin_ret != 1);
	BUG_ON(do_mprotect(fp.parent, chk_mm_va(FP_PAGE), PAGE_SIZE, VM_READ));
}

static void fc_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		fp.child = dup_mm(fp.parent);
		BUG_ON(!fp.child);
		user_store(fp.child, chk_mm_va(FP_PAGE), FP_VALUE);
		user_load(fp.child, chk_mm_va(FP_PAGE), &v);
		return;
	}
	user_load(fp.parent, chk_mm_va(FP_PAGE), &v);
}

const struct chk_scenario scn_fork_pin_copy_ro = {
	.name = "fork-pin-copy-ro",
	.desc = "fork() of a write-pinned page whose VMA mprotect() made read-only: the child's private copy is read-only, its store fails (permission, gup-pin, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork-child-store", "parent-load" },
	.init = chk_mm_init,
	.setup = fc_setup,
	.thread = fc_thread,
	.finish = fp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 1000000,
	.bound = 1,
};
