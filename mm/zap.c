// SPDX-License-Identifier: GPL-2.0-only
/*
 * zap_pte_range(): munmap, MADV_DONTNEED and exit clear entries under the
 * PTL and leave the TLB invalidation and the freeing of folios to the
 * mmu_gather.  The teardown design decides how entries are cleared:
 *   batch  - folio_pte_batch() runs through clear_full_ptes() (anon) or
 *            get_and_clear_full_ptes() (file, whose dirty state matters);
 *   unfold - entry by entry with ptep_get_and_clear_full() on a non-full
 *            path, so every contiguous block is unfolded first;
 *   full   - the 2023 loop: ptep_get() then ptep_get_and_clear_full()
 *            with full set during exit, each entry on its own.
 */
#include <linux/swapops.h>

#include "core.h"
#include "oracle.h"

struct zap_state {
	struct mmu_gather *tlb;
	struct vm_area *vma;
	/* munmap(), exit: PTE markers go too (ZAP_FLAG_DROP_MARKER) */
	bool drop_markers;
	bool force_flush;	/* flush before dropping the PTL */
	bool force_break;	/* the gather is full: stop and flush */
	/*
	 * unmap_mapping_folio(): the file's pages only, a private VMA's
	 * anonymous copies left (should_zap_cows(), even_cows clear).
	 */
	bool keep_cows;
};

/* should_zap_folio(): whether the zap leaves @folio's entries alone. */
static bool zap_keeps(const struct zap_state *zs, struct folio *folio)
{
	return zs->keep_cows && folio_test_anon(folio);
}

/*
 * Hand the cleared entries' A/D state to the folio; whether its rmap
 * removal waits for the flush (zap_present_folio_ptes(), v6.12).
 */
static bool zap_folio_state(struct zap_state *zs, struct folio *folio,
			    struct page *page, unsigned int nr, pte_t ptent,
			    unsigned long addr)
{
	bool delay_rmap = false;

	if (folio_test_anon(folio))
		return false;
	folio_check_gathered_dirty(folio, page, nr, ptent, addr);
	if (pte_dirty(ptent)) {
		folio_mark_dirty(folio);
		/*
		 * No writeback while a stale writable TLB entry remains: the
		 * folio stays mapped, for folio_mkclean() to find, until the
		 * flush before the PTL goes.
		 */
		delay_rmap = true;
		zs->force_flush = true;
	}
	if (pte_young(ptent))
		folio_mark_accessed(folio);
	return delay_rmap;
}

static void zap_folio_done(struct zap_state *zs, struct folio *folio,
			   pte_t *pte, unsigned int nr, unsigned long addr,
			   bool delay_rmap)
{
	struct mm_model *mm = zs->tlb->mm;

	tlb_remove_tlb_entries(zs->tlb, pte, nr, addr);
	add_mm_counter(mm, -(long)nr);
	if (!delay_rmap)
		folio_remove_rmap_ptes(folio, nr);
	if (__tlb_remove_folio_pages(zs->tlb, folio, nr, delay_rmap))
		zs->force_break = true;
}

static pte_t zap_clear_one(struct zap_state *zs, unsigned long addr,
			   pte_t *pte)
{
	struct mmu_gather *tlb = zs->tlb;
	int full = contpte_design.teardown == TEARDOWN_FULL && tlb->fullmm;

	return ptep_get_and_clear_full(&tlb->mm->mm, addr, pte, full);
}

static unsigned int zap_present_ptes(struct zap_state *zs, pte_t *pte,
				     pte_t ptent, unsigned int max_nr,
				     unsigned long addr)
{
	struct mm_struct *mm = &zs->tlb->mm->mm;
	struct folio *folio = vm_normal_folio(zs->vma, addr, ptent);
	struct page *page = pte_page(ptent);
	unsigned int nr = 1;

	if (folio && zap_keeps(zs, folio))
		return 1;
	if (!folio) {
		/* The zero page: no folio to account. */
		ptent = zap_clear_one(zs, addr, pte);
		tlb_remove_tlb_entries(zs->tlb, pte, 1, addr);
		return 1;
	}
	if (contpte_design.teardown != TEARDOWN_BATCH) {
		ptent = zap_clear_one(zs, addr, pte);
	} else {
		if (folio->order && max_nr > 1)
			nr = folio_pte_batch(folio, pte, ptent, max_nr,
					     FPB_IGNORE_DIRTY | FPB_IGNORE_WRITE,
					     NULL, NULL, NULL);
		if (folio_test_anon(folio))
			clear_full_ptes(mm, addr, pte, nr, zs->tlb->fullmm);
		else
			ptent = get_and_clear_full_ptes(mm, addr, pte, nr,
							zs->tlb->fullmm);
	}
	/* zap_install_uffd_wp_if_needed(): MADV_DONTNEED keeps it. */
	if (!zs->drop_markers)
		pte_install_uffd_wp_if_needed(zs->vma, addr, pte, nr, ptent);
	zap_folio_done(zs, folio, pte, nr, addr,
		       zap_folio_state(zs, folio, page, nr, ptent, addr));
	return nr;
}

/*
 * A run of swap entries of consecutive slots from @ptent gives up its
 * references to them at once (free_swap_and_cache_nr()), which frees the
 * swap cache's copy of a folio nothing maps any more, and is cleared;
 * zap and MADV_FREE (v6.12).  Returns how many.
 */
unsigned int zap_swap_ptes(struct mm_model *mm, unsigned long addr,
			   pte_t *pte, pte_t ptent, unsigned int max_nr)
{
	unsigned int nr = swap_pte_batch(pte, max_nr, ptent), i;

	add_mm_swapents(mm, -(long)nr);
	free_swap_and_cache_nr(pte_to_swp_entry(ptent), nr);
	for (i = 0; i < nr; i++)
		pte_clear(&mm->mm, addr + ((unsigned long)i << PAGE_SHIFT),
			  pte + i);
	return nr;
}

/*
 * zap_nonpresent_ptes(), v6.12.  A migration entry counts in rss while
 * it stands for a page; the folio is the migration's, which finds nothing
 * to restore there once it is cleared.  A uffd-wp marker stays in a file
 * or shmem VMA unless the VMA goes, and a swap or migration entry such a
 * VMA cleared leaves one if it was write-protected: a MAP_PRIVATE file
 * mapping's copy swapped out or migrating, which the next fault reads
 * from the file again (v6.12's zap_pte_range() ends every non-present
 * case it clears with zap_install_uffd_wp_if_needed()).
 */
static unsigned int zap_nonpresent_ptes(struct zap_state *zs, pte_t *pte,
					pte_t ptent, unsigned int max_nr,
					unsigned long addr)
{
	struct mm_model *mm = zs->tlb->mm;
	swp_entry_t entry = pte_to_swp_entry(ptent);
	unsigned int nr = 1;

	if (!non_swap_entry(entry)) {
		/* Genuine swap entries are a private VMA's anonymous pages. */
		if (zs->keep_cows)
			return 1;
		nr = zap_swap_ptes(mm, addr, pte, ptent, max_nr);
	} else if (is_migration_entry(entry)) {
		if (zap_keeps(zs, pfn_swap_entry_folio(entry)))
			return 1;
		add_mm_counter(mm, -1);
		pte_clear(&mm->mm, addr, pte);
	} else {
		/* A uffd-wp marker, the one other kind the model makes. */
		if (zs->vma->mapping && !zs->drop_markers)
			return 1;
		pte_clear(&mm->mm, addr, pte);
	}
	if (!zs->drop_markers)
		pte_install_uffd_wp_if_needed(zs->vma, addr, pte, nr, ptent);
	return nr;
}

/* Zap [addr, end) within one PTE table; returns where it stopped. */
static unsigned long zap_pte_range(struct zap_state *zs, unsigned long addr,
				   unsigned long end)
{
	struct mm_model *mm = zs->tlb->mm;
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, addr, &ptl);
	unsigned int nr;
	pte_t ptent;

	if (!pte)
		return end;
	flush_tlb_batched_pending(mm);
	zs->force_flush = false;
	zs->force_break = false;
	while (addr < end) {
		ptent = ptep_deref(pte);
		nr = 1;
		if (is_swap_pte(ptent))
			nr = zap_nonpresent_ptes(zs, pte, ptent,
						 (end - addr) >> PAGE_SHIFT,
						 addr);
		else if (!pte_none(ptent))
			nr = zap_present_ptes(zs, pte,
					      ptep_deref_use(pte, ptent),
					      (end - addr) >> PAGE_SHIFT, addr);
		pte += nr;
		addr += (unsigned long)nr << PAGE_SHIFT;
		if (zs->force_break)
			break;
	}
	zs->force_flush |= zs->force_break;
	/* Invalidate before another CPU can take the PTL and look. */
	if (zs->force_flush) {
		tlb_flush_mmu_tlbonly(zs->tlb);
		tlb_flush_rmaps(zs->tlb);
	}
	spin_unlock(ptl);
	if (zs->force_flush)
		tlb_flush_mmu(zs->tlb);
	return addr;
}

static void __unmap_page_range(struct zap_state *zs, unsigned long start,
			       unsigned long end)
{
	unsigned long addr = start;

	mm_notify_unmap(zs->tlb->mm, start, end);
	while (addr < end)
		addr = zap_pte_range(zs, addr, pte_table_end(addr, end));
}

void unmap_page_range(struct mmu_gather *tlb, struct vm_area *vma,
		      unsigned long start, unsigned long end)
{
	struct zap_state zs = { .tlb = tlb, .vma = vma,
				.drop_markers = true };

	__unmap_page_range(&zs, start, end);
}

/* MADV_DONTNEED: zap a range of VMAs, keeping them. */
void zap_page_range(struct mm_model *mm, unsigned long start,
		    unsigned long end)
{
	struct mmu_gather tlb;
	struct vm_area *vma;

	tlb_gather_mmu(&tlb, mm);
	for_each_vma(mm, vma) {
		unsigned long s = vma->vma.vm_start, e = vma->vma.vm_end;
		struct zap_state zs = { .tlb = &tlb, .vma = vma };

		if (s < start)
			s = start;
		if (e > end)
			e = end;
		if (s < e)
			__unmap_page_range(&zs, s, e);
	}
	tlb_finish_mmu(&tlb);
}

/* The part of @vma that maps file pages [@start, @start + @nr), if any. */
static bool vma_file_range(const struct vm_area *vma, unsigned long start,
			   unsigned long nr, unsigned long *s, unsigned long *e)
{
	unsigned long pages = (vma->vma.vm_end - vma->vma.vm_start) >>
			      PAGE_SHIFT;
	unsigned long first = start > vma->pgoff ? start : vma->pgoff;
	unsigned long last = start + nr < vma->pgoff + pages ?
			     start + nr : vma->pgoff + pages;

	if (first >= last)
		return false;
	*s = vma->vma.vm_start + ((first - vma->pgoff) << PAGE_SHIFT);
	*e = vma->vma.vm_start + ((last - vma->pgoff) << PAGE_SHIFT);
	return true;
}

/*
 * unmap_mapping_range_tree(): each VMA the file's reverse map holds, under
 * i_mmap_rwsem, which keeps them linked and their bounds fixed; no
 * mmap_lock, as a truncation takes none.  Each zap ends with its flush
 * (zap_page_range_single()), so no TLB keeps a page the call unmapped.
 */
void unmap_mapping_pages(struct address_space *mapping, unsigned long start,
			 unsigned long nr, bool even_cows)
{
	struct mmu_gather tlb;
	struct vm_area *vma;
	struct mm_model *mm;
	unsigned long s, e;

	down_read(&mapping->i_mmap_rwsem);
	for_each_live_mm(mm)
		for (vma = mm->vmas; vma < mm->vmas + MM_MAX_VMAS; vma++) {
			struct zap_state zs = { .tlb = &tlb, .vma = vma,
						.keep_cows = !even_cows };

			if (!__atomic_load_n(&vma->rmap_linked,
					     __ATOMIC_ACQUIRE) ||
			    vma->mapping != mapping ||
			    !vma_file_range(vma, start, nr, &s, &e))
				continue;
			tlb_gather_mmu(&tlb, mm);
			__unmap_page_range(&zs, s, e);
			tlb_finish_mmu(&tlb);
		}
	up_read(&mapping->i_mmap_rwsem);
}
