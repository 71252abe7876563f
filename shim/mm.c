// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>

struct page *mem_map;
unsigned long max_mapnr;

struct mm_struct init_mm;
struct mm_struct efi_mm;

int mem_map_init(unsigned long nr_pages)
{
	mem_map_exit();
	mem_map = calloc(nr_pages, sizeof(*mem_map));
	if (!mem_map)
		return -1;
	max_mapnr = nr_pages;
	return 0;
}

void mem_map_exit(void)
{
	free(mem_map);
	mem_map = NULL;
	max_mapnr = 0;
}

/*
 * Zero @nr struct pages a word at a time, each word as one store: GUP-fast
 * may look at a page being freed or prepared (page_folio(), then a
 * speculative folio_try_get()), as the kernel's may, which is why its
 * page_ref_add_unless() and READ_ONCE(page->compound_head) exist.
 */
static void pages_zero(struct page *page, unsigned long nr)
{
	unsigned long *w = (unsigned long *)page;
	size_t i, words = nr * sizeof(*page) / sizeof(*w);

	for (i = 0; i < words; i++)
		__atomic_store_n(&w[i], 0, __ATOMIC_RELAXED);
}

struct folio *prep_folio(struct page *head, unsigned int order)
{
	struct folio *folio = (struct folio *)head;
	unsigned long i, nr = 1UL << order;

	BUG_ON(page_to_pfn(head) + nr > max_mapnr);
	pages_zero(head, nr);
	folio->order = order;
	for (i = 1; i < nr; i++)
		__atomic_store_n(&head[i].compound_head,
				 (unsigned long)head | 1, __ATOMIC_RELEASE);
	return folio;
}

void unprep_folio(struct folio *folio)
{
	pages_zero(&folio->page, folio_nr_pages(folio));
}
