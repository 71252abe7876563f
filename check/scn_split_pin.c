// SPDX-License-Identifier: GPL-2.0-only
/*
 * Splitting the folio under a folded block into order-0 folios against a
 * direct-IO read into one of its pages: pin_user_pages_fast(FOLL_WRITE)
 * and the device's write; the IO completes, and unpins, once the process
 * read the page.  A pin taken after the split looked at the folio's
 * references (can_split_folio()) makes it give up: its unmap meets the
 * pinned page, which cannot stop being exclusive
 * (folio_try_share_anon_rmap_pte()), or its freeze fails, and either way
 * every entry it replaced must go back, to the same folio
 * (remap_page()).  A pin that comes later finds migration entries, waits
 * on them in the slow path, and pins the new order-0 folio.
 *
 * The bug class: a refused split that leaves migration entries behind
 * (liveness: the load waits for a migration that is over), or maps the
 * pages anywhere but where they were (pin-coherence, data-loss: the
 * device's data goes to a page the process no longer maps); every other
 * mm and machine oracle.
 */
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define SPN_PAGE	2
#define SPN_VALUE	0x5b1

static struct {
	struct mm_model *mm;
	struct page *pinned;
	long pin_ret;
	unsigned int split_thread;
} spn;

static void spn_setup_shape(unsigned int split_thread)
{
	chk_mm_setup();
	spn.mm = chk_mm_anon_blocks(1);
	spn.pin_ret = -1;
	spn.split_thread = split_thread;
}

static void spn_setup(void)
{
	spn_setup_shape(0);
}

/*
 * split-pin-first: the direct-IO read starts first, so that one
 * preemption puts the whole split between GUP-fast's lookup of the
 * page's folio and its reference on it (try_grab_folio_fast() must find
 * the page moved to a folio of its own, and retry).
 */
static void spn_setup_first(void)
{
	spn_setup_shape(1);
}

static void spn_thread(unsigned int t)
{
	if (t == spn.split_thread) {
		split_huge_pages_pid(spn.mm, chk_mm_va(0),
				     chk_mm_va(CONT_PTES), 0);
		return;
	}
	spn.pin_ret = chk_mm_pin(spn.mm, chk_mm_va(SPN_PAGE), &spn.pinned);
	if (spn.pin_ret == 1)
		chk_dio_write(spn.pinned, SPN_VALUE);
}

/* The pin of a mapped page nothing refuses, and the page holds its data. */
static void spn_finish(void)
{
	u64 v;

	if (!chk_mm_check_pinned(spn.pin_ret))
		return;
	if (user_load(spn.mm, chk_mm_va(SPN_PAGE), &v)) {
		chk_fail(CHK_LIVENESS, "a load at %#lx after the split failed",
			 chk_mm_va(SPN_PAGE));
		return;
	}
	if (v != SPN_VALUE) {
		chk_fail(CHK_DATA_LOSS, "va %#lx reads %#llx after the device wrote %#x",
			 chk_mm_va(SPN_PAGE), (unsigned long long)v, SPN_VALUE);
		return;
	}
	chk_mm_unpin(spn.pinned);
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_split_pin = {
	.name = "split-pin",
	.desc = "split of the folio under a folded block into order-0 folios vs a direct-IO read pinning one of its pages: a split the pin makes give up puts every entry back, to the same folio (liveness, pin-coherence, data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "split", "dio-read" },
	.init = chk_mm_init,
	.setup = spn_setup,
	.thread = spn_thread,
	.finish = spn_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

const struct chk_scenario scn_split_pin_first = {
	.name = "split-pin-first",
	.desc = "a direct-IO read pinning a page of a folded block vs a split of its folio into order-0 folios that may run whole between GUP-fast's lookup of the page's folio and its reference: the pin lands on the folio that holds the page (gup-pin, cow-isolation, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "dio-read", "split" },
	.init = chk_mm_init,
	.setup = spn_setup_first,
	.thread = spn_thread,
	.finish = spn_finish,
	.exit = chk_mm_exit,
	/*
	 * The lookup, the split and the reference interleave twice: whole
	 * at bound 2 with partial-order reduction (86,598 executions).
	 */
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 2,
	.reduction = CHK_REDUCE_DPOR,
};
