// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap() against reclaim.  A lazyfree block mapped by two folios of
 * half a block each, so not folded (MADV_FREEd, aged, then loaded from by
 * CPU 2, which caches its translation), and after it one page swapped
 * out, are moved to another aligned address (move_ptes(): taken out entry
 * by entry, set at the new address) while reclaim scans the folio CPU 2
 * loaded from twice, finding it at whichever address holds it; CPU 2
 * loads from the old address once as soon as either is done, once more
 * when both are.  (A folded block's first entry unfolds it, whose
 * invalidation covers the old range anyway: tests/mm_mremap.c has the
 * refold.)
 *
 * The races: the old range flushed only after the PTLs went, so that
 * reclaim unmaps the entries at the new address, flushes those and frees
 * the folio while CPU 2 still reaches it through the old translation
 * (CVE-2018-18281; stale-tlb); the same where the flush is decided by
 * the last entry moved, the swap entry, rather than by every entry; a
 * load at the old address once mremap() returned (permission,
 * stale-tlb); a reverse-map walk missing entries in transit.  Every other
 * mm and machine oracle.
 *
 * mremap-move-readonly: the same range made read-only (mprotect()) before
 * the aging: a translation CPU 2 cached of a read-only entry reaches the
 * freed page as surely as a writable one, so every present entry moved
 * forces the flush, whatever its permissions.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MR_PAGE		1
#define MR_SWAPPED	CONT_PTES		/* the range's last page */
#define MR_LEN		((MR_SWAPPED + 1) << PAGE_SHIFT)
#define MR_NEW		(2 * CONT_PTES)

static struct {
	struct mm_model *mm;
	struct folio *folio;
	bool moved, reclaimed;	/* mremap(), reclaim returned */
} mr;

static void mr_setup_shape(bool readonly)
{
	chk_mm_setup();
	mr.mm = mm_alloc();
	BUG_ON(!mr.mm);
	BUG_ON(swapon(CONT_PTES, 0));
	/* The last page's folio cannot be of half a block: it is a page. */
	chk_mm_anon_map(mr.mm, 0, MR_SWAPPED + 1, chk_cont_order() - 1);
	chk_mm_swap_out(mr.mm, chk_mm_va(MR_SWAPPED));
	BUG_ON(chk_mm_page(mr.mm, chk_mm_va(MR_SWAPPED)));
	BUG_ON(do_madvise(mr.mm, chk_mm_va(0), CONT_PTE_SIZE, MADV_FREE));
	if (readonly)
		BUG_ON(do_mprotect(mr.mm, chk_mm_va(0), MR_LEN, VM_READ));
	mr.folio = page_folio(chk_mm_page(mr.mm, chk_mm_va(MR_PAGE)));
	chk_mm_age(mr.mm, mr.folio);
	chk_mm_load_on(2, mr.mm, chk_mm_va(MR_PAGE));
	mr.moved = mr.reclaimed = false;
}

static void mr_setup(void)
{
	mr_setup_shape(false);
}

static void mr_setup_readonly(void)
{
	mr_setup_shape(true);
}

static void mr_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };
	u64 v;

	switch (t) {
	case 0:
		BUG_ON(do_mremap(mr.mm, chk_mm_va(0), MR_LEN,
				 chk_mm_va(MR_NEW)));
		chk_mm_mark(&mr.moved);
		break;
	case 1:
		shrink_folio(mr.folio, &stats);
		shrink_folio(mr.folio, &stats);
		chk_mm_mark(&mr.reclaimed);
		break;
	default:
		chk_mm_wait(&mr.moved, &mr.reclaimed, false);
		user_load(mr.mm, chk_mm_va(MR_PAGE), &v);
		chk_mm_wait(&mr.moved, &mr.reclaimed, true);
		user_load(mr.mm, chk_mm_va(MR_PAGE), &v);
		break;
	}
}

const struct chk_scenario scn_mremap = {
	.name = "mremap-move",
	.desc = "mremap() of a lazyfree block and a swapped-out page to another aligned address vs reclaim and loads at the old address: the flush before the PTLs go (stale-tlb, permission)",
	.nr_threads = 3,
	.thread_names = { "mremap", "reclaim", "cpu-load" },
	.init = chk_mm_init,
	.setup = mr_setup,
	.thread = mr_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 15000,
	.bound = 1,
};

const struct chk_scenario scn_mremap_readonly = {
	.name = "mremap-move-readonly",
	.desc = "mremap-move of the range made read-only first: a read-only entry moved forces the flush before the PTLs go as a writable one does (stale-tlb, permission)",
	.nr_threads = 3,
	.thread_names = { "mremap", "reclaim", "cpu-load" },
	.init = chk_mm_init,
	.setup = mr_setup_readonly,
	.thread = mr_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 15000,
	.bound = 1,
};
