/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exact counts of the architectural work software asked of the machine,
 * and of what the hardware did on its own.
 */
#ifndef HW_STATS_H
#define HW_STATS_H

#include <stdint.h>

#include "mem.h"
#include "tlbi.h"

struct hw_stats {
	uint64_t pte_ops[HW_NR_MEM_OPS];	/* on page-table memory */
	uint64_t cmpxchg_failed;		/* page-table cmpxchg that lost */
	uint64_t tlbi[HW_NR_TLBI_OPS][2];	/* [op][broadcast] */
	uint64_t tlbi_pages;			/* pages named by by-VA/range ops */
	uint64_t dsb[HW_NR_DSB];
	uint64_t isb;
	uint64_t hw_af_updates;			/* hardware AF sets */
	uint64_t hw_dirty_updates;		/* hardware AP[2] clears */
	uint64_t faults;
	/* The simulated TLBs. */
	uint64_t tlb_hits;			/* accesses served by a TLB entry */
	uint64_t walks;				/* table walks (misses, re-walks) */
	uint64_t walk_cache_hits;		/* walks that skipped the upper levels */
	uint64_t walk_restarts;			/* A/D compare-and-swap lost */
	uint64_t tlb_fills[2];			/* [contiguous]: page or group */
	uint64_t spec_fills;			/* N1 */
	uint64_t evictions;			/* N2 and capacity */
	uint64_t spurious_af;			/* N5 */
	uint64_t multi_hits;			/* lookups matching disagreeing entries */
	uint64_t conflict_aborts;		/* N6 resolved as an abort */
	uint64_t tlbi_early;			/* N7: applied before the DSB */
	uint64_t tlbi_ttl_skipped;		/* N8: not performed */
	uint64_t tlb_invalidated;		/* entries removed by TLBIs */
	/* Contiguous-group states seen on descriptor writes. */
	uint64_t group_transient, group_ad_skew, group_perm_skew;
	uint64_t group_misprogrammed;
	/* Groups converted: contiguous bit set, or cleared (convert.h). */
	uint64_t folds, unfolds;
	uint64_t violations;
};

extern struct hw_stats hw_stats;

void hw_stats_reset(void);
/* Every TLBI, whatever its kind or scope. */
uint64_t hw_stats_tlbi_total(const struct hw_stats *s);
/* The TLBIs of one kind, broadcast and local. */
uint64_t hw_stats_tlbi_of(const struct hw_stats *s, enum hw_tlbi_op op);


/* Relaxed increment, safe from the stress mode's concurrent threads. */
#define hw_count(field)	__atomic_fetch_add(&hw_stats.field, 1, __ATOMIC_RELAXED)
#define hw_count_n(field, n) \
	__atomic_fetch_add(&hw_stats.field, (n), __ATOMIC_RELAXED)

#endif /* HW_STATS_H */
