// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two MADV_DONTNEEDs of the same page at once (tlb_finish_mmu()'s
 * mm_tlb_flush_nested(), "mm: mmu_gather: fix TLB flush race between
 * concurrent madvise(DONTNEED)").  One thread loads the page, so that its
 * CPU caches the translation, calls MADV_DONTNEED, then stores to the page
 * and loads it back; another thread calls MADV_DONTNEED of the same page.
 * When the other one cleared the entry first and has not flushed yet, the
 * first finds nothing to clear: it must still not return before the
 * stale translation is gone (it flushes the whole mm), or its store goes
 * to the old page, which the other's flush then frees.  Asserted right
 * after the store: it did not land in the page mapped before, in that
 * allocation of its frame (stale-tlb).  Every other mm and machine oracle.
 */
#include <linux/highmem.h>

#include "hw/phys.h"
#include "mmworld.h"
#include "scenarios.h"

#define DN_PAGE		0
#define DN_VALUE	0xd0d0

static struct {
	struct mm_model *mm;
	int store_ret;
	struct page *old;
	u64 old_gen;
} dn;

static void dn_setup(void)
{
	chk_mm_setup();
	dn.mm = mm_alloc();
	BUG_ON(!dn.mm);
	chk_mm_anon_map(dn.mm, DN_PAGE, 1, 0);
	dn.old = chk_mm_page(dn.mm, chk_mm_va(DN_PAGE));
	BUG_ON(!dn.old);
	dn.old_gen = hw_frame_generation(page_to_pfn(dn.old));
	dn.store_ret = -1;
}

static void dn_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		user_load(dn.mm, chk_mm_va(DN_PAGE), &v);
		do_madvise(dn.mm, chk_mm_va(DN_PAGE), PAGE_SIZE, MADV_DONTNEED);
		dn.store_ret = user_store(dn.mm, chk_mm_va(DN_PAGE), DN_VALUE);
		if (hw_frame_generation(page_to_pfn(dn.old)) == dn.old_gen &&
		    page_data(dn.old) == DN_VALUE)
			chk_fail(CHK_STALE_TLB,
				 "a store after MADV_DONTNEED returned reached the page it unmapped (pfn %#lx)",
				 page_to_pfn(dn.old));
	} else {
		do_madvise(dn.mm, chk_mm_va(DN_PAGE), PAGE_SIZE, MADV_DONTNEED);
	}
}

const struct chk_scenario scn_dontneed_nested = {
	.name = "dontneed-nested",
	.desc = "two MADV_DONTNEEDs of one page at once, the first thread's store after its call returned: a gather that found nothing to clear still waits for the other's flush (stale-tlb)",
	.nr_threads = 2,
	.thread_names = { "dontneed-store", "dontneed" },
	.init = chk_mm_init,
	.setup = dn_setup,
	.thread = dn_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 1,
};
