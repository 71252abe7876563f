// SPDX-License-Identifier: GPL-2.0-only
/*
 * NUMA balancing's scan (task_numa_work() -> change_prot_numa(), v6.12):
 * under mmap_lock for reading, beside faults in the same VMAs, each
 * accessible VMA's entries are made PROT_NONE through mprotect()'s walk,
 * with one gather.  The next access faults and do_numa_page() puts the
 * entries back (the model has one node, so nothing migrates).  VMAs of
 * read-only file mappings are left alone, as the kernel leaves shared
 * libraries.
 */
#include "core.h"

static bool vma_numa_scannable(struct vm_area *vma)
{
	unsigned long f = vma->vma.vm_flags;

	/* vma_is_accessible(): VM_ACCESS_FLAGS. */
	if (!(f & (VM_READ | VM_WRITE | VM_EXEC)))
		return false;
	return !vma->mapping || (f & VM_WRITE);
}

void task_numa_work(struct mm_model *mm, unsigned long start,
		    unsigned long end)
{
	struct mmu_gather tlb;
	struct vm_area *vma;
	unsigned long s, e;

	mmap_read_lock(mm);
	for_each_vma(mm, vma) {
		s = vma->vma.vm_start > start ? vma->vma.vm_start : start;
		e = vma->vma.vm_end < end ? vma->vma.vm_end : end;
		if (s >= e || !vma_numa_scannable(vma))
			continue;
		tlb_gather_mmu(&tlb, mm);
		change_protection(&tlb, vma, s, e, MM_CP_PROT_NUMA);
		tlb_finish_mmu(&tlb);
	}
	mmap_read_unlock(mm);
}
