/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fault in progress (mm/memory.c), for the files that handle a part of
 * it: fault-around (mm/fault_around.c), the synchronous swap-in
 * (mm/swap_sync.c).
 */
#ifndef MM_FAULT_H
#define MM_FAULT_H

#include "core.h"

struct vm_fault {
	struct mm_model *mm;
	struct vm_area *vma;
	unsigned long address;	/* page aligned */
	unsigned int flags;
	pte_t *pte;
	pte_t orig_pte;		/* the lockless read */
	spinlock_t *ptl;
};

/*
 * Take the PTL of @pte's table to map new pages there (and, with
 * mm_set_refault_fence(), complete a pending invalidation first).
 */
void fault_lock_for_new_page(struct vm_fault *vmf, pte_t *pte);

/*
 * A read fault's fault-around: map what is cached around the address;
 * whether the faulting entry is no longer empty.
 */
bool do_fault_around(struct vm_fault *vmf);

/*
 * A fault on swap entry @entry, not cached and referred to by no other
 * entry, of a synchronous device: read straight into a new folio, as
 * large as the entries around allow, and mapped.
 */
enum vm_fault_reason do_swap_page_sync(struct vm_fault *vmf,
				       swp_entry_t entry);

#endif /* MM_FAULT_H */
