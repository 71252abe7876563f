/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reverse-map walk (mm/rmap.c), for the callers outside it that
 * visit a folio's entries: remove_migration_ptes() (mm/migrate.c).
 */
#ifndef MM_RMAP_WALK_H
#define MM_RMAP_WALK_H

#include <linux/swapops.h>

#include "core.h"

struct rmap_walk {
	/* Handle @nr entries from @pte at @addr; false stops the walk. */
	bool (*one)(struct rmap_walk *rw, struct vm_area *vma,
		    unsigned long addr, pte_t *pte, pte_t ptent,
		    unsigned int nr);
	struct folio *folio;
	int count;
	/*
	 * Visit the folio's migration entries, one at a time, rather than
	 * the entries mapping it (page_vma_mapped_walk()'s PVMW_MIGRATION).
	 */
	bool migration;
	struct folio *dst;	/* remove_migration_ptes(): the new folio */
	bool map_unused_to_zeropage;	/* and RMP_USE_SHARED_ZEROPAGE */
	/*
	 * Batch only entries of one write permission: the walker may write
	 * the batch back as one value (folio_unmap_pte_batch(), since "mm/rmap:
	 * fix incorrect pte restoration for lazyfree folios").
	 */
	bool respect_write;
};

/* Holds the folio's rmap lock for reading, and each table's PTL. */
void rmap_walk(struct rmap_walk *rw);

#endif /* MM_RMAP_WALK_H */
