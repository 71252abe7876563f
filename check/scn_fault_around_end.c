// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault-around at the end of a VMA that maps a file only in part.  A
 * regular file of two blocks is cached in folios of half a block; a
 * shared mapping covers its first block and a half, so the last
 * fault-around window (64K, a block on 4K pages) runs half a block past
 * the VMA's end, over pages the page cache holds.  A load at the VMA's
 * last page maps around it (do_fault_around(): the window clipped to the
 * VMA at both ends, and to the table), while a store to its first page
 * dirties the folio there and a second load faults in the middle.
 *
 * The bug class: fault-around mapping cached pages beyond the VMA, into
 * entries no VMA covers (bookkeeping, through the end-of-run sweep; a
 * table freed with entries left), or over what was mapped meanwhile;
 * every other mm and machine oracle.
 *
 * fault-around-eof: the other way round, a VMA of two blocks over a file
 * of a block and a half, so that the file ends inside the VMA.  The load
 * of the file's last page maps around it up to the end of the file, and
 * a load of the first page past it must fail (do_fault(): SIGBUS), as
 * every later one there: nothing may be mapped beyond the end of the
 * file (permission).
 *
 * fault-around-folio-eof: fault-around-eof with a cached folio that
 * reaches past the end of the file.  The file of two blocks is cached in
 * folios of a block, then cut to a block and a half, as a truncation
 * whose split of the straddling folio failed leaves it.  The fault-around
 * and the store's fault must map that folio's pages only up to the end
 * of the file (filemap_map_pages()'s end_pgoff; finish_fault() maps a
 * file's folio whole only inside i_size: "mm/memory: do not populate page
 * table entries beyond i_size"), or the load past the end completes
 * (permission).
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct address_space file;
	struct mm_model *mm;
	unsigned long vma_pages;
	unsigned long last;	/* the last page both the file and the VMA have */
	unsigned long third;	/* the third thread's load */
	unsigned long store;	/* the second thread's store */
	bool past;		/* fault-around-eof: that load is past the file */
	int third_ret;
} fe;

static void fe_setup_shape(unsigned long file_pages, unsigned int order,
			   unsigned long vma_pages, unsigned long third)
{
	chk_mm_setup();
	chk_mm_file_setup(&fe.file, file_pages, order);
	fe.mm = chk_mm_file_mm(&fe.file, vma_pages, 0);
	fe.vma_pages = vma_pages;
	fe.last = (file_pages < vma_pages ? file_pages : vma_pages) - 1;
	fe.third = third;
	fe.store = 0;
	fe.past = third >= file_pages;
	fe.third_ret = -1;
}

/* A file of two blocks, mapped a block and a half; a load mid-VMA. */
static void fe_setup(void)
{
	fe_setup_shape(2 * CONT_PTES, chk_cont_order() - 1,
		       CONT_PTES + CONT_PTES / 2, CONT_PTES);
}

/* A file of a block and a half, mapped two blocks; a load past it. */
static void fe_setup_eof(void)
{
	unsigned long eof = CONT_PTES + CONT_PTES / 2;

	fe_setup_shape(eof, chk_cont_order() - 1, 2 * CONT_PTES, eof);
}

/*
 * A file of two blocks cached in folios of a block, cut to a block and a
 * half, mapped two blocks; the store in the folio across the end.
 */
static void fe_setup_folio_eof(void)
{
	unsigned long eof = CONT_PTES + CONT_PTES / 2;

	fe_setup_shape(2 * CONT_PTES, chk_cont_order(), 2 * CONT_PTES, eof);
	i_size_write(&fe.file, eof);
	fe.last = eof - 1;
	fe.store = eof - 2;
	fe.past = true;
}

/* fault-around-end, with the folio under the VMA's last page reclaimed. */
static void fe_setup_hole(void)
{
	struct folio *folio;

	fe_setup();
	folio = filemap_get_folio(&fe.file, fe.last);
	folio_lock(folio);
	BUG_ON(!filemap_evict_folio(folio));
	folio_unlock(folio);
	folio_put(folio);
}

static void fe_thread(unsigned int t)
{
	u64 v;

	switch (t) {
	case 0:
		BUG_ON(user_load(fe.mm, chk_mm_va(fe.last), &v));
		break;
	case 1:
		BUG_ON(user_store(fe.mm, chk_mm_va(fe.store), 0xfe));
		break;
	default:
		fe.third_ret = user_load(fe.mm, chk_mm_va(fe.third), &v);
		BUG_ON(!fe.past && fe.third_ret);
		break;
	}
}

/* Past the end of the file every load faults: the first, the VMA's last. */
static bool fe_past_faults(void)
{
	u64 v;
	int last_ret = user_load(fe.mm, chk_mm_va(fe.vma_pages - 1), &v);

	if (fe.third_ret == -EFAULT_USER && last_ret == -EFAULT_USER)
		return true;
	chk_fail(CHK_PERMISSION,
		 "loads past the end of the file returned %d and %d, not SIGBUS",
		 fe.third_ret, last_ret);
	return false;
}

static void fe_finish(void)
{
	if (fe.past && !fe_past_faults())
		return;
	chk_mm_finish(&fe.file);
}

const struct chk_scenario scn_fault_around_end = {
	.name = "fault-around-end",
	.desc = "fault-around at the end of a VMA that maps a cached file in part, vs a store and a load elsewhere in it: the window clipped to the VMA (bookkeeping, cont-block)",
	.nr_threads = 3,
	.thread_names = { "cpu-load", "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = fe_setup,
	.thread = fe_thread,
	.finish = fe_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_fault_around_eof = {
	.name = "fault-around-eof",
	.desc = "a VMA that runs past the end of its file: fault-around at the file's last page, a store, and a load past the end, which must fault, as every later one (permission)",
	.nr_threads = 3,
	.thread_names = { "cpu-load", "cpu-store", "cpu-load-past" },
	.init = chk_mm_init,
	.setup = fe_setup_eof,
	.thread = fe_thread,
	.finish = fe_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_fault_around_hole = {
	.name = "fault-around-hole",
	.desc = "fault-around-end with the folio under the VMA's last page reclaimed: the last window holds no cached page and the next cached folio lies past it, which the window's lookup must let go unlocked; both loads read the hole's folio in (liveness, bookkeeping)",
	.nr_threads = 3,
	.thread_names = { "cpu-load", "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = fe_setup_hole,
	.thread = fe_thread,
	.finish = fe_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_fault_around_folio_eof = {
	.name = "fault-around-folio-eof",
	.desc = "fault-around-eof with a cached folio across the end of the file (a truncation that could not split it): the fault-around and a store's fault map it only up to the end, and a load past it must fault, as every later one (permission)",
	.nr_threads = 3,
	.thread_names = { "cpu-load", "cpu-store", "cpu-load-past" },
	.init = chk_mm_init,
	.setup = fe_setup_folio_eof,
	.thread = fe_thread,
	.finish = fe_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
