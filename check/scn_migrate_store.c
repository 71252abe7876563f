// SPDX-License-Identifier: GPL-2.0-only
/*
 * A store through a dirty translation that a migration's deferred flush
 * has not yet removed.  CPU 1 stored to the last page of an order-2 mTHP
 * folio, so its TLB holds a writable, dirty translation of it; then
 * move_pages() migrates the folio while CPU 1 stores to the page again.
 * try_to_migrate() clears each entry and issues its TLBI without waiting
 * (TTU_BATCH_FLUSH), so until migrate_pages()' try_to_unmap_flush() CPU 1
 * may still store to the old folio.  That wait must come before the
 * copy: a store between the copy and the wait lands in the old folio
 * only, and is lost with it.  The folio is smaller than a block: a
 * folded one's unfold would invalidate CPU 1's translation and wait for
 * it, and CPU 1 would need a second store to cache it again (bound 2).
 *
 * Asserted: the page reads the store once it returned (data-loss); no
 * access through a translation of a freed frame (stale-tlb); every other
 * mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MS_ORDER	2
#define MS_PAGE		((1UL << MS_ORDER) - 1)
#define MS_VALUE	0x3c5

static struct {
	struct mm_model *mm;
	int ret;
} ms;

static void ms_setup(void)
{
	chk_mm_setup();
	ms.mm = mm_alloc();
	BUG_ON(!ms.mm);
	chk_mm_anon_map(ms.mm, 0, 1UL << MS_ORDER, MS_ORDER);
	chk_mm_access_on(1, ms.mm, chk_mm_va(MS_PAGE), true, MS_VALUE - 1);
	ms.ret = -1;
}

static void ms_thread(unsigned int t)
{
	if (t == 0)
		do_move_pages(ms.mm, chk_mm_va(0));
	else
		ms.ret = user_store(ms.mm, chk_mm_va(MS_PAGE), MS_VALUE);
}

static void ms_finish(void)
{
	if (chk_mm_check_stored(ms.mm, chk_mm_va(MS_PAGE), ms.ret, MS_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_migrate_store = {
	.name = "migrate-store",
	.desc = "migration of an order-2 mTHP folio vs a store through a dirty translation a CPU cached before: the deferred flush of the unmap is waited for before the copy (data-loss)",
	.nr_threads = 2,
	.thread_names = { "migrate", "cpu-store" },
	.init = chk_mm_init,
	.setup = ms_setup,
	.thread = ms_thread,
	.finish = ms_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
