/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Descriptor stores not yet ordered before a TLBI.  A TLBI only removes
 * what was cached from the values its walkers could see: a store to a
 * translation table must be made visible to them by a DSB before the TLBI
 * that invalidates the value it replaced (RDDMVT: break, DSB, TLBI, DSB;
 * dsb(ishst) at the start of each of __flush_tlb_range()'s forms).  A DSB
 * of the inner shareable domain orders a CPU's earlier stores for every
 * CPU's walks, a non-shareable one for its own walks only (a local TLBI,
 * local_flush_tlb_contpte()).
 *
 * Each CPU keeps the level-3 descriptors it changed from a valid value
 * since its last DSB.  A TLBI it issues that covers one of them is not
 * guaranteed to remove that page's translation anywhere: a walk may still
 * read the old value and fill it again after the TLBI (hw/tlb.c keeps
 * such entries), and a break is not cleaned by it (hw/monitor.c).
 */
#ifndef HW_ORDER_H
#define HW_ORDER_H

#include <stdbool.h>
#include <stdint.h>

#include "tlbi.h"

#define HW_ORDER_MAX	32

/* The pages a TLBI covers whose stores were not ordered before it. */
struct hw_unordered {
	unsigned int n;
	bool all;		/* more than HW_ORDER_MAX: every page */
	struct {
		uint64_t va;
		uint16_t asid;
	} page[HW_ORDER_MAX];
};

/* What @cpu's TLBI @t covers of its stores no DSB ordered before it. */
void hw_order_tlbi(unsigned int cpu, const struct hw_tlbi *t,
		   struct hw_unordered *out);
/* Whether @u names a page of the span [@va, @va + 2^@shift) in @asid. */
bool hw_unordered_covers(const struct hw_unordered *u, uint64_t va,
			 unsigned int shift, uint16_t asid, bool global);
/* A DSB of @kind by @cpu. */
void hw_order_dsb(unsigned int cpu, enum hw_dsb kind);
/* Forget every store and (re)install the write observer. */
void hw_order_reset(void);

#endif /* HW_ORDER_H */
