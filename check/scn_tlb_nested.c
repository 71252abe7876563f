// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two mmu_gathers of one mm in flight at once, both under mmap_lock for
 * reading: a NUMA hinting scan of one folded block and MADV_DONTNEED of a
 * page of another, which a CPU cached a translation of in the setup.
 * When the zap finishes while the scan's gather is still open
 * (mm_tlb_flush_nested()), tlb_finish_mmu() flushes the whole mm rather
 * than its own range ("mm: mmu_gather: fix TLB flush race between
 * concurrent madvise(DONTNEED)"); on arm64 that flush is a fullmm gather
 * that must say it freed tables, or tlb_flush() takes it for exit's and
 * invalidates nothing.  Once MADV_DONTNEED returned, the CPU loads from
 * the page again: the load must fault and read a fresh page, never the
 * freed frame.
 *
 * The bug class: an access through a translation of a frame the zap
 * freed, after it returned (stale-tlb).  Every other mm and machine
 * oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define TN_PAGE		(CONT_PTES + 1)

static struct {
	struct mm_model *mm;
	bool zapped;
} tn;

static void tn_setup(void)
{
	chk_mm_setup();
	tn.mm = chk_mm_anon_blocks(2);
	chk_mm_load_on(2, tn.mm, chk_mm_va(TN_PAGE));
	tn.zapped = false;
}

static void tn_thread(unsigned int t)
{
	u64 v;

	switch (t) {
	case 0:
		task_numa_work(tn.mm, chk_mm_va(0), chk_mm_va(CONT_PTES));
		break;
	case 1:
		BUG_ON(do_madvise(tn.mm, chk_mm_va(TN_PAGE), PAGE_SIZE,
				  MADV_DONTNEED));
		chk_mm_mark(&tn.zapped);
		break;
	default:
		chk_mm_wait(&tn.zapped, &tn.zapped, true);
		user_load(tn.mm, chk_mm_va(TN_PAGE), &v);
		break;
	}
}

const struct chk_scenario scn_tlb_nested = {
	.name = "tlb-nested",
	.desc = "NUMA hinting of one folded block racing MADV_DONTNEED of a page of another that a CPU cached, which loads it again after: a zap that finishes beside another gather flushes the whole mm (stale-tlb, bbm)",
	.nr_threads = 3,
	.thread_names = { "numa-scan", "madvise", "cpu-load" },
	.init = chk_mm_init,
	.setup = tn_setup,
	.thread = tn_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
