// SPDX-License-Identifier: GPL-2.0-only
/*
 * GUP's slow path (get_user_pages(FOLL_WRITE), under mmap_lock for
 * reading) on a page of a folded anonymous block, vs MADV_DONTNEED of the
 * block, which holds mmap_lock for reading too.  follow_page_pte() finds
 * the entry under the PTL and takes its reference before it lets the PTL
 * go: the entry's own reference keeps the folio until then, and the zap
 * needs the PTL to clear it.
 *
 * The bug class: the reference taken once the PTL is gone, so that the
 * zap clears the entry, flushes and frees the folio in between, and GUP
 * references a free folio (v6.12's try_grab_folio() warns of a count of
 * zero: bookkeeping), or, were the frame reused, another process's page;
 * a reference left behind (bookkeeping at the end of the run).  Every
 * other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define GSZ_PAGE	2

static struct {
	struct mm_model *mm;
} gsz;

static void gsz_setup(void)
{
	chk_mm_setup();
	gsz.mm = chk_mm_anon_blocks(1);
}

static void gsz_thread(unsigned int t)
{
	struct page *page;

	if (t == 0) {
		if (get_user_pages(gsz.mm, chk_mm_va(GSZ_PAGE), 1, FOLL_WRITE,
				   &page) == 1)
			put_user_pages(&page, 1);
		return;
	}
	BUG_ON(do_madvise(gsz.mm, chk_mm_va(0), CONT_PTE_SIZE,
			  MADV_DONTNEED));
}

const struct chk_scenario scn_gup_slow_zap = {
	.name = "gup-slow-zap",
	.desc = "GUP's slow path on a page of a folded block vs MADV_DONTNEED of the block, both under mmap_lock for reading: the reference is taken under the PTL, before the zap can free the folio (bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "gup-slow", "dontneed" },
	.init = chk_mm_init,
	.setup = gsz_setup,
	.thread = gsz_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
