// SPDX-License-Identifier: GPL-2.0-only
/*
 * GUP-fast racing munmap() and the reuse of the frames and the table it
 * freed (gup_fast_pte_range(): read the entry, grab the folio, recheck
 * the entry).  One thread write-pins a page of a folded block with
 * GUP-fast; another munmap()s the block, which frees its folio once the
 * flush completed and its PTE table once no GUP-fast walk can still read
 * it (tlb_remove_table_sync_one(): a freed table read is bookkeeping),
 * and then faults a new block into another process, which the allocator
 * serves from the frames and the table just freed.  Grabbing the folio only
 * succeeds while it has a reference, but a reused one has; only the
 * recheck of the entry tells a pin of the page this process mapped from
 * a pin of someone else's.  The pin's page is compared with every frame
 * the entry mapped during the call, allocation by allocation (the state
 * space of two preemptions is explored in full).  Asserted: a write pin
 * is a frame the entry mapped, in that allocation, during the call
 * (pin-coherence); no pinned folio is freed (gup-pin); every other mm
 * and machine oracle.
 */
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define GR_PAGE		1

static struct {
	struct mm_model *mm, *other;
	struct page *pinned;
	long pin_ret;
} gr;

static void gr_setup(void)
{
	chk_mm_setup();
	gr.mm = chk_mm_anon_blocks(1);
	gr.other = mm_alloc();
	BUG_ON(!gr.other || !do_mmap(gr.other, CHK_MM_BASE, CONT_PTE_SIZE,
				     VM_READ | VM_WRITE, chk_cont_order(),
				     NULL, 0));
	gr.pinned = NULL;
	gr.pin_ret = -1;
}

static void gr_thread(unsigned int t)
{
	if (t == 0) {
		gr.pin_ret = chk_mm_pin(gr.mm, chk_mm_va(GR_PAGE), &gr.pinned);
		return;
	}
	do_munmap(gr.mm, chk_mm_va(0), CONT_PTE_SIZE);
	user_store(gr.other, chk_mm_va(GR_PAGE), 0x07e);
}

static void gr_finish(void)
{
	if (gr.pin_ret == 1)
		chk_mm_unpin(gr.pinned);
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_gup_fast_reuse = {
	.name = "gup-fast-reuse",
	.desc = "GUP-fast write pin racing munmap() of its block and the reuse of its frames and table by another process (pin-coherence, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "gup-fast", "munmap-reuse" },
	.init = chk_mm_init,
	.setup = gr_setup,
	.thread = gr_thread,
	.finish = gr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 1000000,
	.bound = 1,
};
