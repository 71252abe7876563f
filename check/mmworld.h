/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The world of the core-mm scenarios: the whole machine (TLBs, walker,
 * monitors, data frames) with the page allocator and the mm pool, reset
 * before each execution, its choices taken by the explorer and its
 * violations, and the core-mm oracles', turned into counterexamples.
 */
#ifndef CHECK_MMWORLD_H
#define CHECK_MMWORLD_H

#include "mm/core.h"
#include "mm/oracle.h"
#include "mm/user.h"

/* Where scenarios map: aligned for every folio order and granule. */
#define CHK_MM_BASE	(1UL << 36)

static inline unsigned long chk_mm_va(unsigned long page)
{
	return CHK_MM_BASE + (page << PAGE_SHIFT);
}

/* The folio order of one contiguous block. */
static inline unsigned int chk_cont_order(void)
{
	return __builtin_ctz(CONT_PTES);
}

void chk_mm_init(void);
void chk_mm_exit(void);
/* A fresh machine, allocator and mm pool for the next execution. */
void chk_mm_setup(void);

#endif /* CHECK_MMWORLD_H */
