// SPDX-License-Identifier: GPL-2.0-only
/*
 * NUMA hinting of a folded block's folio that mremap() moved across the
 * end of a PTE table: half of it in each table, every page holding its
 * own value.  The scan makes both halves PROT_NONE, and loads from the
 * first page of the second half, then the last page of the first, fault
 * into do_numa_page(), whose numa_rebuild_large_mapping() rebuilds the
 * folio's PROT_NONE entries within the faulting entry's table only: the
 * folio's start is in the table before the second half's, and its end in
 * the table after the first half's.  Each load must read its page's own
 * value.
 *
 * The bug class: a rebuild clamped to the VMA but not to the table at
 * one end, whose walk starts before its table's first entry or runs past
 * its last (bookkeeping: an access off a live table; or crash).  Every
 * other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define NS_VALUE	0x5a00

static struct {
	struct mm_model *mm;
} ns;

/* Page @page of the folio, moved across a table's end. */
static unsigned long ns_va(unsigned long page)
{
	return chk_mm_straddle_va() + (page << PAGE_SHIFT);
}

static void ns_setup(void)
{
	unsigned long p;

	chk_mm_setup();
	ns.mm = chk_mm_anon_blocks(1);
	for (p = 0; p < CONT_PTES; p++)
		BUG_ON(user_store(ns.mm, chk_mm_va(p), NS_VALUE + p));
	BUG_ON(do_mremap(ns.mm, chk_mm_va(0), CONT_PTE_SIZE, ns_va(0)));
	task_numa_work(ns.mm, ns_va(0), ns_va(CONT_PTES));
}

static void ns_load(unsigned long page)
{
	u64 v;

	if (user_load(ns.mm, ns_va(page), &v))
		chk_fail(CHK_LIVENESS, "the load of page %lu of the moved folio failed",
			 page);
	else if (v != NS_VALUE + page)
		chk_fail(CHK_DATA_LOSS, "page %lu of the moved folio reads %#llx after NUMA hinting",
			 page, (unsigned long long)v);
}

static void ns_thread(unsigned int t)
{
	ns_load(CONT_PTES / 2);
	ns_load(CONT_PTES / 2 - 1);
}

const struct chk_scenario scn_numa_straddle = {
	.name = "numa-straddle",
	.desc = "NUMA hinting of a folio mremap() moved across a PTE table's end, then a load from each side: each rebuild stays within the faulting entry's table at both ends (bookkeeping, crash, data-loss)",
	.nr_threads = 1,
	.thread_names = { "cpu-load" },
	.init = chk_mm_init,
	.setup = ns_setup,
	.thread = ns_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	/* The table edges, not the fill sizes of a TLB, are the question. */
	.hw = (const char *const[]){ "contig-fill=ignore", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
