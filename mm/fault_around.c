// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault-around (do_fault_around() -> filemap_map_pages(), v6.12): a read
 * fault on a file first maps what of the fault_around_bytes window
 * around the address (64K, aligned, clipped to the VMA and the PTE table)
 * is cached and not locked, one set_ptes() per run of empty entries
 * within a folio.  The run that holds the faulting address is young; the
 * others are old when the hardware manages the Access flag
 * (arch_wants_old_prefaulted_pte(): the first access sets it without a
 * fault), so a block can be made of young and old entries.  A window of
 * one page (64K pages) does nothing: such faults map their page alone
 * through finish_fault().  A block is folded only when one run covers
 * it whole: a file read cold maps one page, and the next read's
 * fault-around the rest of its block around it, in two runs.
 */
#include <linux/userfaultfd_k.h>

#include "fault.h"

#define FAULT_AROUND_BYTES	(64UL << 10)	/* fault_around_bytes */
#define FAULT_AROUND_MAX	((FAULT_AROUND_BYTES >> 12) + 1)

struct fault_around {
	struct vm_fault *vmf;
	unsigned long start, end;	/* the window */
	pte_t *pte;			/* start's entry */
	struct folio *folios[FAULT_AROUND_MAX];
	unsigned int nr_folios;
	/*
	 * A run mapped the faulting page (VM_FAULT_NOPAGE).  Not "its entry
	 * is no longer none": an entry that was not none to begin with (a
	 * uffd-wp marker) is passed over, and the fault goes on to
	 * __do_fault().
	 */
	bool mapped;
};

/*
 * The file index @va would map, counted from the VMA's start in either
 * direction, as the kernel counts from the fault's pgoff in PTE offsets.
 */
static unsigned long va_index(struct vm_fault *vmf, unsigned long va)
{
	long pages = (long)(va - vmf->vma->vma.vm_start) >> PAGE_SHIFT;

	return vmf->vma->pgoff + pages;
}

/*
 * The window, as do_fault_around() computes it, and no further than the
 * file's last page (filemap_map_pages()'s end_pgoff; do_fault() saw the
 * faulting page inside the file, but a truncation may have cut it short
 * since); false if one page, or none.
 */
static bool fault_around_window(struct fault_around *fa)
{
	struct vm_fault *vmf = fa->vmf;
	unsigned long size = FAULT_AROUND_BYTES, table, start, eof, pages;
	struct vm_area *vma = vmf->vma;

	/* should_fault_around(): not while uffd-wp is armed there. */
	if (size <= PAGE_SIZE || uffd_disable_fault_around(&vma->vma))
		return false;
	table = (unsigned long)PTRS_PER_PTE << PAGE_SHIFT;
	start = ALIGN_DOWN(vmf->address, size);
	if (start < vma->vma.vm_start)
		start = vma->vma.vm_start;
	if (start < ALIGN_DOWN(vmf->address, table))
		start = ALIGN_DOWN(vmf->address, table);
	fa->start = start;
	fa->end = pte_table_end(start, start + size);
	if (fa->end > vma->vma.vm_end)
		fa->end = vma->vma.vm_end;
	/* A truncation may have cut the file short of the VMA since. */
	pages = i_size_read(vma->mapping);
	eof = vma->vma.vm_start +
	      ((pages > vma->pgoff ? pages - vma->pgoff : 0) << PAGE_SHIFT);
	if (fa->end > eof)
		fa->end = eof;
	if (fa->end <= fa->start)
		return false;
	fa->pte = vmf->pte - ((vmf->address - start) >> PAGE_SHIFT);
	return true;
}

/*
 * next_uptodate_folio(), with @folio locked: whether it may be mapped, from
 * its first page in a window that starts at page @start.  A truncation
 * may have dropped it since the lookup (folio->mapping), or cut the file
 * short of that page since the window was set: it changes the size
 * before it takes the folio's lock.
 */
static bool fault_around_still_cached(struct folio *folio,
				      unsigned long start)
{
	unsigned long first = folio_index(folio) > start ?
			      folio_index(folio) : start;

	return filemap_folio_cached(folio) &&
	       first < i_size_read(folio_mapping(folio));
}

/*
 * The cached folios of the window, referenced and locked
 * (next_uptodate_folio(): a locked folio is being read, written back or
 * split, and is skipped).
 */
static void fault_around_folios(struct fault_around *fa)
{
	struct address_space *mapping = fa->vmf->vma->mapping;
	unsigned long start = va_index(fa->vmf, fa->start), index = start;
	unsigned long last = va_index(fa->vmf, fa->end);
	struct folio *folio;

	fa->nr_folios = 0;
	while (index < last && fa->nr_folios < FAULT_AROUND_MAX &&
	       (folio = filemap_get_next_folio(mapping, &index))) {
		if (folio_index(folio) >= last || !folio_trylock(folio)) {
			folio_put(folio);
			continue;
		}
		if (!fault_around_still_cached(folio, start)) {
			folio_unlock(folio);
			folio_put(folio);
			continue;
		}
		fa->folios[fa->nr_folios++] = folio;
	}
}

/* set_pte_range() of @nr pages of @folio from @va, PTL held. */
static void fault_around_run(struct fault_around *fa, struct folio *folio,
			     unsigned long va, unsigned int nr)
{
	struct vm_fault *vmf = fa->vmf;
	struct page *page = folio_page(folio, va_index(vmf, va) -
					      folio_index(folio));
	bool here = vmf->address >= va &&
		    vmf->address < va + ((unsigned long)nr << PAGE_SHIFT);
	pte_t entry = mk_pte(page, vmf->vma->vma.vm_page_prot);

	entry = here || !arch_wants_old_prefaulted_pte() ? pte_mkyoung(entry) :
							    pte_mkold(entry);
	fa->mapped |= here;
	folio_ref_add(folio, nr);
	folio_add_file_rmap_ptes(folio, nr);
	add_mm_counter(vmf->mm, nr);
	set_ptes(&vmf->mm->mm, va, fa->pte + ((va - fa->start) >> PAGE_SHIFT),
		 entry, nr);
}

/* filemap_map_folio_range(): the runs of empty entries of @folio. */
static void fault_around_folio(struct fault_around *fa, struct folio *folio)
{
	unsigned long first = folio_index(folio);
	unsigned long last = first + folio_nr_pages(folio);
	unsigned long idx = va_index(fa->vmf, fa->start), va, run = 0;
	unsigned long end_idx = va_index(fa->vmf, fa->end);

	if (first < idx)
		first = idx;
	if (last > end_idx)
		last = end_idx;
	va = fa->start + ((first - idx) << PAGE_SHIFT);
	for (; first < last; first++, va += PAGE_SIZE) {
		if (pte_none(ptep_deref(fa->pte + (first - idx)))) {
			run++;
			continue;
		}
		if (run)
			fault_around_run(fa, folio, va - (run << PAGE_SHIFT),
					 run);
		run = 0;
	}
	if (run)
		fault_around_run(fa, folio, va - (run << PAGE_SHIFT), run);
}

bool do_fault_around(struct vm_fault *vmf)
{
	struct fault_around fa = { .vmf = vmf };
	unsigned int i;

	if (!fault_around_window(&fa))
		return false;
	fault_around_folios(&fa);
	if (!fa.nr_folios)
		return false;
	fault_lock_for_new_page(vmf, fa.pte);
	for (i = 0; i < fa.nr_folios; i++)
		fault_around_folio(&fa, fa.folios[i]);
	spin_unlock(vmf->ptl);
	for (i = 0; i < fa.nr_folios; i++) {
		folio_unlock(fa.folios[i]);
		folio_put(fa.folios[i]);
	}
	return fa.mapped;
}
