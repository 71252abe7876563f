// SPDX-License-Identifier: GPL-2.0-only
/*
 * swapoff(2) of the one swap device (sys_swapoff() and try_to_unuse(),
 * v6.12).  No slot is handed out any more; then the swap entries of every
 * mm on the list of those that may hold one (mm/mmlist.c) are swapped
 * back in, entry by entry, and every folio the swap cache still holds for
 * a slot nothing refers to leaves it, until no slot is in use; then the
 * device's references are drained and its slots freed.
 *
 * A swapped-in entry comes back read-only and old, exclusive to its mm if
 * the swap entry was, uffd-wp if it was (unuse_pte()); a write faults into
 * do_wp_page(), which reuses an exclusive page and copies a shared one.
 * Each entry is written with set_pte_at(), so a large folio brought back
 * entry by entry folds its block again at the block's last entry.
 *
 * An mm whose last reference went is passed over (mmget_not_zero()): its
 * exit_mmap() gives its entries back at its own pace, and what keeps the
 * slots from being freed under its zap is the device reference that
 * free_swap_and_cache_nr() holds, not the walk.
 */
#include <linux/swapops.h>

#include "core.h"

/*
 * pte_same_as_swp(): @pte is the entry @swp_pte, built from a swp_entry_t
 * and so without the bits beside it, whatever bits @pte carries.
 */
static bool pte_same_as_swp(pte_t pte, pte_t swp_pte)
{
	return pte_same(pte_swp_clear_flags(pte), swp_pte);
}

/*
 * unuse_pte(): @folio, locked and cached for @entry's slot, mapped at
 * @addr if @entry is still there; the slot loses the entry's reference.
 */
static void unuse_pte(struct mm_model *mm, struct vm_area *vma,
		      unsigned long addr, swp_entry_t entry,
		      struct folio *folio)
{
	struct page *page = folio_page(folio, swp_offset(entry) -
					      page_ext_get(&folio->page)->swap);
	spinlock_t *ptl;
	pte_t *ptep = pte_offset_map_lock(mm, addr, &ptl);
	pte_t old, pte;

	if (!ptep)
		return;
	old = ptep_deref(ptep);
	if (!pte_same_as_swp(old, swp_entry_to_pte(entry))) {
		spin_unlock(ptl);
		return;
	}
	add_mm_swapents(mm, -1);
	add_mm_counter(mm, 1);
	folio_get(folio);
	folio_add_swapin_rmap(folio, page, 1, vma, addr,
			      pte_swp_exclusive(old));
	pte = pte_mkold(mk_pte(page, vma->vma.vm_page_prot));
	if (pte_swp_uffd_wp(old))
		pte = pte_mkuffd_wp(pte);
	set_pte_at(&mm->mm, addr, ptep, pte);
	swap_free_nr(entry, 1);
	spin_unlock(ptl);
}

/*
 * The folio of @entry's slot, locked, with a reference: the swap cache's,
 * or a new one read into the cache (swapin_readahead() without the
 * readahead); NULL if the slot was freed or cached by another meanwhile,
 * which the next pass over the mm sees.
 */
static struct folio *unuse_get_folio(swp_entry_t entry)
{
	struct folio *folio = swap_cache_get_folio(entry);

	if (folio) {
		folio_lock(folio);
		/* Its slots are freed only once its copy has landed. */
		folio_wait_writeback(folio);
		return folio;
	}
	folio = folio_alloc(0);
	if (!folio)
		return NULL;
	if (swap_read_folio_cached(folio, entry))
		return folio;
	folio_put(folio);
	return NULL;
}

/*
 * unuse_pte_range() over a VMA: each swap entry read without the PTL,
 * its folio found or read and locked, then mapped under the PTL, and the
 * folio let go of the cache once no entry refers to its slots.
 */
static void unuse_vma(struct mm_model *mm, struct vm_area *vma)
{
	unsigned long addr;
	struct folio *folio;
	swp_entry_t entry;
	pte_t *ptep;
	pte_t pte;

	for (addr = vma->vma.vm_start; addr < vma->vma.vm_end;
	     addr += PAGE_SIZE) {
		ptep = pte_offset_map(mm, addr);
		if (!ptep)
			continue;
		pte = ptep_get_lockless(ptep);
		if (!is_swap_pte(pte))
			continue;
		entry = pte_to_swp_entry(pte);
		if (non_swap_entry(entry))
			continue;
		folio = unuse_get_folio(entry);
		if (!folio)
			continue;
		unuse_pte(mm, vma, addr, entry, folio);
		folio_free_swap(folio);
		folio_unlock(folio);
		folio_put(folio);
	}
}

static void unuse_mm(struct mm_model *mm)
{
	struct vm_area *vma;

	mmap_read_lock(mm);
	for_each_vma(mm, vma)
		unuse_vma(mm, vma);
	mmap_read_unlock(mm);
}

/* A folio the cache holds for a slot no entry refers to leaves it. */
static void unuse_cache(unsigned long slot)
{
	struct folio *folio = swap_cache_get_folio(swp_entry(0, slot));

	if (!folio)
		return;
	folio_lock(folio);
	folio_wait_writeback(folio);
	folio_free_swap(folio);
	folio_unlock(folio);
	folio_put(folio);
}

/*
 * The mms on the list, each swapped in while the walk holds a reference
 * on it; the reference on the one it was at goes only once it has
 * stepped from there, since the reference is what keeps that mm on the
 * list, and an mmput() that turns out to be the last takes it off.
 */
static void unuse_mmlist(void)
{
	struct mm_model *mm, *prev = NULL;

	while (swap_next_in_use(0) && (mm = mmlist_next(prev))) {
		if (prev)
			mmput(prev);
		prev = mm;
		unuse_mm(mm);
	}
	if (prev)
		mmput(prev);
}

/*
 * try_to_unuse(): round again while a slot is in use, which an entry made
 * after the walk passed its place (reclaim's unmap of a folio it added
 * to the cache before swapoff() began, a fork()), a zap of an exiting mm
 * not done yet or a swap-in's claim keeps.
 */
static void try_to_unuse(void)
{
	unsigned long slot;

	while (swap_next_in_use(0)) {
		unuse_mmlist();
		for (slot = swap_next_in_use(0); slot;
		     slot = swap_next_in_use(slot + 1))
			unuse_cache(slot);
	}
}

void swapoff(void)
{
	swap_stop_alloc();
	try_to_unuse();
	swap_release_device();
}
