// SPDX-License-Identifier: GPL-2.0-only
/*
 * A zap of more pages than one mmu_gather batch holds.  MADV_DONTNEED of
 * MMU_GATHER_BATCH + 8 order-0 pages that straddle a PTE table boundary,
 * then exit.  The zap queues each page's folio on the gather for freeing
 * after the flush; when the batch is full it stops, flushes and frees
 * (force_break implies force_flush), and goes on.  One thread: a fault
 * racing the zap of its own page meets a sequence the machine flags
 * ("Upstream sequences the machine flags", docs/checker.md), which the
 * catalogue keeps out; the hardware's choices still vary.
 *
 * The bug class: a gather that overflows its batch or frees a folio before
 * the flush (bookkeeping, crash, stale-tlb); every other mm and machine
 * oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define ZM_PAGES	(MMU_GATHER_BATCH + 8)

static struct {
	struct mm_model *mm;
} zm;

/* Half before a table boundary, half after: the zap runs in two calls. */
static unsigned long zm_start(void)
{
	return PTRS_PER_PTE - ZM_PAGES / 2;
}

static void zm_setup(void)
{
	chk_mm_setup();
	zm.mm = mm_alloc();
	BUG_ON(!zm.mm);
	chk_mm_anon_map(zm.mm, zm_start(), ZM_PAGES, 0);
}

static void zm_thread(unsigned int t)
{
	BUG_ON(do_madvise(zm.mm, chk_mm_va(zm_start()), ZM_PAGES << PAGE_SHIFT,
			  MADV_DONTNEED));
}

const struct chk_scenario scn_zap_many = {
	.name = "zap-many",
	.desc = "MADV_DONTNEED of more pages than an mmu_gather batch holds, across two PTE tables, then exit: the zap flushes and frees a full batch before it goes on (bookkeeping, crash)",
	.nr_threads = 1,
	.thread_names = { "dontneed" },
	.init = chk_mm_init,
	.setup = zm_setup,
	.thread = zm_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 20,
	.bound = 1,
};
