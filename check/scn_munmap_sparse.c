// SPDX-License-Identifier: GPL-2.0-only
/*
 * munmap() of a sparse range that frees more PTE tables than the gather
 * holds.  One two-page VMA at the start of each of MMU_GATHER_TABLES + 1
 * PTE tables (a heap arena's scattered pages), all unmapped by one
 * munmap(): free_pgtables() hands each table to tlb_remove_table(), and
 * when the batch is full the gather must invalidate the TLB, walk caches
 * included, before the batch goes to the (RCU) free: tlb_table_flush()
 * calls tlb_table_invalidate() first (mm/mmu_gather.c).  A CPU that
 * loaded from the first table's first page, so that its walk cache holds
 * that table, loads from its second page until munmap() returned, and
 * once more: each such load misses in the TLB and walks from the cached
 * table.
 *
 * The bug class: a table freed while a walk cache may still point into
 * it, as when a full batch is freed without the invalidation first
 * (stale-tlb: a walk through a freed table); the load after munmap()
 * returned faults (stale-tlb).  Every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

/* One table more than a gather's batch of tables. */
#define MS_TABLES	(MMU_GATHER_TABLES + 1)
#define MS_PAGES	((unsigned long)MS_TABLES * PTRS_PER_PTE)

static struct {
	struct mm_model *mm;
	bool gone;		/* munmap() returned */
	struct chk_mm_store load;
} ms;

static void ms_setup(void)
{
	unsigned int i;

	chk_mm_setup();
	ms.mm = mm_alloc();
	BUG_ON(!ms.mm);
	for (i = 0; i < MS_TABLES; i++)
		chk_mm_anon_map(ms.mm, i * PTRS_PER_PTE, 2, 0);
	ms.gone = false;
	/* The loading CPU's walk cache holds the first table. */
	chk_mm_load_on(1, ms.mm, chk_mm_va(0));
}

static void ms_thread(unsigned int t)
{
	if (t == 0) {
		BUG_ON(do_munmap(ms.mm, chk_mm_va(0), MS_PAGES << PAGE_SHIFT));
		chk_mm_mark(&ms.gone);
		return;
	}
	chk_mm_load_until(&ms.load, ms.mm, chk_mm_va(1), &ms.gone);
}

static void ms_finish(void)
{
	if (chk_mm_check_denied(&ms.load, "munmap()", chk_mm_va(1)))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_munmap_sparse = {
	.name = "munmap-sparse",
	.desc = "munmap() of a two-page VMA in each of one PTE table more than a gather batches, vs a CPU whose walk cache holds the first table and loads from its second page until munmap() returned, and once more: no table is freed before the TLB and walk caches are invalidated (stale-tlb)",
	.nr_threads = 2,
	.thread_names = { "munmap", "cpu-load" },
	.init = chk_mm_init,
	.setup = ms_setup,
	.thread = ms_thread,
	.finish = ms_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
