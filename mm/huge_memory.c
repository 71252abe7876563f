// SPDX-License-Identifier: GPL-2.0-only
/*
 * Splitting a large anonymous folio into folios of a lower order, as the
 * kernel's debugfs interface does for a range of a process
 * (split_huge_pages_pid() -> split_folio_to_order()): the folio's entries
 * are taken out one by one with a flush each (try_to_migrate_one()), the
 * folio becomes several, and each entry is written back on its own
 * (remove_migration_pte(): set_pte_at()), so the last entry of a block is
 * where the contpte layer may try to fold it again, now over two folios.
 *
 * The kernel leaves migration entries while it splits; the model has none
 * and holds the PTL from the first entry out to the last back in, so a
 * racing fault waits as it would on a migration entry.  Only folios of
 * one mm, with no reference but their mappings' (can_split_folio()), are
 * split.
 */
#include "core.h"

/* The folio's present entries, taken out, each with its own flush. */
static void unmap_folio(struct vm_area *vma, struct folio *folio,
			unsigned long addr, pte_t *pte, pte_t *old)
{
	unsigned long i;

	for (i = 0; i < folio_nr_pages(folio); i++, pte++) {
		old[i] = ptep_deref(pte);
		if (pte_present(old[i]) &&
		    pte_page(old[i]) == folio_page(folio, i))
			old[i] = ptep_clear_flush(&vma->vma,
						  addr + (i << PAGE_SHIFT), pte);
		else
			old[i] = __pte(0);
	}
}

/*
 * Make @folio 2^(order - new_order) folios.  Each keeps the flags, is
 * referenced and mapped by its entries in @old, and the first also by the
 * caller, who drops that reference.
 */
static void split_refs(struct folio *folio, unsigned int new_order,
		       const pte_t *old)
{
	unsigned long flags = folio->flags, index = folio_index(folio);
	struct anon_vma *anon_vma = page_ext_get(&folio->page)->anon_vma;
	unsigned long nr = folio_nr_pages(folio), step = 1UL << new_order;
	struct page *head = &folio->page;
	struct folio *f;
	unsigned long i, j;
	int mapped;

	unprep_folio(folio);
	for (i = 0; i < nr; i += step) {
		f = prep_folio(head + i, new_order);
		for (mapped = 0, j = i; j < i + step; j++)
			mapped += pte_present(old[j]);
		f->flags = flags;
		f->_mapcount = mapped;
		f->_refcount = mapped + !i;
		page_ext_get(&f->page)->index = index + i;
		page_ext_get(&f->page)->anon_vma = anon_vma;
	}
}

/* Each entry back, on its own, as it was but for the contiguous bit. */
static void remap_folio(struct vm_area *vma, struct page *head,
			unsigned long addr, pte_t *pte, const pte_t *old,
			unsigned long nr)
{
	unsigned long i;
	pte_t entry;

	for (i = 0; i < nr; i++, pte++, addr += PAGE_SIZE) {
		if (!pte_present(old[i]))
			continue;
		entry = mk_pte(head + i, vma->vma.vm_page_prot);
		if (pte_write(old[i]))
			entry = pte_mkwrite_novma(entry);
		if (pte_dirty(old[i]))
			entry = pte_mkdirty(entry);
		if (pte_young(old[i]))
			entry = pte_mkyoung(entry);
		set_pte_at(vma->vma.vm_mm, addr, pte, entry);
	}
}

/* @pte maps a page of @folio at @addr; the PTL is held. */
static bool split_mapped_folio(struct vm_area *vma, struct folio *folio,
			       unsigned long addr, pte_t *pte,
			       unsigned int new_order)
{
	unsigned long first = vma->vma.vm_start +
			      ((folio_index(folio) - vma->pgoff) << PAGE_SHIFT);
	unsigned long nr = folio_nr_pages(folio), end = first + nr * PAGE_SIZE;
	pte_t old[1UL << MAX_FOLIO_ORDER];
	struct page *head = &folio->page;

	if (folio->order <= new_order || !folio_test_anon(folio) ||
	    folio_test(folio, PG_mapped_shared) ||
	    folio_ref_count(folio) != folio_mapcount(folio) + 1 ||
	    first < vma->vma.vm_start || end > vma->vma.vm_end ||
	    pte_table_end(first, end) != end)
		return false;
	pte -= (addr - first) >> PAGE_SHIFT;
	unmap_folio(vma, folio, first, pte, old);
	split_refs(folio, new_order, old);
	remap_folio(vma, head, first, pte, old, nr);
	return true;
}

int split_huge_pages_pid(struct mm_model *mm, unsigned long start,
			 unsigned long end, unsigned int new_order)
{
	struct folio *folio;
	struct vm_area *vma;
	int split = 0;
	spinlock_t *ptl;
	pte_t *pte;
	pte_t ptent;

	mmap_read_lock(mm);
	for (; start < end; start += PAGE_SIZE) {
		vma = find_vma(mm, start);
		pte = vma && !vma->mapping ? pte_offset_map_lock(mm, start, &ptl) :
					     NULL;
		if (!pte)
			continue;
		ptent = ptep_deref(pte);
		folio = pte_present(ptent) ?
			vm_normal_folio(vma, start, ptep_deref_use(pte, ptent)) :
			NULL;
		if (folio && folio_try_get(folio)) {
			split += split_mapped_folio(vma, folio, start, pte,
						    new_order);
			/* Our reference: on the first of the new folios. */
			folio_put(folio);
		}
		spin_unlock(ptl);
	}
	mmap_read_unlock(mm);
	return split;
}
