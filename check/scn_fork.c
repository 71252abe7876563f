// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() and COW with a GUP pin, the shape of the cow.c selftest
 * (copy_pte_range() and gup_fast_pte_range()): the parent
 * write-pins a page of its folded block, then one thread forks and reads
 * the page from the child while another stores to it from the parent, and
 * a third pins a sibling with GUP-fast during fork() (write_protect_seq
 * makes it fall back).  fork() must give the child its own copy of a page
 * that may be pinned, so that the parent never COW-copies away from its
 * pin.  Asserted: the pins stay the pages the parent maps, and the
 * parent's store is visible through its pin (gup-pin); the child reads
 * the contents from the time of fork(): the parent's store if it
 * completed before fork() began, the old contents if it began after
 * fork() returned, either if the two overlapped (data-loss otherwise).
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define FK_PAGE		1
#define FK_SIBLING	(CONT_PTES - 1)
#define FK_VALUE	0xf0c

static struct {
	struct mm_model *parent, *child;
	u64 before;		/* the page's contents at setup */
	u64 child_value;
	struct page *pinned, *sibling;
	long sibling_ret;
	int store_ret;
	bool stored;		/* the parent's store completed */
	bool forked;		/* fork() returned */
	bool store_before_fork, store_after_fork;
} fk;

static void fk_setup(void)
{
	chk_mm_setup();
	fk.parent = chk_mm_anon_blocks(1);
	fk.before = page_data(chk_mm_page(fk.parent, chk_mm_va(FK_PAGE)));
	BUG_ON(pin_user_pages_fast(fk.parent, chk_mm_va(FK_PAGE), 1, FOLL_WRITE,
				   &fk.pinned) != 1);
	fk.child = NULL;
	fk.sibling = NULL;
	fk.sibling_ret = fk.store_ret = -1;
	fk.stored = fk.forked = false;
	fk.store_before_fork = fk.store_after_fork = false;
}

static void fk_fork(void)
{
	fk.store_before_fork = chk_mm_seen(&fk.stored);
	fk.child = dup_mm(fk.parent);
	BUG_ON(!fk.child);
	chk_mm_mark(&fk.forked);
	user_load(fk.child, chk_mm_va(FK_PAGE), &fk.child_value);
}

static void fk_store(void)
{
	fk.store_after_fork = chk_mm_seen(&fk.forked);
	fk.store_ret = user_store(fk.parent, chk_mm_va(FK_PAGE), FK_VALUE);
	chk_mm_mark(&fk.stored);
}

static void fk_thread(unsigned int t)
{
	switch (t) {
	case 0:
		fk_fork();
		break;
	case 1:
		fk_store();
		break;
	default:
		fk.sibling_ret = pin_user_pages_fast(fk.parent,
						     chk_mm_va(FK_SIBLING), 1,
						     FOLL_WRITE, &fk.sibling);
		break;
	}
}

/* Both pins are the parent's pages; the first shows the parent's store. */
static bool fk_check_pins(void)
{
	if (fk.sibling_ret != 1 || fk.store_ret) {
		chk_fail(CHK_LIVENESS, "the sibling's pin returned %ld, the store %d",
			 fk.sibling_ret, fk.store_ret);
		return false;
	}
	if (chk_mm_page(fk.parent, chk_mm_va(FK_SIBLING)) != fk.sibling) {
		chk_fail(CHK_GUP_PIN, "the sibling's pin is not the parent's page");
		return false;
	}
	if (chk_mm_page(fk.parent, chk_mm_va(FK_PAGE)) != fk.pinned ||
	    page_data(fk.pinned) != FK_VALUE) {
		chk_fail(CHK_GUP_PIN, "the pin (pfn %#lx, reads %#llx) lost the parent's store",
			 page_to_pfn(fk.pinned),
			 (unsigned long long)page_data(fk.pinned));
		return false;
	}
	return true;
}

static void fk_finish(void)
{
	if (!fk_check_pins())
		return;
	if ((fk.store_before_fork && fk.child_value != FK_VALUE) ||
	    (fk.store_after_fork && fk.child_value != fk.before) ||
	    (fk.child_value != FK_VALUE && fk.child_value != fk.before)) {
		chk_fail(CHK_DATA_LOSS, "the child reads %#llx (before fork %#llx, stored %#x, store %s fork)",
			 (unsigned long long)fk.child_value,
			 (unsigned long long)fk.before, FK_VALUE,
			 fk.store_before_fork ? "before" :
			 fk.store_after_fork ? "after" : "during");
		return;
	}
	unpin_user_pages(&fk.pinned, 1);
	unpin_user_pages(&fk.sibling, 1);
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_fork_cow_pin = {
	.name = "fork-cow-pin",
	.desc = "fork() of a write-pinned folded block vs the parent's store and a GUP-fast pin; pins keep the parent's writes, the child sees pre-fork contents (gup-pin, data-loss)",
	.nr_threads = 3,
	.thread_names = { "fork", "cpu-store", "gup-fast" },
	.init = chk_mm_init,
	.setup = fk_setup,
	.thread = fk_thread,
	.finish = fk_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
