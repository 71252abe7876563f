// SPDX-License-Identifier: GPL-2.0-only
/*
 * Access-flag and permission updates of a single entry after a fault
 * (arm64 __ptep_set_access_flags()).
 */
#include <asm/pgtable.h>

/*
 * Make *@ptep at least as permissive as @entry in AF, DIRTY, WRITE and
 * AP[2], and never less: the update is a cmpxchg loop so that a racing
 * hardware A/D update is kept, and AP[2] ends up as the more permissive
 * (lower) of the two.  Returns 0 if the entry already equals @entry.
 * @dirty: the fault was a write, so a stale read-only TLB entry must go.
 */
int __ptep_set_access_flags(struct vm_area_struct *vma, unsigned long addr,
			    pte_t *ptep, pte_t entry, int dirty)
{
	const pteval_t take = PTE_AF | PTE_WRITE | PTE_DIRTY;
	pte_t pte = __ptep_get(ptep);
	pteval_t old, new, seen;

	if (pte_same(pte, entry))
		return 0;

	old = pte_val(pte);
	for (;;) {
		new = old | (pte_val(entry) & take);
		if (!(pte_val(entry) & PTE_RDONLY))
			new &= ~PTE_RDONLY;
		seen = cmpxchg_relaxed(&pte_val(*ptep), old, new);
		if (seen == old)
			break;
		old = seen;
	}

	/*
	 * Only this CPU took the fault; others holding the stale entry fault
	 * spuriously and flush it themselves (v6.19; fault_flush_tlb_page()).
	 */
	if (dirty)
		fault_flush_tlb_page(vma, addr);
	return 1;
}
