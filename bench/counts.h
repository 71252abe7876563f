/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The architectural work a measured step asked of the machine, counted
 * exactly: a snapshot of the machine's counters, core-mm's GUP-fast
 * fallbacks and the layer's folds and unfolds, and the difference of two.
 */
#ifndef BENCH_COUNTS_H
#define BENCH_COUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/mem.h"
#include "hw/tlbi.h"

struct bench_counts {
	uint64_t tlbi[HW_NR_TLBI_OPS][2];	/* [op][broadcast] */
	uint64_t dsb[HW_NR_DSB];
	uint64_t pte[HW_NR_MEM_OPS];		/* page-table memory accesses */
	uint64_t folds, unfolds;		/* contpte_convert() calls */
	uint64_t faults;			/* aborts the MMU raised */
	uint64_t gup_fast_fallbacks;
};

void bench_counts_read(struct bench_counts *c);
/* @c -= @before, field by field. */
void bench_counts_sub(struct bench_counts *c, const struct bench_counts *before);
bool bench_counts_equal(const struct bench_counts *a,
			const struct bench_counts *b);
uint64_t bench_tlbis(const struct bench_counts *c, bool broadcast);
uint64_t bench_dsbs(const struct bench_counts *c);
/* Stores, exchanges and compare-and-swaps of page-table memory. */
uint64_t bench_pte_writes(const struct bench_counts *c);

#endif /* BENCH_COUNTS_H */
