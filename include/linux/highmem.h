/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel access to page contents.  A frame of the simulated machine holds
 * one data word and a version that every user store through the MMU bumps,
 * and the rest of the page, its fill, which user stores never reach;
 * kernel copies and clears write both without bumping the version.
 */
#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H

#include <linux/mm.h>
#include "hw/phys.h"

static inline u64 page_data(struct page *page)
{
	return hw_frame_data(page_to_pfn(page));
}

/* Stores user space made to @page through the MMU, ever. */
static inline u64 page_data_version(struct page *page)
{
	return hw_frame_version(page_to_pfn(page));
}

static inline void page_set_data(struct page *page, u64 data)
{
	hw_frame_set_data(page_to_pfn(page), data);
}

static inline u64 page_fill(struct page *page)
{
	return hw_frame_fill(page_to_pfn(page));
}

static inline void page_set_fill(struct page *page, u64 fill)
{
	hw_frame_set_fill(page_to_pfn(page), fill);
}

static inline void clear_highpage(struct page *page)
{
	page_set_data(page, 0);
	page_set_fill(page, 0);
}

static inline void copy_highpage(struct page *to, struct page *from)
{
	page_set_data(to, page_data(from));
	page_set_fill(to, page_fill(from));
}

#endif /* _LINUX_HIGHMEM_H */
