// SPDX-License-Identifier: GPL-2.0-only
/*
 * userfaultfd write-protection of part of a folded block, as a live
 * snapshot's monitor does it (UFFDIO_WRITEPROTECT, v6.12; arm64 from
 * "arm64/mm: Add uffd write-protect support").  The block is registered
 * for write-protection and aged.  The monitor write-protects the range
 * from the block's second page to its end, which starts inside the block
 * (change_protection() with MM_CP_UFFD_WP: the batch is part of the
 * block, so modify_prot_start_ptes() unfolds it, and the entries then
 * differ in PTE_UFFD_WP and write permission), loads the last page as a
 * snapshot would copy it, and once a fault was handed to it resolves the
 * whole block (MM_CP_UFFD_WP_RESOLVE with MM_CP_TRY_CHANGE_WRITABLE) and
 * wakes the faults waiting on it.  One user thread stores to the last
 * page until it has seen the resolve return, and once more: a store that
 * meets a protected entry faults into do_wp_page(), which hands it to the
 * monitor (handle_userfault()), and it waits until the resolve wakes it
 * (a wake-up missed: liveness), then retries.  Another stores to the
 * unprotected first page meanwhile.  The hardware sets access and dirty
 * state in any entry of the block throughout.
 *
 * The bug classes: a store made through a protected entry after the
 * protection returned (permission: the entry made writable with the bit
 * set, or a translation the flush missed); a store that reached the last
 * page between the snapshot and the resolve though no entry showed the
 * bit (permission: the protection never applied); a folded block whose
 * entries differ in the bit or in write permission (cont-block), or
 * changed without break-before-make (bbm); a store lost, or a fault that
 * never resolves (data-loss, liveness); counts that do not balance
 * (bookkeeping).  Every other mm and machine oracle.
 *
 * uffd-wp-mprotect: the same, but the thread storing to the last page
 * first makes the whole block read-only and then read-write again
 * (mprotect(), as a JIT or a garbage collector does under a snapshot).
 * Its batches must not run across entries that differ in PTE_UFFD_WP
 * (folio_pte_batch() compares the bit), and the upgrade must leave a
 * protected entry read-only (can_change_pte_writable()): otherwise the
 * protection is lost or the entry made writable with it, and the store
 * goes through unseen by the monitor (permission).
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define UW_VALUE	0x3f1

static struct {
	struct mm_model *mm;
	bool mprotect;		/* uffd-wp-mprotect */
	bool resolved;		/* the resolve returned */
	bool stopped;		/* the store to the last page is done */
	struct chk_mm_store last, first;
} uw;

static unsigned long uw_last(void)
{
	return chk_mm_va(CONT_PTES - 1);
}

static void uw_setup_shape(bool mprotect)
{
	chk_mm_setup();
	uw.mprotect = mprotect;
	uw.mm = chk_mm_anon_blocks(1);
	BUG_ON(userfaultfd_register(uw.mm, chk_mm_va(0), CONT_PTE_SIZE));
	chk_mm_age(uw.mm, page_folio(chk_mm_page(uw.mm, chk_mm_va(0))));
	uw.resolved = false;
	uw.stopped = false;
}

static void uw_setup(void)
{
	uw_setup_shape(false);
}

static void uw_setup_mprotect(void)
{
	uw_setup_shape(true);
}

/*
 * The monitor: protect, copy the last page (a load through its own
 * mapping), then resolve once a fault was handed to it (its read(2)) or
 * the store thread is done without one.  Nothing may store to the last
 * page while it copies.
 */
static void uw_monitor(void)
{
	struct page *page;
	u64 version, v;

	BUG_ON(mwriteprotect_range(uw.mm, chk_mm_va(1),
				   CONT_PTE_SIZE - PAGE_SIZE, true));
	page = chk_mm_page(uw.mm, uw_last());
	version = page_data_version(page);
	BUG_ON(user_load(uw.mm, uw_last(), &v));
	if (page_data_version(page) != version)
		chk_fail(CHK_PERMISSION,
			 "a store reached va %#lx while UFFDIO_WRITEPROTECT protected it",
			 uw_last());
	while (!userfaultfd_read(uw.mm) && !chk_mm_seen(&uw.stopped))
		;
	BUG_ON(mwriteprotect_range(uw.mm, chk_mm_va(0), CONT_PTE_SIZE,
				   false));
	chk_mm_mark(&uw.resolved);
}

static void uw_thread(unsigned int t)
{
	switch (t) {
	case 0:
		uw_monitor();
		break;
	case 1:
		if (uw.mprotect) {
			do_mprotect(uw.mm, chk_mm_va(0), CONT_PTE_SIZE, VM_READ);
			do_mprotect(uw.mm, chk_mm_va(0), CONT_PTE_SIZE,
				    VM_READ | VM_WRITE);
		}
		chk_mm_store_until(&uw.last, uw.mm, uw_last(), UW_VALUE,
				   &uw.resolved);
		chk_mm_mark(&uw.stopped);
		break;
	default:
		chk_mm_store_until(&uw.first, uw.mm, chk_mm_va(0),
				   UW_VALUE + 1, &uw.resolved);
		break;
	}
}

/*
 * A refusal the first page's store thread may not see: any, but while the
 * other thread's mprotect() has the block read-only; then only one made
 * after the resolve.  The other thread stores only once its mprotect()s
 * returned: no refusal of it is right.
 */
static int uw_first_refused(void)
{
	if (!uw.mprotect)
		return uw.first.refused;
	return uw.first.after ? uw.first.ret : 0;
}

static void uw_finish(void)
{
	int last = uw.last.refused, first = uw_first_refused();

	if (last || first) {
		chk_fail(CHK_LIVENESS, "a store failed (%d, %d)", last, first);
		return;
	}
	if (!chk_mm_check_store(uw.mm, uw_last(), true, UW_VALUE) ||
	    !chk_mm_check_store(uw.mm, chk_mm_va(0), uw.first.completed,
				UW_VALUE + 1))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_uffd_wp = {
	.name = "uffd-wp-partial",
	.desc = "userfaultfd write-protection of a range starting inside a folded block, then resolved whole, vs stores to a protected and an unprotected page and hardware A/D; faults wait for the monitor (permission, cont-block, bbm, liveness)",
	.nr_threads = 3,
	.thread_names = { "monitor", "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = uw_setup,
	.thread = uw_thread,
	.finish = uw_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_mprotect = {
	.name = "uffd-wp-mprotect",
	.desc = "the same, the store to the protected page after mprotect() made the block read-only and read-write again: the protection survives both (permission, cont-block, bbm, liveness)",
	.nr_threads = 3,
	.thread_names = { "monitor", "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = uw_setup_mprotect,
	.thread = uw_thread,
	.finish = uw_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};
