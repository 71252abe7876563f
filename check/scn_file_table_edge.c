// SPDX-License-Identifier: GPL-2.0-only
/*
 * A shmem mapping that starts one page less than a block before the end
 * of a PTE table, as an mmap() at an address chosen by the user, or an
 * mremap(), leaves it: nothing about a file VMA is aligned to a block, a
 * fault-around window or a table.  Its folios are one block each and
 * the mapping starts at a folio's first page, so each folio straddles a
 * block boundary, and the first one has its last page alone in the next
 * table: an edge check that compares a folio's last page rather than its
 * end, or rounds a table boundary the wrong way, lets it through by that
 * one page.  Three faults meet the edges:
 *  - a load at the VMA's first page: the fault-around window, aligned
 *    down to 64K, starts before the VMA and must be moved up to it
 *    (do_fault_around()'s vma_off), and then ends past the table and must
 *    be cut at its end (its PTRS_PER_PTE term), though the VMA goes on;
 *  - a store at the next table's first page, the folio's last: the
 *    whole-folio fault of shmem (finish_fault()) must fall back to the
 *    one page, as the folio does not lie in one table;
 *  - a load whose folio reclaim took out of the cache, with a neighbour
 *    still cached in its window: fault-around maps the neighbour, and
 *    the fault only counts as handled if the faulting page got mapped.
 * The page cache keeps the folio before the VMA, so a window run below
 * the VMA's start finds pages to map there.
 * Asserted: no page-table access off a live table and no entry left
 * outside every VMA (bookkeeping), every access completes (liveness), the
 * store reaches the page cache (data-loss), and every other mm and
 * machine oracle.  Written for blocks of 16 entries on 4K pages, where
 * the 64K window is a block.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FTE_VALUE	0xf7e

static struct {
	struct mm_model *mm;
	struct address_space shm;
	int store_ret;
} fte;

/* The first address of the second PTE table. */
static unsigned long fte_table(void)
{
	return chk_mm_va(PTRS_PER_PTE);
}

/* The VMA: two blocks, from a block less a page before the table's end. */
static unsigned long fte_start(void)
{
	return fte_table() - (CONT_PTES - 1) * PAGE_SIZE;
}

/* The VMA maps the file from its second folio on. */
static unsigned long fte_pgoff(void)
{
	return CONT_PTES;
}

static void fte_setup(void)
{
	struct folio *folio;

	chk_mm_setup();
	chk_mm_shmem_setup(&fte.shm, 3 * CONT_PTES, chk_cont_order());
	fte.mm = mm_alloc();
	BUG_ON(!fte.mm || !do_mmap(fte.mm, fte_start(), 2 * CONT_PTE_SIZE,
				   VM_READ | VM_WRITE | VM_SHARED, 0,
				   &fte.shm, fte_pgoff()));
	/* Reclaim took the last folio: the mapping's second block but a page. */
	folio = filemap_get_folio(&fte.shm, 2 * CONT_PTES);
	folio_lock(folio);
	BUG_ON(!filemap_evict_folio(folio));
	folio_unlock(folio);
	folio_put(folio);
	fte.store_ret = -1;
}

static void fte_thread(unsigned int t)
{
	u64 v;

	switch (t) {
	case 0:
		BUG_ON(user_load(fte.mm, fte_start(), &v));
		break;
	case 1:
		fte.store_ret = user_store(fte.mm, fte_table(), FTE_VALUE);
		break;
	default:
		/* The evicted folio's first page, a cached folio beside it. */
		BUG_ON(user_load(fte.mm, fte_start() + CONT_PTE_SIZE, &v));
		break;
	}
}

static void fte_finish(void)
{
	unsigned long index = fte_pgoff() + CONT_PTES - 1;
	u64 v;

	mmput(fte.mm);
	v = chk_mm_file_data(&fte.shm, index);
	if (!chk_mm_stored(fte_table(), fte.store_ret))
		return;
	if (v != FTE_VALUE) {
		chk_fail(CHK_DATA_LOSS, "shmem page %lu reads %#llx after a store of %#x",
			 index, (unsigned long long)v, FTE_VALUE);
		return;
	}
	chk_mm_finish(&fte.shm);
}

const struct chk_scenario scn_file_table_edge = {
	.name = "file-table-edge",
	.desc = "shmem mapped from one page short of a block before a PTE table's end: fault-around clipped to the VMA's start and the table's end, a whole-folio store fault across the table falling back to one page, a load of an evicted page beside a cached one (bookkeeping, liveness)",
	.nr_threads = 3,
	.thread_names = { "cpu-load", "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = fte_setup,
	.thread = fte_thread,
	.finish = fte_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_NO_HW_DIRTY,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
