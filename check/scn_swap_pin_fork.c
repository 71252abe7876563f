// SPDX-License-Identifier: GPL-2.0-only
/*
 * A long-term write pin (pin_user_pages_fast(FOLL_WRITE), as RDMA or
 * vfio take) of a page of an exclusive folded block, racing the block's
 * swap-out, then fork() and the parent's store to the page.  Reclaim may
 * not make a pinned exclusive page a swap entry: try_to_unmap() clears
 * the entry first and only then asks folio_try_share_anon_rmap_pte()
 * whether the page is pinned, putting the entry back if it is, while
 * GUP-fast takes its pin first and only then checks that the entry is
 * unchanged; each sees the other.  The pinned page so stays mapped, and
 * fork() gives the child a copy of it (copy_present_ptes(): a pinned
 * exclusive page is never shared), so that the parent's store reaches
 * the page the device holds.
 *
 * The bug class: a pin taken after reclaim's test and before its clear.
 * Nothing shows it at once: the pin keeps the folio in the swap cache,
 * and a swap-in maps it back.  But the swap entry fork() copies is one
 * it shares (copy_nonpresent_pte() takes PTE_SWP_EXCLUSIVE off the
 * parent's), so the parent's store copies the page away from the pin
 * (pin-coherence); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define SPF_PAGE	1
#define SPF_VALUE	0x9f0c

static struct {
	struct mm_model *mm;
	struct folio *folio;
	struct page *pinned;
	long pin_ret;
} spf;

static void spf_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(2 * CONT_PTES, 0));
	spf.mm = chk_mm_anon_blocks(1);
	spf.folio = page_folio(chk_mm_page(spf.mm, chk_mm_va(0)));
	chk_mm_age(spf.mm, spf.folio);
	spf.pin_ret = -1;
}

static void spf_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == 0) {
		spf.pin_ret = chk_mm_pin(spf.mm, chk_mm_va(SPF_PAGE),
					 &spf.pinned);
		return;
	}
	shrink_folio(spf.folio, &stats);
}

/* fork(), then the parent's store: it must reach the pinned page. */
static void spf_finish(void)
{
	struct mm_model *child;

	if (!chk_mm_check_pinned(spf.pin_ret))
		return;
	child = dup_mm(spf.mm);
	BUG_ON(!child);
	if (user_store(spf.mm, chk_mm_va(SPF_PAGE), SPF_VALUE)) {
		chk_fail(CHK_LIVENESS, "the parent's store at %#lx after fork() failed",
			 chk_mm_va(SPF_PAGE));
		return;
	}
	mmput(child);
	chk_mm_unpin(spf.pinned);
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_pin_fork = {
	.name = "swap-pin-fork",
	.desc = "a GUP-fast write pin of a page of an exclusive folded block racing its swap-out, then fork() and the parent's store: a pinned page is never made a swap entry, so fork() copies it for the child and the store reaches the pinned page (pin-coherence)",
	.nr_threads = 2,
	.thread_names = { "gup-fast-pin", "reclaim" },
	.init = chk_mm_init,
	.setup = spf_setup,
	.thread = spf_thread,
	.finish = spf_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
