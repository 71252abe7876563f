/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 page-table entries: helpers, the private per-entry operations and
 * the public contig-aware API.
 *
 * Two layers, as in the kernel.  The __ptep_*() operations act on single
 * entries and know nothing of the contiguous bit.  The public operations
 * (ptep_get(), set_ptes(), ...) apply and remove PTE_CONT transparently for
 * user address spaces, calling into contpte.c when a block is involved.
 * All public operations except ptep_get_lockless() are called with the PTL
 * held.  PTE_CONT is visible through the getters, so every setter strips it
 * from its input.
 */
#ifndef __ASM_PGTABLE_H
#define __ASM_PGTABLE_H

#include <linux/align.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/mm_types.h>
#include <asm/barrier.h>
#include <asm/cmpxchg.h>
#include <asm/contpte_design.h>
#include <asm/cpufeature.h>
#include <asm/pgalloc.h>
#include <asm/pgtable-geometry.h>
#include <asm/pgtable-prot.h>
#include <asm/tlbflush.h>
#include <generated/contpte_api.h>

/*
 * Upper levels: a pgd_t here is any table descriptor (levels 0-2), whose
 * output address is the next-level table.  There are no block mappings.
 */
#define PMD_TYPE_TABLE		(3UL << 0)

static inline bool pgd_none(pgd_t pgd)
{
	return !pgd_val(pgd);
}

static inline bool pgd_table(pgd_t pgd)
{
	return (pgd_val(pgd) & 3) == PMD_TYPE_TABLE;
}

static inline pgd_t __pgd_table(void *table)
{
	return __pgd(__pa_table(table) | PMD_TYPE_TABLE);
}

/* The next-level table a descriptor points at. */
static inline void *pgd_table_va(pgd_t pgd)
{
	return __va_table(pgd_val(pgd) & GENMASK(51, 12));
}

/* Predicates. */
#define pte_none(pte)		(!pte_val(pte))
#define pte_valid(pte)		(!!(pte_val(pte) & PTE_VALID))
#define pte_present_invalid(pte) \
	((pte_val(pte) & (PTE_VALID | PTE_PRESENT_INVALID)) == PTE_PRESENT_INVALID)
#define pte_present(pte)	(pte_valid(pte) || pte_present_invalid(pte))
#define pte_young(pte)		(!!(pte_val(pte) & PTE_AF))
#define pte_special(pte)	(!!(pte_val(pte) & PTE_SPECIAL))
#define pte_write(pte)		(!!(pte_val(pte) & PTE_WRITE))
#define pte_rdonly(pte)		(!!(pte_val(pte) & PTE_RDONLY))
#define pte_user(pte)		(!!(pte_val(pte) & PTE_USER))
#define pte_user_exec(pte)	(!(pte_val(pte) & PTE_UXN))
#define pte_cont(pte)		(!!(pte_val(pte) & PTE_CONT))
/* Hardware dirty: writable (DBM) and AP[2] cleared by a write. */
#define pte_hw_dirty(pte)	(pte_write(pte) && !pte_rdonly(pte))
#define pte_sw_dirty(pte)	(!!(pte_val(pte) & PTE_DIRTY))
#define pte_dirty(pte)		(pte_sw_dirty(pte) || pte_hw_dirty(pte))
#define pte_valid_cont(pte)	(pte_valid(pte) && pte_cont(pte))
/* PROT_NONE: present but invalid, and neither readable nor runnable by EL0. */
#define pte_protnone(pte)						\
	(pte_present_invalid(pte) && !pte_user(pte) && !pte_user_exec(pte))

/*
 * Could the entry be cached in a TLB?  A valid one can; so can one made
 * invalid but present (PROT_NONE, NUMA hinting) by a gather whose flush
 * has not completed yet.
 */
#define pte_accessible(mm, pte)						\
	(mm_tlb_flush_pending(mm) ? pte_present(pte) : pte_valid(pte))
#define pte_valid_not_user(pte) \
	((pte_val(pte) & (PTE_VALID | PTE_USER)) == PTE_VALID)
#define pte_access_permitted(pte, write) \
	(((pte_val(pte) & (PTE_VALID | PTE_USER)) == (PTE_VALID | PTE_USER)) && \
	 (!(write) || pte_write(pte)))

static inline bool pte_same(pte_t a, pte_t b)
{
	return pte_val(a) == pte_val(b);
}

static inline unsigned long pte_pfn(pte_t pte)
{
	return (pte_val(pte) & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte(((pteval_t)pfn << PAGE_SHIFT & PTE_ADDR_MASK) |
		     (pgprot_val(prot) & ~PTE_ADDR_MASK));
}

/* Everything but the output address. */
static inline pgprot_t pte_pgprot(pte_t pte)
{
	return __pgprot(pte_val(pte) & ~PTE_ADDR_MASK);
}

static inline pte_t pte_advance_pfn(pte_t pte, unsigned long nr)
{
	return pfn_pte(pte_pfn(pte) + nr, pte_pgprot(pte));
}

/*
 * The page a present entry maps.  A swap, migration or marker entry maps
 * none: its offset bits read as a pfn name some other page, or no page
 * (follow_page_pte() and every walker test pte_present() first).
 */
#define pte_page(pte) ({						\
	pte_t __pte = (pte);						\
									\
	WARN_ON(!pte_present(__pte));					\
	pfn_to_page(pte_pfn(__pte));					\
})
#define mk_pte(page, prot)	pfn_pte(page_to_pfn(page), prot)

/*
 * Swap entries: neither valid nor present-invalid, so the walker faults
 * on them and pte_present() says no.  Bits [1:0] and PTE_PRESENT_INVALID
 * (bit 11) stay clear, the type sits in bits [10:6] and the offset from
 * bit 12 up, arm64's layout.  The offset of a migration entry is a pfn,
 * of a swap entry a slot of the swap device, both far below the bit
 * PTE_CONT would occupy; set_ptes() strips PTE_CONT
 * from whatever it writes, and contpte_set_ptes() warns of an invalid
 * entry that carries it.
 */
typedef struct { unsigned long val; } swp_entry_t;

#define __SWP_TYPE_SHIFT	6
#define __SWP_TYPE_BITS		5
#define __SWP_TYPE_MASK		((1UL << __SWP_TYPE_BITS) - 1)
#define __SWP_OFFSET_SHIFT	12
#define __SWP_OFFSET_BITS	50
#define __SWP_OFFSET_MASK	((1UL << __SWP_OFFSET_BITS) - 1)

static inline unsigned long __swp_type(swp_entry_t e)
{
	return (e.val >> __SWP_TYPE_SHIFT) & __SWP_TYPE_MASK;
}

static inline unsigned long __swp_offset(swp_entry_t e)
{
	return (e.val >> __SWP_OFFSET_SHIFT) & __SWP_OFFSET_MASK;
}

static inline swp_entry_t __swp_entry(unsigned long type, unsigned long off)
{
	return (swp_entry_t){ (type & __SWP_TYPE_MASK) << __SWP_TYPE_SHIFT |
			      (off & __SWP_OFFSET_MASK) << __SWP_OFFSET_SHIFT };
}

static inline swp_entry_t __pte_to_swp_entry(pte_t pte)
{
	return (swp_entry_t){ pte_val(pte) };
}

static inline pte_t __swp_entry_to_pte(swp_entry_t e)
{
	return __pte(e.val);
}

/*
 * A swap entry's own bit beside the entry (arm64's PTE_SWP_EXCLUSIVE, bit
 * 2): the page it stands for was exclusive to this mm when it was
 * unmapped, so swap-in may map it writable without checking.
 */
#define PTE_SWP_EXCLUSIVE	BIT(2)

static inline pte_t pte_swp_mkexclusive(pte_t pte)
{
	return __pte(pte_val(pte) | PTE_SWP_EXCLUSIVE);
}

static inline bool pte_swp_exclusive(pte_t pte)
{
	return pte_val(pte) & PTE_SWP_EXCLUSIVE;
}

static inline pte_t pte_swp_clear_exclusive(pte_t pte)
{
	return __pte(pte_val(pte) & ~PTE_SWP_EXCLUSIVE);
}

/*
 * userfaultfd write-protection kept in a swap or migration entry (arm64's
 * PTE_SWP_UFFD_WP, bit 3, from "arm64/mm: Add uffd write-protect
 * support"): the entry that comes back is write-protected again.
 */
#define PTE_SWP_UFFD_WP		BIT(3)

static inline pte_t pte_swp_mkuffd_wp(pte_t pte)
{
	return __pte(pte_val(pte) | PTE_SWP_UFFD_WP);
}

static inline bool pte_swp_uffd_wp(pte_t pte)
{
	return pte_val(pte) & PTE_SWP_UFFD_WP;
}

static inline pte_t pte_swp_clear_uffd_wp(pte_t pte)
{
	return __pte(pte_val(pte) & ~PTE_SWP_UFFD_WP);
}

/* Modifiers. */
static inline pte_t clear_pte_bit(pte_t pte, pgprot_t prot)
{
	return __pte(pte_val(pte) & ~pgprot_val(prot));
}

static inline pte_t set_pte_bit(pte_t pte, pgprot_t prot)
{
	return __pte(pte_val(pte) | pgprot_val(prot));
}

static inline pte_t pte_mkclean(pte_t pte)
{
	pte = clear_pte_bit(pte, __pgprot(PTE_DIRTY));
	return set_pte_bit(pte, __pgprot(PTE_RDONLY));
}

/* A dirty entry is only hardware-writable if it was writable already. */
static inline pte_t pte_mkdirty(pte_t pte)
{
	pte = set_pte_bit(pte, __pgprot(PTE_DIRTY));
	if (pte_write(pte))
		pte = clear_pte_bit(pte, __pgprot(PTE_RDONLY));
	return pte;
}

/* Keep hardware dirtiness as PTE_DIRTY: AP[2] is about to be set. */
static inline pte_t pte_wrprotect(pte_t pte)
{
	if (pte_hw_dirty(pte))
		pte = set_pte_bit(pte, __pgprot(PTE_DIRTY));
	pte = clear_pte_bit(pte, __pgprot(PTE_WRITE));
	return set_pte_bit(pte, __pgprot(PTE_RDONLY));
}

/* Writable-clean unless already dirty: the first write sets hw dirty. */
static inline pte_t pte_mkwrite_novma(pte_t pte)
{
	pte = set_pte_bit(pte, __pgprot(PTE_WRITE));
	if (pte_sw_dirty(pte))
		pte = clear_pte_bit(pte, __pgprot(PTE_RDONLY));
	return pte;
}

/*
 * userfaultfd write-protection of a present entry (pte_mkuffd_wp(), arm64
 * v6.10 on): the software bit PTE_UFFD_WP and no write permission, so
 * that neither the hardware (DBM) nor a write fault can make it writable
 * until the monitor resolves it.  Clearing the bit leaves the permission
 * alone: whoever resolves decides whether the entry becomes writable.
 */
static inline bool pte_uffd_wp(pte_t pte)
{
	return pte_val(pte) & PTE_UFFD_WP;
}

static inline pte_t pte_mkuffd_wp(pte_t pte)
{
	return pte_wrprotect(set_pte_bit(pte, __pgprot(PTE_UFFD_WP)));
}

static inline pte_t pte_clear_uffd_wp(pte_t pte)
{
	return clear_pte_bit(pte, __pgprot(PTE_UFFD_WP));
}

static inline pte_t pte_mkold(pte_t pte)
{
	return clear_pte_bit(pte, __pgprot(PTE_AF));
}

static inline pte_t pte_mkyoung(pte_t pte)
{
	return set_pte_bit(pte, __pgprot(PTE_AF));
}

static inline pte_t pte_mkspecial(pte_t pte)
{
	return set_pte_bit(pte, __pgprot(PTE_SPECIAL));
}

/*
 * Also makes the entry a valid page descriptor, as the kernel's does (it
 * serves kernel mappings too): never apply it to a non-valid entry.
 */
static inline pte_t pte_mkcont(pte_t pte)
{
	pte = set_pte_bit(pte, __pgprot(PTE_CONT));
	return set_pte_bit(pte, __pgprot(PTE_TYPE_PAGE));
}

static inline pte_t pte_mknoncont(pte_t pte)
{
	return clear_pte_bit(pte, __pgprot(PTE_CONT));
}

/*
 * Apply the permission and type fields of @newprot.  Hardware dirtiness is
 * moved to PTE_DIRTY first so that a newly read-only entry keeps it, and a
 * dirty entry that stays writable is made hardware-dirty again.
 */
static inline pte_t pte_modify(pte_t pte, pgprot_t newprot)
{
	const pteval_t mask = PTE_USER | PTE_PXN | PTE_UXN | PTE_RDONLY |
			      PTE_PRESENT_INVALID | PTE_VALID | PTE_WRITE |
			      PTE_GP | PTE_ATTRINDX_MASK;

	if (pte_hw_dirty(pte))
		pte = set_pte_bit(pte, __pgprot(PTE_DIRTY));
	pte = __pte((pte_val(pte) & ~mask) | (pgprot_val(newprot) & mask));
	if (pte_sw_dirty(pte))
		pte = pte_mkdirty(pte);
	return pte;
}

/*
 * Private, per-entry operations.  Every read-modify-write is a cmpxchg loop
 * so that a racing hardware A/D update is never overwritten (Catalin
 * Marinas, HAFDBS enablement, 2015).  The batch loops are the kernel's:
 * they take nr >= 1 and run on while --nr is not zero, so a caller that
 * passes 0 walks off the table as it would in the kernel ("mm: arm64: Fix
 * the out-of-bounds issue in contpte_clear_young_dirty_ptes", May 2024).
 */
static inline pte_t __ptep_get(pte_t *ptep)
{
	return READ_ONCE(*ptep);
}

static inline void __set_pte(pte_t *ptep, pte_t pte)
{
	WRITE_ONCE(*ptep, pte);
	/*
	 * Kernel mappings are used without a fault to serialise on, so the
	 * store must be visible to the walker before the next access.
	 */
	if (pte_valid_not_user(pte)) {
		dsb(ishst);
		isb();
	}
}

/*
 * pgattr_change_is_safe() (arch/arm64/mm/mmu.c): what a live entry may
 * change without break-before-make.  Making or taking down an entry
 * always; otherwise the same output address, no contiguous bit on either
 * side, no non-global entry made global, and nothing but the permission
 * bits, nG and the software bits changed.  (The kernel also lets Normal
 * memory become Normal-Tagged: the model has no MTE, so no Tagged type.)
 */
static inline bool pgattr_change_is_safe(u64 old, u64 new)
{
	pteval_t mask = PTE_PXN | PTE_RDONLY | PTE_WRITE | PTE_NG |
			PTE_SWBITS_MASK;

	if (!pte_valid(__pte(old)) || !pte_valid(__pte(new)))
		return true;
	if (pte_pfn(__pte(old)) != pte_pfn(__pte(new)))
		return false;
	if ((old | new) & PTE_CONT)
		return false;
	if (old & ~new & PTE_NG)
		return false;
	return ((old ^ new) & ~mask) == 0;
}

/*
 * __check_safe_pte_update(), CONFIG_DEBUG_VM (on in the model): a plain
 * store over a valid entry races with the hardware's Access flag and
 * dirty updates, which only a cmpxchg (__ptep_set_access_flags()) or a
 * break (get-and-clear, then set) keeps, so the new entry must not be old,
 * must be dirty if the old one was writable, and must be a change
 * pgattr_change_is_safe() allows.  The kernel skips an mm that is not
 * the current task's and has at most one user; the model has no current
 * task and checks every mm's stores, which only adds the case of a
 * single-threaded process's entry stored to from another context, where
 * the process may run on another CPU and the race is as real.  The old
 * entry is read without a machine event: a debug build's look, which
 * nothing orders against, so it is neither counted nor a scheduling point.
 */
static inline void __check_safe_pte_update(struct mm_struct *mm, pte_t *ptep,
					   pte_t pte)
{
	pte_t old = __pte(__atomic_load_n(&pte_val(*ptep), __ATOMIC_RELAXED));

	if (!pte_valid(old) || !pte_valid(pte))
		return;
	VM_WARN_ONCE(!pte_young(pte), "__check_safe_pte_update: "
		     "racy access flag clearing");
	VM_WARN_ONCE(pte_write(old) && !pte_dirty(pte),
		     "__check_safe_pte_update: racy dirty state clearing");
	VM_WARN_ONCE(!pgattr_change_is_safe(pte_val(old), pte_val(pte)),
		     "__check_safe_pte_update: unsafe attribute change");
}

static inline void __set_ptes(struct mm_struct *mm, unsigned long addr,
			      pte_t *ptep, pte_t pte, unsigned int nr)
{
	for (;;) {
		__check_safe_pte_update(mm, ptep, pte);
		__set_pte(ptep, pte);
		if (--nr == 0)
			break;
		ptep++;
		pte = pte_advance_pfn(pte, 1);
	}
}

static inline void __pte_clear(struct mm_struct *mm, unsigned long addr,
			       pte_t *ptep)
{
	__set_pte(ptep, __pte(0));
}

static inline pte_t __ptep_get_and_clear(struct mm_struct *mm,
					 unsigned long addr, pte_t *ptep)
{
	return __pte(xchg_relaxed(&pte_val(*ptep), 0));
}

static inline void __clear_full_ptes(struct mm_struct *mm, unsigned long addr,
				     pte_t *ptep, unsigned int nr, int full)
{
	for (;;) {
		__ptep_get_and_clear(mm, addr, ptep);
		if (--nr == 0)
			break;
		ptep++;
		addr += PAGE_SIZE;
	}
}

/* Clear @nr entries; return the first with the others' A/D ORed in. */
static inline pte_t __get_and_clear_full_ptes(struct mm_struct *mm,
					      unsigned long addr, pte_t *ptep,
					      unsigned int nr, int full)
{
	pte_t pte = __ptep_get_and_clear(mm, addr, ptep), tmp;

	while (--nr) {
		ptep++;
		addr += PAGE_SIZE;
		tmp = __ptep_get_and_clear(mm, addr, ptep);
		if (pte_dirty(tmp))
			pte = pte_mkdirty(pte);
		if (pte_young(tmp))
			pte = pte_mkyoung(pte);
	}
	return pte;
}

static inline int __ptep_test_and_clear_young(struct vm_area_struct *vma,
					      unsigned long addr, pte_t *ptep)
{
	pte_t old = __ptep_get(ptep), seen;

	for (;;) {
		seen = __pte(cmpxchg_relaxed(&pte_val(*ptep), pte_val(old),
					     pte_val(pte_mkold(old))));
		if (pte_same(seen, old))
			return pte_young(old);
		old = seen;
	}
}

/*
 * No DSB after the TLBI: the worst a CPU still using a young entry can do
 * is make reclaim mistake the page for old, and the next context switch
 * completes the invalidation anyway.
 */
static inline int __ptep_clear_flush_young(struct vm_area_struct *vma,
					   unsigned long addr, pte_t *ptep)
{
	int young = __ptep_test_and_clear_young(vma, addr, ptep);

	if (young)
		flush_tlb_page_nosync(vma, addr);
	return young;
}

/* @pte is the value expected in *@ptep; the loop copes if it is not. */
static inline void ___ptep_set_wrprotect(struct mm_struct *mm,
					 unsigned long addr, pte_t *ptep,
					 pte_t pte)
{
	pte_t seen;

	for (;;) {
		seen = __pte(cmpxchg_relaxed(&pte_val(*ptep), pte_val(pte),
					     pte_val(pte_wrprotect(pte))));
		if (pte_same(seen, pte))
			return;
		pte = seen;
	}
}

static inline void __ptep_set_wrprotect(struct mm_struct *mm,
					unsigned long addr, pte_t *ptep)
{
	___ptep_set_wrprotect(mm, addr, ptep, __ptep_get(ptep));
}

static inline void __wrprotect_ptes(struct mm_struct *mm, unsigned long addr,
				    pte_t *ptep, unsigned int nr)
{
	for (; nr; nr--, ptep++, addr += PAGE_SIZE)
		__ptep_set_wrprotect(mm, addr, ptep);
}

static inline void __clear_young_dirty_pte(struct vm_area_struct *vma,
					   unsigned long addr, pte_t *ptep,
					   pte_t pte, cydp_t flags)
{
	pte_t new, seen;

	for (;;) {
		new = pte;
		if (flags & CYDP_CLEAR_YOUNG)
			new = pte_mkold(new);
		if (flags & CYDP_CLEAR_DIRTY)
			new = pte_mkclean(new);
		seen = __pte(cmpxchg_relaxed(&pte_val(*ptep), pte_val(pte),
					     pte_val(new)));
		if (pte_same(seen, pte))
			return;
		pte = seen;
	}
}

/*
 * Clearing both young and dirty is a plain read-then-store, as upstream
 * (MADV_FREE): an A/D update landing in between is overwritten.  Clearing
 * one of them races with the hardware through a cmpxchg loop.
 */
static inline void __clear_young_dirty_ptes(struct vm_area_struct *vma,
					    unsigned long addr, pte_t *ptep,
					    unsigned int nr, cydp_t flags)
{
	pte_t pte;

	for (;;) {
		pte = __ptep_get(ptep);
		if (flags == (CYDP_CLEAR_YOUNG | CYDP_CLEAR_DIRTY))
			__set_pte(ptep, pte_mkclean(pte_mkold(pte)));
		else
			__clear_young_dirty_pte(vma, addr, ptep, pte, flags);
		if (--nr == 0)
			break;
		ptep++;
		addr += PAGE_SIZE;
	}
}

/*
 * Entries a fault maps around the faulting one start old when the
 * hardware sets the Access flag on first use, at no cost (as arm64's
 * arch_wants_old_prefaulted_pte()): reclaim then sees which were used.
 */
static inline bool arch_wants_old_prefaulted_pte(void)
{
	return cpu_has_hw_af();
}

/* arch/arm64/mm/fault.c */
int __ptep_set_access_flags(struct vm_area_struct *vma, unsigned long addr,
			    pte_t *ptep, pte_t entry, int dirty);

/*
 * The invalidations after ptep_set_access_flags() made an entry dirty
 * (the fault path's): this CPU's TLB only since "arm64, tlbflush: don't
 * TLBI broadcast if page reused in write fault" (v6.19), other CPUs
 * holding the old entry recovering through a spurious fault; every CPU's
 * before it, which --design fault-flush=broadcast models.  A kernel
 * contpte.c of v6.18 or older flushes its blocks broadcast itself.
 */
static inline void local_flush_tlb_contpte(struct vm_area_struct *vma,
					   unsigned long addr)
{
	addr = ALIGN_DOWN(addr, CONT_PTE_SIZE);
	if (contpte_design.fault_flush == FAULT_FLUSH_BROADCAST)
		__flush_tlb_range(vma, addr, addr + CONT_PTE_SIZE, PAGE_SIZE,
				  true, 3);
	else
		local_flush_tlb_range(vma, addr, addr + CONT_PTE_SIZE, 3);
}

static inline void fault_flush_tlb_page(struct vm_area_struct *vma,
					unsigned long addr)
{
	if (contpte_design.fault_flush == FAULT_FLUSH_BROADCAST)
		flush_tlb_page(vma, addr);
	else
		local_flush_tlb_page(vma, addr);
}

/*
 * A write fault that finds its entry as it wants it: only a stale entry
 * of this CPU's TLB can have faulted.  With the local fault flush, the
 * other CPUs' stale entries end here (v6.19 drops this CPU's).  Up to
 * v6.18 every such invalidation was broadcast, and arm64 defined this
 * empty: a stale entry left by a missing invalidation faults again for
 * ever.
 */
static inline void flush_tlb_fix_spurious_fault(struct vm_area_struct *vma,
						unsigned long addr,
						pte_t *ptep)
{
	if (contpte_design.fault_flush == FAULT_FLUSH_LOCAL)
		local_flush_tlb_page(vma, addr);
}

/* arch/arm64/mm/contpte.c: the contpte layer proper. */
void __contpte_try_fold(struct mm_struct *mm, unsigned long addr,
			pte_t *ptep, pte_t pte);
void __contpte_try_unfold(struct mm_struct *mm, unsigned long addr,
			  pte_t *ptep, pte_t pte);
pte_t contpte_ptep_get(pte_t *ptep, pte_t orig_pte);
pte_t contpte_ptep_get_lockless(pte_t *orig_ptep);
void contpte_set_ptes(struct mm_struct *mm, unsigned long addr, pte_t *ptep,
		      pte_t pte, unsigned int nr);
void contpte_clear_full_ptes(struct mm_struct *mm, unsigned long addr,
			     pte_t *ptep, unsigned int nr, int full);
pte_t contpte_get_and_clear_full_ptes(struct mm_struct *mm,
				      unsigned long addr, pte_t *ptep,
				      unsigned int nr, int full);
/*
 * The young-clearing API has generations, told apart by what the contpte.c
 * built in defines (scripts/contpte-api writes <generated/contpte_api.h>
 * from the file): v6.9 to v6.12 clear one entry's block at a time and
 * return int; mainline batches nr entries (for "mm: rmap: support batched
 * checks of the references for large folios") and returns bool.  Each is
 * declared with the return type the file gives it.
 */
#ifdef CONTPTE_API_PTEP_TEST_AND_CLEAR_YOUNG
CONTPTE_API_PTEP_TEST_AND_CLEAR_YOUNG
contpte_ptep_test_and_clear_young(struct vm_area_struct *vma,
				  unsigned long addr, pte_t *ptep);
#endif
#ifdef CONTPTE_API_PTEP_CLEAR_FLUSH_YOUNG
CONTPTE_API_PTEP_CLEAR_FLUSH_YOUNG
contpte_ptep_clear_flush_young(struct vm_area_struct *vma,
			       unsigned long addr, pte_t *ptep);
#endif
#ifdef CONTPTE_API_TEST_AND_CLEAR_YOUNG_PTES
CONTPTE_API_TEST_AND_CLEAR_YOUNG_PTES
contpte_test_and_clear_young_ptes(struct vm_area_struct *vma,
				  unsigned long addr, pte_t *ptep,
				  unsigned int nr);
#endif
#ifdef CONTPTE_API_CLEAR_FLUSH_YOUNG_PTES
CONTPTE_API_CLEAR_FLUSH_YOUNG_PTES
contpte_clear_flush_young_ptes(struct vm_area_struct *vma,
			       unsigned long addr, pte_t *ptep,
			       unsigned int nr);
#endif
void contpte_wrprotect_ptes(struct mm_struct *mm, unsigned long addr,
			    pte_t *ptep, unsigned int nr);
/* Since v6.10; before it core-mm cleared entry by entry. */
#ifdef CONTPTE_API_CLEAR_YOUNG_DIRTY_PTES
void contpte_clear_young_dirty_ptes(struct vm_area_struct *vma,
				    unsigned long addr, pte_t *ptep,
				    unsigned int nr, cydp_t flags);
#endif
int contpte_ptep_set_access_flags(struct vm_area_struct *vma,
				  unsigned long addr, pte_t *ptep,
				  pte_t entry, int dirty);

/* arch/arm64/mm/contpte_designs.c: the alternatives argued about on linux-mm. */
pte_t contpte_ptep_get_and_clear_full_v2(struct mm_struct *mm,
					 unsigned long addr, pte_t *ptep);
int contpte_ptep_set_access_flags_gathered(struct vm_area_struct *vma,
					   unsigned long addr, pte_t *ptep,
					   pte_t entry, int dirty);
int ptep_set_access_flags_generic(struct vm_area_struct *vma,
				  unsigned long addr, pte_t *ptep,
				  pte_t entry, int dirty);

/*
 * Fold only when the last entry of a block is written: core-mm mostly
 * fills ranges from low to high, so the block is then likely complete.
 * Both the VA and the PFN must be the last of an aligned group.
 */
static __always_inline void contpte_try_fold(struct mm_struct *mm,
					     unsigned long addr, pte_t *ptep,
					     pte_t pte)
{
	const unsigned long last = CONT_PTES - 1;

	if (((addr >> PAGE_SHIFT) & last) == last &&
	    (pte_pfn(pte) & last) == last &&
	    pte_valid(pte) && !pte_cont(pte) && !pte_special(pte))
		__contpte_try_fold(mm, addr, ptep, pte);
}

static __always_inline void contpte_try_unfold(struct mm_struct *mm,
					       unsigned long addr,
					       pte_t *ptep, pte_t pte)
{
	if (unlikely(pte_valid_cont(pte)))
		__contpte_try_unfold(mm, addr, ptep, pte);
}

/* The end of the block containing @addr, or @end if that comes first. */
#define pte_cont_addr_end(addr, end) ({					\
	unsigned long __boundary = ((addr) + CONT_PTE_SIZE) & CONT_PTE_MASK; \
	(__boundary - 1 < (end) - 1) ? __boundary : (end);		\
})

/* How many entries, from @ptep on, core-mm may treat as one batch. */
static inline unsigned int pte_batch_hint(pte_t *ptep, pte_t pte)
{
	if (!pte_valid_cont(pte))
		return 1;
	return CONT_PTES - (((unsigned long)ptep >> 3) & (CONT_PTES - 1));
}

/*
 * The public, contig-aware API.  With contpte=off each public name acts
 * as its __ variant, as the kernel built without ARM64_CONTPTE maps it
 * (the #else branch of arm64's pgtable.h): PTE_CONT is never set, and no
 * check for it costs anything.
 */
static inline pte_t ptep_get(pte_t *ptep)
{
	pte_t pte;

	if (contpte_design.no_contpte)
		return __ptep_get(ptep);
	pte = __ptep_get(ptep);
	if (likely(!pte_valid_cont(pte)))
		return pte;
	return contpte_ptep_get(ptep, pte);
}

/* The only public getter that may run without the PTL. */
static inline pte_t ptep_get_lockless(pte_t *ptep)
{
	pte_t pte;

	switch (contpte_design.lockless) {
	case LOCKLESS_WRAP_PTEP_GET:
		return ptep_get(ptep);
	case LOCKLESS_RAW:
	case LOCKLESS_NORECENCY:
		return __ptep_get(ptep);
	default:
		pte = __ptep_get(ptep);
		if (likely(!pte_valid_cont(pte)))
			return pte;
		return contpte_ptep_get_lockless(ptep);
	}
}

/* Not for core-mm: without mm and addr it cannot unfold a block. */
static inline void set_pte(pte_t *ptep, pte_t pte)
{
	if (contpte_design.no_contpte) {
		__set_pte(ptep, pte);
		return;
	}
	WARN_ON_ONCE(pte_valid_cont(__ptep_get(ptep)));
	__set_pte(ptep, pte_mknoncont(pte));
}

/*
 * nr > 1 maps consecutive pages of one folio onto entries that are not
 * present (the set_ptes() contract), so no unfold is ever needed there.
 */
static __always_inline void set_ptes(struct mm_struct *mm, unsigned long addr,
				     pte_t *ptep, pte_t pte, unsigned int nr)
{
	if (contpte_design.no_contpte) {
		__set_ptes(mm, addr, ptep, pte, nr);
		return;
	}
	pte = pte_mknoncont(pte);
	if (likely(nr == 1)) {
		contpte_try_unfold(mm, addr, ptep, __ptep_get(ptep));
		__set_ptes(mm, addr, ptep, pte, 1);
		contpte_try_fold(mm, addr, ptep, pte);
	} else {
		contpte_set_ptes(mm, addr, ptep, pte, nr);
	}
}

static inline void pte_clear(struct mm_struct *mm, unsigned long addr,
			     pte_t *ptep)
{
	if (contpte_design.no_contpte) {
		__pte_clear(mm, addr, ptep);
		return;
	}
	contpte_try_unfold(mm, addr, ptep, __ptep_get(ptep));
	__pte_clear(mm, addr, ptep);
}

static inline void clear_full_ptes(struct mm_struct *mm, unsigned long addr,
				   pte_t *ptep, unsigned int nr, int full)
{
	if (contpte_design.no_contpte) {
		__clear_full_ptes(mm, addr, ptep, nr, full);
		return;
	}
	if (likely(nr == 1)) {
		contpte_try_unfold(mm, addr, ptep, __ptep_get(ptep));
		__clear_full_ptes(mm, addr, ptep, nr, full);
	} else {
		contpte_clear_full_ptes(mm, addr, ptep, nr, full);
	}
}

static inline pte_t get_and_clear_full_ptes(struct mm_struct *mm,
					    unsigned long addr, pte_t *ptep,
					    unsigned int nr, int full)
{
	if (contpte_design.no_contpte)
		return __get_and_clear_full_ptes(mm, addr, ptep, nr, full);
	if (likely(nr == 1)) {
		contpte_try_unfold(mm, addr, ptep, __ptep_get(ptep));
		return __get_and_clear_full_ptes(mm, addr, ptep, nr, full);
	}
	return contpte_get_and_clear_full_ptes(mm, addr, ptep, nr, full);
}

static inline pte_t get_and_clear_ptes(struct mm_struct *mm,
				       unsigned long addr, pte_t *ptep,
				       unsigned int nr)
{
	return get_and_clear_full_ptes(mm, addr, ptep, nr, 0);
}

static inline void clear_ptes(struct mm_struct *mm, unsigned long addr,
			      pte_t *ptep, unsigned int nr)
{
	clear_full_ptes(mm, addr, ptep, nr, 0);
}

static inline pte_t ptep_get_and_clear(struct mm_struct *mm,
				       unsigned long addr, pte_t *ptep)
{
	if (contpte_design.no_contpte)
		return __ptep_get_and_clear(mm, addr, ptep);
	contpte_try_unfold(mm, addr, ptep, __ptep_get(ptep));
	return __ptep_get_and_clear(mm, addr, ptep);
}

/*
 * Upstream arm64 has no ptep_get_and_clear_full(); the generic one unfolds
 * through ptep_get_and_clear().  teardown=full selects the v2 proposal that
 * clears a block's entries one by one without unfolding.
 */
static inline pte_t ptep_get_and_clear_full(struct mm_struct *mm,
					    unsigned long addr, pte_t *ptep,
					    int full)
{
	if (contpte_design.teardown == TEARDOWN_FULL && full)
		return contpte_ptep_get_and_clear_full_v2(mm, addr, ptep);
	return ptep_get_and_clear(mm, addr, ptep);
}

static inline int ptep_test_and_clear_young(struct vm_area_struct *vma,
					    unsigned long addr, pte_t *ptep)
{
	pte_t orig_pte;

	if (contpte_design.no_contpte)
		return __ptep_test_and_clear_young(vma, addr, ptep);
	orig_pte = __ptep_get(ptep);
	if (likely(!pte_valid_cont(orig_pte)))
		return __ptep_test_and_clear_young(vma, addr, ptep);
#ifdef CONTPTE_API_TEST_AND_CLEAR_YOUNG_PTES
	return contpte_test_and_clear_young_ptes(vma, addr, ptep, 1);
#else
	return contpte_ptep_test_and_clear_young(vma, addr, ptep);
#endif
}

static inline int ptep_clear_flush_young(struct vm_area_struct *vma,
					 unsigned long addr, pte_t *ptep)
{
	pte_t orig_pte;

	if (contpte_design.no_contpte)
		return __ptep_clear_flush_young(vma, addr, ptep);
	orig_pte = __ptep_get(ptep);
	if (likely(!pte_valid_cont(orig_pte)))
		return __ptep_clear_flush_young(vma, addr, ptep);
#ifdef CONTPTE_API_CLEAR_FLUSH_YOUNG_PTES
	return contpte_clear_flush_young_ptes(vma, addr, ptep, 1);
#else
	return contpte_ptep_clear_flush_young(vma, addr, ptep);
#endif
}

/* Without it in contpte.c, <linux/pgtable.h> loops over the entries. */
#ifdef CONTPTE_API_CLEAR_FLUSH_YOUNG_PTES
static inline int clear_flush_young_ptes(struct vm_area_struct *vma,
					 unsigned long addr, pte_t *ptep,
					 unsigned int nr)
{
	if (likely(nr == 1 && !pte_cont(__ptep_get(ptep))))
		return __ptep_clear_flush_young(vma, addr, ptep);
	return contpte_clear_flush_young_ptes(vma, addr, ptep, nr);
}
#endif

/*
 * nr == 1 is fork()'s order-0 path: the entry is present, so the cont bit
 * alone decides the unfold, and the value read serves the cmpxchg loop.
 */
static __always_inline void wrprotect_ptes(struct mm_struct *mm,
					   unsigned long addr, pte_t *ptep,
					   unsigned int nr)
{
	pte_t orig_pte;

	if (contpte_design.no_contpte) {
		__wrprotect_ptes(mm, addr, ptep, nr);
		return;
	}
	if (likely(nr == 1)) {
		orig_pte = __ptep_get(ptep);
		if (unlikely(pte_cont(orig_pte))) {
			__contpte_try_unfold(mm, addr, ptep, orig_pte);
			orig_pte = pte_mknoncont(orig_pte);
		}
		___ptep_set_wrprotect(mm, addr, ptep, orig_pte);
	} else {
		contpte_wrprotect_ptes(mm, addr, ptep, nr);
	}
}

static inline void ptep_set_wrprotect(struct mm_struct *mm,
				      unsigned long addr, pte_t *ptep)
{
	wrprotect_ptes(mm, addr, ptep, 1);
}

static inline int ptep_set_access_flags(struct vm_area_struct *vma,
					unsigned long addr, pte_t *ptep,
					pte_t entry, int dirty)
{
	pte_t orig_pte;

	if (contpte_design.no_contpte)
		return __ptep_set_access_flags(vma, addr, ptep, entry, dirty);
	orig_pte = __ptep_get(ptep);
	entry = pte_mknoncont(entry);
	switch (contpte_design.access_flags) {
	case ACCESS_FLAGS_GENERIC:
		return ptep_set_access_flags_generic(vma, addr, ptep, entry,
						     dirty);
	case ACCESS_FLAGS_GATHERED:
		if (pte_valid_cont(orig_pte))
			return contpte_ptep_set_access_flags_gathered(vma, addr,
					ptep, entry, dirty);
		break;
	default:
		if (pte_valid_cont(orig_pte))
			return contpte_ptep_set_access_flags(vma, addr, ptep,
							     entry, dirty);
		break;
	}
	return __ptep_set_access_flags(vma, addr, ptep, entry, dirty);
}

/* Without it in contpte.c, <linux/pgtable.h> loops over the entries. */
#ifdef CONTPTE_API_CLEAR_YOUNG_DIRTY_PTES
static inline void clear_young_dirty_ptes(struct vm_area_struct *vma,
					  unsigned long addr, pte_t *ptep,
					  unsigned int nr, cydp_t flags)
{
	if (contpte_design.no_contpte) {
		__clear_young_dirty_ptes(vma, addr, ptep, nr, flags);
		return;
	}
	if (likely(nr == 1 && !pte_cont(__ptep_get(ptep))))
		__clear_young_dirty_ptes(vma, addr, ptep, nr, flags);
	else
		contpte_clear_young_dirty_ptes(vma, addr, ptep, nr, flags);
}
#endif

/* arch/arm64/mm/mmu.c: mprotect's transaction over a batch of entries. */
pte_t modify_prot_start_ptes(struct vm_area_struct *vma, unsigned long addr,
			     pte_t *ptep, unsigned int nr);
void modify_prot_commit_ptes(struct vm_area_struct *vma, unsigned long addr,
			     pte_t *ptep, pte_t old_pte, pte_t pte,
			     unsigned int nr);
pte_t ptep_modify_prot_start(struct vm_area_struct *vma, unsigned long addr,
			     pte_t *ptep);
void ptep_modify_prot_commit(struct vm_area_struct *vma, unsigned long addr,
			     pte_t *ptep, pte_t old_pte, pte_t pte);

/*
 * Every inline operation above, called from outside this header (from
 * contpte.c, a kernel tree's contpte.c, core-mm), records its call site
 * as the call in progress on this CPU (hw/site.h): a report names the
 * kernel function that made an access and the calls that led to it.
 * Defined after all the definitions, so calls inside this header do not
 * add frames.
 */
#define __ptep_get(...)	HW_CALL(__ptep_get, __VA_ARGS__)
#define __ptep_get_and_clear(...)	HW_CALL(__ptep_get_and_clear, __VA_ARGS__)
#define __get_and_clear_full_ptes(...)	HW_CALL(__get_and_clear_full_ptes, __VA_ARGS__)
#define __ptep_test_and_clear_young(...)	HW_CALL(__ptep_test_and_clear_young, __VA_ARGS__)
#define __ptep_clear_flush_young(...)	HW_CALL(__ptep_clear_flush_young, __VA_ARGS__)
#define ptep_get(...)	HW_CALL(ptep_get, __VA_ARGS__)
#define ptep_get_lockless(...)	HW_CALL(ptep_get_lockless, __VA_ARGS__)
#define get_and_clear_full_ptes(...)	HW_CALL(get_and_clear_full_ptes, __VA_ARGS__)
#define get_and_clear_ptes(...)	HW_CALL(get_and_clear_ptes, __VA_ARGS__)
#define ptep_get_and_clear(...)	HW_CALL(ptep_get_and_clear, __VA_ARGS__)
#define ptep_get_and_clear_full(...)	HW_CALL(ptep_get_and_clear_full, __VA_ARGS__)
#define ptep_test_and_clear_young(...)	HW_CALL(ptep_test_and_clear_young, __VA_ARGS__)
#define ptep_clear_flush_young(...)	HW_CALL(ptep_clear_flush_young, __VA_ARGS__)
#define ptep_set_access_flags(...)	HW_CALL(ptep_set_access_flags, __VA_ARGS__)
#define __set_ptes(...)	HW_CALL_VOID(__set_ptes, __VA_ARGS__)
#define __pte_clear(...)	HW_CALL_VOID(__pte_clear, __VA_ARGS__)
#define __clear_full_ptes(...)	HW_CALL_VOID(__clear_full_ptes, __VA_ARGS__)
#define ___ptep_set_wrprotect(...)	HW_CALL_VOID(___ptep_set_wrprotect, __VA_ARGS__)
#define __ptep_set_wrprotect(...)	HW_CALL_VOID(__ptep_set_wrprotect, __VA_ARGS__)
#define __wrprotect_ptes(...)	HW_CALL_VOID(__wrprotect_ptes, __VA_ARGS__)
#define __clear_young_dirty_ptes(...)	HW_CALL_VOID(__clear_young_dirty_ptes, __VA_ARGS__)
#define local_flush_tlb_contpte(...)	HW_CALL_VOID(local_flush_tlb_contpte, __VA_ARGS__)
#define contpte_try_fold(...)	HW_CALL_VOID(contpte_try_fold, __VA_ARGS__)
#define contpte_try_unfold(...)	HW_CALL_VOID(contpte_try_unfold, __VA_ARGS__)
#define set_pte(...)	HW_CALL_VOID(set_pte, __VA_ARGS__)
#define set_ptes(...)	HW_CALL_VOID(set_ptes, __VA_ARGS__)
#define pte_clear(...)	HW_CALL_VOID(pte_clear, __VA_ARGS__)
#define clear_full_ptes(...)	HW_CALL_VOID(clear_full_ptes, __VA_ARGS__)
#define clear_ptes(...)	HW_CALL_VOID(clear_ptes, __VA_ARGS__)
#define wrprotect_ptes(...)	HW_CALL_VOID(wrprotect_ptes, __VA_ARGS__)
#define ptep_set_wrprotect(...)	HW_CALL_VOID(ptep_set_wrprotect, __VA_ARGS__)

#endif /* __ASM_PGTABLE_H */
