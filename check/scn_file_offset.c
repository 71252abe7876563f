// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared anonymous memory (shmem) mapped at an offset that is not a
 * multiple of its folios, as mremap() of part of a MAP_SHARED region
 * leaves it: its folios are two blocks each, and the mapping starts half
 * a block into them.  A fault on shmem maps its whole folio at once when
 * that fits the VMA (finish_fault(): set_ptes() of two blocks' worth of
 * entries), and the block-aligned addresses in the middle of it map
 * frames that are not block-aligned: contpte_set_ptes() must not fold
 * them, however whole the range looks.  One thread loads from the page
 * before a fault-around window (which maps that window of the folio),
 * the other stores to the first page after it, in the same folio: its
 * fault maps the whole folio only if, under the PTL, every entry of it is
 * still empty.  Asserted: every block with PTE_CONT maps an aligned run
 * of one folio's frames whenever a PTL is released (cont-block); no entry
 * mapped over a live one (bbm, and the folio's map count at the end:
 * bookkeeping); the folio holds the store (data-loss); every other mm
 * and machine oracle.  The window ends inside the folio for blocks of 16
 * entries or more; with fewer, fault-around maps the store's page too.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FO_VALUE	0xf0f

static struct {
	struct mm_model *mm;
	struct address_space shm;
	unsigned long at;	/* the mapping's first page */
	unsigned long pgoff;	/* the mapping's page p is the file's p + pgoff */
	unsigned long load;	/* the load's page of the mapping */
	unsigned long store;	/* the store's page of the mapping */
	int store_ret;
} fo;

static void fo_setup_pages(unsigned long at, unsigned long pgoff,
			   unsigned long load, unsigned long store,
			   unsigned long nr_pages)
{
	chk_mm_setup();
	chk_mm_shmem_setup(&fo.shm, 6 * CONT_PTES, chk_cont_order() + 1);
	fo.at = at;
	fo.pgoff = pgoff;
	fo.load = load;
	fo.store = store;
	fo.mm = chk_mm_file_mm_at(&fo.shm, at, nr_pages, pgoff);
	fo.store_ret = -1;
}

/* A mapping of five blocks. */
static void fo_setup_shape(unsigned long at, unsigned long pgoff,
			   unsigned long load, unsigned long store)
{
	fo_setup_pages(at, pgoff, load, store, 5 * CONT_PTES);
}

/*
 * The mapping starts half a block into a folio.  The store's page: the
 * start of the fault-around window after the load's (64K-aligned, when
 * blocks are 16 entries or more) and of the block after the middle one
 * of the folio the mapping's pages 1.5..3.5 blocks hold.
 */
static void fo_setup(void)
{
	fo_setup_shape(0, CONT_PTES / 2, 3 * CONT_PTES - 1, 3 * CONT_PTES);
}

/*
 * file-offset-tail: the mapping starts one page short of a block into a
 * folio, so that the folio the mapping's pages CONT_PTES + 1 to
 * 3 * CONT_PTES hold has its last page alone in a block and (with blocks
 * of 16 entries) in a fault-around window: the load's window, in the next
 * folio, maps that page and nothing else of its folio, while the store to
 * the folio's first page maps the whole folio only if, under the PTL,
 * every one of its entries is still empty (finish_fault()'s
 * pte_range_none() over all nr_pages of them).
 */
static void fo_setup_tail(void)
{
	fo_setup_shape(0, CONT_PTES - 1, 3 * CONT_PTES + 1, CONT_PTES + 1);
}

/*
 * file-offset-start: the mapping starts half a block into a folio, one
 * block into its PTE table, so that the folio begins before the VMA in
 * the same table.  The store to the mapping's first page must map that
 * page alone (finish_fault(): the folio's start is checked against the
 * VMA's as well as the table's), while the load's fault-around maps the
 * window of the same folio after it.
 */
static void fo_setup_start(void)
{
	fo_setup_shape(CONT_PTES, CONT_PTES / 2, CONT_PTES, 0);
}

/*
 * file-offset-window: the mapping starts half a block into its PTE table
 * and into its first folio, so that the fault-around window of a load
 * from its first page (64K-aligned, with blocks of 16 entries or fewer)
 * begins before the VMA, over entries the file's earlier pages would
 * map: do_fault_around() clips the window to the VMA as well as to the
 * table.  The store, a block further into the same folio, maps its page
 * alone.
 */
static void fo_setup_window(void)
{
	fo_setup_shape(CONT_PTES / 2, CONT_PTES / 2, 0, CONT_PTES);
}

/*
 * file-offset-end: the mapping starts at the file's first page and ends
 * one page short of its second folio's end, as a mapping of a length
 * that is no multiple of the folio size leaves it.  The store to the
 * first page of that folio's second block must map its page alone
 * (finish_fault(): the folio's end is checked against the VMA's, and the
 * folio's last page lies at the VMA's end, outside it), while the load's
 * fault-around from the folio's first page maps its window, clipped to
 * the VMA.
 */
static void fo_setup_end(void)
{
	fo_setup_pages(0, 0, 2 * CONT_PTES, 3 * CONT_PTES, 4 * CONT_PTES - 1);
}

static void fo_thread(unsigned int t)
{
	u64 v;

	if (t == 0)
		user_load(fo.mm, chk_mm_va(fo.at + fo.load), &v);
	else
		fo.store_ret = user_store(fo.mm, chk_mm_va(fo.at + fo.store),
					  FO_VALUE);
}

static void fo_finish(void)
{
	unsigned long index = fo.store + fo.pgoff;
	u64 v;

	mmput(fo.mm);
	v = chk_mm_file_data(&fo.shm, index);
	if (!chk_mm_stored(chk_mm_va(fo.at + fo.store), fo.store_ret))
		return;
	if (v != FO_VALUE) {
		chk_fail(CHK_DATA_LOSS, "shmem page %lu reads %#llx after a store of %#x",
			 index, (unsigned long long)v, FO_VALUE);
		return;
	}
	chk_mm_finish(&fo.shm);
}

const struct chk_scenario scn_file_offset = {
	.name = "file-offset",
	.desc = "shmem mapped half a block into its two-block folios: whole folios mapped at once by a store's fault racing a load's fault-around, block-aligned addresses over unaligned frames must not fold, nor the store's folio map over the window (cont-block, bbm, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-store" },
	.init = chk_mm_init,
	.setup = fo_setup,
	.thread = fo_thread,
	.finish = fo_finish,
	.exit = chk_mm_exit,
	/*
	 * The 64K granule's 2M block: a frame test done against the 4K
	 * granule's 64K passes every frame there, so unaligned frames show.
	 */
	.also = (const char *const[]){ "granule=64k", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};

const struct chk_scenario scn_file_offset_tail = {
	.name = "file-offset-tail",
	.desc = "shmem mapped one page short of a block into its two-block folios: a load's fault-around maps a folio's last page alone while a store's fault maps that folio whole, only if none of its entries is mapped (bookkeeping, bbm)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-store" },
	.init = chk_mm_init,
	.setup = fo_setup_tail,
	.thread = fo_thread,
	.finish = fo_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};

const struct chk_scenario scn_file_offset_start = {
	.name = "file-offset-start",
	.desc = "shmem mapped half a block into its two-block folios, one block into a PTE table: the store's fault on the mapping's first page maps that page alone, the folio beginning before the VMA, vs a load's fault-around in the same folio (bookkeeping, bbm)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-store" },
	.init = chk_mm_init,
	.setup = fo_setup_start,
	.thread = fo_thread,
	.finish = fo_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};

const struct chk_scenario scn_file_offset_window = {
	.name = "file-offset-window",
	.desc = "shmem mapped half a block into its PTE table and its first folio: a load's fault-around window from the mapping's first page begins before the VMA and must be clipped to it, vs a store's fault further into the folio (bookkeeping, bbm)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-store" },
	.init = chk_mm_init,
	.setup = fo_setup_window,
	.thread = fo_thread,
	.finish = fo_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};

const struct chk_scenario scn_file_offset_end = {
	.name = "file-offset-end",
	.desc = "shmem mapped one page short of its second two-block folio's end: the store's fault in that folio maps its page alone, the folio's last page lying at the VMA's end, vs a load's fault-around in the same folio (bookkeeping, bbm)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-store" },
	.init = chk_mm_init,
	.setup = fo_setup_end,
	.thread = fo_thread,
	.finish = fo_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};
