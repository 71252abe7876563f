/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page allocator's hooks into the architecture: every frame handed out
 * or given back is reported to the machine, which gives it a new generation
 * on allocation and treats later accesses through a stale translation to a
 * freed or reused frame as a violation, and a frame given back while a TLB
 * of a live address space still translates to it as one at once.
 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/mm.h>
#include "hw/phys.h"
#include "hw/tlb.h"

static inline void arch_alloc_page(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), i;

	for (i = 0; i < (1UL << order); i++)
		hw_frame_alloc(pfn + i);
}

static inline void arch_free_page(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), i;

	hw_tlb_frames_freed(pfn, 1UL << order);
	for (i = 0; i < (1UL << order); i++)
		hw_frame_free(pfn + i);
}

#endif /* _LINUX_GFP_H */
