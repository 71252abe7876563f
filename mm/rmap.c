// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reverse map: find every entry that maps a folio.  An anonymous
 * folio sits at the VA its index names in every mm that shares it by
 * fork(); a file folio wherever a VMA maps its file at that offset.  The
 * walk holds each mm's mmap_lock for reading so that VMAs stay put.
 *
 * On each run of entries mapping the folio:
 *   folio_referenced - ptep_clear_flush_young() or, for a run of several,
 *                      clear_flush_young_ptes();
 *   try_to_unmap     - get_and_clear_full_ptes() and one range flush for a
 *                      whole folio, ptep_clear_flush() page by page else;
 *   folio_mkclean    - ptep_clear_flush(), then a clean read-only entry.
 */
#include "core.h"

struct rmap_walk {
	/* Handle @nr entries from @pte at @addr; false stops the walk. */
	bool (*one)(struct rmap_walk *rw, struct vm_area *vma,
		    unsigned long addr, pte_t *pte, pte_t ptent,
		    unsigned int nr);
	struct folio *folio;
	int count;
};

static unsigned long folio_va(struct folio *folio, struct vm_area *vma)
{
	if (folio_test_anon(folio))
		return folio_index(folio) << PAGE_SHIFT;
	return vma->vma.vm_start +
	       ((folio_index(folio) - vma->pgoff) << PAGE_SHIFT);
}

static bool vma_may_map(struct folio *folio, struct vm_area *vma)
{
	if (folio_test_anon(folio))
		return is_cow_mapping(vma->vma.vm_flags);
	return vma->mapping == folio_mapping(folio) &&
	       folio_index(folio) + folio_nr_pages(folio) > vma->pgoff;
}

static bool pte_maps_folio(pte_t pte, struct folio *folio)
{
	return pte_present(pte) && !pte_special(pte) &&
	       pte_pfn(pte) - folio_pfn(folio) < folio_nr_pages(folio);
}

/* page_vma_mapped_walk() over one table's part of [addr, end). */
static bool rmap_walk_table(struct rmap_walk *rw, struct vm_area *vma,
			    unsigned long addr, unsigned long end)
{
	struct mm_model *mm = mm_model(vma->vma.vm_mm);
	unsigned int nr;
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, addr, &ptl);
	bool more = true;
	pte_t ptent;

	if (!pte)
		return true;
	for (; addr < end && more;
	     pte += nr, addr += (unsigned long)nr << PAGE_SHIFT) {
		ptent = ptep_deref(pte);
		nr = 1;
		if (!pte_maps_folio(ptent, rw->folio))
			continue;
		ptent = ptep_deref_use(pte, ptent);
		nr = folio_pte_batch(rw->folio, pte, ptent,
				     (end - addr) >> PAGE_SHIFT,
				     FPB_IGNORE_DIRTY | FPB_IGNORE_WRITE,
				     NULL, NULL, NULL);
		more = rw->one(rw, vma, addr, pte, ptent, nr);
	}
	spin_unlock(ptl);
	return more;
}

static bool rmap_walk_vma(struct rmap_walk *rw, struct vm_area *vma)
{
	unsigned long start = folio_va(rw->folio, vma);
	unsigned long end = start + (PAGE_SIZE << rw->folio->order);
	unsigned long next;

	if (start < vma->vma.vm_start)
		start = vma->vma.vm_start;
	if (end > vma->vma.vm_end)
		end = vma->vma.vm_end;
	for (; start < end; start = next) {
		next = pte_table_end(start, end);
		if (!rmap_walk_table(rw, vma, start, next))
			return false;
	}
	return true;
}

static void rmap_walk(struct rmap_walk *rw)
{
	struct mm_model *mm;
	unsigned int i;
	bool more = true;

	for_each_live_mm(mm) {
		down_read(&mm->mmap_lock);
		for (i = 0; i < mm->nr_vmas && more; i++)
			if (vma_may_map(rw->folio, &mm->vmas[i]))
				more = rmap_walk_vma(rw, &mm->vmas[i]);
		up_read(&mm->mmap_lock);
		if (!more)
			return;
	}
}

static bool folio_referenced_one(struct rmap_walk *rw, struct vm_area *vma,
				 unsigned long addr, pte_t *pte, pte_t ptent,
				 unsigned int nr)
{
	if (nr == 1)
		rw->count += ptep_clear_flush_young(&vma->vma, addr, pte);
	else
		rw->count += clear_flush_young_ptes(&vma->vma, addr, pte, nr);
	return true;
}

/* How many runs of entries were young; clears young on all of them. */
int folio_referenced(struct folio *folio)
{
	struct rmap_walk rw = { .one = folio_referenced_one, .folio = folio };

	rmap_walk(&rw);
	return rw.count;
}

/*
 * A lazyfree folio may be discarded only if user space did not write to
 * it since MADV_FREE and nobody but its mappings and reclaim holds a
 * reference (a pin, a GUP in flight): what they see must stay mapped.
 */
static bool lazyfree_must_stay(struct folio *folio)
{
	return folio_test(folio, PG_dirty) ||
	       folio_ref_count(folio) != 1 + folio_mapcount(folio);
}

/*
 * Clear @nr entries (the whole folio, or one page).  A lazyfree folio
 * that must stay goes back as it was, and is normal anonymous memory
 * again, as upstream makes it swap-backed.
 */
static bool try_to_unmap_ptes(struct rmap_walk *rw, struct vm_area *vma,
			      unsigned long addr, pte_t *pte, unsigned int nr)
{
	struct folio *folio = rw->folio;
	struct mm_struct *mm = vma->vma.vm_mm;
	unsigned long end = addr + ((unsigned long)nr << PAGE_SHIFT);
	pte_t pteval;

	if (nr > 1) {
		pteval = get_and_clear_full_ptes(mm, addr, pte, nr, 0);
		flush_tlb_range(&vma->vma, addr, end);
	} else {
		pteval = ptep_clear_flush(&vma->vma, addr, pte);
	}
	folio_check_gathered_dirty(folio, pte_page(pteval), nr, pteval, addr);
	if (pte_dirty(pteval))
		folio_mark_dirty(folio);
	if (folio_test(folio, PG_lazyfree) && lazyfree_must_stay(folio)) {
		set_ptes(mm, addr, pte, pteval, nr);
		folio_clear(folio, PG_lazyfree);
		return false;
	}
	mm_model(mm)->rss -= nr;
	folio_remove_rmap_ptes(folio, nr);
	folio_put_refs(folio, nr);
	rw->count += nr;
	return true;
}

/* Batched for a whole folio; a run of part of one goes page by page. */
static bool try_to_unmap_one(struct rmap_walk *rw, struct vm_area *vma,
			     unsigned long addr, pte_t *pte, pte_t ptent,
			     unsigned int nr)
{
	unsigned int i;

	if (nr == folio_nr_pages(rw->folio))
		return try_to_unmap_ptes(rw, vma, addr, pte, nr);
	for (i = 0; i < nr; i++, pte++, addr += PAGE_SIZE)
		if (!try_to_unmap_ptes(rw, vma, addr, pte, 1))
			return false;
	return true;
}

/* Remove every mapping; false if a lazyfree folio had to stay. */
bool try_to_unmap(struct folio *folio)
{
	struct rmap_walk rw = { .one = try_to_unmap_one, .folio = folio };

	rmap_walk(&rw);
	return !folio_mapcount(folio);
}

static bool folio_mkclean_one(struct rmap_walk *rw, struct vm_area *vma,
			      unsigned long addr, pte_t *pte, pte_t ptent,
			      unsigned int nr)
{
	struct mm_struct *mm = vma->vma.vm_mm;
	unsigned int i;
	pte_t entry;

	for (i = 0; i < nr; i++, pte++, addr += PAGE_SIZE) {
		entry = ptep_deref(pte);
		if (!pte_dirty(entry) && !pte_write(entry))
			continue;
		entry = ptep_clear_flush(&vma->vma, addr, pte);
		if (pte_dirty(entry))
			rw->count++;
		entry = pte_mkclean(pte_wrprotect(entry));
		set_pte_at(mm, addr, pte, entry);
	}
	return true;
}

/*
 * Write-protect and clean every mapping before writeback, so that the
 * next write faults and dirties the folio again.  Dirty state found in
 * the entries moves to the folio.
 */
void folio_mkclean(struct folio *folio)
{
	struct rmap_walk rw = { .one = folio_mkclean_one, .folio = folio };

	rmap_walk(&rw);
	if (rw.count)
		folio_mark_dirty(folio);
}
