// SPDX-License-Identifier: GPL-2.0-only
/*
 * Files: a backing store of one word per page (the rest of each page is
 * fixed: mapping_page_fill()) and a page cache of folios of the file's
 * order.  Reading a folio in fills it from the store;
 * writeback cleans its mappings (folio_mkclean()) and copies it back.  A
 * page's clean_version records the content version the last copy read,
 * which is what the data-loss oracle compares with when the folio is
 * freed; the file's release compares the pages with the store itself.
 * shmem (shared anonymous memory) has no store to write to: its folios
 * stay in the cache until the file is released.
 */
#include <stdlib.h>

#include <linux/highmem.h>

#include "core.h"
#include "oracle.h"

int address_space_init(struct address_space *mapping, unsigned long nr_pages,
		       unsigned int order, bool shmem)
{
	*mapping = (struct address_space){
		.nr_pages = nr_pages, .i_size = nr_pages, .blocks = nr_pages,
		.order = order,
		.shmem = shmem,
	};
	spin_lock_init(&mapping->i_lock);
	init_rwsem(&mapping->i_mmap_rwsem);
	init_rwsem(&mapping->i_rwsem);
	mapping->store = calloc(nr_pages, sizeof(*mapping->store));
	mapping->i_pages = calloc(nr_pages, sizeof(*mapping->i_pages));
	if (!mapping->store || !mapping->i_pages) {
		address_space_release(mapping);
		return -1;
	}
	return 0;
}

void i_size_write(struct address_space *mapping, unsigned long pages)
{
	BUG_ON(pages > mapping->nr_pages);
	__atomic_store_n(&mapping->i_size, pages, __ATOMIC_RELAXED);
}

void file_store_write(struct address_space *mapping, unsigned long index,
		      u64 value)
{
	if (index >= __atomic_load_n(&mapping->blocks, __ATOMIC_RELAXED))
		mm_report("data-loss", index << PAGE_SHIFT,
			  "file page %lu written back after a truncation to %lu pages freed its block",
			  index, mapping->blocks);
	__atomic_store_n(&mapping->store[index], value, __ATOMIC_RELAXED);
}

/* Under i_lock: no lookup finds @folio any more. */
static void __filemap_unlink_folio(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);
	unsigned long i, index = folio_index(folio);

	for (i = 0; i < folio_nr_pages(folio); i++)
		__atomic_store_n(&mapping->i_pages[index + i], NULL,
				 __ATOMIC_RELAXED);
}

bool filemap_folio_cached(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);

	return __atomic_load_n(&mapping->i_pages[folio_index(folio)],
			       __ATOMIC_RELAXED) == folio;
}

/*
 * The folio lock keeps a fault, which maps a cached folio under it after
 * checking folio->mapping, from mapping one the cache let go of.
 */
void filemap_remove_folio(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);

	BUG_ON(!folio_test_locked(folio));
	/*
	 * filemap_unaccount_folio(): a page the cache lets go of while an
	 * entry maps it is one whose stores never reach the file.
	 */
	if (folio_mapped(folio))
		mm_report("bookkeeping", folio_index(folio) << PAGE_SHIFT,
			  "folio pfn %#lx removed from the page cache while mapped",
			  folio_pfn(folio));
	spin_lock(&mapping->i_lock);
	__filemap_unlink_folio(folio);
	spin_unlock(&mapping->i_lock);
	folio_put(folio);		/* the page cache's reference */
}

/*
 * Written back, with nothing mapping the file and no copy in flight: each
 * page inside the file must read as its store does.  A copy that landed over a newer one
 * leaves the folio clean and the store old, which no version the folio
 * keeps can tell.
 */
static void filemap_check_stored(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);
	unsigned long i, index = folio_index(folio);
	unsigned long end = i_size_read(mapping);
	u64 data, stored;

	if (mapping->shmem)
		return;
	for (i = 0; i < folio_nr_pages(folio) && index + i < end; i++) {
		data = page_data(folio_page(folio, i));
		stored = file_store_read(mapping, index + i);
		if (data != stored) {
			mm_report("data-loss", (index + i) << PAGE_SHIFT,
				  "file page %lu holds %#llx, its store %#llx, after the last writeback",
				  index + i, (unsigned long long)data,
				  (unsigned long long)stored);
			return;
		}
	}
}

/* Write everything back and drop the cache; no mapping may remain. */
void address_space_release(struct address_space *mapping)
{
	struct folio_io io;
	struct folio *folio;
	unsigned long i;

	for (i = 0; mapping->i_pages && i < mapping->nr_pages; i++) {
		folio = mapping->i_pages[i];
		if (!folio)
			continue;
		if (folio_writeback(folio, &io))
			folio_io_end(&io);
		filemap_check_stored(folio);
		/*
		 * truncate_inode_pages_final(): each folio locked, held.  No
		 * thread runs any more: a lock still taken is one a path
		 * never released.
		 */
		if (!folio_trylock(folio)) {
			mm_report("bookkeeping", folio_index(folio) << PAGE_SHIFT,
				  "pfn %#lx still locked as its file's cache is released",
				  folio_pfn(folio));
			continue;
		}
		folio_get(folio);
		filemap_remove_folio(folio);
		folio_unlock(folio);
		folio_put(folio);
	}
	free(mapping->store);
	free(mapping->i_pages);
	mapping->store = NULL;
	mapping->i_pages = NULL;
}

/*
 * The largest order up to the file's that fits around @index uncached;
 * i_lock held.  Only a guess once the lock is dropped to read the folio
 * in: filemap_get_folio() checks again before caching it.  A file's
 * readahead stops at its size (page_cache_ra_order()); shmem with
 * huge=always takes the whole folio past it, up to the cache's end.
 */
static unsigned int filemap_fit_order(struct address_space *mapping,
				      unsigned long index,
				      unsigned long *start)
{
	unsigned int order = mapping->order + 1, i;
	unsigned long s = index, end;

	end = mapping->shmem ? mapping->nr_pages : i_size_read(mapping);
	/*
	 * A fault that read the size before a truncation cut it reads its
	 * page in alone (filemap_fault()'s __filemap_get_folio()), and
	 * finds it past the end under the folio lock.
	 */
	if (end <= index)
		end = index + 1;
	while (order--) {
		s = index & ~((1UL << order) - 1);
		if (s + (1UL << order) > end)
			continue;
		for (i = 0; i < (1U << order); i++)
			if (mapping->i_pages[s + i])
				break;
		if (i == (1U << order))
			break;
	}
	*start = s;
	return order;
}

static struct folio *filemap_read_folio(struct address_space *mapping,
					unsigned long start, unsigned int order)
{
	struct folio *folio = folio_alloc(order);
	unsigned long i;

	if (!folio)
		return NULL;
	folio->owner = mapping;
	page_ext_get(&folio->page)->index = start;
	for (i = 0; i < folio_nr_pages(folio); i++)
		page_read_backing(folio_page(folio, i),
				  file_store_read(mapping, start + i),
				  mapping_page_fill(mapping, start + i));
	return folio;
}

/* The cached folio holding page @index, with a reference for the caller. */
struct folio *filemap_get_folio(struct address_space *mapping,
				unsigned long index)
{
	struct folio *folio, *new = NULL;
	unsigned long i, start;
	unsigned int order;

	/* The store ends there: no page to read in. */
	if (index >= mapping->nr_pages)
		return NULL;
	for (;;) {
		spin_lock(&mapping->i_lock);
		folio = mapping->i_pages[index];
		if (folio) {
			folio_get(folio);
			spin_unlock(&mapping->i_lock);
			if (new)
				folio_put(new);
			return folio;
		}
		if (new) {
			for (i = 0; i < folio_nr_pages(new); i++)
				if (mapping->i_pages[folio_index(new) + i])
					break;
			if (i == folio_nr_pages(new))
				break;
			/* Someone cached a neighbour meanwhile: start over. */
			spin_unlock(&mapping->i_lock);
			folio_put(new);
			new = NULL;
			continue;
		}
		order = filemap_fit_order(mapping, index, &start);
		spin_unlock(&mapping->i_lock);
		new = filemap_read_folio(mapping, start, order);
		if (!new)
			return NULL;
	}
	for (i = 0; i < folio_nr_pages(new); i++)
		mapping->i_pages[folio_index(new) + i] = new;
	folio_get(new);		/* the allocation's reference is the cache's */
	spin_unlock(&mapping->i_lock);
	return new;
}

/*
 * The first cached folio from page *@index on, with a reference for the
 * caller, and *@index moved past it; NULL when none is left.
 */
struct folio *filemap_get_next_folio(struct address_space *mapping,
				     unsigned long *index)
{
	struct folio *folio = NULL;

	spin_lock(&mapping->i_lock);
	while (*index < mapping->nr_pages && !mapping->i_pages[*index])
		++*index;
	if (*index < mapping->nr_pages) {
		folio = mapping->i_pages[*index];
		/* Safe under i_lock: the cache holds a reference. */
		folio_get(folio);
		*index = folio_index(folio) + folio_nr_pages(folio);
	}
	spin_unlock(&mapping->i_lock);
	return folio;
}

/*
 * folio_wait_writeback(): a copy in flight ends before another begins
 * (folio_prepare_writeback() of a WB_SYNC_ALL writeback), or an older
 * copy could land after a newer one.  Each look at the flag is a
 * scheduling point, as the kernel's wait on it is.
 */
void folio_wait_writeback(struct folio *folio)
{
	for (;;) {
		hw_sched_point(HW_SYNC_ATOMIC, &folio->flags);
		if (!folio_test(folio, PG_writeback))
			return;
	}
}

/*
 * A copy of the folio is in flight from now on (folio_start_writeback());
 * a folio already under writeback must have been waited for (the
 * kernel's VM_BUG_ON_FOLIO() in __folio_start_writeback()): two copies
 * in flight may land in either order.
 */
void folio_start_writeback(struct folio *folio)
{
	VM_BUG_ON(folio_test(folio, PG_writeback));
	folio_set(folio, PG_writeback);
}

/*
 * The device's I/O completion: the copy has landed.  Only a folio under
 * writeback may end it (the kernel's VM_BUG_ON_FOLIO()): an end without
 * a start is a write nothing told the rest of mm about.
 */
void folio_end_writeback(struct folio *folio)
{
	VM_BUG_ON(!folio_test(folio, PG_writeback));
	folio_clear(folio, PG_writeback);
}

/*
 * Clean the mappings of a dirty folio and start its copy back to the
 * store, described in @io; whether a copy was started.  Only a dirty
 * folio is looked at (writeback_iter() visits the folios tagged dirty,
 * and folio_clear_dirty_for_io() cleans their mappings): a store through
 * a writable entry over a clean folio stays in the entry, unseen by
 * writeback, until an unmap hands it to the folio.
 */
bool folio_writeback(struct folio *folio, struct folio_io *io)
{
	struct address_space *mapping = folio_mapping(folio);

	if (mapping->shmem || !folio_test(folio, PG_dirty))
		return false;
	/*
	 * Locked, as writeback_iter() locks it: a shared write fault dirties
	 * the folio and maps it writable under the same lock, so it cannot
	 * slip in between the clean and the clear below.
	 */
	folio_lock(folio);
	folio_wait_writeback(folio);
	if (!folio_test(folio, PG_dirty)) {
		folio_unlock(folio);
		return false;
	}
	folio_writepage(folio, i_size_read(mapping), io);
	return true;
}

/*
 * pageout() of a locked, dirty folio with no copy in flight: clean its
 * mappings, then ->writepage(), which submits the copy (@io) and unlocks
 * the folio.  @end is the file's size in pages read under the folio lock,
 * which a truncation takes before it lets go of the folio: no page past
 * it is written (block_write_full_folio(): a folio wholly past the end
 * is not written, and the part of one across it past the end is zeroed,
 * not written).  A size read before the lock may be older than a
 * truncation that already freed the blocks past the new one.
 */
void folio_writepage(struct folio *folio, unsigned long end,
		     struct folio_io *io)
{
	folio_mkclean(folio);
	/* Under writeback before it is clean: its copy is in flight. */
	folio_start_writeback(folio);
	folio_clear(folio, PG_dirty);
	io->folio = folio;
	io->mapping = folio_mapping(folio);
	io->index = folio_index(folio);
	io->nr = folio_nr_pages(folio);
	io->end = end;
	/*
	 * ->writepage() unlocks the folio once the I/O is submitted, and the
	 * device copies it after: a write fault may dirty it and map it
	 * writable again meanwhile, and the store it lets through may or
	 * may not be in this copy, so the folio stays dirty for the next.
	 */
	folio_unlock(folio);
}

/*
 * The device's side of @io: each page read while the CPUs run, and what
 * it read reaching the store later, a scheduling point in between where
 * another copy of the page in flight may land first; then
 * folio_end_writeback().  Its submitter may have let go of the folio:
 * a page read here after the folio was freed is a read of a free page.
 */
void folio_io_end(const struct folio_io *io)
{
	struct page *page;
	unsigned long i;
	u64 data;

	for (i = 0; i < io->nr; i++) {
		page = folio_page(io->folio, i);
		/* Past the end: no longer the file's, and not written. */
		if (io->index + i >= io->end) {
			page_mark_clean(page);
			continue;
		}
		data = page_write_backing(page);
		hw_sched_point(HW_SYNC_ATOMIC, page);
		file_store_write(io->mapping, io->index + i, data);
	}
	folio_end_writeback(io->folio);
}

/*
 * fsync(): every cached folio written back, each looked up with a
 * reference (filemap_get_folios_tag()) that is dropped once the copy is
 * submitted (folio_batch_release()): the device copies a folio nothing
 * but the cache, its mappings and PG_writeback hold.  Then every copy in
 * flight waited for, this call's and those another writer started on a
 * folio this one found clean (filemap_fdatawait_range()).
 */
void filemap_write_and_wait(struct address_space *mapping)
{
	unsigned long index = 0;
	struct folio_io io;
	struct folio *folio;
	bool submitted;

	while ((folio = filemap_get_next_folio(mapping, &index))) {
		submitted = folio_writeback(folio, &io);
		folio_put(folio);
		if (submitted)
			folio_io_end(&io);
	}
	for (index = 0; (folio = filemap_get_next_folio(mapping, &index));) {
		folio_wait_writeback(folio);
		folio_put(folio);
	}
}

/*
 * Drop a clean, unmapped folio from the cache; the caller holds one
 * reference besides the cache's.  The count is checked under i_lock, as
 * lookups take their reference (the kernel freezes the count under the
 * xarray lock): a fault that found the folio a moment earlier holds a
 * reference and keeps it cached, rather than mapping a folio the cache
 * no longer has, whose writes would never be written back.
 */
bool filemap_evict_folio(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);
	bool evict;

	/* __remove_mapping(): the caller holds the lock. */
	BUG_ON(!folio_test_locked(folio));
	spin_lock(&mapping->i_lock);
	/*
	 * Still the cache's: a truncation may have taken it out while it
	 * was unlocked, under pageout() or before reclaim's trylock
	 * (shrink_folio_list() keeps a folio whose folio_mapping() it finds
	 * NULL once it holds the lock).
	 */
	evict = filemap_folio_cached(folio) && !folio_mapcount(folio) &&
		!folio_test(folio, PG_dirty) && folio_ref_count(folio) == 2;
	if (evict)
		__filemap_unlink_folio(folio);
	spin_unlock(&mapping->i_lock);
	if (evict)
		folio_put(folio);	/* the page cache's reference */
	return evict;
}
