// SPDX-License-Identifier: GPL-2.0-only
/*
 * Splitting a large anonymous folio into folios of a lower order, as the
 * kernel's debugfs interface does for a range of a process
 * (split_huge_pages_pid() -> split_folio_to_order(), v6.12): with the
 * folio locked, every entry mapping it is cleared and replaced by a
 * migration entry (unmap_folio(): try_to_migrate(), the first entry of a
 * folded block unfolding it, then one wait for the TLBIs), the folio is
 * made several once only the caller's reference is left
 * (__split_huge_page()), and each new folio's migration entries become
 * entries again one by one (remap_page(): remove_migration_ptes(), whose
 * set_pte_at() of a block's last entry is where the contpte layer may
 * try to fold it again, now over two folios).  A fault on a migration
 * entry waits for the lock of the folio its page belongs to: every new
 * folio stays locked until it is mapped again.
 *
 * The kernel holds the anon_vma lock for writing throughout
 * (TTU_RMAP_LOCKED); here the folio lock alone keeps other splits,
 * migrations and reclaim's swap-out out.  Reclaim splits a folio itself
 * before swap-out (split_folio_to_list(), mm/vmscan.c).
 */
#include "core.h"
#include "oracle.h"

/* unmap_folio() */
static void unmap_folio(struct folio *folio)
{
	try_to_migrate(folio);
	try_to_unmap_flush();
}

/*
 * Make @folio, frozen, 2^(order - new_order) folios, each with the flags
 * and one reference (the split's), published last (the unfreeze), and,
 * but for the first, locked: the first is the caller's, locked and
 * referenced already.  With @list (reclaim), each but the first is put
 * on it with one more reference, the list's (lru_add_page_tail()), and
 * reclaim deals with it in the same pass.
 */
static void split_refs(struct folio *folio, unsigned int new_order,
		       struct folio_list *list)
{
	unsigned long flags = folio->flags, index = folio_index(folio);
	struct anon_vma *anon_vma = page_ext_get(&folio->page)->anon_vma;
	unsigned long nr = folio_nr_pages(folio), step = 1UL << new_order;
	struct page *head = &folio->page;
	struct folio *f;
	unsigned long i;

	/*
	 * Each new folio is locked before a fault can find it, as the
	 * kernel's tail pages take PG_locked from the head before they stop
	 * being tails.  Here every page is its own folio between
	 * unprep_folio() and prep_folio(), so each is locked through that
	 * window too: a fault on a migration entry that looks then
	 * (migration_entry_wait()) waits rather than finding it unlocked.
	 */
	for (i = 1; i < nr; i++)
		spin_lock(&page_ext_get(head + i)->lock);
	/*
	 * The kernel's deferred split queue is a list threaded through the
	 * folio's tail pages (_deferred_list), which the split makes folios
	 * of their own: a folio split while queued leaves the list running
	 * through their new fields (bookkeeping, as CONFIG_DEBUG_LIST would
	 * report at the next list operation).  Queued is PG_partially_mapped.
	 */
	if (folio_test(folio, PG_partially_mapped))
		mm_report("bookkeeping", index << PAGE_SHIFT,
			  "folio pfn %#lx split while on the deferred split queue",
			  folio_pfn(folio));
	unprep_folio(folio);
	for (i = 0; i < nr; i += step) {
		f = prep_folio(head + i, new_order);
		f->flags = flags;
		f->_mapcount = 0;
		page_ext_get(&f->page)->index = index + i;
		page_ext_get(&f->page)->anon_vma = anon_vma;
		if (list && i)
			list->folios[list->nr++] = f;
		folio_ref_unfreeze(f, list && i ? 2 : 1);
	}
	for (i = 1; i < nr; i++)
		if (i % step)
			spin_unlock(&page_ext_get(head + i)->lock);
}

/*
 * remap_page(): each new folio mapped where its migration entries are,
 * then unlocked and its split reference dropped (freed if nothing maps
 * it), but for the first.  A split's order-0 page of zeros is mapped as
 * the zero page instead (@flags: RMP_USE_SHARED_ZEROPAGE) and so freed.
 */
static void remap_page(struct page *head, unsigned long nr,
		       unsigned int order, int flags)
{
	struct folio *f;
	unsigned long i;

	for (i = 0; i < nr; i += 1UL << order) {
		f = page_folio(head + i);
		remove_migration_ptes(f, f, flags);
		if (i) {
			folio_unlock(f);
			folio_put(f);
		}
	}
}

/*
 * split_folio_to_order() of a locked anonymous folio the caller holds a
 * reference on (can_split_folio(): no other reference but its mappings).
 * The swap cache's references keep a folio in it whole: the model does
 * not split its slots.
 */
static bool split_folio_to_order(struct folio *folio, unsigned int new_order,
				 struct folio_list *list)
{
	unsigned long nr = folio_nr_pages(folio);
	unsigned int order = folio->order;

	/*
	 * VM_BUG_ON_FOLIO() of split_huge_page_to_list_to_order(): the lock
	 * keeps out reclaim, migration and swap-in, which take it before
	 * they look at the folio's mappings.  The splitter must hold it, not
	 * merely find it held.
	 */
	if (!folio_locked_by_me(folio))
		mm_report("bookkeeping", folio_index(folio) << PAGE_SHIFT,
			  "folio pfn %#lx split without its lock",
			  folio_pfn(folio));
	if (order <= new_order || !folio_test_anon(folio) ||
	    folio_ref_count(folio) != folio_mapcount(folio) + 1)
		return false;
	unmap_folio(folio);
	/* A pin or a lookup came in meanwhile: the freeze fails. */
	if (folio_mapcount(folio) || !folio_ref_freeze(folio, 1)) {
		remap_page(&folio->page, nr, order, 0);
		return false;
	}
	/* Its unmap may have queued it: __split_huge_page() takes it off. */
	folio_unqueue_deferred_split(folio);
	split_refs(folio, new_order, list);
	remap_page(&folio->page, nr, new_order, RMP_USE_SHARED_ZEROPAGE);
	return true;
}

int split_folio(struct folio *folio)
{
	return split_folio_to_order(folio, 0, NULL) ? 0 : -1;
}

int split_folio_to_list(struct folio *folio, struct folio_list *list)
{
	return split_folio_to_order(folio, 0, list) ? 0 : -1;
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
		if (folio && !folio_try_get(folio))
			folio = NULL;
		spin_unlock(ptl);
		if (!folio)
			continue;
		if (folio_trylock(folio)) {
			split += split_folio_to_order(folio, new_order, NULL);
			/* The first of the new folios, or the folio. */
			folio_unlock(folio);
		}
		folio_put(folio);
	}
	mmap_read_unlock(mm);
	return split;
}
