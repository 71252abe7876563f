/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Walk caches: per CPU, the last-level table a walk reached for a VA
 * region, so that a later walk there skips the upper levels.  The Arm ARM
 * lets a PE cache table descriptors (intermediate entries) as it caches
 * leaf ones; only TLB maintenance that is not limited to the last level
 * removes them (TLBI VAE1, VAAE1, RVAE1, ASIDE1, VMALLE1; not VALE1,
 * VAALE1 or RVALE1),
 * and a level hint (FEAT_TTL) names the level of the leaf, so a TLBI that
 * carries one need not remove a table entry.  Software that frees a page
 * table must therefore invalidate without either restriction first
 * (tlb_flush(): freed_tables).
 *
 * A table freed while a walk cache holds it may be walked at any time
 * (walks are speculative), reading memory that is no longer a page table
 * of the context: stale-tlb, at the free, or at a walk through it.  Using
 * an entry whose table is still live is the same walk as a full one
 * (tables are only freed empty and unlinked), so the cache always serves a
 * hit and never asks the chooser: keeping an entry is the behaviour that
 * shows every missing invalidation.
 */
#ifndef HW_WALKCACHE_H
#define HW_WALKCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "tlbi.h"

#define HW_WALK_CACHE_ENTRIES	4

/*
 * The last-level table @cpu's walk cache holds for @va in @asid, or NULL.
 * An entry whose table was freed since its fill is reported (stale-tlb)
 * and dropped, and NULL returned: the walk goes on from the root.
 */
uint64_t *hw_wc_lookup(unsigned int cpu, uint16_t asid, uint64_t va);
/* Remember that a walk of @va reached @table through descriptor @from. */
void hw_wc_fill(unsigned int cpu, uint16_t asid, uint64_t va,
		uint64_t *table, uint64_t *from);
/* Apply TLBI @t to @cpu's walk cache. */
void hw_wc_tlbi(unsigned int cpu, const struct hw_tlbi *t);
/* @table is about to be freed: report and drop the entries holding it. */
void hw_wc_table_freed(const uint64_t *table);
void hw_wc_reset(void);

#endif /* HW_WALKCACHE_H */
