// SPDX-License-Identifier: GPL-2.0-only
/*
 * A user access completes only where a VMA allows it (a store VM_WRITE, an
 * instruction fetch VM_EXEC, a load any of VM_READ, VM_WRITE and VM_EXEC,
 * as arm64's do_page_fault() asks without FEAT_EPAN), once no change of
 * the address space is in flight: mprotect() holds mmap_lock for writing
 * until its TLB flush completed, munmap() keeps the VMAs it took out
 * (detached) until its flush completed, so after they return no CPU may
 * still load or store through a translation they removed.  A store that
 * completes in a read-only VMA then was let through by a writable entry
 * or a stale TLB entry; a fetch that completes in a VMA without VM_EXEC,
 * by an entry with UXN clear or a stale one; one in no VMA at all,
 * likewise.
 *
 * userfaultfd write-protection is a permission too, per entry: once
 * UFFDIO_WRITEPROTECT returned (its flush complete; it holds the
 * context's map_changing_lock until then) no store may complete through
 * an entry with PTE_UFFD_WP until the monitor resolves it.  A store that
 * does was let through by an entry made writable with the bit still set,
 * or by a translation the protection's flush missed.
 *
 * Past the end of the file a VMA maps, no access completes: the fault
 * raises SIGBUS there, so an entry that lets one through was made by a
 * path that mapped a cached folio that reaches past the file's size (a
 * fault that maps the folio whole, a fault-around not stopped at the
 * end), or a fault that mapped a page a truncation had cut off once
 * that truncation returned.  Shmem is the exception the kernel keeps.
 *
 * The converse holds too: with no change in flight, the fault handler
 * refuses an access (SIGSEGV) only where no VMA allows it, or past the
 * end of the file a VMA maps (where the kernel raises SIGBUS).  A refusal
 * elsewhere is a fault handler that gave up on, or looked up the wrong
 * VMA for, an access its VMA allows: scenarios whose threads accept a
 * failed access (one racing munmap()) would take it for the race.
 */
#include <linux/userfaultfd_k.h>

#include "hw/mem.h"
#include "explore.h"
#include "mmwatch.h"

/* What a VMA needs to allow an access (access_error()). */
static unsigned long vm_flags_needed(bool write, bool fetch)
{
	if (fetch)
		return VM_EXEC;
	return write ? VM_WRITE : VM_READ | VM_WRITE | VM_EXEC;
}

static const char *access_name(bool write, bool fetch)
{
	if (fetch)
		return "fetch";
	return write ? "store" : "load";
}

/*
 * Held for writing: mmap_lock by mprotect() and munmap(), a file's
 * inode_lock by a truncation.
 */
static bool write_held(const struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->count, __ATOMIC_ACQUIRE) < 0;
}

static bool changing(struct mm_model *mm)
{
	return write_held(&mm->mmap_lock);
}

/* The store at @va went through an entry the monitor protected. */
static bool uffd_wp_violated(struct mm_model *mm, const struct vm_area *vma,
			     unsigned long va)
{
	pte_t pte;

	if (!userfaultfd_wp(&vma->vma) ||
	    __atomic_load_n(&mm->uffd.map_changing_lock.count,
			    __ATOMIC_ACQUIRE))
		return false;
	pte = chk_mm_peek_pte(mm, va);
	return pte_valid(pte) && pte_uffd_wp(pte);
}

/*
 * An access there that completed: shmem is let off, as the kernel has
 * long mapped its large folios across i_size on purpose (the exception
 * "mm/memory: do not populate page table entries beyond i_size" keeps);
 * so is one while a truncation is in flight (inode_lock held for
 * writing), which may not have unmapped the page yet.
 */
static bool completed_past_eof(const struct vm_area *vma, unsigned long va)
{
	return vma_past_eof(vma, va) && !vma->mapping->shmem &&
	       !write_held(&vma->mapping->i_rwsem);
}

static void perm_access(struct mm_model *mm, const struct hw_access_rec *a)
{
	const struct vm_area *vma;
	unsigned long need;

	if (changing(mm) || vma_unmap_in_flight(mm, a->va))
		return;
	vma = find_vma_unlocked(mm, a->va);
	need = vm_flags_needed(a->write, a->fetch);
	if (vma && a->write && uffd_wp_violated(mm, vma, a->va)) {
		chk_fail(CHK_PERMISSION,
			 "cpu%u va %#lx: a store completed through an entry userfaultfd write-protected (PTE_UFFD_WP) after UFFDIO_WRITEPROTECT returned",
			 a->cpu, (unsigned long)a->va);
		return;
	}
	if (vma && (vma->vma.vm_flags & need) &&
	    !completed_past_eof(vma, a->va))
		return;
	chk_fail(CHK_PERMISSION,
		 "cpu%u va %#lx: a %s completed %s",
		 a->cpu, (unsigned long)a->va, access_name(a->write, a->fetch),
		 !vma ? "where nothing is mapped" :
		 !(vma->vma.vm_flags & need) ? "in a VMA that does not allow it" :
		 "past the end of the file the VMA maps (SIGBUS there)");
}

static void perm_refused(struct mm_model *mm, unsigned long va,
			 unsigned int fault_flags)
{
	bool write = fault_flags & FAULT_FLAG_WRITE;
	bool fetch = fault_flags & FAULT_FLAG_INSTRUCTION;
	unsigned long need = vm_flags_needed(write, fetch);
	const struct vm_area *vma;

	if (changing(mm) || vma_unmap_in_flight(mm, va))
		return;
	vma = find_vma_unlocked(mm, va);
	if (!vma || !(vma->vma.vm_flags & need) || vma_past_eof(vma, va))
		return;
	chk_fail(CHK_PERMISSION,
		 "cpu%u va %#lx: a %s refused (SIGSEGV) in a VMA that allows it",
		 hw_this_cpu, va, access_name(write, fetch));
}

const struct chk_mm_oracle chk_permission = {
	.access = perm_access,
	.refused = perm_refused,
};
