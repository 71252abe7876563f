// SPDX-License-Identifier: GPL-2.0-only
/*
 * An O_DIRECT read into anonymous memory against its swap-out.  A folded
 * block, exclusive to its process, with a swap device; a direct-IO read
 * pins one of its pages for writing (pin_user_pages_fast(FOLL_WRITE)),
 * the device writes the data into the pinned page, and the completion
 * marks the folio dirty and unpins it; meanwhile reclaim scans the folio
 * twice.  The second scan puts it in the swap cache and replaces its
 * entries by swap entries page by page, each taking a reference on its
 * slot; a pinned exclusive page cannot be shared with the swap cache
 * (folio_try_share_anon_rmap_pte(), asked after the entry was cleared so
 * that GUP-fast either sees the clear or is seen): its entry goes back,
 * with its slot's reference given back, and the folio stays.  Finally the
 * process reads the page, and exits.
 *
 * swap-pin-read: an O_DIRECT write from the page instead, whose pin is
 * read-only (no FOLL_WRITE): it blocks the swap-out all the same
 * (folio_maybe_dma_pinned()), and when reclaim got there first, GUP's
 * slow path must fault the page back in from its swap entry before it
 * grabs it (follow_page_pte(): a non-present entry maps no page).  The
 * device reads what the process then reads.
 *
 * swap-get: the direct-IO read takes a reference (FOLL_GET, as O_DIRECT
 * did before FOLL_PIN, and other GUP users still do) rather than a pin,
 * and reclaim scans the folio a third time.  A reference does not keep
 * the pages mapped: the second scan swaps the folio out, its slots
 * written, but it stays in the swap cache while the reference is held
 * (__remove_mapping()'s folio_ref_freeze() of reclaim's and the cache's
 * references only), so the device's data, written after the slots, is
 * what the process swaps back in (data-loss: a folio dropped from the
 * cache with a reference held).
 *
 * swap-get-dontneed: swap-get, then MADV_DONTNEED of the block but the
 * page the device wrote, before the load.  The zap gives the other pages'
 * slots back and, finding the cached folio unmapped, tries to free it
 * from the cache (free_swap_and_cache_nr() -> free_swap_cache()), which
 * must keep it while an entry still names one of its slots
 * (folio_swapped()), the first's here, whose page holds the device's
 * data and no slot a copy of it (data-loss).
 *
 * The bug class: a pinned page swapped out, so the device's data goes to
 * a page the process no longer maps (pin-coherence, data-loss); a slot
 * reference taken for an entry that was put back and never given back
 * (bookkeeping: a slot left with a count at the end); every other mm and
 * machine oracle.
 */
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define SP_PAGE		0
#define SP_VALUE	0xd1a

static struct {
	struct mm_model *mm;
	struct folio *folio;
	struct page *pinned;
	long pin_ret;
	bool dio_write;		/* swap-pin-read */
	bool get;		/* swap-get */
	bool dontneed;		/* swap-get-dontneed */
	u64 fetched;		/* what the device read */
} sp;

static void sp_setup_shape(bool dio_write, bool get, bool dontneed)
{
	chk_mm_setup();
	BUG_ON(swapon(2 * CONT_PTES, 0));
	sp.mm = chk_mm_anon_blocks(1);
	sp.folio = page_folio(chk_mm_page(sp.mm, chk_mm_va(0)));
	sp.pin_ret = -1;
	sp.dio_write = dio_write;
	sp.get = get;
	sp.dontneed = dontneed;
}

static void sp_setup(void)
{
	sp_setup_shape(false, false, false);
}

static void sp_setup_read(void)
{
	sp_setup_shape(true, false, false);
}

static void sp_setup_get(void)
{
	sp_setup_shape(false, true, false);
}

static void sp_setup_get_dontneed(void)
{
	sp_setup_shape(false, true, true);
}

static void sp_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == 0) {
		if (sp.get)
			sp.pin_ret = chk_mm_dio_read_ref(sp.mm,
							 chk_mm_va(SP_PAGE),
							 SP_VALUE, &sp.pinned);
		else if (sp.dio_write)
			sp.pin_ret = chk_mm_dio_write(sp.mm, chk_mm_va(SP_PAGE),
						      &sp.fetched, &sp.pinned);
		else
			sp.pin_ret = chk_mm_dio_read(sp.mm, chk_mm_va(SP_PAGE),
						     SP_VALUE, &sp.pinned);
		return;
	}
	shrink_folio(sp.folio, &stats);
	shrink_folio(sp.folio, &stats);
	if (sp.get)
		shrink_folio(sp.folio, &stats);
}

/*
 * The page, swapped back in if it went out, holds what the device wrote,
 * or what it read.
 */
static void sp_finish(void)
{
	u64 v;

	if (sp.dontneed)
		BUG_ON(do_madvise(sp.mm, chk_mm_va(SP_PAGE + 1),
				  CONT_PTE_SIZE - PAGE_SIZE, MADV_DONTNEED));
	if (user_load(sp.mm, chk_mm_va(SP_PAGE), &v)) {
		chk_fail(CHK_LIVENESS, "a load at %#lx after the read failed",
			 chk_mm_va(SP_PAGE));
		return;
	}
	if (sp.dio_write) {
		if (!chk_mm_check_pinned(sp.pin_ret))
			return;
		if (v != sp.fetched) {
			chk_fail(CHK_DATA_LOSS, "va %#lx reads %#llx, the device read %#llx",
				 chk_mm_va(SP_PAGE), (unsigned long long)v,
				 (unsigned long long)sp.fetched);
			return;
		}
	} else if (sp.pin_ret == 1 && v != SP_VALUE) {
		chk_fail(CHK_DATA_LOSS, "va %#lx reads %#llx after the device wrote %#x",
			 chk_mm_va(SP_PAGE), (unsigned long long)v, SP_VALUE);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_swap_pin = {
	.name = "swap-pin",
	.desc = "a direct-IO read pins a page of an exclusive anonymous block, the device writes it, vs swap-out of the folio: a pinned page stays mapped, its slot's reference given back (pin-coherence, data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "dio-read", "reclaim" },
	.init = chk_mm_init,
	.setup = sp_setup,
	.thread = sp_thread,
	.finish = sp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

const struct chk_scenario scn_swap_pin_read = {
	.name = "swap-pin-read",
	.desc = "the same with a direct-IO write: a read-only pin blocks the swap-out too, and GUP faults a page reclaim swapped out back in before pinning it (pin-coherence, data-loss, liveness)",
	.nr_threads = 2,
	.thread_names = { "dio-write", "reclaim" },
	.init = chk_mm_init,
	.setup = sp_setup_read,
	.thread = sp_thread,
	.finish = sp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

const struct chk_scenario scn_swap_get = {
	.name = "swap-get",
	.desc = "the same with a GUP reference (FOLL_GET) in place of the pin, and a third reclaim pass: the folio swapped out stays in the swap cache while the reference is held, and the device's data is what swaps back in (data-loss)",
	.nr_threads = 2,
	.thread_names = { "dio-read", "reclaim" },
	.init = chk_mm_init,
	.setup = sp_setup_get,
	.thread = sp_thread,
	.finish = sp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

const struct chk_scenario scn_swap_get_dontneed = {
	.name = "swap-get-dontneed",
	.desc = "swap-get, then MADV_DONTNEED of the block but the page the device wrote: the zap frees the other slots, and the folio stays in the swap cache while the written page's entry names its slot (data-loss)",
	.nr_threads = 2,
	.thread_names = { "dio-read", "reclaim" },
	.init = chk_mm_init,
	.setup = sp_setup_get_dontneed,
	.thread = sp_thread,
	.finish = sp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
