// SPDX-License-Identifier: GPL-2.0-only
/*
 * A user access completes only where a VMA allows it, once no change of
 * the address space is in flight: mprotect() holds mmap_lock for writing
 * until its TLB flush completed, munmap() keeps the VMAs it took out
 * (detached) until its flush completed, so after they return no CPU may
 * still load or store through a translation they removed.  A store that
 * completes in a read-only VMA then was let through by a writable entry
 * or a stale TLB entry; one in no VMA at all, likewise.
 */
#include "explore.h"
#include "mmwatch.h"

static bool changing(struct mm_model *mm)
{
	return __atomic_load_n(&mm->mmap_lock.count, __ATOMIC_ACQUIRE) < 0;
}

static void perm_access(struct mm_model *mm, const struct hw_access_rec *a)
{
	const struct vm_area *vma;
	unsigned long need;

	if (changing(mm) || vma_unmap_in_flight(mm, a->va))
		return;
	vma = find_vma(mm, a->va);
	need = a->write ? VM_WRITE : VM_READ | VM_WRITE;
	if (vma && (vma->vma.vm_flags & need))
		return;
	chk_fail(CHK_PERMISSION,
		 "cpu%u va %#lx: a %s completed %s",
		 a->cpu, (unsigned long)a->va, a->write ? "store" : "load",
		 vma ? "in a VMA that does not allow it" :
		       "where nothing is mapped");
}

const struct chk_mm_oracle chk_permission = {
	.access = perm_access,
};
