/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The small world the arch-level scenarios run in: one user address space
 * on the whole machine (TLBs, walker, monitors, data frames), reached from
 * its root through one table per level down to one leaf table, with the
 * leaf's page-table lock and folios placed at chosen PFNs.  Built once per
 * run, rebuilt cheaply before each execution.
 */
#ifndef CHECK_WORLD_H
#define CHECK_WORLD_H

#include <linux/mm.h>
#include <linux/spinlock.h>

#include "hw/mmu.h"

struct chk_world {
	struct mm_struct mm;
	struct vm_area_struct vma;
	spinlock_t ptl;
	struct hw_ctx ctx;	/* TTBR0: the root, the mm's ASID */
	pte_t *table;		/* the leaf table */
	unsigned long va;	/* maps table entry 0 */
};

extern struct chk_world chk_w;

/* Machine memory for the world; call after the hardware is configured. */
void chk_world_init(void);
void chk_world_exit(void);
/*
 * A freshly reset machine, an empty address space installed in TTBR0 and
 * the pte monitor, for the next execution.
 */
void chk_world_setup(void);

static inline pte_t *chk_ptep(unsigned long i)
{
	return chk_w.table + i;
}

static inline unsigned long chk_va(unsigned long i)
{
	return chk_w.va + (i << PAGE_SHIFT);
}

/* Entry index of a pte pointer into the world's table, or -1. */
long chk_pte_index(const void *p);

/* The first PFN of folio @f of an execution (one block each, aligned). */
static inline unsigned long chk_block_pfn(unsigned long f)
{
	return (2 + f) * (unsigned long)CONT_PTES;
}

/* Map block @b (entries b*CONT_PTES..) to folio @f with @pte's bits. */
struct folio *chk_map_block(unsigned long b, unsigned long f, pte_t pte);

#endif /* CHECK_WORLD_H */
