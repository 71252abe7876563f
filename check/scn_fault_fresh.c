// SPDX-License-Identifier: GPL-2.0-only
/*
 * A new mTHP folio over frames another mapping just gave back.  The
 * allocator hands out what was freed last first, so the frames of a
 * folded block munmap() freed, every page written, are the next large
 * folio's.  A write fault in an empty mTHP VMA maps such a folio whole
 * (do_anonymous_page() with alloc_anon_folio()), and every page of it but
 * the one stored to must read as zeros: the allocation clears each page
 * (__GFP_ZERO, clear_huge_page() for a large folio), not only the first.
 * A load of the next page races the store: first, it maps the zero page
 * there, and the store's fault maps one page; after, it reads the new
 * folio's second page.
 *
 * Asserted: the load, and a load of each page of the block at the end,
 * read zeros but where the store went (data-loss); every other mm and
 * machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FF_FIRST	CONT_PTES	/* the new VMA's first page */
#define FF_VALUE	0xf7e

static struct {
	struct mm_model *mm;
	int store_ret, load_ret;
	u64 loaded;
} ff;

static void ff_setup(void)
{
	chk_mm_setup();
	ff.mm = chk_mm_anon_blocks(1);
	BUG_ON(do_munmap(ff.mm, chk_mm_va(0), CONT_PTE_SIZE));
	BUG_ON(!do_mmap(ff.mm, chk_mm_va(FF_FIRST), CONT_PTE_SIZE,
			VM_READ | VM_WRITE, chk_cont_order(), NULL, 0));
	ff.store_ret = ff.load_ret = -1;
	ff.loaded = 0;
}

static void ff_thread(unsigned int t)
{
	if (t == 0) {
		ff.store_ret = user_store(ff.mm, chk_mm_va(FF_FIRST), FF_VALUE);
		return;
	}
	ff.load_ret = user_load(ff.mm, chk_mm_va(FF_FIRST + 1), &ff.loaded);
}

static void ff_finish(void)
{
	unsigned long p;
	u64 v;

	if (!chk_mm_check_stored(ff.mm, chk_mm_va(FF_FIRST), ff.store_ret,
				FF_VALUE))
		return;
	if (!ff.load_ret && ff.loaded) {
		chk_fail(CHK_DATA_LOSS,
			 "a load of fresh anonymous memory read %#llx, not zeros",
			 (unsigned long long)ff.loaded);
		return;
	}
	for (p = FF_FIRST + 1; p < FF_FIRST + CONT_PTES; p++)
		if (!user_load(ff.mm, chk_mm_va(p), &v) && v) {
			chk_fail(CHK_DATA_LOSS,
				 "page %lu of a new anonymous folio reads %#llx, not zeros",
				 p, (unsigned long long)v);
			return;
		}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_fault_fresh = {
	.name = "fault-fresh",
	.desc = "a store's write fault maps a new mTHP folio over the frames of a written block munmap() just freed, vs a load of the next page: every page of the new folio but the stored one reads zeros (data-loss)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = ff_setup,
	.thread = ff_thread,
	.finish = ff_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
