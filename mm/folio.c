// SPDX-License-Identifier: GPL-2.0-only
/*
 * Folio reference counts, mappings and state.  Counts are atomic: GUP-fast
 * takes references without any lock.  A count going negative, or taken
 * from zero by folio_get(), is a bookkeeping violation.
 */
#include <linux/highmem.h>

#include "core.h"
#include "oracle.h"

static void count_underflow(struct folio *folio, const char *what, int val)
{
	char where[160];

	hw_site_format(where, sizeof(where), NULL);
	mm_report("bookkeeping", folio_index(folio) << PAGE_SHIFT,
		  "pfn %#lx %s %d, in %s", folio_pfn(folio), what, val, where);
}

void folio_ref_add(struct folio *folio, int nr)
{
	__atomic_fetch_add(&folio->_refcount, nr, __ATOMIC_RELAXED);
}

/*
 * A reference on a folio the caller knows to be held already (a mapping,
 * the cache, a reference of its own).  A count of zero is a folio on its
 * way to be freed, or frozen by a split or migration: only
 * folio_try_get() may look at one (the kernel's VM_BUG_ON_FOLIO() in
 * folio_get()).
 */
void (folio_get)(struct folio *folio)
{
	int old;

	folio_count_point(folio);
	old = __atomic_fetch_add(&folio->_refcount, 1, __ATOMIC_RELAXED);

	if (old <= 0)
		count_underflow(folio, "refcount taken by folio_get() from", old);
}

/*
 * folio_ref_freeze(): from exactly @count to none, so that no speculative
 * reference (GUP-fast, a cache lookup) is taken until the new count is
 * published; false if one came in.
 */
bool folio_ref_freeze(struct folio *folio, int count)
{
	folio_count_point(folio);
	return __atomic_compare_exchange_n(&folio->_refcount, &count, 0, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/*
 * Publish the count of a new or frozen folio, with release: whoever takes
 * a reference after (folio_try_get()'s acquire) sees it initialised.
 */
void folio_ref_unfreeze(struct folio *folio, int count)
{
	__atomic_store_n(&folio->_refcount, count, __ATOMIC_RELEASE);
}

/* Take a reference unless the folio is already on its way to be freed. */
bool folio_try_get(struct folio *folio)
{
	int old;

	folio_count_point(folio);
	old = __atomic_load_n(&folio->_refcount, __ATOMIC_RELAXED);
	do {
		if (old <= 0)
			return false;
	} while (!__atomic_compare_exchange_n(&folio->_refcount, &old, old + 1,
					      false, __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	return true;
}

void (folio_put_refs)(struct folio *folio, int nr)
{
	int val = __atomic_sub_fetch(&folio->_refcount, nr, __ATOMIC_ACQ_REL);

	if (val < 0)
		count_underflow(folio, "refcount", val);
	else if (val == 0)
		__folio_free(folio);
}

void (folio_put)(struct folio *folio)
{
	folio_put_refs(folio, 1);
}

static void folio_mapcount_add(struct folio *folio, int nr)
{
	int val = __atomic_add_fetch(&folio->_mapcount, nr, __ATOMIC_RELAXED);

	if (val < 0)
		count_underflow(folio, "mapcount", val);
}

/*
 * A new anonymous folio mapped in full at @addr: every page exclusive to
 * this mm.  Its index is the VMA's page offset of @addr
 * (linear_page_index()), which fork() and mremap() preserve, so the
 * reverse map finds it wherever a VMA of the family maps that offset.
 */
void folio_add_new_anon_rmap(struct folio *folio, struct vm_area *vma,
			     unsigned long addr)
{
	unsigned long i, end = addr + (folio_nr_pages(folio) << PAGE_SHIFT);

	/* VM_BUG_ON_VMA(): the folio lies wholly inside the VMA. */
	VM_BUG_ON(addr < vma->vma.vm_start || end > vma->vma.vm_end);
	folio_set(folio, PG_anon);
	page_ext_get(&folio->page)->index = linear_page_index(vma, addr);
	page_ext_get(&folio->page)->anon_vma =
		mm_model(vma->vma.vm_mm)->anon_vma;
	for (i = 0; i < folio_nr_pages(folio); i++)
		page_ext_get(folio_page(folio, i))->anon_exclusive = true;
	folio_mapcount_add(folio, folio_nr_pages(folio));
}

/*
 * @nr pages from @page of an anonymous folio the reverse map already
 * knows mapped again (remove_migration_pte(), a swap-in), exclusive to
 * this mm or not as the migration or swap entry said.  Only an exclusive
 * mapping marks the pages (RMAP_EXCLUSIVE): one that is not leaves them
 * as the unmap left them, not exclusive, and does not write a page
 * another mm may be testing meanwhile (do_wp_page()).
 */
void folio_add_anon_rmap_ptes(struct folio *folio, struct page *page, int nr,
			      bool exclusive)
{
	int i;

	for (i = 0; exclusive && i < nr; i++)
		page_ext_get(page + i)->anon_exclusive = true;
	folio_mapcount_add(folio, nr);
}

/*
 * @nr pages from @page of a folio from the swap cache mapped at @addr,
 * exclusive to this mm or not as the swap entry said (do_swap_page(),
 * unuse_pte()).  A folio read from the device for this swap-in is not
 * anonymous yet: it joins the reverse map now, one page, @addr its own.
 */
void folio_add_swapin_rmap(struct folio *folio, struct page *page, int nr,
			   struct vm_area *vma, unsigned long addr,
			   bool exclusive)
{
	if (folio_test_anon(folio)) {
		folio_add_anon_rmap_ptes(folio, page, nr, exclusive);
		return;
	}
	/* A mapping another mm may share: the swap-in holds the lock. */
	VM_WARN_ON(!exclusive && !folio_test_locked(folio));
	folio_add_new_anon_rmap(folio, vma, addr);
	page_ext_get(page)->anon_exclusive = exclusive;
}

void folio_add_file_rmap_ptes(struct folio *folio, int nr)
{
	folio_mapcount_add(folio, nr);
}

/* fork(): the child maps the same pages, so they may be shared now. */
void (folio_dup_rmap_ptes)(struct folio *folio, int nr)
{
	folio_set(folio, PG_mapped_shared);
	folio_ref_add(folio, nr);
	folio_mapcount_add(folio, nr);
}

void (folio_remove_rmap_ptes)(struct folio *folio, int nr)
{
	folio_mapcount_add(folio, -nr);
	deferred_split_folio(folio);
}

void folio_mark_dirty(struct folio *folio)
{
	folio_set(folio, PG_dirty);
}

void folio_mark_accessed(struct folio *folio)
{
	folio_set(folio, PG_referenced);
}

/*
 * folio_mark_lazyfree(), v6.12: MADV_FREE, under the PTL, before the
 * flush of @tlb.  Until that flush completes, stores through TLB entries
 * it is still to remove race the call and may be lost; from then on what
 * user space writes sets a dirty bit and must be kept (the window closes
 * in tlb_flush_mmu_tlbonly(), which snapshots the content).  A second
 * MADV_FREE gives up what was written since the first.
 */
void folio_mark_lazyfree(struct folio *folio, const struct mmu_gather *tlb)
{
	unsigned long i;

	if (!folio_test_anon(folio))
		return;
	for (i = 0; i < folio_nr_pages(folio); i++)
		__atomic_store_n(&page_ext_get(folio_page(folio, i))->madv_free_window,
				 tlb, __ATOMIC_RELAXED);
	folio_set(folio, PG_lazyfree);
}

static bool folio_tracks_content(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);

	/* Swap cache: the slots hold the copy (mm/swapfile.c). */
	if (folio_test_anon(folio))
		return folio_test(folio, PG_lazyfree) ||
		       folio_test(folio, PG_swapcache);
	return mapping && !mapping->shmem;
}

/*
 * True if the folio holds data nobody else has: a file page written since
 * its last writeback, a lazyfree page written since MADV_FREE, or a page
 * of the swap cache written since its slot's copy was made.  Ordinary
 * anonymous memory is private to its mappings and dies with them.
 */
bool folio_has_unsaved_data(struct folio *folio)
{
	unsigned long i;

	if (!folio_tracks_content(folio))
		return false;
	for (i = 0; i < folio_nr_pages(folio); i++)
		if (page_has_unsaved_data(folio_page(folio, i)))
			return true;
	return false;
}

/*
 * Atomic: a MADV_FREE's flush snapshots its pages
 * (tlb_flush_mmu_tlbonly()) while reclaim, which takes no lock of that
 * call's, reads them.
 */
void page_mark_clean(struct page *page)
{
	__atomic_store_n(&page_ext_get(page)->clean_version,
			 page_data_version(page), __ATOMIC_RELAXED);
}

void __page_read_backing(struct page *page, u64 data, u64 fill,
			 const char *file, int line)
{
	__page_set_data(page, data, file, line);
	__page_set_fill(page, fill, file, line);
	page_mark_clean(page);
}

u64 __page_write_backing(struct page *page, const char *file, int line)
{
	page_mark_clean(page);
	return __page_read_data(page, file, line);
}

/*
 * A store inside a MADV_FREE window raced the call: not data to keep.
 * The window closes after its snapshot is taken (release): whoever sees
 * it closed compares with that snapshot.
 */
bool page_has_unsaved_data(struct page *page)
{
	struct page_ext *ext = page_ext_get(page);

	return !__atomic_load_n(&ext->madv_free_window, __ATOMIC_ACQUIRE) &&
	       page_data_version(page) !=
	       __atomic_load_n(&ext->clean_version, __ATOMIC_RELAXED);
}

/*
 * The arch layer handed back @pte for @nr entries from @page: if it says
 * clean while user space wrote one of those pages since the folio was
 * last cleaned and flushed (the snapshot), a dirty bit went missing on
 * the way (ad-contract).  Not while the folio is under writeback: its
 * entries were cleaned, and its copy (the new snapshot) is still being
 * made, so the old snapshot says nothing; a store lost there is lost to
 * the file, which the data-loss oracle sees.
 */
void folio_check_gathered_dirty(struct folio *folio, struct page *page,
				unsigned int nr, pte_t pte, unsigned long va)
{
	unsigned int i;

	if (pte_dirty(pte) || folio_test(folio, PG_dirty) ||
	    folio_test(folio, PG_writeback) || !folio_tracks_content(folio))
		return;
	for (i = 0; i < nr; i++, va += PAGE_SIZE)
		if (page_has_unsaved_data(page + i)) {
			mm_report("ad-contract", va,
				  "cleared entry says clean, page pfn %#lx was written",
				  page_to_pfn(page + i));
			return;
		}
}

/* The folio an entry maps, or NULL for special entries (the zero page). */
struct folio *vm_normal_folio(struct vm_area *vma, unsigned long addr,
			      pte_t pte)
{
	if (pte_special(pte))
		return NULL;
	return page_folio(pte_page(pte));
}
