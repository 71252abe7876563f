// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmu_gather: entries are cleared first, the TLB is invalidated once for
 * the whole range, and only then are the folios freed, so no CPU can reach
 * a freed page through a stale translation.  arm64's tlb_flush(): a fullmm
 * teardown invalidates the ASID only when page tables go too (otherwise
 * nothing runs in the mm again before its ASID is recycled).
 */
#include "core.h"

static void __tlb_reset_range(struct mmu_gather *tlb)
{
	tlb->start = ~0UL;
	tlb->end = 0;
}

/*
 * A gather is in flight from here to tlb_finish_mmu(): entries it changes
 * may still be cached (mm_tlb_flush_pending(), pte_accessible()).
 */
void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_model *mm)
{
	tlb->mm = mm;
	tlb->fullmm = false;
	tlb->freed_tables = false;
	tlb->nr = 0;
	tlb->delayed_rmap = false;
	tlb->nr_tables = 0;
	tlb->nr_lazyfree = 0;
	__tlb_reset_range(tlb);
	inc_tlb_flush_pending(&mm->mm);
}

void tlb_gather_mmu_fullmm(struct mmu_gather *tlb, struct mm_model *mm)
{
	tlb_gather_mmu(tlb, mm);
	tlb->fullmm = true;
}

/* Widen the range to invalidate; no TLBI yet. */
void tlb_remove_tlb_entries(struct mmu_gather *tlb, pte_t *ptep,
			    unsigned int nr, unsigned long addr)
{
	unsigned long end = addr + ((unsigned long)nr << PAGE_SHIFT);

	if (addr < tlb->start)
		tlb->start = addr;
	if (end > tlb->end)
		tlb->end = end;
}

/* Returns true when the batch is full and the caller must flush. */
static bool tlb_queue_folio(struct mmu_gather *tlb, struct folio *folio,
			    int nr, enum tlb_folio_kind kind)
{
	if (tlb->nr && tlb->batch[tlb->nr - 1].folio == folio &&
	    tlb->batch[tlb->nr - 1].kind == kind) {
		tlb->batch[tlb->nr - 1].refs += nr;
	} else {
		tlb->batch[tlb->nr].folio = folio;
		tlb->batch[tlb->nr].refs = nr;
		tlb->batch[tlb->nr].kind = kind;
		tlb->nr++;
	}
	return tlb->nr == MMU_GATHER_BATCH;
}

/*
 * Queue @nr references of @folio to drop after the flush; with
 * @delay_rmap its @nr mappings too, removed by tlb_flush_rmaps() once
 * the TLB is flushed.  A dirty file folio stays mapped until no TLB
 * can write to it, so that folio_mkclean(), which skips a folio mapped
 * nowhere, does not let writeback clean it under a stale writable entry
 * ("mm: delay page_remove_rmap() until after the TLB has been flushed").
 */
bool __tlb_remove_folio_pages(struct mmu_gather *tlb, struct folio *folio,
			      int nr, bool delay_rmap)
{
	tlb->delayed_rmap |= delay_rmap;
	return tlb_queue_folio(tlb, folio, nr, delay_rmap ?
			       TLB_FOLIO_DELAY_RMAP : TLB_FOLIO_PUT);
}

/* The delayed rmap removals, after tlb_flush_mmu_tlbonly(), PTL held. */
void tlb_flush_rmaps(struct mmu_gather *tlb)
{
	unsigned int i;

	if (!tlb->delayed_rmap)
		return;
	for (i = 0; i < tlb->nr; i++) {
		if (tlb->batch[i].kind != TLB_FOLIO_DELAY_RMAP)
			continue;
		folio_remove_rmap_ptes(tlb->batch[i].folio, tlb->batch[i].refs);
		tlb->batch[i].kind = TLB_FOLIO_PUT;
	}
	tlb->delayed_rmap = false;
}

/*
 * MADV_FREE marked @folio lazyfree under the PTL (folio_mark_lazyfree())
 * and cleaned its entries, but until this gather's flush completes a CPU
 * may still write through a stale writable-dirty TLB entry without
 * dirtying them, which is legal: the store races the call.  The gather
 * keeps no reference, as the kernel's: reclaim may discard the folio
 * meanwhile.  Only the data-loss oracle's window is noted, by frame.
 */
bool tlb_note_lazyfree(struct mmu_gather *tlb, struct folio *folio)
{
	tlb->lazyfree[tlb->nr_lazyfree].pfn = folio_pfn(folio);
	tlb->lazyfree[tlb->nr_lazyfree++].nr = folio_nr_pages(folio);
	return tlb->nr_lazyfree == MMU_GATHER_BATCH;
}

/*
 * The flush completed: what the pages of this gather's MADV_FREE hold
 * now may be thrown away, anything written from here on must be kept.
 * A page freed meanwhile lost its window at its next allocation.
 */
static void tlb_close_lazyfree_windows(struct mmu_gather *tlb)
{
	const void **window;
	struct page *page;
	unsigned long j;
	unsigned int i;

	for (i = 0; i < tlb->nr_lazyfree; i++) {
		for (j = 0; j < tlb->lazyfree[i].nr; j++) {
			page = pfn_to_page(tlb->lazyfree[i].pfn + j);
			window = &page_ext_get(page)->madv_free_window;
			if (__atomic_load_n(window, __ATOMIC_RELAXED) != tlb)
				continue;
			page_mark_clean(page);
			__atomic_store_n(window, NULL, __ATOMIC_RELEASE);
		}
	}
	tlb->nr_lazyfree = 0;
}

static void tlb_flush(struct mmu_gather *tlb)
{
	struct vm_area_struct vma = TLB_FLUSH_VMA(&tlb->mm->mm, 0);

	if (tlb->fullmm) {
		if (tlb->freed_tables)
			flush_tlb_mm(&tlb->mm->mm);
		return;
	}
	/* The level hint names leaf entries; freed tables are not. */
	if (tlb->end > tlb->start)
		__flush_tlb_range(&vma, tlb->start, tlb->end, PAGE_SIZE,
				  !tlb->freed_tables,
				  tlb->freed_tables ? TLBI_TTL_UNKNOWN : 3);
}

void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb)
{
	if (tlb->end > tlb->start || (tlb->fullmm && tlb->freed_tables))
		tlb_flush(tlb);
	__tlb_reset_range(tlb);
	tlb_close_lazyfree_windows(tlb);
}

void tlb_table_rcu(struct mm_model *mm, bool all)
{
	unsigned int i = 0;

	while (i < mm->nr_table_rcu) {
		if (!all && !gup_fast_done_since(mm->table_rcu[i].gup_seq)) {
			i++;
			continue;
		}
		pte_free(mm->table_rcu[i].table);
		mm->table_rcu[i] = mm->table_rcu[--mm->nr_table_rcu];
	}
}

/*
 * tlb_table_flush(), with MMU_GATHER_RCU_TABLE_FREE: after the flush the
 * tables wait out a grace period, without holding the caller up
 * (call_rcu()): each is freed once the GUP-fast walks running now are
 * done, which the next gather of the mm or its exit sees.
 */
static void tlb_table_flush(struct mmu_gather *tlb)
{
	struct mm_model *mm = tlb->mm;

	while (tlb->nr_tables) {
		mm->table_rcu[mm->nr_table_rcu].table =
			tlb->tables[--tlb->nr_tables];
		gup_fast_snapshot(mm->table_rcu[mm->nr_table_rcu++].gup_seq);
	}
	tlb_table_rcu(mm, false);
}

/* A PTE table unlinked from the tree, to free after the flush. */
void tlb_remove_table(struct mmu_gather *tlb, void *table)
{
	tlb->tables[tlb->nr_tables++] = table;
	if (tlb->nr_tables == MMU_GATHER_TABLES)
		tlb_flush_mmu(tlb);
}

void tlb_flush_mmu(struct mmu_gather *tlb)
{
	unsigned int i;

	tlb_flush_mmu_tlbonly(tlb);
	tlb_table_flush(tlb);
	for (i = 0; i < tlb->nr; i++) {
		/* free_pages_and_swap_cache() */
		free_swap_cache(tlb->batch[i].folio);
		folio_put_refs(tlb->batch[i].folio, tlb->batch[i].refs);
	}
	tlb->nr = 0;
}

/*
 * Another gather ran on the same mm meanwhile: it may have cleared an
 * entry this one found none, and not flushed yet, so this one returns
 * only after flushing the whole mm (mm_tlb_flush_nested(), "mm:
 * mmu_gather: fix TLB flush race between concurrent madvise(DONTNEED)").
 */
void tlb_finish_mmu(struct mmu_gather *tlb)
{
	if (mm_tlb_flush_nested(&tlb->mm->mm)) {
		tlb->fullmm = true;
		__tlb_reset_range(tlb);
		tlb->freed_tables = true;
	}
	tlb_flush_mmu(tlb);
	dec_tlb_flush_pending(&tlb->mm->mm);
}
