// SPDX-License-Identifier: GPL-2.0-only
/*
 * madvise().  MADV_DONTFORK and MADV_DOFORK only change VMAs.
 * MADV_DONTNEED zaps the range.  MADV_FREE marks anonymous
 * folios lazyfree under the PTL: their entries are made old and clean
 * with one clear_young_dirty_ptes() per folio batch (no unfold;
 * madv-free=unfold goes entry by entry instead), the TLB is invalidated
 * through the mmu_gather afterwards, and reclaim may discard a folio that
 * is still clean, even before that flush.
 * A large folio only partly in the range is split first, unless another
 * mm may map it or its lock is taken (then it is left alone), as
 * madvise_free_pte_range() does in v6.12.  Swap entries in the range give
 * up their slots and are cleared; a folio in the swap cache leaves it
 * first, or is left alone (v6.12).  MADV_COLD makes the young batches of
 * folios mapped whole, by this mm alone, old in any VMA, splitting those
 * the range covers partly as MADV_FREE does, and clears PG_referenced.
 */
#include <linux/swapops.h>

#include "core.h"
#include "oracle.h"

/*
 * The batch of @folio at @pte, at most @max_nr entries, and whether any of
 * its entries is young or dirty (madvise_folio_pte_batch()).
 */
static unsigned int madvise_folio_batch(struct folio *folio, pte_t *pte,
					pte_t ptent, unsigned int max_nr,
					bool *any_young, bool *any_dirty)
{
	*any_young = pte_young(ptent);
	*any_dirty = pte_dirty(ptent);
	if (!folio->order)
		return 1;
	return folio_pte_batch(folio, pte, ptent, max_nr,
			       FPB_IGNORE_DIRTY | FPB_IGNORE_WRITE, NULL,
			       any_young, any_dirty);
}

/*
 * Whether @folio, mapped whole by the batch, may become lazyfree.  Only
 * a dirty folio, or one in the swap cache, must be this mm's alone (its
 * mapcount the batch's) to be cleaned, and one in the swap cache leaves
 * it first (folio_free_swap(): no entry may still refer to its slots); a
 * clean one is marked whoever else maps it, whose own entries say whether
 * it is written again.  Other references (GUP) are reclaim's business,
 * as upstream.
 */
static bool madvise_free_may_clean(struct folio *folio, unsigned int nr)
{
	bool swapcache = folio_test(folio, PG_swapcache);

	if (!swapcache && !folio_test(folio, PG_dirty))
		return true;
	if (!folio_trylock(folio))
		return false;
	if (folio_mapcount(folio) != (int)nr ||
	    (swapcache && !folio_free_swap(folio))) {
		folio_unlock(folio);
		return false;
	}
	folio_clear(folio, PG_dirty);
	folio_unlock(folio);
	return true;
}

/*
 * A large folio the range covers only partly: split it with the PTL
 * dropped, unless another mm may map it or its lock is taken (false: the
 * PTL is still held).  Then *@pte is @addr's entry again, under the PTL,
 * or NULL if the table went, and *@split says whether the split worked.
 */
static bool madvise_split_folio(struct mm_model *mm, struct folio *folio,
				unsigned long addr, pte_t **pte,
				spinlock_t **ptl, bool *split)
{
	if (folio_test(folio, PG_mapped_shared) || !folio_trylock(folio))
		return false;
	folio_get(folio);
	spin_unlock(*ptl);
	*split = !split_folio(folio);
	folio_unlock(folio);
	folio_put(folio);
	*pte = pte_offset_map_lock(mm, addr, ptl);
	if (*pte)
		flush_tlb_batched_pending(mm);
	return true;
}

/*
 * The batch of @folio at *@pte, whose entry is @ptent, up to @end, and
 * whether it maps the folio whole (*@whole), with its young and dirty
 * state.  A folio the range covers only partly is split
 * (madvise_split_folio()): then 0 if it was, so that the caller looks at
 * the same entries again, and *@pte NULL if the table went meanwhile.
 */
static unsigned int madvise_folio_whole(struct mm_model *mm,
					struct folio *folio, unsigned long addr,
					unsigned long end, pte_t **pte,
					spinlock_t **ptl, pte_t ptent,
					bool *young, bool *dirty, bool *whole)
{
	unsigned int nr;
	bool split;

	nr = madvise_folio_batch(folio, *pte, ptent,
				 (end - addr) >> PAGE_SHIFT, young, dirty);
	*whole = nr == folio_nr_pages(folio);
	if (*whole || !madvise_split_folio(mm, folio, addr, pte, ptl, &split))
		return nr;
	return split ? 0 : nr;
}

/*
 * Make a batch old and clean.  madv-free=unfold is the loop before the
 * 2024 batching ("mm/madvise: enhance lazyfreeing with mTHP in
 * madvise_free"): each entry is taken out with ptep_get_and_clear_full()
 * and written back old and clean with set_pte_at(), which unfolds a block
 * at its first entry and folds it again at its last.
 */
static void madvise_free_clear(struct vm_area *vma, unsigned long addr,
			       pte_t *pte, unsigned int nr)
{
	struct mm_struct *mm = vma->vma.vm_mm;
	pte_t ptent;

	if (contpte_design.madv_free == LAZYFREE_BATCH) {
		clear_young_dirty_ptes(&vma->vma, addr, pte, nr,
				       CYDP_CLEAR_YOUNG | CYDP_CLEAR_DIRTY);
		return;
	}
	for (; nr; nr--, pte++, addr += PAGE_SIZE) {
		ptent = ptep_get_and_clear_full(mm, addr, pte, 0);
		set_pte_at(mm, addr, pte, pte_mkclean(pte_mkold(ptent)));
	}
}

/* One PTE table's part of [addr, end); returns where it stopped. */
static unsigned long madvise_free_pte_range(struct mmu_gather *tlb,
					    struct vm_area *vma,
					    unsigned long addr,
					    unsigned long end)
{
	struct mm_model *mm = tlb->mm;
	struct folio *folio;
	bool full = false, young, dirty, whole;
	unsigned int nr;
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, addr, &ptl);
	pte_t ptent;

	if (!pte)
		return end;
	flush_tlb_batched_pending(mm);
	for (; addr < end && !full;
	     pte += nr, addr += (unsigned long)nr << PAGE_SHIFT) {
		ptent = ptep_deref(pte);
		nr = 1;
		if (is_swap_pte(ptent) &&
		    !non_swap_entry(pte_to_swp_entry(ptent)))
			nr = zap_swap_ptes(mm, addr, pte, ptent,
					   (end - addr) >> PAGE_SHIFT);
		if (!pte_present(ptent))
			continue;
		ptent = ptep_deref_use(pte, ptent);
		folio = vm_normal_folio(vma, addr, ptent);
		if (!folio || !folio_test_anon(folio))
			continue;
		nr = madvise_folio_whole(mm, folio, addr, end, &pte, &ptl,
					 ptent, &young, &dirty, &whole);
		if (!pte)
			return end;
		if (!whole || !madvise_free_may_clean(folio, nr))
			continue;
		if (young || dirty) {
			madvise_free_clear(vma, addr, pte, nr);
			tlb_remove_tlb_entries(tlb, pte, nr, addr);
		}
		folio_mark_lazyfree(folio, tlb);
		full = tlb_note_lazyfree(tlb, folio);
	}
	spin_unlock(ptl);
	if (full)
		tlb_flush_mmu(tlb);
	return addr;
}

/*
 * MADV_COLD of one PTE table's part of [addr, end); returns where it
 * stopped (madvise_cold_or_pageout_pte_range() of v6.12, without
 * pageout).  A large folio the range covers only partly is split, as for
 * MADV_FREE; one mapped whole, by this mm alone, has its batch made old
 * with one clear_young_dirty_ptes(CYDP_CLEAR_YOUNG) if any entry was
 * young.  Only the access flag goes: the hardware may set dirty in an
 * entry of the batch meanwhile, and that must stay.  No unfold: the
 * entries keep their PTE_CONT and differ in access flags only.
 */
static unsigned long madvise_cold_pte_range(struct mmu_gather *tlb,
					    struct vm_area *vma,
					    unsigned long addr,
					    unsigned long end)
{
	struct mm_model *mm = tlb->mm;
	struct folio *folio;
	bool young, dirty, whole;
	unsigned int nr;
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, addr, &ptl);
	pte_t ptent;

	if (!pte)
		return end;
	flush_tlb_batched_pending(mm);
	for (; addr < end;
	     pte += nr, addr += (unsigned long)nr << PAGE_SHIFT) {
		ptent = ptep_deref(pte);
		nr = 1;
		if (!pte_present(ptent))
			continue;
		ptent = ptep_deref_use(pte, ptent);
		folio = vm_normal_folio(vma, addr, ptent);
		if (!folio)
			continue;
		nr = madvise_folio_whole(mm, folio, addr, end, &pte, &ptl,
					 ptent, &young, &dirty, &whole);
		if (!pte)
			return end;
		/* Another mm maps it too: its aging is not ours to reset. */
		if (!whole || folio_mapcount(folio) != (int)folio_nr_pages(folio))
			continue;
		if (young) {
			clear_young_dirty_ptes(&vma->vma, addr, pte, nr,
					       CYDP_CLEAR_YOUNG);
			tlb_remove_tlb_entries(tlb, pte, nr, addr);
		}
		folio_clear(folio, PG_referenced);
	}
	spin_unlock(ptl);
	return addr;
}

/*
 * MADV_FREE of an anonymous VMA's part of the range, or MADV_COLD of any
 * VMA's, a PTE table at a time.
 */
static void madvise_lru_range(struct mmu_gather *tlb, struct vm_area *vma,
			      unsigned long start, unsigned long end,
			      int behavior)
{
	if (behavior == MADV_FREE)
		mm_notify_unmap(tlb->mm, start, end);
	while (start < end) {
		unsigned long next = pte_table_end(start, end);

		if (behavior == MADV_FREE)
			start = madvise_free_pte_range(tlb, vma, start, next);
		else
			start = madvise_cold_pte_range(tlb, vma, start, next);
	}
}

/*
 * MADV_DONTFORK / MADV_DOFORK: split the VMAs at the range's ends, set or
 * clear @flag on those inside and merge each with its neighbours where
 * the flags now agree, as madvise_update_vma() does; the entries are not
 * touched, so a folded block may now straddle two VMAs, and one VMA may
 * map a folio with entries of both write permissions (fork() write-
 * protected the pages it copied, not those it skipped).
 */
static int madvise_vma_flags(struct mm_model *mm, unsigned long start,
			     unsigned long len, unsigned long flag, bool set)
{
	struct vm_area *vma, *vmas[MM_MAX_VMAS];
	unsigned long flags;
	unsigned int i, n;

	if (mmap_write_lock_range(mm, start, len))
		return -1;
	n = vmas_collect(mm, start, start + len, vmas);
	for (i = 0; i < n; i++) {
		vma = vmas[i];
		/* One a merge took over had these flags already. */
		if (vma_state(vma) != VMA_ATTACHED)
			continue;
		flags = set ? vma->vma.vm_flags | flag :
			      vma->vma.vm_flags & ~flag;
		if (flags == vma->vma.vm_flags)
			continue;
		vma_start_write(vma);
		vma_modify_flags(mm, vma, flags);
	}
	mmap_write_unlock(mm);
	return 0;
}

int do_madvise(struct mm_model *mm, unsigned long start, unsigned long len,
	       int behavior)
{
	unsigned long end = start + len;
	struct mmu_gather tlb;
	struct vm_area *vma;

	if ((start | len) & ~PAGE_MASK)
		return -1;
	if (behavior == MADV_DONTFORK || behavior == MADV_DOFORK)
		return madvise_vma_flags(mm, start, len, VM_DONTCOPY,
					 behavior == MADV_DONTFORK);
	if (behavior != MADV_DONTNEED && behavior != MADV_FREE &&
	    behavior != MADV_COLD)
		return -1;
	mmap_read_lock(mm);
	if (behavior == MADV_DONTNEED) {
		zap_page_range(mm, start, end);
		mmap_read_unlock(mm);
		return 0;
	}
	tlb_gather_mmu(&tlb, mm);
	for_each_vma(mm, vma) {
		unsigned long s = vma->vma.vm_start, e = vma->vma.vm_end;

		if ((vma->mapping && behavior == MADV_FREE) || e <= start ||
		    s >= end)
			continue;
		madvise_lru_range(&tlb, vma, s < start ? start : s,
				  e > end ? end : e, behavior);
	}
	tlb_finish_mmu(&tlb);
	mmap_read_unlock(mm);
	return 0;
}
