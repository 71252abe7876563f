// SPDX-License-Identifier: GPL-2.0-only
/*
 * A buddy allocator over every frame of mem_map.  Free blocks are reused
 * last-in first-out, so a frame freed while some TLB still translates to it
 * is soon handed out again and a stale access becomes observable.  Frame 0
 * is the zero page.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/highmem.h>

#include "core.h"
#include "oracle.h"

#define NO_PFN	(~0UL)

struct page_ext *page_ext;
struct folio *zero_folio;

static DEFINE_SPINLOCK(zone_lock);
static unsigned long free_area[MAX_FOLIO_ORDER + 1];
static unsigned long nr_free;

static void free_list_add(unsigned long pfn, unsigned int order)
{
	struct page_ext *ext = &page_ext[pfn];
	unsigned long head = free_area[order];

	ext->buddy = true;
	ext->buddy_order = order;
	ext->prev = NO_PFN;
	ext->next = head;
	if (head != NO_PFN)
		page_ext[head].prev = pfn;
	free_area[order] = pfn;
}

static void free_list_del(unsigned long pfn, unsigned int order)
{
	struct page_ext *ext = &page_ext[pfn];

	if (ext->prev != NO_PFN)
		page_ext[ext->prev].next = ext->next;
	else
		free_area[order] = ext->next;
	if (ext->next != NO_PFN)
		page_ext[ext->next].prev = ext->prev;
	ext->buddy = false;
}

/* Give back 2^order frames at @pfn, merging with free buddies. */
static void __free_one_page(unsigned long pfn, unsigned int order)
{
	unsigned long buddy;

	nr_free += 1UL << order;
	while (order < MAX_FOLIO_ORDER) {
		buddy = pfn ^ (1UL << order);
		if (buddy >= max_mapnr || !page_ext[buddy].buddy ||
		    page_ext[buddy].buddy_order != order)
			break;
		free_list_del(buddy, order);
		pfn &= ~(1UL << order);
		order++;
	}
	free_list_add(pfn, order);
}

static unsigned long __rmqueue(unsigned int order)
{
	unsigned int o;
	unsigned long pfn;

	for (o = order; o <= MAX_FOLIO_ORDER; o++) {
		pfn = free_area[o];
		if (pfn == NO_PFN)
			continue;
		free_list_del(pfn, o);
		/* Split, keeping the lower half; the upper halves go back. */
		while (o > order) {
			o--;
			free_list_add(pfn + (1UL << o), o);
		}
		nr_free -= 1UL << order;
		return pfn;
	}
	return NO_PFN;
}

int page_alloc_init(void)
{
	unsigned long pfn;
	unsigned int o;

	free(page_ext);
	page_ext = calloc(max_mapnr, sizeof(*page_ext));
	if (!page_ext)
		return -1;
	for (o = 0; o <= MAX_FOLIO_ORDER; o++)
		free_area[o] = NO_PFN;
	nr_free = 0;
	for (pfn = 1; pfn < max_mapnr; pfn++) {
		arch_free_page(pfn_to_page(pfn), 0);
		__free_one_page(pfn, 0);
	}
	zero_folio = prep_folio(pfn_to_page(0), 0);
	zero_folio->_refcount = 1;
	folio_set(zero_folio, PG_zero);
	arch_alloc_page(&zero_folio->page, 0);
	clear_highpage(&zero_folio->page);
	return 0;
}

void page_alloc_exit(void)
{
	free(page_ext);
	page_ext = NULL;
	zero_folio = NULL;
}

unsigned long nr_free_pages(void)
{
	return __atomic_load_n(&nr_free, __ATOMIC_RELAXED);
}

/*
 * Fresh state for @nr pages from @pfn.  A MADV_FREE's flush that found
 * one of them in its window before it was freed may still store its
 * snapshot (tlb_close_lazyfree_windows()): the fields it writes are reset
 * atomically.  Only real threads (stress mode) let a page be freed and
 * allocated between that flush's test and its store; the late snapshot
 * is of the frame's version, which only grows, so at worst it takes
 * stores made since for saved: it may hide a loss, never report one.
 */
static void page_ext_reset(unsigned long pfn, unsigned long nr)
{
	struct page_ext *ext;

	for (ext = &page_ext[pfn]; ext < &page_ext[pfn + nr]; ext++) {
		memset(ext, 0, offsetof(struct page_ext, clean_version));
		__atomic_store_n(&ext->clean_version, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&ext->madv_free_window, NULL,
				 __ATOMIC_RELAXED);
	}
}

/* A zeroed folio with one reference, or NULL. */
struct folio *folio_alloc(unsigned int order)
{
	struct folio *folio;
	unsigned long pfn, i;

	spin_lock(&zone_lock);
	pfn = __rmqueue(order);
	/* A free of the buddy block reads our buddy state under the lock. */
	if (pfn != NO_PFN)
		page_ext_reset(pfn, 1UL << order);
	spin_unlock(&zone_lock);
	if (pfn == NO_PFN)
		return NULL;
	folio = prep_folio(pfn_to_page(pfn), order);
	arch_alloc_page(&folio->page, order);
	for (i = 0; i < folio_nr_pages(folio); i++) {
		struct page *page = folio_page(folio, i);

		clear_highpage(page);
		page_mark_clean(page);
	}
	/* A GUP-fast still holding this frame's old pfn may try_get it now. */
	folio_ref_unfreeze(folio, 1);
	return folio;
}

static void free_folio_check(struct folio *folio)
{
	unsigned long va = folio_index(folio) << PAGE_SHIFT;

	if (folio_maybe_dma_pinned(folio))
		mm_report("gup-pin", va, "pfn %#lx freed with %d pins",
			  folio_pfn(folio), folio->_pincount);
	if (folio_mapcount(folio))
		mm_report("bookkeeping", va, "pfn %#lx freed with mapcount %d",
			  folio_pfn(folio), folio_mapcount(folio));
	/*
	 * free_page_is_bad(): PG_locked is one of the flags a page must not
	 * have when it is freed.  A path that returns with the folio still
	 * locked is seen here if nothing waits on that lock before.
	 */
	if (folio_test_locked(folio))
		mm_report("bookkeeping", va, "pfn %#lx freed locked",
			  folio_pfn(folio));
	/* Lazyfree content is only lost when reclaim discards it. */
	if (!folio_test_anon(folio) && folio_has_unsaved_data(folio))
		mm_report("data-loss", va,
			  "pfn %#lx (file) freed with content newer than its backing copy",
			  folio_pfn(folio));
	/* PG_writeback too: its copy would read a free page. */
	if (folio_test(folio, PG_writeback))
		mm_report("bookkeeping", va, "pfn %#lx freed under writeback",
			  folio_pfn(folio));
}

/* The last reference went away. */
void __folio_free(struct folio *folio)
{
	unsigned int order = folio->order;
	unsigned long pfn = folio_pfn(folio);

	free_folio_check(folio);
	folio_unqueue_deferred_split(folio);
	arch_free_page(&folio->page, order);
	unprep_folio(folio);
	spin_lock(&zone_lock);
	__free_one_page(pfn, order);
	spin_unlock(&zone_lock);
}
