// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmap_lock and the per-VMA locks (CONFIG_PER_VMA_LOCK, v6.4 on).  A
 * writer of mmap_lock marks each VMA it is about to change
 * (vma_start_write()): it waits for the faults that hold the VMA's lock,
 * and keeps new ones out until it releases or downgrades mmap_lock, which
 * bumps mm_lock_seq and so unmarks them all at once.  A fault finds its
 * VMA without mmap_lock (lock_vma_under_rcu()) and holds only that VMA's
 * lock; if it cannot have it, it falls back to mmap_lock for reading.
 */
#include "core.h"
#include "oracle.h"

void mmap_read_lock(struct mm_model *mm)
{
	down_read(&mm->mmap_lock);
}

void mmap_read_unlock(struct mm_model *mm)
{
	up_read(&mm->mmap_lock);
}

void mmap_write_lock(struct mm_model *mm)
{
	down_write(&mm->mmap_lock);
}

/* vma_end_write_all(): every VMA this writer marked is free again. */
static void vma_end_write_all(struct mm_model *mm)
{
	__atomic_store_n(&mm->mm_lock_seq, mm->mm_lock_seq + 1,
			 __ATOMIC_RELEASE);
}

void mmap_write_unlock(struct mm_model *mm)
{
	vma_end_write_all(mm);
	up_write(&mm->mmap_lock);
}

void mmap_write_downgrade(struct mm_model *mm)
{
	vma_end_write_all(mm);
	downgrade_write(&mm->mmap_lock);
}

/*
 * A walk of the VMA tree holds mmap_lock: the kernel's find_vma() asserts
 * it, and lockdep checks the maple tree's readers against it.  As the
 * kernel's assertion without lockdep, any holder will do.
 */
void mmap_assert_locked(struct mm_model *mm)
{
	if (!rwsem_is_locked(&mm->mmap_lock))
		mm_report("bookkeeping", 0, "VMA tree walked without mmap_lock");
}

static struct mm_model *vma_mm(struct vm_area *vma)
{
	return mm_model(vma->vma.vm_mm);
}

/* mmap_lock held for writing. */
void vma_start_write(struct vm_area *vma)
{
	unsigned int seq = vma_mm(vma)->mm_lock_seq;

	if (__atomic_load_n(&vma->vm_lock_seq, __ATOMIC_RELAXED) == seq)
		return;
	down_write(&vma->vm_lock);
	__atomic_store_n(&vma->vm_lock_seq, seq, __ATOMIC_RELAXED);
	up_write(&vma->vm_lock);
}

static bool vma_write_marked(struct vm_area *vma)
{
	return __atomic_load_n(&vma->vm_lock_seq, __ATOMIC_RELAXED) ==
	       __atomic_load_n(&vma_mm(vma)->mm_lock_seq, __ATOMIC_ACQUIRE);
}

/*
 * vma_assert_write_locked(): a VMA leaves the tree (vma_mark_detached())
 * marked by this writer, so that no fault under its lock is inside it and
 * none can start until mmap_lock is released or downgraded.
 */
void vma_assert_write_locked(struct vm_area *vma)
{
	VM_WARN_ON(!vma_write_marked(vma));
}

static bool vma_start_read(struct vm_area *vma)
{
	if (vma_write_marked(vma) || !down_read_trylock(&vma->vm_lock))
		return false;
	if (vma_write_marked(vma)) {
		up_read(&vma->vm_lock);
		return false;
	}
	return true;
}

void vma_end_read(struct vm_area *vma)
{
	up_read(&vma->vm_lock);
}

static bool vma_covers(struct vm_area *vma, unsigned long addr)
{
	return addr >= __atomic_load_n(&vma->vma.vm_start, __ATOMIC_RELAXED) &&
	       addr < __atomic_load_n(&vma->vma.vm_end, __ATOMIC_RELAXED);
}

/*
 * The VMA at @addr, locked for reading, or NULL: none there, or a writer
 * has it (the caller takes mmap_lock instead).  Found without any lock,
 * so checked again once locked: munmap() may have taken it out, a split
 * may have moved its bounds.
 */
struct vm_area *lock_vma_under_rcu(struct mm_model *mm, unsigned long addr)
{
	struct vm_area *vma;

	for (vma = mm->vmas; vma < mm->vmas + MM_MAX_VMAS; vma++)
		if (vma_state(vma) == VMA_ATTACHED && vma_covers(vma, addr))
			break;
	if (vma == mm->vmas + MM_MAX_VMAS || !vma_start_read(vma))
		return NULL;
	if (vma_state(vma) != VMA_ATTACHED || !vma_covers(vma, addr)) {
		vma_end_read(vma);
		return NULL;
	}
	return vma;
}
