/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mem_map and folios.  As in the kernel, <linux/mm.h> brings the page-table
 * API with it (<linux/pgtable.h>, then <asm/pgtable.h>): a kernel
 * contpte.c includes only this for it.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/bug.h>
#include <linux/mm_types.h>
#include <linux/pgtable.h>

extern struct page *mem_map;
extern unsigned long max_mapnr;

/* Physical memory of @nr_pages page frames; 0 on success. */
int mem_map_init(unsigned long nr_pages);
void mem_map_exit(void);

static inline struct page *pfn_to_page(unsigned long pfn)
{
	VM_WARN_ON(pfn >= max_mapnr);
	return mem_map + pfn;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return page - mem_map;
}

static inline struct folio *page_folio(struct page *page)
{
	unsigned long head = __atomic_load_n(&page->compound_head,
					     __ATOMIC_ACQUIRE);

	if (head & 1)
		return (struct folio *)(head - 1);
	return (struct folio *)page;
}

static inline unsigned long folio_nr_pages(const struct folio *folio)
{
	return 1UL << folio->order;
}

static inline unsigned long folio_pfn(const struct folio *folio)
{
	return page_to_pfn(&folio->page);
}

static inline struct page *folio_page(struct folio *folio, unsigned long n)
{
	return &folio->page + n;
}

/* Make the 2^order frames from @head one folio (order 0: a plain page). */
struct folio *prep_folio(struct page *head, unsigned int order);
/* Undo prep_folio(): every frame becomes an independent page again. */
void unprep_folio(struct folio *folio);

#endif /* _LINUX_MM_H */
