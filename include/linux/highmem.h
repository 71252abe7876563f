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

/*
 * page_data() and page_fill() are an observer's reads, whatever the
 * frame's state; the kernel reads with page_read_data() and
 * page_read_fill() below.
 */
static inline u64 page_data(struct page *page)
{
	return hw_frame_data(page_to_pfn(page));
}

/* Stores user space made to @page through the MMU, ever. */
static inline u64 page_data_version(struct page *page)
{
	return hw_frame_version(page_to_pfn(page));
}

static inline u64 page_fill(struct page *page)
{
	return hw_frame_fill(page_to_pfn(page));
}

/*
 * The kernel touches only pages it holds, as CONFIG_DEBUG_PAGEALLOC would
 * fault on: a write to a freed frame (a copy run past its folio, a clear
 * after the free) lands in whatever the frame becomes next, and a read of
 * one (a copy or a writeback run past its folio) passes off whatever the
 * frame holds as the folio's content, by chance the right one where the
 * frame held that page just before.  The accessors are macros, so that
 * the warning names the line that called them.
 */
static inline void page_held_check(struct page *page, const char *what,
				   const char *file, int line)
{
	if (unlikely(!hw_frame_in_use(page_to_pfn(page))))
		__warn(file, line, what);
}

static inline u64 __page_read_data(struct page *page, const char *file,
				   int line)
{
	page_held_check(page, "a read of a free page", file, line);
	return page_data(page);
}
#define page_read_data(page) __page_read_data(page, __FILE__, __LINE__)

static inline u64 __page_read_fill(struct page *page, const char *file,
				   int line)
{
	page_held_check(page, "a read of a free page", file, line);
	return page_fill(page);
}
#define page_read_fill(page) __page_read_fill(page, __FILE__, __LINE__)

static inline void __page_set_data(struct page *page, u64 data,
				   const char *file, int line)
{
	page_held_check(page, "a write to a free page", file, line);
	hw_frame_set_data(page_to_pfn(page), data);
}
#define page_set_data(page, data) \
	__page_set_data(page, data, __FILE__, __LINE__)

static inline void __page_set_fill(struct page *page, u64 fill,
				   const char *file, int line)
{
	page_held_check(page, "a write to a free page", file, line);
	hw_frame_set_fill(page_to_pfn(page), fill);
}
#define page_set_fill(page, fill) \
	__page_set_fill(page, fill, __FILE__, __LINE__)

static inline void __clear_highpage(struct page *page, const char *file,
				    int line)
{
	__page_set_data(page, 0, file, line);
	__page_set_fill(page, 0, file, line);
}
#define clear_highpage(page) __clear_highpage(page, __FILE__, __LINE__)

static inline void __copy_highpage(struct page *to, struct page *from,
				   const char *file, int line)
{
	__page_set_data(to, __page_read_data(from, file, line), file, line);
	__page_set_fill(to, __page_read_fill(from, file, line), file, line);
}
#define copy_highpage(to, from) \
	__copy_highpage(to, from, __FILE__, __LINE__)

#endif /* _LINUX_HIGHMEM_H */
