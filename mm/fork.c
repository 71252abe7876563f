// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork(): copy every VMA and its entries into a new mm.  Private writable
 * entries are write-protected in the parent and mapped read-only in the
 * child, so the first write of either side takes a COW fault.  With
 * fork=batch, runs of a large folio go through folio_pte_batch(),
 * wrprotect_ptes() and set_ptes(nr); with fork=unfold each entry is
 * write-protected on its own with ptep_set_wrprotect(), unfolding blocks.
 * Anonymous pages that may be pinned are copied for the child at once, so
 * the parent keeps the page its pin refers to.
 */
#include <linux/highmem.h>
#include <linux/swapops.h>
#include <linux/userfaultfd_k.h>

#include "core.h"
#include "oracle.h"

/* Share @nr pages from @page with the child, unless one may be pinned. */
static int folio_try_dup_anon_rmap_ptes(struct folio *folio, struct page *page,
					unsigned int nr)
{
	unsigned int i;

	if (folio_maybe_dma_pinned(folio))
		for (i = 0; i < nr; i++)
			if (page_ext_get(page + i)->anon_exclusive)
				return -1;
	for (i = 0; i < nr; i++)
		page_ext_get(page + i)->anon_exclusive = false;
	folio_dup_rmap_ptes(folio, nr);
	return 0;
}

static void __copy_present_ptes(struct vm_area *dst_vma,
				struct vm_area *src_vma, pte_t *dst_pte,
				pte_t *src_pte, pte_t pte, unsigned long addr,
				unsigned int nr)
{
	struct mm_struct *src_mm = src_vma->vma.vm_mm;

	if (is_cow_mapping(src_vma->vma.vm_flags) && pte_write(pte)) {
		if (contpte_design.fork == FORK_UNFOLD)
			ptep_set_wrprotect(src_mm, addr, src_pte);
		else
			wrprotect_ptes(src_mm, addr, src_pte, nr);
		pte = pte_wrprotect(pte);
	}
	if (src_vma->vma.vm_flags & VM_SHARED)
		pte = pte_mkclean(pte);
	/* The child does not inherit the monitor's write-protection. */
	if (!userfaultfd_wp(&dst_vma->vma))
		pte = pte_clear_uffd_wp(pte);
	pte = pte_mkold(pte);
	set_ptes(dst_vma->vma.vm_mm, addr, dst_pte, pte, nr);
}

/* The child gets its own copy of a possibly pinned page. */
static int copy_present_page(struct vm_area *dst_vma, pte_t *dst_pte,
			     unsigned long addr, struct page *page)
{
	struct folio *new = folio_alloc(0);
	pte_t pte;

	if (!new)
		return -1;
	copy_highpage(&new->page, page);
	folio_add_new_anon_rmap(new, dst_vma, addr);
	add_mm_counter(mm_model(dst_vma->vma.vm_mm), 1);
	pte = mk_pte(&new->page, dst_vma->vma.vm_page_prot);
	if (dst_vma->vma.vm_flags & VM_WRITE)
		pte = pte_mkwrite_novma(pte_mkdirty(pte));
	set_pte_at(dst_vma->vma.vm_mm, addr, dst_pte, pte);
	return 0;
}

/*
 * copy_present_ptes(): a batch may mix dirty and clean entries only in a
 * shared mapping, whose child entries are made clean anyway (the folio
 * keeps the dirty state).  A private entry's dirty bit is copied as it
 * is: after MADV_FREE it is all that tells reclaim a page was written.
 */
static unsigned int fork_batch_flags(struct vm_area *src_vma)
{
	if (src_vma->vma.vm_flags & VM_SHARED)
		return FPB_IGNORE_DIRTY | FPB_IGNORE_WRITE;
	return FPB_IGNORE_WRITE;
}

/* Copy one entry or a batch; returns how many, or -1 when out of memory. */
static int copy_present_ptes(struct vm_area *dst_vma, struct vm_area *src_vma,
			     pte_t *dst_pte, pte_t *src_pte, pte_t pte,
			     unsigned long addr, unsigned int max_nr)
{
	struct folio *folio = vm_normal_folio(src_vma, addr, pte);
	struct page *page = pte_page(pte);
	pte_t batch_pte = pte;
	bool any_writable;
	unsigned int nr = 1;

	if (!folio) {
		__copy_present_ptes(dst_vma, src_vma, dst_pte, src_pte, pte,
				    addr, 1);
		return 1;
	}
	if (folio->order && max_nr > 1 && contpte_design.fork == FORK_BATCH) {
		nr = folio_pte_batch(folio, src_pte, pte, max_nr,
				     fork_batch_flags(src_vma), &any_writable,
				     NULL, NULL);
		if (any_writable)
			batch_pte = pte_mkwrite_novma(pte);
	}
	if (folio_test_anon(folio)) {
		if (folio_try_dup_anon_rmap_ptes(folio, page, nr)) {
			if (nr > 1)
				/* Page by page: only the pinned ones copy. */
				return copy_present_ptes(dst_vma, src_vma,
							 dst_pte, src_pte, pte,
							 addr, 1);
			return copy_present_page(dst_vma, dst_pte, addr, page) ?
			       -1 : 1;
		}
	} else {
		folio_dup_rmap_ptes(folio, nr);
	}
	add_mm_counter(mm_model(dst_vma->vma.vm_mm), nr);
	__copy_present_ptes(dst_vma, src_vma, dst_pte, src_pte, batch_pte, addr,
			    nr);
	return nr;
}

/* The child's copy of a swap or migration entry, as for a present one. */
static pte_t copy_swp_uffd_wp(struct vm_area *dst_vma, pte_t pte)
{
	if (userfaultfd_wp(&dst_vma->vma))
		return pte;
	return pte_swp_clear_uffd_wp(pte);
}

/*
 * copy_nonpresent_pte(), v6.12.  A swap entry: one more reference to its
 * slot (swap_duplicate()), and the page is no longer exclusive, so the
 * parent's entry loses PTE_SWP_EXCLUSIVE and neither swap-in maps it
 * writable without a COW.  A migration entry: the child gets it too,
 * counted in its rss; in a private mapping both become readable and
 * shared, so that neither entry remove_migration_pte() makes is writable
 * (the page is now the family's, to be copied on a write).  Either keeps
 * the uffd-wp bit in the parent; the child, whose VMA is not registered,
 * drops it.
 */
static int copy_nonpresent_pte(struct vm_area *dst_vma,
			       struct vm_area *src_vma, pte_t *dst_pte,
			       pte_t *src_pte, pte_t pte, unsigned long addr)
{
	swp_entry_t entry = pte_to_swp_entry(pte);

	/*
	 * A uffd-wp marker is copied only into a registered VMA
	 * (copy_pte_marker()), which a child's never is here.
	 */
	if (is_pte_marker_entry(entry))
		return 1;
	if (!non_swap_entry(entry)) {
		if (swap_duplicate(entry))
			return -1;
		/* Where a swapoff() walking the parent meets it next. */
		mmlist_add(mm_model(dst_vma->vma.vm_mm),
			   mm_model(src_vma->vma.vm_mm));
		if (pte_swp_exclusive(pte)) {
			pte = pte_swp_clear_exclusive(pte);
			set_pte_at(src_vma->vma.vm_mm, addr, src_pte, pte);
		}
		add_mm_swapents(mm_model(dst_vma->vma.vm_mm), 1);
		set_pte_at(dst_vma->vma.vm_mm, addr, dst_pte,
			   copy_swp_uffd_wp(dst_vma, pte));
		return 1;
	}
	/*
	 * The kernel counts the entry in the rss of its folio's type
	 * (mm_counter()), one counter here; the lookup asserts the folio
	 * locked, as every migration entry's is.
	 */
	pfn_swap_entry_folio(entry);
	if (!is_readable_migration_entry(entry) &&
	    is_cow_mapping(src_vma->vma.vm_flags)) {
		entry = make_readable_migration_entry(swp_offset(entry));
		pte = pte_swp_uffd_wp(pte) ?
		      pte_swp_mkuffd_wp(swp_entry_to_pte(entry)) :
		      swp_entry_to_pte(entry);
		set_pte_at(src_vma->vma.vm_mm, addr, src_pte, pte);
	}
	add_mm_counter(mm_model(dst_vma->vma.vm_mm), 1);
	set_pte_at(dst_vma->vma.vm_mm, addr, dst_pte,
		   copy_swp_uffd_wp(dst_vma, pte));
	return 1;
}

static int copy_pte_range(struct vm_area *dst_vma, struct vm_area *src_vma,
			  unsigned long addr, unsigned long end)
{
	struct mm_model *dst_mm = mm_model(dst_vma->vma.vm_mm);
	struct mm_model *src_mm = mm_model(src_vma->vma.vm_mm);
	pte_t *src_pte = pte_offset_map(src_mm, addr), *dst_pte;
	spinlock_t *src_ptl, *dst_ptl;
	int nr, ret = 0;
	pte_t ptent;

	if (!src_pte)
		return 0;
	dst_pte = pte_alloc_map(dst_mm, addr);
	if (!dst_pte)
		return -1;
	dst_ptl = pte_lockptr(dst_mm, dst_pte);
	src_ptl = pte_lockptr(src_mm, src_pte);
	spin_lock(dst_ptl);
	spin_lock(src_ptl);
	for (; addr < end; addr += (unsigned long)nr << PAGE_SHIFT) {
		ptent = ptep_deref(src_pte);
		nr = 1;
		if (is_swap_pte(ptent))
			nr = copy_nonpresent_pte(dst_vma, src_vma, dst_pte,
						 src_pte, ptent, addr);
		else if (!pte_none(ptent))
			nr = copy_present_ptes(dst_vma, src_vma, dst_pte,
					       src_pte,
					       ptep_deref_use(src_pte, ptent),
					       addr,
					       (end - addr) >> PAGE_SHIFT);
		if (nr < 0) {
			ret = -1;
			break;
		}
		src_pte += nr;
		dst_pte += nr;
	}
	spin_unlock(src_ptl);
	spin_unlock(dst_ptl);
	return ret;
}

static void write_protect_seq_inc(struct mm_model *mm)
{
	__atomic_fetch_add(&mm->write_protect_seq, 1, __ATOMIC_SEQ_CST);
}

/*
 * copy_page_range(): GUP-fast pins are excluded while a private VMA's
 * entries are write-protected by making write_protect_seq odd.
 */
static int copy_page_range(struct vm_area *dst_vma, struct vm_area *src_vma)
{
	struct mm_model *src_mm = mm_model(src_vma->vma.vm_mm);
	unsigned long addr = src_vma->vma.vm_start, end = src_vma->vma.vm_end;
	bool is_cow = is_cow_mapping(src_vma->vma.vm_flags);
	unsigned long next;
	int ret = 0;

	if (is_cow)
		write_protect_seq_inc(src_mm);
	for (; addr < end && !ret; addr = next) {
		next = pte_table_end(addr, end);
		ret = copy_pte_range(dst_vma, src_vma, addr, next);
	}
	if (is_cow)
		write_protect_seq_inc(src_mm);
	return ret;
}

/*
 * Each of the parent's VMAs is marked for writing (no fault runs in it
 * until fork() is done), the child's copy is linked into the reverse map
 * and the child's tree before its entries are copied, and the parent's
 * TLB is flushed once at the end.
 */
static int dup_mmap(struct mm_model *mm, struct mm_model *oldmm)
{
	struct vm_area *mpnt, *vma;
	int ret = 0;

	mm_notify_fork(oldmm, mm, false);
	for_each_vma(oldmm, mpnt) {
		vma_start_write(mpnt);
		/* MADV_DONTFORK: the child does not get this range. */
		if (mpnt->vma.vm_flags & VM_DONTCOPY)
			continue;
		vma = vma_dup(mm, mpnt);
		/* dup_userfaultfd(), without UFFD_FEATURE_EVENT_FORK */
		if (vma)
			userfaultfd_reset_ctx(vma);
		ret = vma ? copy_page_range(vma, mpnt) : -1;
		if (ret)
			break;
	}
	flush_tlb_mm(&oldmm->mm);
	mm_notify_fork(oldmm, mm, true);
	return ret;
}

/*
 * The child is in the parent's fork() family and live, so the reverse
 * map may walk it as soon as a VMA of it is linked; its VMAs are filled
 * in under its own mmap_lock, taken nested inside the parent's.
 */
struct mm_model *dup_mm(struct mm_model *oldmm)
{
	struct mm_model *mm = mm_alloc_family(oldmm->anon_vma);
	int ret;

	if (!mm)
		return NULL;
	mmap_write_lock(oldmm);
	mmap_write_lock(mm);
	ret = dup_mmap(mm, oldmm);
	mmap_write_unlock(mm);
	mmap_write_unlock(oldmm);
	if (ret) {
		mmput(mm);
		return NULL;
	}
	return mm;
}
