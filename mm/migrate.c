// SPDX-License-Identifier: GPL-2.0-only
/*
 * Migration of a mapped anonymous folio, as migrate_pages() does it in
 * MIGRATE_ASYNC mode (migrate_pages_batch(), v6.12): the old folio is
 * locked and a new one of the same order allocated and locked; every
 * entry mapping the old one is cleared and replaced by a migration entry
 * (try_to_migrate(), mm/rmap.c), whose TLBIs are waited for once
 * (try_to_unmap_flush()) before anything is copied; the contents and
 * flags move once only the caller's reference is left (the expected
 * count of folio_migrate_mapping()); then each migration entry becomes
 * an entry of the new folio, one at a time (remove_migration_ptes(),
 * set_pte_at()), so that the contpte layer may fold a block again at its
 * last entry.  A fault that meets a migration entry waits for the old
 * folio's lock and retries (migration_entry_wait()).
 *
 * One node: the new folio is another frame range, which is all the
 * contpte layer can tell.
 */
#include <linux/highmem.h>

#include "core.h"
#include "rmap_walk.h"

/*
 * try_to_map_unused_to_zeropage(), v6.12: a page of an order-0 folio
 * that holds only zeros (pages_identical() with the zero page: its rest
 * too) is mapped as the zero page, keeping the entry's uffd-wp bit, and
 * the folio, unmapped, is freed when the split drops its reference.  The
 * old entry is a migration entry, so no CPU may still hold a translation
 * of the page: unmap_folio()'s flush has completed.
 */
static bool map_unused_to_zeropage(struct vm_area *vma, unsigned long addr,
				   pte_t *pte, pte_t old, struct page *page)
{
	pte_t pteval;

	if (page_folio(page)->order || page_read_data(page) ||
	    page_read_fill(page))
		return false;
	pteval = pte_mkspecial(pfn_pte(folio_pfn(zero_folio),
				       vma->vma.vm_page_prot));
	if (pte_swp_uffd_wp(old))
		pteval = pte_mkuffd_wp(pteval);
	set_pte_at(vma->vma.vm_mm, addr, pte, pteval);
	add_mm_counter(mm_model(vma->vma.vm_mm), -1);
	return true;
}

/* remove_migration_pte(), v6.12: one migration entry of rw->folio. */
static bool remove_migration_pte(struct rmap_walk *rw, struct vm_area *vma,
				 unsigned long addr, pte_t *pte, pte_t old,
				 unsigned int nr)
{
	swp_entry_t entry = pte_to_swp_entry(old);
	struct folio *dst = rw->dst;
	struct page *new = folio_page(dst, swp_offset_pfn(entry) -
					   folio_pfn(rw->folio));
	pte_t pteval = mk_pte(new, vma->vma.vm_page_prot);

	if (rw->map_unused_to_zeropage &&
	    map_unused_to_zeropage(vma, addr, pte, old, new))
		return true;
	folio_get(dst);
	if (!is_migration_entry_young(entry))
		pteval = pte_mkold(pteval);
	if (folio_test(dst, PG_dirty) && is_migration_entry_dirty(entry))
		pteval = pte_mkdirty(pteval);
	if (is_writable_migration_entry(entry))
		pteval = pte_mkwrite_novma(pteval);
	else if (pte_swp_uffd_wp(old))
		pteval = pte_mkuffd_wp(pteval);
	/* A shared page: fork() may have copied the entry meanwhile. */
	if (is_readable_migration_entry(entry))
		folio_set(dst, PG_mapped_shared);
	folio_add_anon_rmap_ptes(dst, new, 1,
				 !is_readable_migration_entry(entry));
	set_pte_at(vma->vma.vm_mm, addr, pte, pteval);
	return true;
}

void remove_migration_ptes(struct folio *src, struct folio *dst, int flags)
{
	struct rmap_walk rw = { .one = remove_migration_pte, .folio = src,
				.migration = true, .dst = dst,
				.map_unused_to_zeropage =
					flags & RMP_USE_SHARED_ZEROPAGE };

	rmap_walk(&rw);
}

/*
 * migration_entry_wait(), v6.12: under the PTL, is the entry still a
 * migration entry?  Then its folio is found while the entry guarantees
 * it locked, and waited for without the PTL
 * (migration_entry_wait_on_locked()).
 */
void migration_entry_wait(struct mm_model *mm, pte_t *pte)
{
	spinlock_t *ptl = pte_lockptr(mm, pte);
	struct folio *folio;
	swp_entry_t entry;
	pte_t ptent;

	spin_lock(ptl);
	ptent = ptep_deref(pte);
	entry = pte_to_swp_entry(ptent);
	if (!is_swap_pte(ptent) || !is_migration_entry(entry)) {
		spin_unlock(ptl);
		return;
	}
	folio = pfn_swap_entry_folio(entry);
	spin_unlock(ptl);
	folio_wait_locked(folio);
}

/*
 * The new folio takes over the old one's contents, flags and place in
 * the reverse map (folio_migrate_mapping(), folio_migrate_flags()).  A
 * lazyfree page keeps its verdict: written since MADV_FREE or not.
 */
static void folio_migrate_copy(struct folio *dst, struct folio *src)
{
	struct page_ext *s = page_ext_get(&src->page);
	struct page_ext *d = page_ext_get(&dst->page);
	unsigned long i;
	u64 version;

	for (i = 0; i < folio_nr_pages(src); i++) {
		copy_highpage(folio_page(dst, i), folio_page(src, i));
		version = page_data_version(folio_page(dst, i));
		if (page_has_unsaved_data(folio_page(src, i)))
			version--;
		__atomic_store_n(&page_ext_get(folio_page(dst, i))->clean_version,
				 version, __ATOMIC_RELAXED);
	}
	d->index = s->index;
	d->anon_vma = s->anon_vma;
	/*
	 * One look at the old folio's flags, which aging and the fault
	 * path set and clear atomically without its lock.
	 */
	dst->flags = __atomic_load_n(&src->flags, __ATOMIC_RELAXED);
	/* folio_migrate_flags(): the cache is the new folio's now. */
	folio_clear(src, PG_swapcache);
}

/*
 * __folio_migrate_mapping(), with the count frozen at what the caller
 * and the swap cache hold: the cache's slots go to @dst, and @src leaves
 * the deferred split queue, and its queue flag with it, which @dst must
 * not inherit unqueued.
 */
static bool folio_migrate_mapping(struct folio *dst, struct folio *src)
{
	if (folio_test(src, PG_swapcache) ? !swap_cache_migrate(dst, src) :
					    folio_ref_count(src) != 1)
		return false;
	folio_unqueue_deferred_split(src);
	return true;
}

bool migrate_pages(struct folio *src)
{
	struct anon_vma *anon_vma = page_ext_get(&src->page)->anon_vma;
	struct folio *dst;
	bool moved = false;

	if (!folio_trylock(src))
		goto out;
	/*
	 * A folio under writeback is not moved while its copy still reads
	 * it: migrate_folio_unmap() gives up on it unless MIGRATE_SYNC,
	 * which waits for the copy (move_pages(2)); the model trylocks and
	 * gives up, as MIGRATE_ASYNC does.
	 */
	if (folio_test(src, PG_writeback))
		goto unlock;
	dst = folio_alloc(src->order);
	if (!dst)
		goto unlock;
	folio_lock(dst);
	anon_vma_get(anon_vma);
	if (folio_mapcount(src))
		try_to_migrate(src);
	/* No CPU may still write to the old folio once it is copied. */
	try_to_unmap_flush();
	if (!folio_mapcount(src) && folio_migrate_mapping(dst, src)) {
		folio_migrate_copy(dst, src);
		moved = true;
	}
	remove_migration_ptes(src, moved ? dst : src, 0);
	anon_vma_put(anon_vma);
	folio_unlock(dst);
	/* Its mappings hold it now, or nothing does. */
	folio_put(dst);
unlock:
	folio_unlock(src);
out:
	folio_put(src);
	return moved;
}

/*
 * move_pages(2) of one address, as MPOL_MF_MOVE_ALL: the folio is looked
 * up and isolated (a reference) under mmap_lock for reading and the PTL,
 * and migrated after both are dropped (do_pages_move(),
 * add_folio_for_migration(), v6.12).
 */
bool do_move_pages(struct mm_model *mm, unsigned long addr)
{
	struct folio *folio = NULL;
	struct vm_area *vma;
	spinlock_t *ptl;
	pte_t *pte = NULL;
	pte_t ptent;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (vma && !vma->mapping)
		pte = pte_offset_map_lock(mm, addr, &ptl);
	if (pte) {
		ptent = ptep_deref(pte);
		if (pte_present(ptent))
			folio = vm_normal_folio(vma, addr,
						ptep_deref_use(pte, ptent));
		if (folio && !folio_try_get(folio))
			folio = NULL;
		spin_unlock(ptl);
	}
	mmap_read_unlock(mm);
	return folio && migrate_pages(folio);
}
