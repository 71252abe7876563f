/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Data memory: page frames holding one data word each, with a version that
 * every store through the MMU bumps, and a life cycle the page allocator
 * reports (free / in use, with a generation that changes on reuse) so that
 * an access through a stale translation to a freed or reused frame can be
 * recognised.  Besides the word user accesses address, a frame holds the
 * rest of the page (its fill): no user store reaches it, only the kernel's
 * copies and clears, so a store that overwrites the word does not hide a
 * copy taken from the wrong page.
 */
#ifndef HW_PHYS_H
#define HW_PHYS_H

#include <stdbool.h>
#include <stdint.h>

int hw_phys_init(uint64_t nr_frames);
void hw_phys_exit(void);
uint64_t hw_phys_frames(void);

/* The frame's data word and the number of stores that reached it. */
uint64_t hw_frame_data(uint64_t pfn);
uint64_t hw_frame_version(uint64_t pfn);
/* Software (kernel) writes, e.g. zeroing or copying a page: no version bump. */
void hw_frame_set_data(uint64_t pfn, uint64_t data);
/* A store through the MMU: new data, version bumped. */
void hw_frame_store(uint64_t pfn, uint64_t data);
/* The rest of the page, and the kernel writing it (a copy, a clear, a read). */
uint64_t hw_frame_fill(uint64_t pfn);
void hw_frame_set_fill(uint64_t pfn, uint64_t fill);
/* Whether @pfn is a data frame of this machine. */
bool hw_frame_exists(uint64_t pfn);

/* Page allocator events. */
void hw_frame_alloc(uint64_t pfn);	/* in use: new generation */
void hw_frame_free(uint64_t pfn);	/* free: accesses now stale */
bool hw_frame_in_use(uint64_t pfn);
/*
 * Generations come from one machine-wide counter (hw_phys_epoch()), bumped
 * by every allocation and free: a translation cached at epoch E is stale
 * for a frame that is free or whose generation is above E.  Frames start
 * in use at generation 0.
 */
uint64_t hw_frame_generation(uint64_t pfn);
uint64_t hw_phys_epoch(void);

#endif /* HW_PHYS_H */
