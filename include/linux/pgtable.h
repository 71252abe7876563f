/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic page-table helpers core-mm uses on top of the architecture's:
 * set_pte_at(), ptep_clear_flush(), and the norecency helpers of the 2024
 * RFC (not merged upstream; here for the lockless=norecency design).
 */
#ifndef _LINUX_PGTABLE_H
#define _LINUX_PGTABLE_H

#include <asm/pgtable.h>

static inline void set_pte_at(struct mm_struct *mm, unsigned long addr,
			      pte_t *ptep, pte_t pte)
{
	set_ptes(mm, addr, ptep, pte, 1);
}

/* Only a valid entry can be cached in a TLB. */
static inline bool pte_accessible(struct mm_struct *mm, pte_t pte)
{
	return pte_valid(pte);
}

static inline pte_t ptep_clear_flush(struct vm_area_struct *vma,
				     unsigned long addr, pte_t *ptep)
{
	pte_t pte = ptep_get_and_clear(vma->vm_mm, addr, ptep);

	if (pte_accessible(vma->vm_mm, pte))
		flush_tlb_page(vma, addr);
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

/* Call sites, as for the architecture's operations (asm/pgtable.h). */
#define set_pte_at(...)		HW_CALL_VOID(set_pte_at, __VA_ARGS__)
#define ptep_clear_flush(...)	HW_CALL(ptep_clear_flush, __VA_ARGS__)

#endif /* _LINUX_PGTABLE_H */
