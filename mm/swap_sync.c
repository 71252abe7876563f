// SPDX-License-Identifier: GPL-2.0-only
/*
 * Swap-in from a synchronous device (do_swap_page() with SWP_SYNCHRONOUS_IO,
 * v6.12): a fault on a swap entry that no other entry shares (a swap count
 * of 1) and whose page is not in the swap cache reads it straight from the
 * device into a new folio, bypassing the cache.  The folio is as large as
 * the largest mTHP order of the VMA whose naturally aligned range of
 * entries around the fault is all swap entries of consecutive slots with
 * the same bits, none of them cached (alloc_swap_folio(), can_swapin_thp(),
 * swap_pte_batch()), else one page.  The slots are claimed for it first
 * (swapcache_prepare(), SWAP_HAS_CACHE) so that no other swap-in reads
 * them meanwhile and a zap cannot free them; under the PTL every entry of
 * the range must still be its swap entry, and the folio is mapped with
 * one set_ptes(nr), which writes a block folded again.  A new folio is
 * exclusive to the mm: writable in a writable VMA, dirty on a write fault.
 *
 * The kernel gives the claim up after the PTL and the folio's lock, and a
 * fault that found the slots claimed sleeps on swapcache_wq; here the claim
 * goes before the folio's lock, which the other fault waits for instead.
 * alloc_swap_folio() as with zswap never enabled (it falls back to one
 * page otherwise) and no memory cgroup.
 */
#include <errno.h>

#include <linux/align.h>
#include <linux/swapops.h>
#include <linux/userfaultfd_k.h>

#include "core.h"
#include "fault.h"

/*
 * can_swapin_thp(), without the PTL: the @nr entries from @ptep, the
 * faulting one at @idx, are the swap entries of consecutive slots with its
 * bits, and their slots alike in being cached or not.
 */
static bool can_swapin_thp(struct vm_fault *vmf, pte_t *ptep,
			   unsigned long idx, unsigned int nr)
{
	pte_t first = ptep_get_lockless(ptep);

	if (!pte_same(first, pte_move_swp_offset(vmf->orig_pte, -(long)idx)) ||
	    swap_pte_batch(ptep, nr, first) != nr)
		return false;
	return swap_range_cache_alike(pte_to_swp_entry(first), nr);
}

/*
 * Can a folio of @order be read for the fault: its naturally aligned range
 * lies in the VMA and one table, its slots are aligned as its addresses
 * (thp_swap_suitable_orders()), and can_swapin_thp() says so.
 */
static bool swapin_order_fits(struct vm_fault *vmf, swp_entry_t entry,
			      unsigned int order)
{
	unsigned int nr = 1U << order;
	unsigned long size = PAGE_SIZE << order;
	unsigned long start = ALIGN_DOWN(vmf->address, size);
	unsigned long idx = (vmf->address - start) >> PAGE_SHIFT;

	if (start < vmf->vma->vma.vm_start ||
	    start + size > vmf->vma->vma.vm_end ||
	    pte_table_end(start, start + size) != start + size)
		return false;
	if ((swp_offset(entry) ^ (vmf->address >> PAGE_SHIFT)) & (nr - 1))
		return false;
	return can_swapin_thp(vmf, vmf->pte - idx, idx, nr);
}

/* alloc_swap_folio(): the largest order that fits, else one page. */
static struct folio *alloc_swap_folio(struct vm_fault *vmf,
				      swp_entry_t entry)
{
	struct folio *folio;
	unsigned int order;

	/* alloc_swap_folio(): one page at a time while userfaultfd is armed. */
	order = userfaultfd_armed(&vmf->vma->vma) ? 0 : vmf->vma->order;
	for (; order; order--) {
		if (!swapin_order_fits(vmf, entry, order))
			continue;
		folio = folio_alloc(order);
		if (folio)
			return folio;
	}
	return folio_alloc(0);
}

/*
 * Under the PTL: the faulting entry is still the one the fault saw, and
 * for a large folio every entry of its range still its swap entry
 * (do_swap_page()'s recheck before it maps a folio it allocated).
 */
static bool swapin_range_unchanged(struct vm_fault *vmf, pte_t *ptep,
				   unsigned long idx, unsigned int nr)
{
	pte_t first;

	if (!pte_same(ptep_deref(vmf->pte), vmf->orig_pte))
		return false;
	if (nr == 1)
		return true;
	first = ptep_deref(ptep);
	return pte_same(first, pte_move_swp_offset(vmf->orig_pte, -(long)idx)) &&
	       swap_pte_batch(ptep, nr, first) == nr;
}

/*
 * Map the new, locked @folio read from the slots from @entry over its
 * range, if the entries are still its swap entries: one set_ptes(), the
 * slots losing the entries' references.  Our reference becomes one of
 * the mappings'.
 */
static bool swapin_map_new(struct vm_fault *vmf, struct folio *folio,
			   swp_entry_t entry)
{
	struct vm_area *vma = vmf->vma;
	unsigned int nr = folio_nr_pages(folio);
	unsigned long idx = swp_offset(pte_to_swp_entry(vmf->orig_pte)) -
			    swp_offset(entry);
	unsigned long address = vmf->address - (idx << PAGE_SHIFT);
	pte_t *ptep = vmf->pte - idx;
	pte_t pte;

	fault_lock_for_new_page(vmf, ptep);
	if (!swapin_range_unchanged(vmf, ptep, idx, nr)) {
		spin_unlock(vmf->ptl);
		return false;
	}
	swap_free_nr(entry, nr);
	add_mm_counter(vmf->mm, nr);
	add_mm_swapents(vmf->mm, -(long)nr);
	/* A fresh folio nobody else saw: certainly exclusive. */
	pte = mk_pte(&folio->page, vma->vma.vm_page_prot);
	/* The entry comes back write-protected for the monitor. */
	if (pte_swp_uffd_wp(vmf->orig_pte))
		pte = pte_mkuffd_wp(pte);
	if ((vma->vma.vm_flags & VM_WRITE) &&
	    !userfaultfd_pte_wp(&vma->vma, pte)) {
		pte = pte_mkwrite_novma(pte);
		if (vmf->flags & FAULT_FLAG_WRITE)
			pte = pte_mkdirty(pte);
	}
	folio_ref_add(folio, nr - 1);
	folio_add_new_anon_rmap(folio, vma, address);
	set_ptes(&vmf->mm->mm, address, ptep, pte, nr);
	spin_unlock(vmf->ptl);
	return true;
}

/*
 * The claim refused: the folio another swap-in reads the slots into, or
 * the one cached for them, is waited for (its lock, which the other
 * swap-in holds until it gave the claim up); an entry gone, whoever
 * changed it under the PTL.  Then the access retries.
 */
static void swapin_back_off(struct vm_fault *vmf, struct folio *busy)
{
	if (busy) {
		folio_wait_locked(busy);
		return;
	}
	vmf->ptl = pte_lockptr(vmf->mm, vmf->pte);
	spin_lock(vmf->ptl);
	spin_unlock(vmf->ptl);
}

enum vm_fault_reason do_swap_page_sync(struct vm_fault *vmf,
				       swp_entry_t entry)
{
	struct folio *folio = alloc_swap_folio(vmf, entry);
	struct folio *busy;
	unsigned int nr;
	bool mapped;

	if (!folio)
		return VM_FAULT_OOM;
	nr = folio_nr_pages(folio);
	entry = swp_entry(0, ALIGN_DOWN(swp_offset(entry), nr));
	/* __folio_set_locked(): nobody can see it yet. */
	folio_lock(folio);
	if (swapcache_prepare(entry, nr, folio, &busy)) {
		folio_unlock(folio);
		folio_put(folio);
		swapin_back_off(vmf, busy);
		return VM_FAULT_DONE;
	}
	swap_read_folio_direct(folio, entry);
	mapped = swapin_map_new(vmf, folio, entry);
	swapcache_clear(entry, nr);
	folio_unlock(folio);
	if (!mapped)
		folio_put(folio);
	return VM_FAULT_DONE;
}
