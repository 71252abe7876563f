// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect(): change_pte_range() takes each batch of entries out with
 * modify_prot_start_ptes() (A/D gathered, partial blocks unfolded), applies
 * the new protection with pte_modify() and writes the batch back with
 * modify_prot_commit_ptes(); one range invalidation follows the walk.
 * Private pages are made writable straight away only when every page of
 * the batch is exclusive to this mm, as can_change_pte_writable() allows.
 * NUMA hinting (mm/numa.c) goes through the same walk to PROT_NONE, and
 * UFFDIO_WRITEPROTECT (mm/userfaultfd.c) to set or clear the uffd-wp bit.
 * A batch never spans entries that differ in it (folio_pte_batch()
 * compares it), so write-protecting a range that starts or ends inside a
 * folded block hands the arch layer part of the block, which unfolds it.
 */
#include <linux/swapops.h>
#include <linux/userfaultfd_k.h>

#include "core.h"

bool can_change_ptes_writable(struct vm_area *vma, pte_t pte, unsigned int nr)
{
	struct folio *folio;
	unsigned int i;

	if (!(vma->vma.vm_flags & VM_WRITE) || !pte_valid(pte))
		return false;
	/* can_change_pte_writable(): the monitor has not resolved it yet. */
	if (userfaultfd_pte_wp(&vma->vma, pte))
		return false;
	/* A dirty-tracked shared entry: only once it is dirty already. */
	if (vma->vma.vm_flags & VM_SHARED)
		return pte_dirty(pte);
	folio = vm_normal_folio(vma, 0, pte);
	if (!folio || !folio_test_anon(folio))
		return false;
	for (i = 0; i < nr; i++)
		if (!page_ext_get(pte_page(pte) + i)->anon_exclusive)
			return false;
	return true;
}

/*
 * NUMA hinting leaves alone what it would not migrate: entries already
 * PROT_NONE, special ones, a private mapping's folio that may be pinned or
 * shared, a dirty folio of the file LRU, which asynchronous migration
 * may not be able to move (change_pte_range() under MM_CP_PROT_NUMA:
 * folio_is_file_lru(), so a dirty shmem folio, swap-backed, is scanned).
 */
static bool prot_numa_skip(struct vm_area *vma, struct folio *folio,
			   pte_t oldpte)
{
	if (pte_protnone(oldpte) || !folio)
		return true;
	if (is_cow_mapping(vma->vma.vm_flags) &&
	    (folio_maybe_dma_pinned(folio) ||
	     folio_test(folio, PG_mapped_shared)))
		return true;
	return !folio_test_anon(folio) && !vma->mapping->shmem &&
	       folio_test(folio, PG_dirty);
}

/*
 * A writable migration entry becomes readable (exclusive for an
 * anonymous page, which a writable one maps), so that the entry
 * remove_migration_pte() makes is not writable where the VMA may no
 * longer be; a write fault makes it writable again.  A swap or migration
 * entry takes or loses the uffd-wp bit as a present one would
 * (change_pte_range(), v6.12).  NUMA hinting leaves them alone.
 */
static void change_swap_pte(struct mm_model *mm, unsigned long addr,
			    pte_t *pte, pte_t oldpte, unsigned int cp_flags)
{
	swp_entry_t entry = pte_to_swp_entry(oldpte);
	pte_t newpte = oldpte;

	/* A uffd-wp marker goes when resolved: the next fault maps the page. */
	if (is_pte_marker_entry(entry)) {
		if (cp_flags & MM_CP_UFFD_WP_RESOLVE)
			pte_clear(&mm->mm, addr, pte);
		return;
	}
	if (is_writable_migration_entry(entry)) {
		if (folio_test_anon(pfn_swap_entry_folio(entry)))
			entry = make_readable_exclusive_migration_entry(
							swp_offset(entry));
		else
			entry = make_readable_migration_entry(swp_offset(entry));
		newpte = swp_entry_to_pte(entry);
		if (pte_swp_uffd_wp(oldpte))
			newpte = pte_swp_mkuffd_wp(newpte);
	}
	if (cp_flags & MM_CP_UFFD_WP)
		newpte = pte_swp_mkuffd_wp(newpte);
	else if (cp_flags & MM_CP_UFFD_WP_RESOLVE)
		newpte = pte_swp_clear_uffd_wp(newpte);
	if (!pte_same(newpte, oldpte))
		set_pte_at(&mm->mm, addr, pte, newpte);
}

/* The new value of a batch whose old one (A/D gathered) is @oldpte. */
static pte_t change_pte_value(struct vm_area *vma, pte_t oldpte,
			      pgprot_t newprot, unsigned int nr,
			      unsigned int cp_flags)
{
	pte_t ptent = pte_modify(oldpte, newprot);

	if (cp_flags & MM_CP_UFFD_WP)
		ptent = pte_mkuffd_wp(ptent);
	else if (cp_flags & MM_CP_UFFD_WP_RESOLVE)
		ptent = pte_clear_uffd_wp(ptent);
	if ((cp_flags & MM_CP_TRY_CHANGE_WRITABLE) && !pte_write(ptent) &&
	    can_change_ptes_writable(vma, ptent, nr))
		ptent = pte_mkwrite_novma(ptent);
	return ptent;
}

static void change_pte_range(struct mmu_gather *tlb, struct vm_area *vma,
			     unsigned long addr, unsigned long end,
			     unsigned int cp_flags)
{
	bool prot_numa = cp_flags & MM_CP_PROT_NUMA;
	struct mm_model *mm = tlb->mm;
	pgprot_t newprot = prot_numa ? PAGE_NONE : vma->vma.vm_page_prot;
	struct folio *folio;
	unsigned int nr;
	spinlock_t *ptl;
	bool markers = (cp_flags & MM_CP_UFFD_WP) &&
		       userfaultfd_wp_use_markers(vma);
	pte_t *pte, oldpte, ptent;

	/* pgtable_populate_needed(): markers need a table to go in. */
	if (markers && !pte_alloc_map(mm, addr))
		return;
	pte = pte_offset_map_lock(mm, addr, &ptl);
	if (!pte)
		return;
	flush_tlb_batched_pending(mm);
	for (; addr < end; pte += nr, addr += (unsigned long)nr << PAGE_SHIFT) {
		oldpte = ptep_deref(pte);
		nr = 1;
		if (pte_none(oldpte)) {
			/* A page not mapped now may be cached: protect it too. */
			if (markers)
				set_pte_at(&mm->mm, addr, pte,
					   make_pte_marker(PTE_MARKER_UFFD_WP));
			continue;
		}
		if (is_swap_pte(oldpte)) {
			if (!prot_numa)
				change_swap_pte(mm, addr, pte, oldpte, cp_flags);
			continue;
		}
		oldpte = ptep_deref_use(pte, oldpte);
		folio = vm_normal_folio(vma, addr, oldpte);
		if (folio && folio->order)
			nr = folio_pte_batch(folio, pte, oldpte,
					     (end - addr) >> PAGE_SHIFT,
					     FPB_IGNORE_DIRTY, NULL, NULL,
					     NULL);
		if (prot_numa && prot_numa_skip(vma, folio, oldpte))
			continue;
		oldpte = modify_prot_start_ptes(&vma->vma, addr, pte, nr);
		ptent = change_pte_value(vma, oldpte, newprot, nr, cp_flags);
		modify_prot_commit_ptes(&vma->vma, addr, pte, oldpte, ptent, nr);
		tlb_remove_tlb_entries(tlb, pte, nr, addr);
	}
	spin_unlock(ptl);
}

void change_protection(struct mmu_gather *tlb, struct vm_area *vma,
		       unsigned long addr, unsigned long end,
		       unsigned int cp_flags)
{
	unsigned long next;

	for (; addr < end; addr = next) {
		next = pte_table_end(addr, end);
		change_pte_range(tlb, vma, addr, next, cp_flags);
	}
}

/* @prot: any of VM_READ, VM_WRITE and VM_EXEC (PROT_READ, ...). */
int do_mprotect(struct mm_model *mm, unsigned long start, unsigned long len,
		unsigned long prot)
{
	struct vm_area *vma, *vmas[MM_MAX_VMAS];
	unsigned long flags, from, to;
	struct mmu_gather tlb;
	unsigned int i, n;

	if (mmap_write_lock_range(mm, start, len))
		return -1;
	n = vmas_collect(mm, start, start + len, vmas);
	tlb_gather_mmu(&tlb, mm);
	for (i = 0; i < n; i++) {
		vma = vmas[i];
		/* One a merge took over had these flags already. */
		if (vma_state(vma) != VMA_ATTACHED)
			continue;
		flags = (vma->vma.vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) |
			prot;
		if (flags == vma->vma.vm_flags)
			continue;
		/* mprotect_fixup(): no fault in it until we are done. */
		vma_start_write(vma);
		from = vma->vma.vm_start;
		to = vma->vma.vm_end;
		vma = vma_modify_flags(mm, vma, flags);
		vma_set_page_prot(vma);
		change_protection(&tlb, vma, from, to,
				  MM_CP_TRY_CHANGE_WRITABLE);
	}
	tlb_finish_mmu(&tlb);
	mmap_write_unlock(mm);
	return 0;
}
