// SPDX-License-Identifier: GPL-2.0-only
/*
 * Truncation of a file to fewer pages (truncate_setsize() then
 * truncate_pagecache(), v6.12), under inode_lock:
 *   1. the new size, so that a fault from then on raises SIGBUS past it
 *      (filemap_fault() reads it again under the folio lock);
 *   2. every mapping past it removed (unmap_mapping_range(), even_cows);
 *   3. each cached folio from there locked and dropped
 *      (truncate_inode_pages_range()), unmapped first if a fault that
 *      read the old size mapped it since step 2 (truncate_cleanup_folio():
 *      the page cache must not let go of a mapped page; this unmap leaves
 *      private copies, unmap_mapping_folio());
 *   4. the mappings removed once more, for what such a fault mapped
 *      that step 3 leaves: a private copy made from the folio under its
 *      lock, before the truncation took it.
 *
 * The folio across the new end (truncate_inode_partial_folio()): the
 * kernel splits it and drops the pieces past the end.  The model does not
 * split a file folio, and takes the kernel's way when the split fails
 * (it does when anyone else holds a reference): the folio is unmapped
 * whole, so that its pages refault one by one and SIGBUS holds past the
 * end ("mm/truncate: unmap large folio on split failure", in Debian's
 * 6.12); then a dirty folio stays cached whole, and a
 * clean one is dropped, to be read in again.  Its pages past the end are
 * not zeroed (nothing extends the file again).
 *
 * What the pages past the end held is no longer the file's: they are
 * marked clean as they go, so that the data-loss oracle does not count
 * them when the folio is freed, and writeback leaves them out.  The pages
 * before the end of a folio dropped whole are clean, or their stores are
 * lost (data-loss).
 *
 * Then, still under inode_lock, the filesystem frees the blocks past the
 * new end.  Each folio was waited for first (folio_wait_writeback()),
 * under its lock, so that no copy still in flight lands on a freed block
 * (data-loss, file_store_write()): a copy that starts later reads the new
 * size under the folio lock and writes nothing past it.
 */
#include <limits.h>

#include "core.h"

/* @folio's pages from @end on are no longer the file's. */
static void forget_past_end(struct folio *folio, unsigned long end)
{
	unsigned long i, index = folio_index(folio);

	for (i = 0; i < folio_nr_pages(folio); i++)
		if (index + i >= end)
			page_mark_clean(folio_page(folio, i));
}

/* truncate_inode_folio(): @folio locked and cached. */
static void truncate_inode_folio(struct folio *folio)
{
	unsigned long index = folio_index(folio);

	if (folio_mapped(folio))
		unmap_mapping_pages(folio_mapping(folio), index,
				    folio_nr_pages(folio), false);
	/* folio_cancel_dirty(): nothing of it is written back any more. */
	folio_clear(folio, PG_dirty);
	filemap_remove_folio(folio);
}

/* truncate_inode_partial_folio() of a locked @folio across @end. */
static void truncate_partial_folio(struct folio *folio, unsigned long end)
{
	/* try_folio_split_or_unmap(): the split fails. */
	if (folio_mapped(folio)) {
		try_to_unmap(folio);
		try_to_unmap_flush();
	}
	if (!folio_test(folio, PG_dirty))
		truncate_inode_folio(folio);
}

/*
 * Each cached folio from page @end on, the one across it first, each
 * waited for.  The kernel first trylocks the folios wholly past the end,
 * skipping those locked or under writeback (find_lock_entries()), then
 * takes the one across it, then waits for the rest; the model's one pass
 * explores fewer orders of the same steps.
 */
static void truncate_inode_pages(struct address_space *mapping,
				 unsigned long end)
{
	unsigned long index = end;
	struct folio *folio;

	while ((folio = filemap_get_next_folio(mapping, &index))) {
		folio_lock(folio);
		/* Evicted meanwhile (find_lock_entries()'s recheck). */
		if (filemap_folio_cached(folio)) {
			folio_wait_writeback(folio);
			forget_past_end(folio, end);
			if (folio_index(folio) >= end)
				truncate_inode_folio(folio);
			else
				truncate_partial_folio(folio, end);
		}
		folio_unlock(folio);
		folio_put(folio);
	}
}

void truncate_pagecache(struct address_space *mapping, unsigned long pages)
{
	/* Files only shrink; shmem's is shmem_undo_range(), not modelled. */
	BUG_ON(pages > i_size_read(mapping) || mapping->shmem);
	down_write(&mapping->i_rwsem);
	i_size_write(mapping, pages);
	unmap_mapping_pages(mapping, pages, ULONG_MAX - pages, true);
	truncate_inode_pages(mapping, pages);
	unmap_mapping_pages(mapping, pages, ULONG_MAX - pages, true);
	/* The filesystem's own truncation (ext4_truncate() and the like). */
	__atomic_store_n(&mapping->blocks, pages, __ATOMIC_RELAXED);
	up_write(&mapping->i_rwsem);
}
