// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim of one folio, as shrink_folio_list() decides it, under the
 * folio lock (a folio locked elsewhere, or under writeback, is kept): a
 * folio whose entries were young is kept (aging through
 * folio_referenced()); otherwise it is unmapped, with the dirty state
 * gathered from its entries deciding between writeback and discard.
 * The unmap defers its TLB flush (TTU_BATCH_FLUSH): waited for before
 * writeback if an entry was dirty, and before the folios are let go.
 * Writeback holds no reference of its own: PG_writeback keeps a folio
 * whose copy is in flight from being let go.  Lazyfree anonymous folios are
 * discarded when clean and held by nobody else (try_to_unmap() decides).
 * Other anonymous memory goes to swap when there is a swap device
 * (mm/swapfile.c): into the swap cache whole, its entries replaced by swap
 * entries, written out, and freed by a later pass, or by this one on a
 * synchronous device; a large folio partly mapped, or that finds no run
 * of slots for the whole of it, is split first and goes page by page.
 * Shmem stays.
 */
#include <linux/swapops.h>

#include "core.h"
#include "oracle.h"

/*
 * One pass of shrink_folio_list() over a folio and the pages a split of
 * it adds (@split), with the writes it submitted to a swap device that
 * is not synchronous (@io): they complete once the pass has let go of
 * the folios (shrink_folio()), as the bio completes on its own after
 * reclaim put the folio back on the LRU, so that PG_writeback and the
 * swap cache are all that hold a folio whose I/O is in flight;
 * shrink_isolated_folio() completes them before its caller lets go.
 * (The device reads the pages within swap_writepage(), at a step of its
 * own: a store it must not miss meets the read there; what it read lands
 * in the slots at the I/O's end, where a slot freed under it is seen.)
 */
struct shrink_pass {
	struct folio_list split;
	struct swap_io io;
};

static bool folio_reclaimable(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);

	if (folio_test(folio, PG_zero))
		return false;
	if (folio_test(folio, PG_lazyfree))
		return true;
	/* Anonymous memory is not even scanned without swap space. */
	if (folio_test_anon(folio))
		return folio_test(folio, PG_swapcache) || get_nr_swap_pages();
	return mapping && !mapping->shmem;
}

/* Unmapped, clean or written back: let it go if nobody else holds it. */
static void reclaim_clean_folio(struct folio *folio,
				struct reclaim_stats *stats)
{
	if (folio_test_anon(folio)) {
		/* Our reference only: no GUP pin or other user. */
		if (folio_ref_count(folio) != 1)
			return;
		/*
		 * The one place lazyfree content is thrown away: unmapping
		 * it (munmap, MADV_DONTNEED, exit) loses nothing the user
		 * still wanted.
		 */
		if (folio_has_unsaved_data(folio))
			mm_report("data-loss", folio_index(folio) << PAGE_SHIFT,
				  "pfn %#lx (lazyfree) discarded with content newer than MADV_FREE saw",
				  folio_pfn(folio));
		stats->discarded++;
		return;
	}
	if (filemap_evict_folio(folio))
		stats->discarded++;
}

/*
 * add_to_swap() as shrink_folio_list() calls it for a large folio, v6.12:
 * one on the deferred split queue (folio_test_partially_mapped()) is split
 * first, as its unmapped pages need no I/O; one that finds no run of
 * slots for the whole of it (folio_alloc_swap() failing for an order
 * above 0) is split, and its first page tried alone.  The split rewrites
 * the entries one by one through migration entries (unfolding a block)
 * and puts the other pages on @split, for this pass to swap each out.
 */
static bool reclaim_add_to_swap(struct folio *folio, struct folio_list *split)
{
	if (folio->order && folio_test(folio, PG_partially_mapped) &&
	    split_folio_to_list(folio, split))
		return false;
	if (add_to_swap(folio))
		return true;
	if (!folio->order || split_folio_to_list(folio, split))
		return false;
	return add_to_swap(folio);
}

/*
 * A swap-backed anonymous folio, locked: added to the swap cache whole
 * (reclaim_add_to_swap(), which keeps a large folio whole as THP_SWAP does
 * unless it must split it), unmapped entry by entry into swap entries,
 * and written out (pageout()) once the dirty state gathered from its
 * entries, or add_to_swap(), says so; swap_writepage() unlocks it.  The
 * write ends after this pass on a device that is not synchronous (@pass
 * holds it), and the folio is kept, so it stays in the swap cache, where
 * a fault may map it back whole; a later pass finds it clean and
 * unmapped and takes it out of the cache, to be freed with the
 * reclaimer's reference.
 * A synchronous device has written it within pageout(), and this pass
 * locks it again and takes it out (__remove_mapping()) unless it was
 * dirtied or written again meanwhile.  A folio nothing maps or caches, a
 * page a split left unmapped, is let go without I/O: nobody can read it
 * again.  Whether it returns with the lock.
 */
static bool shrink_anon_folio(struct folio *folio, struct shrink_pass *pass,
			      struct reclaim_stats *stats)
{
	if (!folio_test(folio, PG_swapcache)) {
		if (!folio_mapped(folio))
			return true;
		if (!reclaim_add_to_swap(folio, &pass->split)) {
			stats->activated++;
			return true;
		}
	}
	if (folio_mapcount(folio) && !try_to_unmap(folio)) {
		stats->busy++;
		return true;
	}
	if (folio_test(folio, PG_dirty)) {
		/* No CPU may write to it through a dirty entry any more. */
		try_to_unmap_flush_dirty();
		swap_writepage(folio, &pass->io);
		stats->written++;
		if (!swap_synchronous())
			return false;
		swap_io_end_sync(&pass->io);
		if (!folio_trylock(folio))
			return false;
		/* A swap-in's folio_free_swap() may have taken it out. */
		if (folio_test(folio, PG_dirty) ||
		    folio_test(folio, PG_writeback) ||
		    !folio_test(folio, PG_swapcache))
			return true;
	}
	if (swap_evict_folio(folio))
		stats->swapped++;
	return true;
}

/*
 * A file or lazyfree folio, locked: unmapped, a dirty file folio written
 * (pageout(): ->writepage() unlocks it), then let go if it is clean and
 * nobody else holds it, locked again for that as shrink_folio_list()
 * locks a folio whose write ended.  Whether it returns with the lock.
 */
static bool shrink_file_folio(struct folio *folio,
			      struct reclaim_stats *stats)
{
	struct folio_io io;

	if (folio_mapcount(folio) && !try_to_unmap(folio)) {
		if (folio_test(folio, PG_dirty))
			stats->redirtied++;
		else
			stats->busy++;
		return true;
	}
	if (folio_test(folio, PG_dirty)) {
		if (folio_test_anon(folio)) {
			folio_clear(folio, PG_lazyfree);
			stats->redirtied++;
			return true;
		}
		/* No CPU may write to it through a dirty entry any more. */
		try_to_unmap_flush_dirty();
		folio_writepage(folio, i_size_read(folio_mapping(folio)), &io);
		/*
		 * The device ends the write before ->writepage() returns, as a
		 * ramdisk's does (brd): shrink_folio_list()'s "synchronous
		 * write" case, which locks the folio again to free it.  An
		 * asynchronous end is fsync()'s (filemap_write_and_wait()).
		 */
		folio_io_end(&io);
		stats->written++;
		if (!folio_trylock(folio))
			return false;
		if (folio_test(folio, PG_dirty) ||
		    folio_test(folio, PG_writeback))
			return true;
	}
	reclaim_clean_folio(folio, stats);
	return true;
}

/*
 * The caller holds a reference on @folio.  shrink_folio_list() trylocks
 * each folio first, and a busy one (migrating, splitting, being mapped
 * from swap, written, truncated) is kept; it holds the lock through the
 * aging and the rest.
 */
static void __shrink_folio(struct folio *folio, struct shrink_pass *pass,
			   struct reclaim_stats *stats)
{
	stats->scanned++;
	if (!folio_trylock(folio)) {
		stats->busy++;
		return;
	}
	/* A copy in flight: kept, as shrink_folio_list()'s case 3. */
	if (folio_test(folio, PG_writeback)) {
		stats->busy++;
	} else if (folio_referenced(folio, true)) {
		folio_mark_accessed(folio);
		stats->activated++;
		/* activate_locked: kept, so its slots go if swap runs short. */
		if (folio_test(folio, PG_swapcache) && vm_swap_full())
			folio_free_swap(folio);
	} else if (folio_test_swapbacked(folio)) {
		folio_clear(folio, PG_referenced);
		if (!shrink_anon_folio(folio, pass, stats))
			return;
	} else {
		folio_clear(folio, PG_referenced);
		if (!shrink_file_folio(folio, stats))
			return;
	}
	folio_unlock(folio);
}

/*
 * The end of shrink_folio_list(): the unmapped folios' TLBIs are waited
 * for before our references go, which frees those we discarded.
 */
static void shrink_release(struct folio **folios, unsigned int nr)
{
	try_to_unmap_flush();
	while (nr)
		folio_put(folios[--nr]);
}

/*
 * @folio through reclaim, then the pages a split of it put on the list,
 * each in turn (shrink_folio_list() meets them later in its list), their
 * TLBIs waited for before the list's references go.  The caller lets go
 * of @folio, then ends the pass's writes (swap_io_end()).
 */
static void shrink_folio_and_split(struct folio *folio,
				   struct shrink_pass *pass,
				   struct reclaim_stats *stats)
{
	unsigned int i;

	pass->split.nr = 0;
	swap_io_init(&pass->io);
	__shrink_folio(folio, pass, stats);
	for (i = 0; i < pass->split.nr; i++)
		if (folio_reclaimable(pass->split.folios[i]))
			__shrink_folio(pass->split.folios[i], pass, stats);
	shrink_release(pass->split.folios, pass->split.nr);
}

/*
 * The LRU scan (isolate_lru_folios()): the reference first, since the
 * folio may be on its way to be freed, then a look at what it is.
 */
void shrink_folio(struct folio *folio, struct reclaim_stats *stats)
{
	struct shrink_pass pass;

	if (!folio_try_get(folio))
		return;
	if (!folio_reclaimable(folio)) {
		folio_put(folio);
		return;
	}
	shrink_folio_and_split(folio, &pass, stats);
	shrink_release(&folio, 1);
	swap_io_end(&pass.io);
}

/* The caller holds its reference until the writes end. */
void shrink_isolated_folio(struct folio *folio, struct reclaim_stats *stats)
{
	struct shrink_pass pass;

	swap_io_init(&pass.io);
	if (folio_reclaimable(folio))
		shrink_folio_and_split(folio, &pass, stats);
	try_to_unmap_flush();
	swap_io_end(&pass.io);
}

#define SHRINK_BATCH	16

/*
 * Every cached folio of @mapping, each looked up with a reference (as
 * filemap_get_folios() does) so that a fault caching a folio meanwhile
 * is seen whole, and eviction cannot free one we still look at; released
 * a batch at a time, as reclaim's folio lists are.
 */
void shrink_mapping(struct address_space *mapping,
		    struct reclaim_stats *stats)
{
	struct folio *batch[SHRINK_BATCH], *folio;
	unsigned long index = 0;
	unsigned int nr = 0;

	while ((folio = filemap_get_next_folio(mapping, &index))) {
		if (folio_reclaimable(folio))
			__shrink_folio(folio, NULL, stats);
		batch[nr++] = folio;
		if (nr == SHRINK_BATCH) {
			shrink_release(batch, nr);
			nr = 0;
		}
	}
	shrink_release(batch, nr);
}

/*
 * Every swap cache folio nothing maps, looked up slot by slot with a
 * reference: the LRU's later passes over the folios a zap left cached
 * because it found them locked (free_swap_cache()'s trylock), which take
 * them out of the cache once clean, as they do in the kernel.  Two passes:
 * a dirty one is written in the first.  The LRU finds the folios, not the
 * slots: the walk holds the device, so that swapoff() does not free the
 * slots under it.
 */
void shrink_swap_cache(struct reclaim_stats *stats)
{
	unsigned long slot, nr = swap_nr_slots();
	struct folio *folio;
	unsigned int pass;

	if (get_swap_device(swp_entry(0, 1)))
		return;
	for (pass = 0; pass < 2; pass++) {
		for (slot = 1; slot < nr; slot++) {
			folio = swap_cache_get_folio(swp_entry(0, slot));
			if (!folio)
				continue;
			if (!folio_mapped(folio))
				shrink_isolated_folio(folio, stats);
			folio_put(folio);
		}
	}
	put_swap_device();
}
