/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The minimal mm_struct, vm_area_struct, page and folio the arch layer
 * uses.  The core-mm model embeds these in its own, richer objects.
 *
 * As in the kernel, a folio overlays its head struct page in mem_map and
 * tail pages point at the head, so page - &folio->page is the index of a
 * page within its folio.
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>
#include <asm/mmu.h>
#include <asm/pgtable-types.h>

struct mm_struct {
	mm_context_t context;
	pgd_t *pgd;		/* root translation table */
	void *owner;		/* the core-mm model's address space */
	/* mmu_gathers in flight: entries changed, their flush not done */
	int tlb_flush_pending;
	/* reclaim's deferred flushes: generations pending | flushed << 16 */
	int tlb_flush_batched;
};

/*
 * inc_tlb_flush_pending() before a gather changes any entry,
 * dec_tlb_flush_pending() once its flush is done; read under the PTL of
 * an entry the gather may have changed (include/linux/mm_inline.h).
 */
static inline void inc_tlb_flush_pending(struct mm_struct *mm)
{
	__atomic_fetch_add(&mm->tlb_flush_pending, 1, __ATOMIC_SEQ_CST);
}

static inline void dec_tlb_flush_pending(struct mm_struct *mm)
{
	__atomic_fetch_sub(&mm->tlb_flush_pending, 1, __ATOMIC_SEQ_CST);
}

static inline bool mm_tlb_flush_pending(struct mm_struct *mm)
{
	return __atomic_load_n(&mm->tlb_flush_pending, __ATOMIC_SEQ_CST) > 0;
}

/* Another gather than the caller's is in flight too. */
static inline bool mm_tlb_flush_nested(struct mm_struct *mm)
{
	return __atomic_load_n(&mm->tlb_flush_pending, __ATOMIC_SEQ_CST) > 1;
}

struct vm_area_struct {
	struct mm_struct *vm_mm;
	unsigned long vm_start, vm_end;
	unsigned long vm_flags;
	pgprot_t vm_page_prot;
};

/*
 * vm_flags as read by a walk that holds no mmap_lock (the reverse map,
 * under the anon_vma lock and the PTL), while mprotect(), madvise() or
 * userfaultfd change other bits of it: atomic, so that real threads
 * agree.
 */
static inline unsigned long vm_flags_lockless(const struct vm_area_struct *vma)
{
	return __atomic_load_n(&vma->vm_flags, __ATOMIC_RELAXED);
}

#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_UFFD_WP	0x00001000UL	/* userfaultfd write-protect mode */
#define VM_DONTCOPY	0x00020000UL

struct page {
	unsigned long flags;
	unsigned long compound_head;	/* tail page: head pointer | 1 */
	unsigned long private[6];	/* folio fields in a head page */
};

struct folio {
	union {
		struct {
			unsigned long flags;
			unsigned long _head;
			unsigned int order;
			int _refcount;
			int _mapcount;		/* PTE mappings, all pages */
			int _pincount;
			void *owner;		/* core-mm model's folio state */
		};
		struct page page;
	};
};

_Static_assert(sizeof(struct folio) == sizeof(struct page),
	       "folio fields must fit in the head page");

extern struct mm_struct init_mm;	/* kernel mappings */

/* Flags for clear_young_dirty_ptes(). */
typedef int cydp_t;
#define CYDP_CLEAR_YOUNG	((cydp_t)0x01)
#define CYDP_CLEAR_DIRTY	((cydp_t)0x02)

/* A fake VMA for flushing an mm, as contpte_convert() needs. */
#define TLB_FLUSH_VMA(mm, flags)	{ .vm_mm = (mm), .vm_flags = (flags) }

#endif /* _LINUX_MM_TYPES_H */
