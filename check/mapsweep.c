// SPDX-License-Identifier: GPL-2.0-only
/*
 * At the end of an execution, every thread done, each entry left in an
 * address space's tables must agree with the VMA it lies in.  The watchers
 * see a wrong entry only when a user access goes through it; this finds
 * one no thread touched: a loop run past its block into a neighbour, a
 * permission change that missed an entry, a batch made writable whole.
 *
 * - An entry lies inside an attached VMA: one outside every VMA was
 *   written where nothing is mapped, or outlived its VMA's zap
 *   (bookkeeping).
 * - It is no migration entry: with every thread done no migration is in
 *   flight, so one left names a migration that is over, which
 *   remove_migration_ptes() missed or a refused split or migration never
 *   put back, and the next access waits on it for ever (bookkeeping).
 * - Where the userfaultfd monitor protected a page and did not resolve
 *   it (check/uffdprot.c), the entry still carries the protection
 *   (permission): a change that wrote another entry's state over it lost
 *   it, and the next store goes through.  And only a VMA registered for
 *   write-protection has entries with the bit (present, swap or marker):
 *   unregistering, fork() and mremap() into an unregistered VMA take it
 *   off, or it is left to protect a page no monitor hears of, and a
 *   write fault that reuses the page makes it writable with the bit.
 * - A writable entry (PTE_WRITE: on arm64 the hardware makes a dirty
 *   entry only from one with DBM) lies in a VMA with VM_WRITE, and has no
 *   PTE_UFFD_WP where userfaultfd protects it (permission).
 * - In a private VMA it maps an anonymous page that is PageAnonExclusive:
 *   a writable entry over a page another mm, the page cache or the zero
 *   page may see breaks COW (cow-isolation; the kernel's invariant, see
 *   the PageAnonExclusive comment of include/linux/page-flags.h).
 * - A PageAnonExclusive page has one entry over it, in all the address
 *   spaces (cow-isolation).
 * - A present entry carries the attributes its VMA's protection gives
 *   (permission): memory type, shareability, nG, EL0 access, the execute
 *   and guarded-page bits, and the page type, those of vm_page_prot when
 *   it is valid, of PAGE_NONE when it is present but invalid (PROT_NONE,
 *   NUMA hinting).  Only the write permission, A/D, PTE_CONT and the
 *   software bits may differ.  No user access reads most of these (only
 *   a fetch reads UXN, and the machine knows one memory type), so a
 *   helper that loses or takes the wrong one of them, in one entry or a
 *   whole block no thread fetches from, is found here or nowhere.  Whatever the protection says,
 *   a user entry is not global (a global one answers for every ASID and
 *   outlives flush_tlb_mm()) and is inner shareable.
 * - An entry over the zero page is special, and a special entry maps the
 *   zero page (the model's only special mapping): one that is not is
 *   handed to vm_normal_page()'s callers as an ordinary page
 *   (bookkeeping).
 * - A present entry maps a page whose rest (the fill no user store
 *   reaches: hw/phys.h) is its place's: the file page's at the entry's
 *   file offset in a file VMA, shared or private (a private copy is
 *   taken whole from it); in an anonymous one, the setup's for the
 *   entry's page index (chk_anon_page_fill(), which fork(), mremap(),
 *   swap and migration keep) or zero (data-loss).  A copy from the wrong
 *   page of a large folio, or a page mapped at the wrong offset, leaves
 *   the rest of the page another's, which the one word a store
 *   overwrites does not hide.
 *
 * - A present entry in a file VMA maps a page the page cache still holds
 *   (data-loss: a fault that mapped a folio a truncation dropped, without
 *   the folio->mapping check under the folio lock), and lies inside the
 *   file (permission: SIGBUS past its end; shmem excepted, which maps its
 *   large folios across i_size).  Only present entries: a private copy
 *   past the end swapped out and left behind is not seen.
 * - Last, once the scenario's own checks are done (chk_mm_sweep_tlbs()):
 *   no TLB keeps for a live address space a translation its tables no
 *   longer give (stale-tlb, hw_tlb_sweep()), a missing invalidation whose
 *   stale entry no access used, over a frame still in use.  A bug that
 *   loses a dirty bit leaves one too (a writable translation over a clean
 *   entry), and the data it loses is the better report.
 *
 * Entries are read as an observer, without a scheduling point.
 */
#include <stdlib.h>

#include <linux/highmem.h>
#include <linux/swapops.h>
#include <linux/userfaultfd_k.h>
#include <asm/el0.h>

#include "hw/mem.h"
#include "explore.h"
#include "mapsweep.h"
#include "mmwatch.h"

/*
 * The descriptor fields a protection fixes and nothing after it may change:
 * only AP[2] and DBM (write permission and hardware dirty), AF, PTE_CONT
 * and the software bits are the entry's own.
 */
#define SWEEP_ATTRS	(PTE_VALID | PTE_TABLE_BIT | PTE_ATTRINDX_MASK | \
			 PTE_USER | PTE_SHARED | PTE_NG | PTE_GP | PTE_PXN | \
			 PTE_UXN)

static const char *wrong_attrs(const struct vm_area *vma, pte_t pte,
			      enum chk_oracle *oracle)
{
	pteval_t want = pgprot_val(pte_valid(pte) ? vma->vma.vm_page_prot :
					PAGE_NONE);
	pteval_t diff = (pte_val(pte) ^ want) & SWEEP_ATTRS;
	bool zero = zero_folio && pte_pfn(pte) == folio_pfn(zero_folio);

	if (diff & (PTE_VALID | PTE_TABLE_BIT))
		return "is valid in a PROT_NONE VMA, or has the wrong type bits";
	if (diff & PTE_USER)
		return "has EL0 access (AP[1]) other than its VMA's protection gives";
	if ((diff | ~pte_val(pte)) & PTE_NG)
		return "is global (nG clear) in a user address space";
	if (diff & (PTE_UXN | PTE_PXN | PTE_GP))
		return "has execute or guarded-page bits other than its VMA's protection gives";
	if ((diff & PTE_ATTRINDX_MASK) ||
	    (pte_val(pte) & PTE_SHARED) != PTE_SHARED)
		return "has a memory type or shareability other than its VMA's protection gives";
	*oracle = CHK_BOOKKEEPING;
	if (zero && !pte_special(pte))
		return "maps the zero page without PTE_SPECIAL";
	if (!zero && pte_special(pte))
		return "is special over a page that is not the zero page";
	*oracle = CHK_PERMISSION;
	return NULL;
}

/*
 * An entry the MMU lets a store through: AP[2] (PTE_RDONLY) clear, or set
 * with DBM (PTE_WRITE) where the hardware manages the dirty state.
 * pte_write() reads DBM alone: the kernel keeps AP[2] set in every entry
 * it does not allow to be written (pte_wrprotect(), the protections
 * without PROT_WRITE), so an entry with AP[2] clear and no PTE_WRITE
 * takes a store without a fault, as a writable one.
 */
static bool pte_mmu_writable(pte_t pte)
{
	return pte_write(pte) || !(pte_val(pte) & PTE_RDONLY);
}

/*
 * Whether @fill is the rest of a page that belongs at @va: the file
 * page's (mapping_page_fill()), or in an anonymous VMA what the setup
 * wrote there (chk_anon_page_fill()) or the zeros of a page faulted in
 * since.
 */
static bool fill_belongs(const struct vm_area *vma, unsigned long va,
			 u64 fill)
{
	unsigned long index = linear_page_index(vma, va);

	if (vma->mapping)
		return fill == mapping_page_fill(vma->mapping, index);
	return !fill || fill == chk_anon_page_fill(index);
}

/*
 * The reverse map looks for a page where each VMA that may map it maps
 * its index (vma_address()): an entry at any other address is one no
 * walk finds, so reclaim, migration and a split pass over it (a new
 * folio given the index of the faulting address, not of its first
 * page, as folio_add_new_anon_rmap() must be).
 */
static bool rmap_cannot_find(const struct vm_area *vma, unsigned long va,
			     pte_t pte)
{
	struct page *page = pfn_to_page(pte_pfn(pte));
	struct folio *folio = page_folio(page);

	if (!folio_test_anon(folio) && !folio_mapping(folio))
		return false;
	return folio_index(folio) + (pte_pfn(pte) - folio_pfn(folio)) !=
	       linear_page_index(vma, va);
}

/*
 * A page of a file is mapped only while the page cache holds it: one it
 * dropped (a truncation, an eviction) and a fault still mapped is a copy
 * the file never sees again.
 */
static bool file_page_dropped(pte_t pte)
{
	struct folio *folio = page_folio(pfn_to_page(pte_pfn(pte)));

	return !folio_test_anon(folio) && folio_mapping(folio) &&
	       !filemap_folio_cached(folio);
}

/* What is wrong with @pte at @va, and which oracle says so, or NULL. */
static const char *entry_fault(struct mm_model *mm, unsigned long va,
			       pte_t pte, enum chk_oracle *oracle)
{
	struct vm_area *vma = find_vma_unlocked(mm, va);
	struct page *page;
	const char *what;

	*oracle = CHK_BOOKKEEPING;
	if (!vma)
		return "lies outside every VMA";
	if (!pte_present(pte) && is_migration_entry(pte_to_swp_entry(pte)))
		return "is a migration entry, and no migration is in flight";
	*oracle = CHK_PERMISSION;
	if (chk_uffd_protected(mm, va) && !chk_uffd_wp_entry(pte))
		return "lost the protection UFFDIO_WRITEPROTECT gave it, not resolved";
	if (!userfaultfd_wp(&vma->vma) && chk_uffd_wp_entry(pte))
		return "carries the uffd-wp bit in a VMA not registered for it";
	if (pte_present(pte)) {
		what = wrong_attrs(vma, pte, oracle);
		if (what)
			return what;
		*oracle = CHK_BOOKKEEPING;
		if (pte_pfn(pte) < max_mapnr && !pte_special(pte) &&
		    rmap_cannot_find(vma, va, pte))
			return "maps a page whose index is not its address's in the VMA: the reverse map cannot find it";
		*oracle = CHK_DATA_LOSS;
		if (pte_pfn(pte) < max_mapnr &&
		    !fill_belongs(vma, va, page_fill(pfn_to_page(pte_pfn(pte)))))
			return "maps a page whose content is another page's";
		if (pte_pfn(pte) < max_mapnr && !pte_special(pte) &&
		    file_page_dropped(pte))
			return "maps a page of the file the page cache no longer holds: stores through it never reach the file";
		*oracle = CHK_PERMISSION;
		if (vma_past_eof(vma, va) && !vma->mapping->shmem)
			return "lies past the end of the file the VMA maps (SIGBUS there)";
	}
	if (!pte_present(pte) || !pte_mmu_writable(pte))
		return NULL;
	if (!(vma->vma.vm_flags & VM_WRITE))
		return "is writable in a VMA without VM_WRITE";
	if (userfaultfd_wp(&vma->vma) && pte_uffd_wp(pte))
		return "is writable with PTE_UFFD_WP";
	if (vma->vma.vm_flags & VM_SHARED)
		return NULL;
	*oracle = CHK_COW_ISOLATION;
	if (pte_pfn(pte) >= max_mapnr)
		return "is writable in a private VMA over no page";
	page = pfn_to_page(pte_pfn(pte));
	if (!folio_test_anon(page_folio(page)) ||
	    !page_ext_get(page)->anon_exclusive)
		return "is writable in a private VMA over a page that is not PageAnonExclusive";
	return NULL;
}

/*
 * A PageAnonExclusive page is mapped once: a second present entry over it,
 * in this mm or another, shares what one of them may write
 * (cow-isolation; the kernel warns of it in __folio_add_anon_rmap()).
 * @maps counts the entries met so far per frame.
 */
static const char *shared_exclusive(pte_t pte, unsigned char *maps)
{
	unsigned long pfn = pte_pfn(pte);
	struct page *page;

	if (!pte_present(pte) || pfn >= max_mapnr)
		return NULL;
	page = pfn_to_page(pfn);
	if (!folio_test_anon(page_folio(page)) || maps[pfn]++ == 0 ||
	    !page_ext_get(page)->anon_exclusive)
		return NULL;
	return "maps a PageAnonExclusive page another entry maps too";
}

static bool sweep_table(struct mm_model *mm, pte_t *table,
			unsigned char *maps)
{
	enum chk_oracle oracle;
	const char *what;
	uint64_t va;
	u16 asid;
	pte_t pte;
	unsigned int i;

	for (i = 0; i < PTRS_PER_PTE; i++) {
		pte = __pte(__atomic_load_n(&pte_val(table[i]),
					    __ATOMIC_SEQ_CST));
		if (pte_none(pte) || !hw_desc_va(table + i, &asid, &va))
			continue;
		what = entry_fault(mm, va, pte, &oracle);
		if (!what) {
			oracle = CHK_COW_ISOLATION;
			what = shared_exclusive(pte, maps);
		}
		if (what) {
			chk_fail(oracle,
				 "the entry at va %#llx (asid %u, %#llx) %s at the end of the run",
				 (unsigned long long)va, asid,
				 (unsigned long long)pte_val(pte), what);
			return false;
		}
	}
	return true;
}

/*
 * What the TLBs keep of @mm gives no more than its tables do now
 * (hw_tlb_sweep(): stale-tlb).  The watchers see a stale translation
 * only when an access uses it, and the machine when its frame is freed;
 * this finds one left over a frame still in use that no access used.
 */
static bool sweep_tlbs(struct mm_model *mm)
{
	struct hw_ctx ctx;

	if (!mm->mm.pgd)
		return false;
	ctx = __el0_ctx(&mm->mm);
	return hw_tlb_sweep(&ctx);
}

bool chk_mm_sweep(void)
{
	unsigned char *maps = calloc(max_mapnr, 1);
	struct mm_model *mm;
	bool ok = true;
	unsigned int i;

	BUG_ON(!maps);
	for_each_live_mm(mm)
		for (i = 0; ok && i < MM_MAX_PTE_TABLES; i++)
			if (mm->ptdescs[i].table)
				ok = sweep_table(mm, mm->ptdescs[i].table,
						 maps);
	free(maps);
	return ok;
}

bool chk_mm_sweep_tlbs(void)
{
	struct mm_model *mm;

	for_each_live_mm(mm)
		if (sweep_tlbs(mm))
			return false;
	return true;
}
