// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim against munmap() and exit, which it now runs beside: the
 * reverse map takes no mmap_lock (the anon_vma's lock and the PTL only)
 * and reclaim's unmap defers its TLB flush (try_to_unmap(TTU_BATCH_FLUSH)).
 * A folded lazyfree block (MADV_FREEd, then shared with a forked child,
 * aged, then loaded from by CPU 2, which caches its translation) is
 * reclaimed twice while another thread lets the child exit and munmap()s
 * the block, and CPU 2 loads from it once more after munmap() returned.
 *
 * The races: a walk of the child against its exit, which must not free
 * tables under it (the anon_vma lock; bookkeeping, crash); munmap()
 * finding the entries reclaim cleared but whose TLBIs it has not waited
 * for, which it must flush before returning (flush_tlb_batched_pending();
 * else the last load completes: stale-tlb, permission).  Every other mm
 * and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define RU_PAGE		1

static struct {
	struct mm_model *mm, *child;
	struct folio *folio;
	bool unmapped;		/* munmap() returned */
	struct chk_mm_store load;
} ru;

static void ru_setup(void)
{
	chk_mm_setup();
	ru.mm = chk_mm_lazyfree_block(NULL);
	ru.child = dup_mm(ru.mm);
	BUG_ON(!ru.child);
	ru.folio = page_folio(chk_mm_page(ru.mm, chk_mm_va(0)));
	chk_mm_age(ru.mm, ru.folio);
	chk_mm_load_on(2, ru.mm, chk_mm_va(RU_PAGE));
	ru.unmapped = false;
}

static void ru_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	switch (t) {
	case 0:
		shrink_folio(ru.folio, &stats);
		shrink_folio(ru.folio, &stats);
		break;
	case 1:
		mmput(ru.child);
		do_munmap(ru.mm, chk_mm_va(0), CONT_PTE_SIZE);
		chk_mm_mark(&ru.unmapped);
		break;
	default:
		chk_mm_load_after(&ru.load, ru.mm, chk_mm_va(RU_PAGE),
				  &ru.unmapped);
		break;
	}
}

static void ru_finish(void)
{
	if (chk_mm_check_denied(&ru.load, "munmap()", chk_mm_va(RU_PAGE)))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_reclaim_unmap = {
	.name = "reclaim-unmap",
	.desc = "reclaim of a lazyfree block shared with a child, beside the child's exit and munmap(): no mmap_lock in the walk, a deferred flush (stale-tlb, permission, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "reclaim", "exit-munmap", "cpu-load" },
	.init = chk_mm_init,
	.setup = ru_setup,
	.thread = ru_thread,
	.finish = ru_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 15000,
	.bound = 1,
};
