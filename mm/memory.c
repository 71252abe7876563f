// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page-fault handler.  handle_pte_fault() reads the entry without the
 * PTL (ptep_get_lockless(), or the norecency read of the 2024 RFC), then
 * rechecks it under the PTL before acting, and updates access state with
 * ptep_set_access_flags().  New mappings are created whole with
 * set_ptes(nr): an anonymous mTHP folio, a shmem folio that fits the VMA,
 * or the runs fault-around finds cached (mm/fault_around.c); a file page
 * otherwise alone.
 */
#include <errno.h>

#include <linux/align.h>
#include <linux/highmem.h>
#include <linux/swapops.h>
#include <linux/userfaultfd_k.h>

#include "core.h"
#include "fault.h"
#include "oracle.h"

static bool fault_norecency(void)
{
	return contpte_design.lockless == LOCKLESS_NORECENCY;
}

static pte_t fault_read_lockless(pte_t *pte)
{
	if (fault_norecency())
		return ptep_get_lockless_norecency(pte);
	return ptep_get_lockless(pte);
}

/* Under the PTL: is the entry still the one the lockless read saw? */
static bool vmf_pte_unchanged(struct vm_fault *vmf)
{
	pte_t cur = ptep_deref(vmf->pte);

	if (fault_norecency())
		return pte_same_norecency(cur, vmf->orig_pte);
	return pte_same(cur, vmf->orig_pte);
}

/*
 * Under the PTL: is the entry a new page goes to still the one the fault
 * saw, none or a uffd-wp marker (vmf_pte_changed())?
 */
static bool vmf_pte_changed(struct vm_fault *vmf)
{
	return !pte_same(ptep_deref(vmf->pte), vmf->orig_pte);
}

/*
 * A page mapped where a uffd-wp marker was is write-protected for the
 * monitor (set_pte_range(): vmf_orig_pte_uffd_wp()).
 */
static pte_t vmf_mkuffd_wp(struct vm_fault *vmf, pte_t entry)
{
	return pte_marker_uffd_wp(vmf->orig_pte) ? pte_mkuffd_wp(entry) :
						   entry;
}

static bool refault_fence;

void mm_set_refault_fence(bool on)
{
	refault_fence = on;
}

bool mm_refault_fenced(void)
{
	return refault_fence;
}

/*
 * Take the PTL to map a new page where the entry is none.  Reclaim, or a
 * MADV_DONTNEED under mmap_lock for reading, may have cleared it and not
 * completed its TLBI yet: mapping a new page before that completed is an
 * upstream sequence the checker's catalogue keeps away from
 * (docs/checker.md), which the fence does by completing the invalidation
 * first: reclaim's as zap does (flush_tlb_batched_pending(): reclaim
 * records it under this PTL), a gather in flight by flushing the mm.
 */
void fault_lock_for_new_page(struct vm_fault *vmf, pte_t *pte)
{
	vmf->ptl = pte_lockptr(vmf->mm, pte);
	spin_lock(vmf->ptl);
	if (!refault_fence)
		return;
	flush_tlb_batched_pending(vmf->mm);
	if (mm_tlb_flush_pending(&vmf->mm->mm))
		flush_tlb_mm(&vmf->mm->mm);
}

static bool pte_range_none(pte_t *pte, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!pte_none(ptep_get_lockless(pte + i)))
			return false;
	return true;
}

/*
 * The naturally aligned range of 2^@order pages around the fault, if it
 * lies in the VMA and one PTE table and nothing is mapped there yet.
 */
static bool fault_range_fits(struct vm_fault *vmf, unsigned int order,
			     unsigned long *start)
{
	unsigned long size = PAGE_SIZE << order;
	unsigned long s = ALIGN_DOWN(vmf->address, size);
	unsigned int idx = (vmf->address - s) >> PAGE_SHIFT;

	if (s < vmf->vma->vma.vm_start || s + size > vmf->vma->vma.vm_end ||
	    pte_table_end(s, s + size) != s + size ||
	    !pte_range_none(vmf->pte - idx, 1U << order))
		return false;
	*start = s;
	return true;
}

static struct folio *alloc_anon_folio(struct vm_fault *vmf,
				      unsigned long *start)
{
	int order = vmf->vma->order;
	struct folio *folio;

	/* alloc_anon_folio(): one page at a time while userfaultfd is armed. */
	if (userfaultfd_armed(&vmf->vma->vma))
		order = 0;
	for (; order > 0; order--) {
		if (!fault_range_fits(vmf, order, start))
			continue;
		folio = folio_alloc(order);
		if (folio)
			return folio;
	}
	/*
	 * The fallback, one page, asks nothing of the entry: it may be back
	 * already, or be a break of an unfold in progress, and only the
	 * recheck under the PTL tells.
	 */
	*start = vmf->address;
	return folio_alloc(0);
}

static void map_zero_page(struct vm_fault *vmf)
{
	pte_t entry = pte_mkspecial(pfn_pte(folio_pfn(zero_folio),
					    vmf->vma->vma.vm_page_prot));

	fault_lock_for_new_page(vmf, vmf->pte);
	if (pte_none(ptep_deref(vmf->pte)))
		set_pte_at(&vmf->mm->mm, vmf->address, vmf->pte, entry);
	spin_unlock(vmf->ptl);
}

static enum vm_fault_reason do_anonymous_page(struct vm_fault *vmf)
{
	struct vm_area *vma = vmf->vma;
	struct folio *folio;
	unsigned long start;
	unsigned int nr;
	pte_t *pte;
	pte_t entry;

	if (!(vmf->flags & FAULT_FLAG_WRITE)) {
		map_zero_page(vmf);
		return VM_FAULT_DONE;
	}
	folio = alloc_anon_folio(vmf, &start);
	if (!folio)
		return VM_FAULT_OOM;
	nr = folio_nr_pages(folio);
	pte = vmf->pte - ((vmf->address - start) >> PAGE_SHIFT);
	entry = pte_mkyoung(mk_pte(&folio->page, vma->vma.vm_page_prot));
	if (vma->vma.vm_flags & VM_WRITE)
		entry = pte_mkwrite_novma(pte_mkdirty(entry));

	fault_lock_for_new_page(vmf, pte);
	if (!pte_range_none(pte, nr)) {
		spin_unlock(vmf->ptl);
		folio_put(folio);
		return VM_FAULT_DONE;
	}
	folio_ref_add(folio, nr - 1);
	folio_add_new_anon_rmap(folio, vma, start);
	add_mm_counter(vmf->mm, nr);
	set_ptes(&vmf->mm->mm, start, pte, entry, nr);
	spin_unlock(vmf->ptl);
	return VM_FAULT_DONE;
}

static unsigned long vmf_file_index(struct vm_fault *vmf)
{
	return linear_page_index(vmf->vma, vmf->address);
}

/*
 * Whether the fault maps the whole cache folio: only on shmem, and not
 * while userfaultfd is armed there (finish_fault() in v6.12); on any other
 * file it maps the faulting page alone, and a read maps more only through
 * fault-around.
 */
static bool fault_maps_folio(struct vm_fault *vmf)
{
	return vmf->vma->mapping->shmem &&
	       !userfaultfd_armed(&vmf->vma->vma);
}

/* Whether the folio, its first page at @start, fits the VMA and the table. */
static bool finish_fault_fits(struct vm_fault *vmf, struct folio *folio,
			      unsigned long start)
{
	unsigned long end = start + (PAGE_SIZE << folio->order);
	struct vm_area *vma = vmf->vma;

	return start >= vma->vma.vm_start && end <= vma->vma.vm_end &&
	       pte_table_end(start, end) == end;
}

static pte_t finish_fault_entry(struct vm_fault *vmf, struct page *page)
{
	pte_t entry = pte_mkyoung(mk_pte(page, vmf->vma->vma.vm_page_prot));

	if (vmf->flags & FAULT_FLAG_WRITE)
		entry = pte_mkwrite_novma(pte_mkdirty(entry));
	return vmf_mkuffd_wp(vmf, entry);
}

/*
 * Map the page cache folio: all of it when the fault maps whole folios
 * and it fits the VMA and the table, otherwise just the faulting page.
 * Whether the range is free is asked under the PTL only, as v6.12 does:
 * where a fault-around mapped part of the folio before this fault took
 * the folio lock, the fault falls back to its own page ("mm: fix
 * finish_fault() handling for large folios").
 */
static enum vm_fault_reason finish_fault(struct vm_fault *vmf,
					 struct folio *folio)
{
	unsigned long idx = vmf_file_index(vmf) - folio_index(folio);
	unsigned long start = vmf->address - (idx << PAGE_SHIFT);
	bool whole = fault_maps_folio(vmf) &&
		     finish_fault_fits(vmf, folio, start);
	unsigned int nr;
	pte_t *pte;

	if (vmf->flags & FAULT_FLAG_WRITE)
		folio_mark_dirty(folio);
	for (;;) {
		nr = whole ? folio_nr_pages(folio) : 1;
		pte = whole ? vmf->pte - idx : vmf->pte;
		fault_lock_for_new_page(vmf, pte);
		if (!whole || pte_range_none(pte, nr))
			break;
		spin_unlock(vmf->ptl);
		whole = false;
	}
	if (whole || !vmf_pte_changed(vmf)) {
		folio_ref_add(folio, nr);
		folio_add_file_rmap_ptes(folio, nr);
		add_mm_counter(vmf->mm, nr);
		set_ptes(&vmf->mm->mm, whole ? start : vmf->address, pte,
			 finish_fault_entry(vmf, whole ? &folio->page :
						folio_page(folio, idx)),
			 nr);
	}
	spin_unlock(vmf->ptl);
	return VM_FAULT_DONE;
}

/* A write to a private file mapping: map a private copy straight away. */
static enum vm_fault_reason do_cow_fault(struct vm_fault *vmf,
					 struct folio *src)
{
	struct page *page = folio_page(src, vmf_file_index(vmf) -
					    folio_index(src));
	struct folio *folio = folio_alloc(0);
	pte_t entry;

	if (!folio)
		return VM_FAULT_OOM;
	copy_highpage(&folio->page, page);
	entry = pte_mkyoung(mk_pte(&folio->page, vmf->vma->vma.vm_page_prot));
	entry = vmf_mkuffd_wp(vmf, pte_mkwrite_novma(pte_mkdirty(entry)));
	fault_lock_for_new_page(vmf, vmf->pte);
	if (vmf_pte_changed(vmf)) {
		spin_unlock(vmf->ptl);
		folio_put(folio);
		return VM_FAULT_DONE;
	}
	folio_add_new_anon_rmap(folio, vmf->vma, vmf->address);
	add_mm_counter(vmf->mm, 1);
	set_pte_at(&vmf->mm->mm, vmf->address, vmf->pte, entry);
	spin_unlock(vmf->ptl);
	return VM_FAULT_DONE;
}

/*
 * __do_fault() -> filemap_fault(), shmem_fault(): the faulting page's
 * folio, referenced, locked and still cached (the folio->mapping check:
 * a truncation may drop it between the lookup and the lock), or NULL with
 * the reason.  The size is read again under the lock: a truncation
 * changes it before it takes any folio's lock, so a fault that finds the
 * page inside the file here maps it before the truncation can look for
 * its mappings, and one that comes later raises SIGBUS.
 */
static struct folio *fault_lock_folio(struct vm_fault *vmf,
				      enum vm_fault_reason *ret)
{
	struct address_space *mapping = vmf->vma->mapping;
	unsigned long index = vmf_file_index(vmf);
	struct folio *folio;

	for (;;) {
		folio = filemap_get_folio(mapping, index);
		if (!folio) {
			*ret = VM_FAULT_OOM;
			return NULL;
		}
		folio_lock(folio);
		if (filemap_folio_cached(folio))
			break;
		folio_unlock(folio);
		folio_put(folio);
	}
	if (index < i_size_read(mapping))
		return folio;
	folio_unlock(folio);
	folio_put(folio);
	*ret = VM_FAULT_SIGBUS;
	return NULL;
}

/*
 * do_read_fault(), do_cow_fault(), do_shared_fault(): each maps with the
 * folio locked.  For a shared write the lock also spans the dirtying
 * (fault_dirty_shared_page()), so writeback, which cleans the folio under
 * it, sees both or neither.
 */
static enum vm_fault_reason do_fault(struct vm_fault *vmf)
{
	struct folio *folio;
	enum vm_fault_reason ret;

	/* filemap_fault(), shmem_fault(): past the end of the file. */
	if (vmf_file_index(vmf) >= i_size_read(vmf->vma->mapping))
		return VM_FAULT_SIGBUS;
	/* do_read_fault(): what is cached around first, then the page. */
	if (!(vmf->flags & FAULT_FLAG_WRITE) && do_fault_around(vmf))
		return VM_FAULT_DONE;
	folio = fault_lock_folio(vmf, &ret);
	if (!folio)
		return ret;
	if ((vmf->flags & FAULT_FLAG_WRITE) &&
	    !(vmf->vma->vma.vm_flags & VM_SHARED))
		ret = do_cow_fault(vmf, folio);
	else
		ret = finish_fault(vmf, folio);
	folio_unlock(folio);
	folio_put(folio);
	return ret;
}

/* Make the entry writable (or just young, for an unshare) in place. */
static enum vm_fault_reason wp_page_reuse(struct vm_fault *vmf)
{
	pte_t entry = pte_mkyoung(vmf->orig_pte);

	if (!(vmf->flags & FAULT_FLAG_UNSHARE)) {
		entry = pte_mkwrite_novma(pte_mkdirty(entry));
		ptep_set_access_flags(&vmf->vma->vma, vmf->address, vmf->pte,
				      entry, 1);
	}
	spin_unlock(vmf->ptl);
	return VM_FAULT_DONE;
}

/*
 * A write-pinned page must stay the one this mm writes to (gup-pin); a
 * read-only pin may keep the old content while a COW replaces it.
 */
static void check_pin_survives(struct vm_fault *vmf, struct folio *old)
{
	if (folio_maybe_dma_pinned(old) &&
	    __atomic_load_n(&page_ext_get(&old->page)->write_pin_mm,
			    __ATOMIC_RELAXED) == &vmf->mm->mm)
		mm_report("gup-pin", vmf->address,
			  "COW replaces pinned pfn %#lx", folio_pfn(old));
}

/*
 * Replace the entry with a private order-0 copy.  Called with the PTL
 * held; drops it to allocate, as the kernel does, and revalidates.
 */
static enum vm_fault_reason wp_page_copy(struct vm_fault *vmf,
					 struct folio *old)
{
	struct vm_area_struct *vma = &vmf->vma->vma;
	struct page *old_page = old ? pte_page(vmf->orig_pte) : NULL;
	struct folio *new;
	pte_t entry;

	if (old)
		folio_get(old);
	spin_unlock(vmf->ptl);
	new = folio_alloc(0);
	if (!new) {
		if (old)
			folio_put(old);
		return VM_FAULT_OOM;
	}
	if (old_page)
		copy_highpage(&new->page, old_page);
	spin_lock(vmf->ptl);
	if (!vmf_pte_unchanged(vmf)) {
		spin_unlock(vmf->ptl);
		folio_put(new);
		if (old)
			folio_put(old);
		return VM_FAULT_DONE;
	}
	entry = pte_mkyoung(mk_pte(&new->page, vma->vm_page_prot));
	if (!(vmf->flags & FAULT_FLAG_UNSHARE))
		entry = pte_mkwrite_novma(pte_mkdirty(entry));
	else if (pte_uffd_wp(vmf->orig_pte))
		/* An unshare keeps the monitor's write-protection. */
		entry = pte_mkuffd_wp(entry);
	if (old)
		check_pin_survives(vmf, old);
	else
		add_mm_counter(vmf->mm, 1);
	ptep_clear_flush(vma, vmf->address, vmf->pte);
	folio_add_new_anon_rmap(new, vmf->vma, vmf->address);
	set_pte_at(&vmf->mm->mm, vmf->address, vmf->pte, entry);
	if (old) {
		folio_remove_rmap_ptes(old, 1);
		folio_put(old);		/* the mapping's reference */
	}
	spin_unlock(vmf->ptl);
	if (old) {
		/*
		 * A cached folio this mapping was the last of leaves the
		 * swap cache now if no entry names its slots: nothing else
		 * would free it (free_swap_cache()).
		 */
		free_swap_cache(old);
		folio_put(old);		/* ours */
	}
	return VM_FAULT_DONE;
}

/*
 * A write to a shared page mapped read-only for dirty tracking; PTL held.
 * A file with writeback has ->page_mkwrite() (wp_page_shared(), v6.12):
 * the PTL is dropped to lock the folio, and the entry rechecked, so that
 * the folio is dirtied and the entry made writable under the folio lock
 * writeback holds while it cleans the mappings.  Shmem is never written
 * back here: its entry is made writable under the PTL alone.
 */
static enum vm_fault_reason wp_page_shared(struct vm_fault *vmf,
					   struct folio *folio)
{
	if (vmf->vma->mapping && vmf->vma->mapping->shmem) {
		folio_mark_dirty(folio);
		return wp_page_reuse(vmf);
	}
	folio_get(folio);
	spin_unlock(vmf->ptl);
	folio_lock(folio);
	spin_lock(vmf->ptl);
	if (vmf_pte_unchanged(vmf)) {
		folio_mark_dirty(folio);
		wp_page_reuse(vmf);
	} else {
		spin_unlock(vmf->ptl);
	}
	folio_unlock(folio);
	folio_put(folio);
	return VM_FAULT_DONE;
}

/*
 * Could this mm have the only mapping of @folio, whose faulting page is
 * not known exclusive (fork() shared it)?  Order 0: no other reference
 * at all, once the swap cache let go of it: a cached folio whose slots no
 * entry names any more leaves the cache first (folio_free_swap(), under
 * the folio lock, which a trylock must get).  A large folio is never
 * reused here in v6.12: the page is copied out of it.  (v6.15 reuses one
 * that only this mm maps now, __wp_can_reuse_large_anon_folio(), which
 * needs the per-mm mapping counts of CONFIG_MM_ID that the model does
 * not keep.)
 */
static bool wp_can_reuse_anon_folio(struct folio *folio)
{
	bool swapcache = folio_test(folio, PG_swapcache);
	bool reuse;

	if (folio->order)
		return false;
	if (folio_ref_count(folio) > 1 + swapcache)
		return false;
	if (!folio_trylock(folio))
		return false;
	if (swapcache)
		folio_free_swap(folio);
	reuse = folio_ref_count(folio) == 1;
	folio_unlock(folio);
	return reuse;
}

/* Write (or unshare) fault on a present, non-writable entry; PTL held. */
static enum vm_fault_reason do_wp_page(struct vm_fault *vmf)
{
	struct folio *folio = vm_normal_folio(vmf->vma, vmf->address,
					      vmf->orig_pte);
	struct page_ext *ext;

	/*
	 * A write to an entry the monitor write-protected goes to it
	 * (do_wp_page(), v6.12: userfaultfd_pte_wp() on the entry under the
	 * PTL, before anything could make it writable).
	 */
	if (!(vmf->flags & FAULT_FLAG_UNSHARE) &&
	    userfaultfd_pte_wp(&vmf->vma->vma, ptep_deref(vmf->pte))) {
		spin_unlock(vmf->ptl);
		return handle_userfault(vmf);
	}
	/* Only anonymous pages are unshared; a pin of anything else is fine. */
	if ((vmf->flags & FAULT_FLAG_UNSHARE) &&
	    !(folio && folio_test_anon(folio))) {
		spin_unlock(vmf->ptl);
		return VM_FAULT_DONE;
	}
	if (folio && (vmf->vma->vma.vm_flags & VM_SHARED))
		return wp_page_shared(vmf, folio);
	if (folio && folio_test_anon(folio)) {
		ext = page_ext_get(pte_page(vmf->orig_pte));
		if (ext->anon_exclusive || wp_can_reuse_anon_folio(folio)) {
			ext->anon_exclusive = true;
			return wp_page_reuse(vmf);
		}
	}
	return wp_page_copy(vmf, folio);
}

/* A PROT_NONE entry made accessible again (numa_rebuild_single_mapping()). */
static void numa_rebuild_one(struct vm_fault *vmf, unsigned long addr,
			     pte_t *ptep)
{
	struct vm_area_struct *vma = &vmf->vma->vma;
	pte_t old = ptep_modify_prot_start(vma, addr, ptep);
	pte_t pte = pte_mkyoung(pte_modify(old, vma->vm_page_prot));

	/* An exclusive private page need not fault again to be written. */
	if (!pte_write(pte) && can_change_ptes_writable(vmf->vma, pte, 1))
		pte = pte_mkwrite_novma(pte);
	ptep_modify_prot_commit(vma, addr, ptep, old, pte);
}

/*
 * numa_rebuild_large_mapping(): every PROT_NONE entry of @folio within
 * the VMA and this table, one at a time, so that a block is rewritten
 * entry by entry and may fold again at its last.
 */
static void numa_rebuild_large_mapping(struct vm_fault *vmf,
				       struct folio *folio)
{
	unsigned long span = (unsigned long)PTRS_PER_PTE << PAGE_SHIFT;
	unsigned long table = vmf->address & ~(span - 1);
	unsigned long start = vmf->address -
			      ((pte_pfn(vmf->orig_pte) - folio_pfn(folio)) <<
			       PAGE_SHIFT);
	unsigned long end = start + (PAGE_SIZE << folio->order);
	unsigned long addr;
	pte_t *ptep;
	pte_t ptent;

	if (start < table)
		start = table;
	if (start < vmf->vma->vma.vm_start)
		start = vmf->vma->vma.vm_start;
	if (end > table + span)
		end = table + span;
	if (end > vmf->vma->vma.vm_end)
		end = vmf->vma->vma.vm_end;
	ptep = vmf->pte - ((vmf->address - start) >> PAGE_SHIFT);

	for (addr = start; addr < end; addr += PAGE_SIZE, ptep++) {
		ptent = ptep_deref(ptep);
		if (pte_protnone(ptent) && page_folio(pte_page(ptent)) == folio)
			numa_rebuild_one(vmf, addr, ptep);
	}
}

/*
 * do_numa_page(), on a machine of one node: nothing to migrate, so the
 * entries go back as the VMA's protection says (out_map), a large
 * folio's all of them.
 */
static enum vm_fault_reason do_numa_page(struct vm_fault *vmf)
{
	struct folio *folio;

	vmf->ptl = pte_lockptr(vmf->mm, vmf->pte);
	spin_lock(vmf->ptl);
	if (!vmf_pte_unchanged(vmf)) {
		spin_unlock(vmf->ptl);
		return VM_FAULT_DONE;
	}
	folio = vm_normal_folio(vmf->vma, vmf->address, vmf->orig_pte);
	/*
	 * The scan that made the entries PROT_NONE may not have flushed
	 * yet: rebuilding a block's entries one by one changes their
	 * contiguous bit before that completed, which the catalogue keeps
	 * away from (docs/checker.md) by flushing the mm first.
	 */
	if (refault_fence && mm_tlb_flush_pending(&vmf->mm->mm))
		flush_tlb_mm(&vmf->mm->mm);
	if (folio && folio->order)
		numa_rebuild_large_mapping(vmf, folio);
	else
		numa_rebuild_one(vmf, vmf->address, vmf->pte);
	spin_unlock(vmf->ptl);
	return VM_FAULT_DONE;
}

/*
 * Can the cached large @folio, whose page @idx the fault is on, be mapped
 * whole: it lies in the VMA and this table, and each of its entries is
 * still the swap entry of its own slot with the faulting entry's bits
 * (do_swap_page(), v6.12: pte_move_swp_offset() and swap_pte_batch()).
 */
static bool swap_folio_fits(struct vm_fault *vmf, struct folio *folio,
			    unsigned long idx)
{
	unsigned long nr = folio_nr_pages(folio);
	unsigned long start = vmf->address - (idx << PAGE_SHIFT);
	unsigned long end = start + (nr << PAGE_SHIFT);
	pte_t *ptep = vmf->pte - idx;
	pte_t first;

	if (start < vmf->vma->vma.vm_start || end > vmf->vma->vma.vm_end ||
	    pte_table_end(start, end) != end)
		return false;
	first = ptep_deref(ptep);
	return pte_same(first, pte_move_swp_offset(vmf->orig_pte, -(long)idx)) &&
	       swap_pte_batch(ptep, nr, first) == nr;
}

/*
 * should_try_to_free_swap(): any fault frees the slots of the folio it
 * maps when swap is more than half full (mem_cgroup_swap_full(); no
 * mlock here); a write fault frees those of a folio only it holds, so
 * that the folio is exclusive to it and can be written.
 */
static bool should_try_to_free_swap(struct vm_fault *vmf,
				    struct folio *folio)
{
	if (!folio_test(folio, PG_swapcache))
		return false;
	if (vm_swap_full())
		return true;
	return (vmf->flags & FAULT_FLAG_WRITE) &&
	       folio_ref_count(folio) == 1 + (int)folio_nr_pages(folio);
}

/*
 * Map the cached, locked @folio where the swap entry was, under the PTL,
 * if the entry is still the one the fault saw: the whole folio with one
 * set_ptes() when every entry of it is still its swap entry (which folds
 * a block again), else the faulting page alone with set_pte_at().  The
 * slots lose the entries' references.  An exclusive entry maps writable,
 * and dirty on a write fault, as does a folio no one else holds, unless
 * it is uffd-wp (kept from the swap entry); anything else maps read-only
 * and a write faults again into do_wp_page().  Our
 * reference on @folio becomes one of the mappings'.
 */
static bool do_swap_map(struct vm_fault *vmf, struct folio *folio,
			swp_entry_t entry)
{
	struct vm_area *vma = vmf->vma;
	unsigned long idx = swp_offset(entry) -
			    page_ext_get(&folio->page)->swap;
	unsigned long address = vmf->address, nr = 1;
	struct page *page = folio_page(folio, idx);
	pte_t *ptep = vmf->pte;
	bool exclusive;
	pte_t pte;

	fault_lock_for_new_page(vmf, vmf->pte);
	if (!pte_same(ptep_deref(vmf->pte), vmf->orig_pte)) {
		spin_unlock(vmf->ptl);
		return false;
	}
	if (folio->order && swap_folio_fits(vmf, folio, idx)) {
		nr = folio_nr_pages(folio);
		address -= idx << PAGE_SHIFT;
		ptep -= idx;
		entry = page_swap_entry(folio, &folio->page);
		page = &folio->page;
	}
	exclusive = pte_swp_exclusive(vmf->orig_pte);
	swap_free_nr(entry, nr);
	if (should_try_to_free_swap(vmf, folio))
		folio_free_swap(folio);
	add_mm_counter(vmf->mm, nr);
	add_mm_swapents(vmf->mm, -(long)nr);
	pte = mk_pte(page, vma->vma.vm_page_prot);
	/* The entry comes back write-protected for the monitor. */
	if (pte_swp_uffd_wp(vmf->orig_pte))
		pte = pte_mkuffd_wp(pte);
	if (exclusive || folio_ref_count(folio) == 1) {
		if ((vma->vma.vm_flags & VM_WRITE) &&
		    !userfaultfd_pte_wp(&vma->vma, pte)) {
			pte = pte_mkwrite_novma(pte);
			if (vmf->flags & FAULT_FLAG_WRITE)
				pte = pte_mkdirty(pte);
		}
		exclusive = true;
	} else {
		/* Another mm may map it: a write copies, or reuses it whole. */
		folio_set(folio, PG_mapped_shared);
	}
	folio_ref_add(folio, nr - 1);
	folio_add_swapin_rmap(folio, page, nr, vma, address, exclusive);
	set_ptes(&vmf->mm->mm, address, ptep, pte, nr);
	spin_unlock(vmf->ptl);
	return true;
}

/*
 * A swap entry, the device held: its folio from the swap cache; else,
 * from a synchronous device when no other entry refers to the slot, read
 * into a new folio outside the cache (mm/swap_sync.c); else read from the
 * slot into a new order-0 folio cached for it (no readahead), locked and
 * rechecked (still cached for that slot), then mapped.
 */
static enum vm_fault_reason do_swap_page_entry(struct vm_fault *vmf,
					       swp_entry_t entry)
{
	struct folio *folio;
	bool mapped = false;

	folio = swap_cache_get_folio(entry);
	if (!folio && swap_synchronous() && swap_count(entry) == 1)
		return do_swap_page_sync(vmf, entry);
	if (folio) {
		folio_lock(folio);
	} else {
		folio = folio_alloc(0);
		if (!folio)
			return VM_FAULT_OOM;
		if (!swap_read_folio_cached(folio, entry)) {
			/*
			 * The entry went, or another fault cached the page
			 * first: back out once whoever changes the entry
			 * under the PTL is done, and retry.
			 */
			folio_put(folio);
			vmf->ptl = pte_lockptr(vmf->mm, vmf->pte);
			spin_lock(vmf->ptl);
			spin_unlock(vmf->ptl);
			return VM_FAULT_DONE;
		}
	}
	if (folio_test(folio, PG_swapcache) &&
	    swp_offset(entry) - page_ext_get(&folio->page)->swap <
	    folio_nr_pages(folio))
		mapped = do_swap_map(vmf, folio, entry);
	folio_unlock(folio);
	if (!mapped)
		folio_put(folio);
	return VM_FAULT_DONE;
}

/*
 * A non-present entry that is not PROT_NONE (do_swap_page(), v6.12).  A
 * uffd-wp marker: the page is mapped as into an empty entry, protected.  A
 * migration entry: wait until the migration is over, then let the access
 * retry.  A swap entry: swapped in with the device held, so that
 * swapoff() cannot free the slots meanwhile; a device swapoff() is taking
 * away has already replaced the entry, or is about to: retry.  Any other
 * entry, or a swap entry of no slot of the device, is bad
 * (print_bad_pte(), get_swap_device()), reported every time so that a run
 * replays.
 */
static enum vm_fault_reason do_swap_page(struct vm_fault *vmf)
{
	swp_entry_t entry = pte_to_swp_entry(vmf->orig_pte);
	enum vm_fault_reason ret;
	int err;

	/*
	 * handle_pte_marker(): a uffd-wp marker in a file or shmem VMA is
	 * an empty entry whose page maps write-protected (do_pte_missing()).
	 */
	if (pte_marker_uffd_wp(vmf->orig_pte) && vmf->vma->mapping)
		return do_fault(vmf);
	if (non_swap_entry(entry)) {
		if (WARN_ON(!is_migration_entry(entry)))
			return VM_FAULT_SIGSEGV;
		migration_entry_wait(vmf->mm, vmf->pte);
		return VM_FAULT_DONE;
	}
	err = get_swap_device(entry);
	if (err == -ENODEV)
		return VM_FAULT_DONE;
	/* "Bad swap file entry": no device has that slot. */
	if (WARN_ON(err))
		return VM_FAULT_SIGSEGV;
	ret = do_swap_page_entry(vmf, entry);
	put_swap_device();
	return ret;
}

static enum vm_fault_reason handle_pte_fault(struct vm_fault *vmf)
{
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	pte_t entry;

	vmf->orig_pte = fault_read_lockless(vmf->pte);
	if (pte_none(vmf->orig_pte)) {
		if (vmf->vma->mapping)
			return do_fault(vmf);
		return do_anonymous_page(vmf);
	}
	if (!pte_present(vmf->orig_pte))
		return do_swap_page(vmf);
	/* The VMA allows the access (handle_mm_fault()): NUMA hinting. */
	if (pte_protnone(vmf->orig_pte))
		return do_numa_page(vmf);

	vmf->ptl = pte_lockptr(vmf->mm, vmf->pte);
	spin_lock(vmf->ptl);
	if (!vmf_pte_unchanged(vmf)) {
		spin_unlock(vmf->ptl);
		return VM_FAULT_DONE;
	}
	entry = vmf->orig_pte;
	/* A writable entry maps an exclusive page: nothing to unshare. */
	if ((vmf->flags & (FAULT_FLAG_WRITE | FAULT_FLAG_UNSHARE)) &&
	    !pte_write(entry))
		return do_wp_page(vmf);
	if (write)
		entry = pte_mkdirty(entry);
	entry = pte_mkyoung(entry);
	if (!ptep_set_access_flags(&vmf->vma->vma, vmf->address, vmf->pte,
				   entry, write) && write)
		/* Only a stale TLB entry can have faulted. */
		flush_tlb_fix_spurious_fault(&vmf->vma->vma, vmf->address,
					     vmf->pte);
	spin_unlock(vmf->ptl);
	return VM_FAULT_DONE;
}

/*
 * arm64's do_page_fault(): the VMA flags one of which the fault needs,
 * from the abort: VM_EXEC for an instruction abort, VM_WRITE for a write,
 * and for a read any access at all (write implies read, and without
 * FEAT_EPAN exec implies read too).  Without one: SIGSEGV (SEGV_ACCERR).
 */
static bool access_error(struct vm_area *vma, unsigned int flags)
{
	unsigned long need = VM_READ | VM_WRITE | VM_EXEC;

	if (flags & FAULT_FLAG_INSTRUCTION)
		need = VM_EXEC;
	else if (flags & FAULT_FLAG_WRITE)
		need = VM_WRITE;
	return !(vma->vma.vm_flags & need);
}

/*
 * The caller holds @vma: its per-VMA lock or mmap_lock (the arch's fault
 * handler, GUP); nothing here takes either.
 */
enum vm_fault_reason handle_mm_fault(struct vm_area *vma, unsigned long addr,
				     unsigned int flags)
{
	struct mm_model *mm = mm_model(vma->vma.vm_mm);
	struct vm_fault vmf = {
		.mm = mm,
		.vma = vma,
		.address = addr & PAGE_MASK,
		.flags = flags,
	};

	if (access_error(vma, flags))
		return VM_FAULT_SIGSEGV;
	vmf.pte = pte_alloc_map(mm, vmf.address);
	return vmf.pte ? handle_pte_fault(&vmf) : VM_FAULT_OOM;
}
