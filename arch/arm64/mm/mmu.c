// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect()'s transaction: take a batch of entries out (A/D gathered),
 * let core-mm compute the new value, and write it back.  Clearing first
 * means the hardware cannot set A/D on an entry being rewritten.
 *
 * Erratum 2645198 handling (a flush on exec to non-exec changes on
 * affected cores) is not modelled.
 */
#include <asm/pgtable.h>

pte_t modify_prot_start_ptes(struct vm_area_struct *vma, unsigned long addr,
			     pte_t *ptep, unsigned int nr)
{
	return get_and_clear_ptes(vma->vm_mm, addr, ptep, nr);
}

void modify_prot_commit_ptes(struct vm_area_struct *vma, unsigned long addr,
			     pte_t *ptep, pte_t old_pte, pte_t pte,
			     unsigned int nr)
{
	set_ptes(vma->vm_mm, addr, ptep, pte, nr);
}

pte_t ptep_modify_prot_start(struct vm_area_struct *vma, unsigned long addr,
			     pte_t *ptep)
{
	return modify_prot_start_ptes(vma, addr, ptep, 1);
}

void ptep_modify_prot_commit(struct vm_area_struct *vma, unsigned long addr,
			     pte_t *ptep, pte_t old_pte, pte_t pte)
{
	modify_prot_commit_ptes(vma, addr, ptep, old_pte, pte, 1);
}
