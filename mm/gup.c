// SPDX-License-Identifier: GPL-2.0-only
/*
 * get_user_pages.  GUP-fast walks the tables without any lock: it reads an
 * entry with ptep_get_lockless(), grabs the folio, then rechecks that the
 * entry did not change (the gup-recheck design: ptep_get_lockless(),
 * ptep_get() or the norecency pair), because zap clears the entry before
 * it looks at pins.  Anything unusual falls back to the slow path, which
 * walks under the PTL and faults pages in.  FOLL_PIN on an anonymous page
 * needs it exclusive (the pin must stay the page this mm writes to), and
 * is refused while fork() write-protects (write_protect_seq odd).
 */
#include <string.h>

#include <linux/smp.h>

#include "core.h"

struct gup_stats gup_stats;

/*
 * GUP-fast walks with IRQs off (local_irq_save()): per CPU, odd while a
 * walk runs, so that freeing a table can wait for the walks that may
 * have read the entry above it.
 */
static unsigned int gup_fast_seq[NR_CPUS];

static void gup_fast_irq_toggle(void)
{
	__atomic_fetch_add(&gup_fast_seq[smp_processor_id()], 1,
			   __ATOMIC_SEQ_CST);
}

void gup_fast_reset(void)
{
	memset(gup_fast_seq, 0, sizeof(gup_fast_seq));
}

void gup_fast_snapshot(unsigned int *seq)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		seq[cpu] = __atomic_load_n(&gup_fast_seq[cpu], __ATOMIC_SEQ_CST);
}

bool gup_fast_done_since(const unsigned int *seq)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if ((seq[cpu] & 1) &&
		    __atomic_load_n(&gup_fast_seq[cpu], __ATOMIC_SEQ_CST) ==
		    seq[cpu])
			return false;
	return true;
}

static void gup_count(unsigned long *counter, unsigned long n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

static void gup_pin_folio(struct folio *folio, struct mm_model *mm,
			  unsigned int flags)
{
	if (flags & FOLL_PIN) {
		folio_count_point(folio);
		__atomic_fetch_add(&folio->_pincount, 1, __ATOMIC_RELAXED);
		/* Only a write pin must keep seeing this mm's writes. */
		if (flags & FOLL_WRITE)
			__atomic_store_n(&page_ext_get(&folio->page)->write_pin_mm,
					 &mm->mm, __ATOMIC_RELAXED);
	}
}

/*
 * Under the PTL, which keeps the page in its folio and the entry's
 * reference on it: a count of zero means the caller let the PTL go too
 * soon, and v6.12's try_grab_folio() warns and refuses.
 */
static bool try_grab_folio(struct folio *folio, struct mm_model *mm,
			   unsigned int flags)
{
	if (WARN_ON_ONCE(folio_ref_count(folio) <= 0))
		return false;
	folio_get(folio);
	gup_pin_folio(folio, mm, flags);
	return true;
}

/*
 * Without a lock, the folio a page belongs to is only known once it is
 * referenced (try_get_folio(), v6.12): a split between page_folio() and
 * the reference leaves the page in a folio of its own, and the reference,
 * and a pin, on another; the entry may even be back as it was by the
 * time it is rechecked.  Drop it and look again.
 */
static struct folio *try_grab_folio_fast(struct page *page,
					 struct mm_model *mm,
					 unsigned int flags)
{
	struct folio *folio;

	for (;;) {
		folio = page_folio(page);
		if (!folio_try_get(folio))
			return NULL;
		if (page_folio(page) == folio)
			break;
		folio_put(folio);
	}
	gup_pin_folio(folio, mm, flags);
	return folio;
}

static void gup_put_folio(struct folio *folio, unsigned int flags)
{
	if ((flags & FOLL_PIN) &&
	    __atomic_sub_fetch(&folio->_pincount, 1, __ATOMIC_RELAXED) == 0)
		__atomic_store_n(&page_ext_get(&folio->page)->write_pin_mm,
				 NULL, __ATOMIC_RELAXED);
	folio_put(folio);
}

/*
 * A read-only pin of a shared anonymous page would not follow this mm's
 * writes: it unshares first (FAULT_FLAG_UNSHARE).  A write pin never
 * does: a read-only entry sends it to a write fault, whose copy on write
 * makes the page exclusive (gup_must_unshare(), v6.12).
 */
static bool gup_must_unshare(struct page *page, unsigned int flags)
{
	return (flags & (FOLL_WRITE | FOLL_PIN)) == FOLL_PIN &&
	       folio_test_anon(page_folio(page)) &&
	       !page_ext_get(page)->anon_exclusive;
}

static pte_t gup_read_pte(pte_t *ptep)
{
	if (contpte_design.gup_recheck == GUP_RECHECK_NORECENCY)
		return ptep_get_lockless_norecency(ptep);
	return ptep_get_lockless(ptep);
}

static bool gup_pte_changed(pte_t *ptep, pte_t pte)
{
	switch (contpte_design.gup_recheck) {
	case GUP_RECHECK_PTEP_GET:
		return pte_val(pte) != pte_val(ptep_get(ptep));
	case GUP_RECHECK_NORECENCY:
		return !pte_same_norecency(pte, ptep_get_lockless_norecency(ptep));
	default:
		return pte_val(pte) != pte_val(ptep_get_lockless(ptep));
	}
}

/* One page without locks; false means "take the slow path from here". */
static bool gup_fast_pte(struct mm_model *mm, unsigned long addr,
			 unsigned int flags, struct page **pagep)
{
	pte_t *ptep = pte_offset_map(mm, addr);
	struct folio *folio;
	struct page *page;
	pte_t pte;

	if (!ptep)
		return false;
	pte = gup_read_pte(ptep);
	if (!pte_access_permitted(pte, flags & FOLL_WRITE) || pte_special(pte))
		return false;
	page = pte_page(pte);
	folio = try_grab_folio_fast(page, mm, flags);
	if (!folio)
		return false;
	/*
	 * A writable anonymous entry maps an exclusive page, so only a
	 * read-only one can need unsharing (gup_fast_pte_range()): what
	 * keeps a concurrent fork() from sharing the page under a pin taken
	 * from a writable entry is write_protect_seq, checked by the caller.
	 */
	if (gup_pte_changed(ptep, pte) ||
	    (!pte_write(pte) && gup_must_unshare(page, flags))) {
		gup_put_folio(folio, flags);
		return false;
	}
	*pagep = page;
	return true;
}

static unsigned long gup_fast(struct mm_model *mm, unsigned long start,
			      unsigned long nr_pages, unsigned int flags,
			      struct page **pages)
{
	unsigned int seq = 0;
	unsigned long nr;

	if (flags & FOLL_PIN) {
		seq = __atomic_load_n(&mm->write_protect_seq, __ATOMIC_SEQ_CST);
		if (seq & 1)
			return 0;
	}
	gup_fast_irq_toggle();
	for (nr = 0; nr < nr_pages; nr++)
		if (!gup_fast_pte(mm, start + (nr << PAGE_SHIFT), flags,
				  &pages[nr]))
			break;
	gup_fast_irq_toggle();
	if ((flags & FOLL_PIN) &&
	    __atomic_load_n(&mm->write_protect_seq, __ATOMIC_SEQ_CST) != seq) {
		while (nr)
			gup_put_folio(page_folio(pages[--nr]), flags);
	}
	gup_count(&gup_stats.fast_pages, nr);
	if (nr < nr_pages)
		gup_count(&gup_stats.fast_fallbacks, 1);
	return nr;
}

/* Under the PTL: grab the page at @addr if it is mapped as needed. */
static bool follow_page_pte(struct mm_model *mm, unsigned long addr,
			    unsigned int flags, struct page **pagep,
			    unsigned int *fault_flags)
{
	spinlock_t *ptl;
	pte_t *ptep = pte_offset_map_lock(mm, addr, &ptl);
	struct page *page;
	bool ok = false;
	pte_t pte;

	*fault_flags = (flags & FOLL_WRITE) ? FAULT_FLAG_WRITE : 0;
	if (!ptep)
		return false;
	pte = ptep_deref(ptep);
	/* The only special entries are the zero page, fine to read. */
	if (!pte_valid(pte) || ((flags & FOLL_WRITE) && !pte_write(pte)))
		goto out;
	page = pte_page(ptep_deref_use(ptep, pte));
	if (gup_must_unshare(page, flags)) {
		*fault_flags |= FAULT_FLAG_UNSHARE;
		goto out;
	}
	ok = try_grab_folio(page_folio(page), mm, flags);
	*pagep = page;
out:
	spin_unlock(ptl);
	return ok;
}

/* The slow path: fault each page in as needed, then grab it. */
static long __get_user_pages(struct mm_model *mm, unsigned long start,
			     unsigned long nr_pages, unsigned int flags,
			     struct page **pages)
{
	unsigned int fault_flags, tries;
	struct vm_area *vma;
	unsigned long i;

	for (i = 0; i < nr_pages; i++) {
		unsigned long addr = start + (i << PAGE_SHIFT);

		/*
		 * gup_vma_lookup(), check_vma_flags(): no VMA, no walk; a
		 * write needs VM_WRITE and a read VM_READ (no FOLL_FORCE).
		 */
		vma = find_vma(mm, addr);
		if (!vma || !(vma->vma.vm_flags &
			      ((flags & FOLL_WRITE) ? VM_WRITE : VM_READ)))
			return i ? (long)i : -1;
		for (tries = 0;; tries++) {
			if (follow_page_pte(mm, addr, flags, &pages[i],
					    &fault_flags))
				break;
			if (tries == 8 ||
			    handle_mm_fault(vma, addr, fault_flags) != VM_FAULT_DONE)
				return i ? (long)i : -1;
		}
	}
	gup_count(&gup_stats.slow_pages, nr_pages);
	return nr_pages;
}

static long gup_slow(struct mm_model *mm, unsigned long start,
		     unsigned long nr_pages, unsigned int flags,
		     struct page **pages)
{
	long ret;

	mmap_read_lock(mm);
	ret = __get_user_pages(mm, start, nr_pages, flags, pages);
	mmap_read_unlock(mm);
	return ret;
}

static long gup_fast_fallback(struct mm_model *mm, unsigned long start,
			      unsigned long nr_pages, unsigned int flags,
			      struct page **pages)
{
	unsigned long nr = gup_fast(mm, start, nr_pages, flags, pages);
	long ret;

	if (nr == nr_pages)
		return nr;
	ret = gup_slow(mm, start + (nr << PAGE_SHIFT), nr_pages - nr, flags,
		       pages + nr);
	if (ret < 0)
		return nr ? (long)nr : ret;
	return nr + ret;
}

long get_user_pages_fast(struct mm_model *mm, unsigned long start,
			 unsigned long nr_pages, unsigned int gup_flags,
			 struct page **pages)
{
	return gup_fast_fallback(mm, start, nr_pages, gup_flags | FOLL_GET,
				 pages);
}

long pin_user_pages_fast(struct mm_model *mm, unsigned long start,
			 unsigned long nr_pages, unsigned int gup_flags,
			 struct page **pages)
{
	return gup_fast_fallback(mm, start, nr_pages, gup_flags | FOLL_PIN,
				 pages);
}

long get_user_pages(struct mm_model *mm, unsigned long start,
		    unsigned long nr_pages, unsigned int gup_flags,
		    struct page **pages)
{
	return gup_slow(mm, start, nr_pages, gup_flags | FOLL_GET, pages);
}

void unpin_user_pages(struct page **pages, unsigned long nr)
{
	while (nr--)
		gup_put_folio(page_folio(pages[nr]), FOLL_PIN);
}

void put_user_pages(struct page **pages, unsigned long nr)
{
	while (nr--)
		gup_put_folio(page_folio(pages[nr]), FOLL_GET);
}
