// SPDX-License-Identifier: GPL-2.0-only
/*
 * GUP-fast against the hardware and zap (gup_fast_pte_range()): a write pin
 * of one page of a folded anonymous block is taken without locks
 * (ptep_get_lockless(), grab, recheck per gup-recheck) while a user thread
 * stores through the MMU to a sibling and then to the pinned page, so the
 * hardware sets the Access flag somewhere in the block, and munmap() zaps
 * the block.  A/D changing under GUP-fast may only make it fall back to
 * the slow path.  Asserted: a pinned folio is never freed while pinned
 * (gup-pin, decided where folios are freed); the pin, if taken, is the
 * page the process mapped there, and a store the process completed there
 * is visible through it (gup-pin); no access through a stale translation
 * to the freed block (stale-tlb); every mm and machine oracle.
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define GUP_PAGE	1
#define GUP_SIBLING	(CONT_PTES - 1)
#define GUP_VALUE	0xd1a

static struct {
	struct mm_model *mm;
	struct page *page;	/* the page the process maps at GUP_PAGE */
	struct page *pinned;
	long pin_ret;
	int store_ret;		/* the store to GUP_PAGE */
} gz;

static void gup_setup(void)
{
	chk_mm_setup();
	gz.mm = chk_mm_anon_blocks(1);
	gz.page = chk_mm_page(gz.mm, chk_mm_va(GUP_PAGE));
	/* Old, so that the user thread's accesses make the hardware set AF. */
	chk_mm_age(gz.mm, page_folio(gz.page));
	gz.pinned = NULL;
	gz.pin_ret = gz.store_ret = -1;
}

static void gup_thread(unsigned int t)
{
	switch (t) {
	case 0:
		gz.pin_ret = pin_user_pages_fast(gz.mm, chk_mm_va(GUP_PAGE), 1,
						 FOLL_WRITE, &gz.pinned);
		break;
	case 1:
		user_store(gz.mm, chk_mm_va(GUP_SIBLING), GUP_VALUE + 1);
		gz.store_ret = user_store(gz.mm, chk_mm_va(GUP_PAGE),
					  GUP_VALUE);
		break;
	default:
		do_munmap(gz.mm, chk_mm_va(0), CONT_PTE_SIZE);
		break;
	}
}

/* The pin is the process's page and sees its store; then it is released. */
static void gup_finish(void)
{
	if (gz.pin_ret == 1) {
		if (gz.pinned != gz.page)
			chk_fail(CHK_GUP_PIN, "pinned pfn %#lx, the process mapped pfn %#lx",
				 page_to_pfn(gz.pinned), page_to_pfn(gz.page));
		else if (!gz.store_ret && page_data(gz.pinned) != GUP_VALUE)
			chk_fail(CHK_GUP_PIN, "the pin reads %#llx, the process stored %#x",
				 (unsigned long long)page_data(gz.pinned),
				 GUP_VALUE);
		unpin_user_pages(&gz.pinned, 1);
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_gup_fast_zap = {
	.name = "gup-fast-zap",
	.desc = "GUP-fast write pin vs hardware A/D from a user store vs munmap of the block (gup-pin, stale-tlb)",
	.nr_threads = 3,
	.thread_names = { "gup-fast", "cpu-store", "munmap" },
	.init = chk_mm_init,
	.setup = gup_setup,
	.thread = gup_thread,
	.finish = gup_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
