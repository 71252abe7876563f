/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic page-table helpers core-mm uses on top of the architecture's:
 * set_pte_at(), ptep_clear_flush(), the per-entry loops standing in for
 * batched operations a contpte.c may lack, and the norecency helpers of
 * the 2024 RFC (not merged upstream; here for the lockless=norecency
 * design).
 */
#ifndef _LINUX_PGTABLE_H
#define _LINUX_PGTABLE_H

#include <asm/pgtable.h>
#include "hw/chooser.h"

static inline void set_pte_at(struct mm_struct *mm, unsigned long addr,
			      pte_t *ptep, pte_t pte)
{
	set_ptes(mm, addr, ptep, pte, 1);
}

static inline pte_t ptep_clear_flush(struct vm_area_struct *vma,
				     unsigned long addr, pte_t *ptep)
{
	pte_t pte = ptep_get_and_clear(vma->vm_mm, addr, ptep);

	if (pte_accessible(vma->vm_mm, pte))
		flush_tlb_page(vma, addr);
	return pte;
}

/*
 * How core-mm reads an entry it holds the PTL for.  Upstream converted
 * every such read to ptep_get() ("Encapsulate PTE contents from non-arch
 * code", v3, June 2023), which on arm64 gathers access and dirty over a
 * contiguous block.  Versions 1 and 2 of that series proposed
 * ptep_deref(), a plain *ptep by default, on the grounds that under the
 * PTL there are no concurrent stores.  deref=plain is that default: the
 * target entry alone, and, since a plain load is not volatile, the
 * compiler may load again at each later use of the value.  A caller marks
 * those uses with ptep_deref_use(); whether the load is repeated there is
 * a choice of the explorer.  A repeated aligned 64-bit load cannot tear on
 * arm64, and under the PTL only the hardware's access and dirty updates
 * can make it differ.
 */
static inline pte_t ptep_deref(pte_t *ptep)
{
	if (contpte_design.deref == DEREF_PLAIN)
		return __ptep_get(ptep);
	return ptep_get(ptep);
}

/* A later use of @pte, which ptep_deref() read from @ptep. */
static inline pte_t ptep_deref_use(pte_t *ptep, pte_t pte)
{
	if (contpte_design.deref == DEREF_PLAIN &&
	    hw_choose(HW_CHOICE_OTHER, 2))
		return __ptep_get(ptep);
	return pte;
}

/* The target entry alone: no guarantee at all about access and dirty. */
static inline pte_t ptep_get_lockless_norecency(pte_t *ptep)
{
	return __ptep_get(ptep);
}

/* Equal but for access and dirty state. */
static inline bool pte_same_norecency(pte_t a, pte_t b)
{
	return pte_same(pte_mkclean(pte_mkold(a)), pte_mkclean(pte_mkold(b)));
}

/*
 * For a contpte.c without the batched young API (before mainline's batched
 * reference checks): one entry at a time, each clearing its whole block.
 */
#ifndef CONTPTE_API_CLEAR_FLUSH_YOUNG_PTES
static inline int clear_flush_young_ptes(struct vm_area_struct *vma,
					 unsigned long addr, pte_t *ptep,
					 unsigned int nr)
{
	int young = 0;

	for (;;) {
		young |= ptep_clear_flush_young(vma, addr, ptep);
		if (--nr == 0)
			return young;
		ptep++;
		addr += PAGE_SIZE;
	}
}
#endif

/*
 * For a contpte.c without contpte_clear_young_dirty_ptes() (v6.9): the
 * generic version of v6.10, which unfolds every block it meets.
 */
#ifndef CONTPTE_API_CLEAR_YOUNG_DIRTY_PTES
static inline void clear_young_dirty_ptes(struct vm_area_struct *vma,
					  unsigned long addr, pte_t *ptep,
					  unsigned int nr, cydp_t flags)
{
	pte_t pte;

	for (;;) {
		if (flags == CYDP_CLEAR_YOUNG) {
			ptep_test_and_clear_young(vma, addr, ptep);
		} else {
			pte = ptep_get_and_clear(vma->vm_mm, addr, ptep);
			if (flags & CYDP_CLEAR_YOUNG)
				pte = pte_mkold(pte);
			if (flags & CYDP_CLEAR_DIRTY)
				pte = pte_mkclean(pte);
			set_pte_at(vma->vm_mm, addr, ptep, pte);
		}
		if (--nr == 0)
			return;
		ptep++;
		addr += PAGE_SIZE;
	}
}
#endif

/* Call sites, as for the architecture's operations (asm/pgtable.h). */
#define set_pte_at(...)		HW_CALL_VOID(set_pte_at, __VA_ARGS__)
#define ptep_clear_flush(...)	HW_CALL(ptep_clear_flush, __VA_ARGS__)
#define ptep_deref(...)		HW_CALL(ptep_deref, __VA_ARGS__)
#define ptep_deref_use(...)	HW_CALL(ptep_deref_use, __VA_ARGS__)
#define clear_flush_young_ptes(...)	HW_CALL(clear_flush_young_ptes, __VA_ARGS__)
#define clear_young_dirty_ptes(...)	HW_CALL_VOID(clear_young_dirty_ptes, __VA_ARGS__)

#endif /* _LINUX_PGTABLE_H */
