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

struct folio *prep_folio(struct page *head, unsigned int order)
{
	struct folio *folio = (struct folio *)head;
	unsigned long i, nr = 1UL << order;

	BUG_ON(page_to_pfn(head) + nr > max_mapnr);
	memset(head, 0, nr * sizeof(*head));
	folio->order = order;
	for (i = 1; i < nr; i++)
		head[i].compound_head = (unsigned long)head | 1;
	return folio;
}

void unprep_folio(struct folio *folio)
{
	memset(&folio->page, 0, folio_nr_pages(folio) * sizeof(struct page));
}
