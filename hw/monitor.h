/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Monitors of the software's use of the page tables (docs/hw.md,
 * "Monitors and violations"): contiguous-group consistency and a
 * break-before-make automaton per descriptor, watching every descriptor
 * write through a write observer and every completed TLBI.
 */
#ifndef HW_MONITOR_H
#define HW_MONITOR_H

#include <stdint.h>

#include "order.h"
#include "tlbi.h"
#include "violation.h"

/* Forget all monitor state and (re)install the write observer. */
void hw_monitors_reset(void);

/*
 * @t, issued at sequence @seq, is now complete on every CPU it targets:
 * breaks it covers are clean, and contiguous groups it covers must no
 * longer be part-way through a permission change; but for the pages of
 * @u, whose stores were not ordered before it (hw/order.h).
 */
void hw_mon_tlbi_done(const struct hw_tlbi *t, uint64_t seq,
		      const struct hw_unordered *u);

/* Fill in @v's writes: the latest writes to the groups of its entries. */
void hw_mon_provenance(struct hw_violation *v);

#endif /* HW_MONITOR_H */
