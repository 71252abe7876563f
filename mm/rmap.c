// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reverse map: find every entry that maps a folio.  An anonymous
 * folio sits at the VA its index names in the mms of its fork() family
 * (its anon_vma); a file folio wherever a VMA maps its file at that
 * offset.  As rmap_walk_anon() and rmap_walk_file() do, the walk holds
 * the family's anon_vma or the file's i_mmap_rwsem for reading, and each
 * table's PTL, but no mmap_lock: it runs beside munmap(), exit, mprotect()
 * and fork() of the mms it visits.  The VMAs it finds stay put, linked in,
 * and so do their tables: unlinking a VMA (before its tables go) takes
 * the same lock for writing.
 *
 * On each run of entries mapping the folio:
 *   folio_referenced - ptep_clear_flush_young() or, for a run of several,
 *                      clear_flush_young_ptes();
 *   try_to_unmap     - get_and_clear_full_ptes() and one range flush for a
 *                      whole folio, ptep_clear_flush() page by page else;
 *   try_to_migrate   - page by page, ptep_get_and_clear() (deferred
 *                      flush) or ptep_clear_flush(), then set_pte_at() of
 *                      a migration entry;
 *   folio_mkclean    - ptep_clear_flush(), then a clean read-only entry.
 * remove_migration_ptes() (mm/migrate.c) walks the migration entries.
 */
#include <string.h>

#include <linux/smp.h>

#include "core.h"
#include "oracle.h"
#include "rmap_walk.h"

/* One anon_vma per fork() family, so at most one per mm. */
static struct anon_vma anon_vma_pool[MM_POOL_SIZE];

void anon_vma_pool_init(void)
{
	memset(anon_vma_pool, 0, sizeof(anon_vma_pool));
}

/*
 * A free one, taken by compare-and-swap of its count.  Its lock is left
 * as it is: a walk that found a folio of the family that last used it may
 * still hold it, harmlessly (it visits nobody's mapping of that folio).
 */
struct anon_vma *anon_vma_alloc(void)
{
	struct anon_vma *av;
	int free;

	for (av = anon_vma_pool; av < anon_vma_pool + MM_POOL_SIZE; av++) {
		free = 0;
		if (__atomic_compare_exchange_n(&av->refcount, &free, 1, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			return av;
	}
	return NULL;
}

struct anon_vma *anon_vma_get(struct anon_vma *anon_vma)
{
	__atomic_fetch_add(&anon_vma->refcount, 1, __ATOMIC_RELAXED);
	return anon_vma;
}

void anon_vma_put(struct anon_vma *anon_vma)
{
	WARN_ON(__atomic_sub_fetch(&anon_vma->refcount, 1,
				   __ATOMIC_ACQ_REL) < 0);
}

/*
 * Every mm gone, no anon_vma is referenced: one still counted was taken
 * by a walk or a migration that never gave it back (anon_vma_put()), and
 * the kernel would never free it.
 */
bool anon_vma_check_leaks(void)
{
	struct anon_vma *av;
	int refs;

	for (av = anon_vma_pool; av < anon_vma_pool + MM_POOL_SIZE; av++) {
		refs = __atomic_load_n(&av->refcount, __ATOMIC_RELAXED);
		if (!refs)
			continue;
		mm_report("bookkeeping", 0,
			  "an anon_vma is still referenced (%d) with every mm gone",
			  refs);
		return false;
	}
	return true;
}

/* A private VMA may map anonymous folios (COW copies of a file, too). */
static struct anon_vma *vma_anon_vma(struct vm_area *vma)
{
	if (!is_cow_mapping(vm_flags_lockless(&vma->vma)))
		return NULL;
	return mm_model(vma->vma.vm_mm)->anon_vma;
}

void vma_rmap_lock_write(struct vm_area *vma)
{
	if (vma->mapping)
		down_write(&vma->mapping->i_mmap_rwsem);
	if (vma_anon_vma(vma))
		down_write(&vma_anon_vma(vma)->rwsem);
}

void vma_rmap_unlock_write(struct vm_area *vma)
{
	if (vma_anon_vma(vma))
		up_write(&vma_anon_vma(vma)->rwsem);
	if (vma->mapping)
		up_write(&vma->mapping->i_mmap_rwsem);
}

static void vma_set_rmap_linked(struct vm_area *vma, bool linked)
{
	vma_rmap_lock_write(vma);
	__atomic_store_n(&vma->rmap_linked, linked, __ATOMIC_RELEASE);
	vma_rmap_unlock_write(vma);
}

void vma_link_rmap(struct vm_area *vma)
{
	vma_set_rmap_linked(vma, true);
}

void vma_unlink_rmap(struct vm_area *vma)
{
	vma_set_rmap_linked(vma, false);
}


/*
 * Reclaim's deferred flush: the batch of the task that reclaims (one per
 * CPU here, where a task stays on its CPU), flushed before the folios it
 * unmapped are written back (try_to_unmap_flush_dirty()) or freed
 * (try_to_unmap_flush()).
 */
struct tlbflush_unmap_batch {
	struct arch_tlbflush_unmap_batch arch;
	bool flush_required;	/* a TLBI was issued and not waited for */
	bool writable;		/* ... for an entry that was dirty */
};

static struct tlbflush_unmap_batch tlb_ubc[NR_CPUS];

#define TLB_FLUSH_BATCH_FLUSHED_SHIFT	16
#define TLB_FLUSH_BATCH_PENDING_MASK	((1 << 15) - 1)

/*
 * set_tlb_ubc_flush_pending(), under the PTL: an entry that may be cached
 * (pte_accessible(), which counts a present entry while a gather is in
 * flight) gets its TLBI now and its wait later; the mm records that a
 * flush is pending, so that zap, mprotect() and madvise() flush it first
 * (flush_tlb_batched_pending()) rather than trust an entry they find
 * none.
 */
static void set_tlb_ubc_flush_pending(struct mm_struct *mm, pte_t pteval,
				      unsigned long start, unsigned long end)
{
	struct tlbflush_unmap_batch *ubc = &tlb_ubc[smp_processor_id()];
	int batch, next;

	if (!pte_accessible(mm, pteval))
		return;
	arch_tlbbatch_add_pending(&ubc->arch, mm, start, end);
	__atomic_store_n(&ubc->flush_required, true, __ATOMIC_SEQ_CST);
	batch = __atomic_load_n(&mm->tlb_flush_batched, __ATOMIC_SEQ_CST);
	do {
		/* Before the count could catch up: one pending, none flushed. */
		if ((batch & TLB_FLUSH_BATCH_PENDING_MASK) >
		    TLB_FLUSH_BATCH_PENDING_MASK / 2)
			next = 1;
		else
			next = batch + 1;
	} while (!__atomic_compare_exchange_n(&mm->tlb_flush_batched, &batch,
					      next, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	if (pte_dirty(pteval))
		ubc->writable = true;
}

void try_to_unmap_flush(void)
{
	struct tlbflush_unmap_batch *ubc = &tlb_ubc[smp_processor_id()];

	if (!ubc->flush_required)
		return;
	arch_tlbbatch_flush(&ubc->arch);
	__atomic_store_n(&ubc->flush_required, false, __ATOMIC_SEQ_CST);
	ubc->writable = false;
}

/* Before writeback: a CPU may still write through a dirty entry. */
void try_to_unmap_flush_dirty(void)
{
	if (tlb_ubc[smp_processor_id()].writable)
		try_to_unmap_flush();
}

/*
 * Under the PTL of the entries the caller is about to look at: if
 * reclaim cleared some of this mm's entries and may not have waited for
 * their TLBI yet, flush the whole mm, since another CPU's DSB does not
 * wait for that TLBI.  "mm, mprotect: flush TLB if potentially racing
 * with a parallel reclaim leaving stale TLB entries".
 */
void flush_tlb_batched_pending(struct mm_model *mm)
{
	int batch = __atomic_load_n(&mm->mm.tlb_flush_batched,
				    __ATOMIC_SEQ_CST);
	int pending = batch & TLB_FLUSH_BATCH_PENDING_MASK;
	int flushed = batch >> TLB_FLUSH_BATCH_FLUSHED_SHIFT;

	if (pending == flushed)
		return;
	arch_flush_tlb_batched_pending(&mm->mm);
	/* A flush made pending meanwhile stays pending. */
	__atomic_compare_exchange_n(&mm->mm.tlb_flush_batched, &batch,
				    pending | pending << TLB_FLUSH_BATCH_FLUSHED_SHIFT,
				    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* Some CPU's reclaim issued TLBIs it has not waited for yet. */
bool try_to_unmap_flush_pending(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (__atomic_load_n(&tlb_ubc[cpu].flush_required,
				    __ATOMIC_SEQ_CST))
			return true;
	return false;
}

/* Between executions: a batch an interrupted reclaim left behind. */
void tlb_ubc_reset(void)
{
	memset(tlb_ubc, 0, sizeof(tlb_ubc));
}

/* Where @vma maps the folio's first page (vma_address()). */
static unsigned long folio_va(struct folio *folio, struct vm_area *vma)
{
	return vma->vma.vm_start +
	       ((folio_index(folio) - vma->pgoff) << PAGE_SHIFT);
}

/*
 * The walk looks at every VMA of the mm, not only those of the folio's
 * family, so it reads bounds that a split in another family changes under
 * that family's lock: atomically, as lock_vma_under_rcu() does.
 */
static bool vma_may_map(struct folio *folio, struct vm_area *vma)
{
	unsigned long pages =
		(__atomic_load_n(&vma->vma.vm_end, __ATOMIC_RELAXED) -
		 __atomic_load_n(&vma->vma.vm_start, __ATOMIC_RELAXED)) >>
		PAGE_SHIFT;

	if (folio_index(folio) + folio_nr_pages(folio) <= vma->pgoff ||
	    folio_index(folio) >= vma->pgoff + pages)
		return false;
	if (folio_test_anon(folio))
		return is_cow_mapping(vm_flags_lockless(&vma->vma));
	return vma->mapping == folio_mapping(folio);
}

static bool pte_maps_folio(pte_t pte, struct folio *folio)
{
	return pte_present(pte) && !pte_special(pte) &&
	       pte_pfn(pte) - folio_pfn(folio) < folio_nr_pages(folio);
}

/* A migration entry standing for a page of @folio (PVMW_MIGRATION). */
static bool pte_migrates_folio(pte_t pte, struct folio *folio)
{
	swp_entry_t entry = pte_to_swp_entry(pte);

	return is_swap_pte(pte) && is_migration_entry(entry) &&
	       swp_offset_pfn(entry) - folio_pfn(folio) <
	       folio_nr_pages(folio);
}

/* page_vma_mapped_walk() over one table's part of [addr, end). */
static bool rmap_walk_table(struct rmap_walk *rw, struct vm_area *vma,
			    unsigned long addr, unsigned long end)
{
	struct mm_model *mm = mm_model(vma->vma.vm_mm);
	unsigned int nr;
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, addr, &ptl);
	bool more = true;
	pte_t ptent;

	if (!pte)
		return true;
	for (; addr < end && more;
	     pte += nr, addr += (unsigned long)nr << PAGE_SHIFT) {
		ptent = ptep_deref(pte);
		nr = 1;
		if (rw->migration) {
			if (pte_migrates_folio(ptent, rw->folio))
				more = rw->one(rw, vma, addr, pte, ptent, 1);
			continue;
		}
		if (!pte_maps_folio(ptent, rw->folio))
			continue;
		ptent = ptep_deref_use(pte, ptent);
		nr = folio_pte_batch(rw->folio, pte, ptent,
				     (end - addr) >> PAGE_SHIFT,
				     rw->respect_write ? FPB_IGNORE_DIRTY :
				     FPB_IGNORE_DIRTY | FPB_IGNORE_WRITE,
				     NULL, NULL, NULL);
		more = rw->one(rw, vma, addr, pte, ptent, nr);
	}
	spin_unlock(ptl);
	return more;
}

static bool rmap_walk_vma(struct rmap_walk *rw, struct vm_area *vma)
{
	unsigned long start = folio_va(rw->folio, vma);
	unsigned long end = start + (PAGE_SIZE << rw->folio->order);
	unsigned long next;

	if (start < vma->vma.vm_start)
		start = vma->vma.vm_start;
	if (end > vma->vma.vm_end)
		end = vma->vma.vm_end;
	for (; start < end; start = next) {
		next = pte_table_end(start, end);
		if (!rmap_walk_table(rw, vma, start, next))
			return false;
	}
	return true;
}

/* Every VMA of @mm the reverse map holds that may map the folio. */
static bool rmap_walk_mm(struct rmap_walk *rw, struct mm_model *mm)
{
	struct vm_area *vma;

	for (vma = mm->vmas; vma < mm->vmas + MM_MAX_VMAS; vma++)
		if (__atomic_load_n(&vma->rmap_linked, __ATOMIC_ACQUIRE) &&
		    vma_may_map(rw->folio, vma) && !rmap_walk_vma(rw, vma))
			return false;
	return true;
}

static void rmap_walk_anon(struct rmap_walk *rw)
{
	struct anon_vma *av = page_ext_get(&rw->folio->page)->anon_vma;
	struct mm_model *mm;

	/*
	 * folio_lock_anon_vma_read(): nothing to find once unmapped.  Its
	 * migration entries are found through the anon_vma the migration
	 * holds a reference on (folio_anon_vma()).
	 */
	if (!rw->migration && !folio_mapcount(rw->folio))
		return;
	down_read(&av->rwsem);
	for_each_live_mm(mm)
		if (__atomic_load_n(&mm->anon_vma, __ATOMIC_RELAXED) == av &&
		    !rmap_walk_mm(rw, mm))
			break;
	up_read(&av->rwsem);
}

static void rmap_walk_file(struct rmap_walk *rw)
{
	struct address_space *mapping = folio_mapping(rw->folio);
	struct mm_model *mm;

	/* The lock keeps the folio in its mapping, and the mapping alive. */
	VM_BUG_ON(!folio_test_locked(rw->folio));
	down_read(&mapping->i_mmap_rwsem);
	for_each_live_mm(mm)
		if (!rmap_walk_mm(rw, mm))
			break;
	up_read(&mapping->i_mmap_rwsem);
}

void rmap_walk(struct rmap_walk *rw)
{
	if (folio_test_anon(rw->folio))
		rmap_walk_anon(rw);
	else
		rmap_walk_file(rw);
}

/*
 * With the multi-gen LRU, v6.12 ages entry by entry: the look-around of
 * the first young one makes the rest of a folded block old.  Otherwise
 * each young run is flushed.
 */
static bool folio_referenced_one(struct rmap_walk *rw, struct vm_area *vma,
				 unsigned long addr, pte_t *pte, pte_t ptent,
				 unsigned int nr)
{
	unsigned int i;

	if (lru_gen_enabled()) {
		for (i = 0; i < nr; i++)
			rw->count += lru_gen_look_around(vma,
							 addr + i * PAGE_SIZE,
							 pte + i);
	} else if (nr == 1)
		rw->count += ptep_clear_flush_young(&vma->vma, addr, pte);
	else
		rw->count += clear_flush_young_ptes(&vma->vma, addr, pte, nr);
	return true;
}

/*
 * How many runs of entries were young; clears young on all of them.  A
 * folio mapped nowhere is not walked.  A file folio's walk needs its
 * lock, which a caller that does not hold it tries for, and a folio
 * locked elsewhere counts as referenced (folio_referenced(), v6.12).
 */
int folio_referenced(struct folio *folio, bool is_locked)
{
	struct rmap_walk rw = { .one = folio_referenced_one, .folio = folio };
	bool we_locked = false;

	if (!folio_mapcount(folio))
		return 0;
	if (!is_locked && !folio_test_anon(folio)) {
		we_locked = folio_trylock(folio);
		if (!we_locked)
			return 1;
	}
	rmap_walk(&rw);
	if (we_locked)
		folio_unlock(folio);
	return rw.count;
}

/*
 * A lazyfree folio may be discarded only if user space did not write to
 * it since MADV_FREE and nobody but its mappings and reclaim holds a
 * reference (a pin, a GUP in flight): what they see must stay mapped.
 */
static bool lazyfree_must_stay(struct folio *folio)
{
	return folio_test(folio, PG_dirty) ||
	       folio_ref_count(folio) != 1 + folio_mapcount(folio);
}

/*
 * Clear @nr entries (the whole folio, or one page), their TLBIs deferred
 * (TTU_BATCH_FLUSH: reclaim always batches); the dirty state they
 * gathered goes to the folio.
 */
static pte_t try_to_unmap_clear(struct rmap_walk *rw, struct vm_area *vma,
				unsigned long addr, pte_t *pte,
				unsigned int nr)
{
	struct folio *folio = rw->folio;
	struct mm_struct *mm = vma->vma.vm_mm;
	unsigned long end = addr + ((unsigned long)nr << PAGE_SHIFT);
	pte_t pteval;

	pteval = get_and_clear_full_ptes(mm, addr, pte, nr, 0);
	set_tlb_ubc_flush_pending(mm, pteval, addr, end);
	folio_check_gathered_dirty(folio, pte_page(pteval), nr, pteval, addr);
	if (pte_dirty(pteval))
		folio_mark_dirty(folio);
	return pteval;
}

/*
 * Unmap @nr entries of a file or lazyfree folio.  A lazyfree folio that
 * must stay goes back as it was, and is normal anonymous memory again, as
 * upstream makes it swap-backed.
 */
static bool try_to_unmap_ptes(struct rmap_walk *rw, struct vm_area *vma,
			      unsigned long addr, pte_t *pte, unsigned int nr)
{
	struct folio *folio = rw->folio;
	struct mm_struct *mm = vma->vma.vm_mm;
	pte_t pteval = try_to_unmap_clear(rw, vma, addr, pte, nr);

	if (folio_test(folio, PG_lazyfree) && lazyfree_must_stay(folio)) {
		/*
		 * set_ptes() of a whole block folds it, also where its
		 * entries were not folded and a CPU may still cache them:
		 * the contiguous bit changes before the invalidation of the
		 * break completed (RNGLXZ), an upstream sequence the
		 * checker's world keeps away from (mm_set_refault_fence(),
		 * docs/checker.md).
		 */
		if (mm_refault_fenced())
			try_to_unmap_flush();
		set_ptes(mm, addr, pte, pteval, nr);
		folio_clear(folio, PG_lazyfree);
		return false;
	}
	/* A file page's uffd-wp protection stays behind in markers. */
	pte_install_uffd_wp_if_needed(vma, addr, pte, nr, pteval);
	add_mm_counter(mm_model(mm), -(long)nr);
	folio_remove_rmap_ptes(folio, nr);
	folio_put_refs(folio, nr);
	rw->count += nr;
	return true;
}

/*
 * One page of a swap-backed anonymous folio, which reclaim put in the
 * swap cache (try_to_unmap_one(), v6.12): the entry is cleared (the first
 * of a folded block unfolds it, so each entry then carries the block's
 * gathered access and dirty state) and replaced by the swap entry of the
 * page's slot, one more reference to it, exclusive if the page was;
 * set_pte_at() writes it without PTE_CONT.  A pinned exclusive page
 * cannot be shared with the swap cache (folio_try_share_anon_rmap_pte()):
 * its entry goes back and the walk stops.
 */
static bool try_to_swap_pte(struct rmap_walk *rw, struct vm_area *vma,
			    unsigned long addr, pte_t *pte)
{
	struct folio *folio = rw->folio;
	struct mm_struct *mm = vma->vma.vm_mm;
	pte_t pteval = try_to_unmap_clear(rw, vma, addr, pte, 1);
	struct page_ext *ext = page_ext_get(pte_page(pteval));
	swp_entry_t entry = page_swap_entry(folio, pte_page(pteval));
	bool exclusive = ext->anon_exclusive;
	pte_t swp_pte;

	if (WARN_ON(!folio_test(folio, PG_swapcache)) ||
	    swap_duplicate(entry)) {
		set_pte_at(mm, addr, pte, pteval);
		return false;
	}
	if (exclusive && folio_maybe_dma_pinned(folio)) {
		swap_free_nr(entry, 1);
		set_pte_at(mm, addr, pte, pteval);
		return false;
	}
	ext->anon_exclusive = false;
	mmlist_add(mm_model(mm), NULL);
	add_mm_counter(mm_model(mm), -1);
	add_mm_swapents(mm_model(mm), 1);
	swp_pte = swp_entry_to_pte(entry);
	if (exclusive)
		swp_pte = pte_swp_mkexclusive(swp_pte);
	/* try_to_unmap_one(): the monitor's protection outlives the page. */
	if (pte_uffd_wp(pteval))
		swp_pte = pte_swp_mkuffd_wp(swp_pte);
	set_pte_at(mm, addr, pte, swp_pte);
	folio_remove_rmap_ptes(folio, 1);
	folio_put(folio);
	rw->count++;
	return true;
}

/*
 * Batched for a whole file or lazyfree folio (mainline batches no other
 * anonymous folio); otherwise page by page.
 */
static bool try_to_unmap_one(struct rmap_walk *rw, struct vm_area *vma,
			     unsigned long addr, pte_t *pte, pte_t ptent,
			     unsigned int nr)
{
	unsigned int i;

	if (folio_test_swapbacked(rw->folio)) {
		for (i = 0; i < nr; i++, pte++, addr += PAGE_SIZE)
			if (!try_to_swap_pte(rw, vma, addr, pte))
				return false;
		return true;
	}
	if (nr == folio_nr_pages(rw->folio))
		return try_to_unmap_ptes(rw, vma, addr, pte, nr);
	for (i = 0; i < nr; i++, pte++, addr += PAGE_SIZE)
		if (!try_to_unmap_ptes(rw, vma, addr, pte, 1))
			return false;
	return true;
}

/* Remove every mapping; false if a lazyfree folio had to stay. */
bool try_to_unmap(struct folio *folio)
{
	struct rmap_walk rw = { .one = try_to_unmap_one, .folio = folio,
				.respect_write = true };

	rmap_walk(&rw);
	return !folio_mapcount(folio);
}

/*
 * The migration entry that stands for @pteval's page while it moves
 * (try_to_migrate_one(), v6.12): writable, or read-only and exclusive to
 * this mm, or read-only and shared; with the young, dirty and uffd-wp
 * state the cleared entry carried, for remove_migration_pte() to restore.
 */
static pte_t make_migration_pte(pte_t pteval, bool anon_exclusive)
{
	unsigned long pfn = pte_pfn(pteval);
	swp_entry_t entry;

	if (pte_write(pteval))
		entry = make_writable_migration_entry(pfn);
	else if (anon_exclusive)
		entry = make_readable_exclusive_migration_entry(pfn);
	else
		entry = make_readable_migration_entry(pfn);
	if (pte_young(pteval))
		entry = make_migration_entry_young(entry);
	if (pte_dirty(pteval))
		entry = make_migration_entry_dirty(entry);
	if (pte_uffd_wp(pteval))
		return pte_swp_mkuffd_wp(swp_entry_to_pte(entry));
	return swp_entry_to_pte(entry);
}

/*
 * One entry: cleared (ptep_get_and_clear() unfolds a folded block first,
 * so each entry of it is left without PTE_CONT), its TLBI issued now and
 * waited for by the caller's try_to_unmap_flush() (TTU_BATCH_FLUSH, as
 * migrate_pages_batch() unmaps); then the migration entry, written with
 * set_pte_at().
 * A pinned exclusive page cannot stop being exclusive
 * (folio_try_share_anon_rmap()): its entry goes back and the walk stops.
 */
static bool try_to_migrate_pte(struct rmap_walk *rw, struct vm_area *vma,
			       unsigned long addr, pte_t *pte)
{
	struct folio *folio = rw->folio;
	struct mm_struct *mm = vma->vma.vm_mm;
	struct page_ext *ext;
	pte_t pteval;
	bool exclusive;

	pteval = ptep_get_and_clear(mm, addr, pte);
	set_tlb_ubc_flush_pending(mm, pteval, addr, addr + PAGE_SIZE);
	folio_check_gathered_dirty(folio, pte_page(pteval), 1, pteval, addr);
	if (pte_dirty(pteval))
		folio_mark_dirty(folio);
	ext = page_ext_get(pte_page(pteval));
	exclusive = folio_test_anon(folio) && ext->anon_exclusive;
	if (exclusive && folio_maybe_dma_pinned(folio)) {
		set_pte_at(mm, addr, pte, pteval);
		return false;
	}
	ext->anon_exclusive = false;
	set_pte_at(mm, addr, pte, make_migration_pte(pteval, exclusive));
	folio_remove_rmap_ptes(folio, 1);
	folio_put(folio);
	return true;
}

static bool try_to_migrate_one(struct rmap_walk *rw, struct vm_area *vma,
			       unsigned long addr, pte_t *pte, pte_t ptent,
			       unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++, pte++, addr += PAGE_SIZE)
		if (!try_to_migrate_pte(rw, vma, addr, pte))
			return false;
	return true;
}

/* Replace every mapping of @folio by migration entries; false if one stays. */
bool try_to_migrate(struct folio *folio)
{
	struct rmap_walk rw = { .one = try_to_migrate_one, .folio = folio };

	rmap_walk(&rw);
	return !folio_mapcount(folio);
}

static bool folio_mkclean_one(struct rmap_walk *rw, struct vm_area *vma,
			      unsigned long addr, pte_t *pte, pte_t ptent,
			      unsigned int nr)
{
	struct mm_struct *mm = vma->vma.vm_mm;
	unsigned int i;
	pte_t entry;

	for (i = 0; i < nr; i++, pte++, addr += PAGE_SIZE) {
		entry = ptep_deref(pte);
		if (!pte_dirty(entry) && !pte_write(entry))
			continue;
		entry = ptep_clear_flush(&vma->vma, addr, pte);
		if (pte_dirty(entry))
			rw->count++;
		entry = pte_mkclean(pte_wrprotect(entry));
		set_pte_at(mm, addr, pte, entry);
	}
	return true;
}

/*
 * Write-protect and clean every mapping before writeback, so that the
 * next write faults and dirties the folio again.  Dirty state found in
 * the entries moves to the folio.
 */
void folio_mkclean(struct folio *folio)
{
	struct rmap_walk rw = { .one = folio_mkclean_one, .folio = folio };

	/*
	 * The caller's lock keeps a shared write fault, which dirties the
	 * folio under it, out from between this clean and its clear of
	 * PG_dirty (folio_clear_dirty_for_io()).
	 */
	BUG_ON(!folio_test_locked(folio));
	/* As the kernel's: a folio mapped nowhere has nothing to clean. */
	if (!folio_mapped(folio))
		return;
	rmap_walk(&rw);
	if (rw.count)
		folio_mark_dirty(folio);
}
