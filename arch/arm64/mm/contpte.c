// SPDX-License-Identifier: GPL-2.0-only
/*
 * The transparent contiguous-PTE layer: sets PTE_CONT on aligned blocks of
 * CONT_PTES entries that map one folio, removes it when a block is changed
 * piecemeal, and gathers the access/dirty state the hardware may have put
 * in any entry of a block.
 *
 * Written for this model from the upstream semantics (Linux v6.9 onwards,
 * with the 2025-2026 changes: BBML2 elision, batched young, the per-entry
 * no-op check of ptep_set_access_flags()).  A kernel tree's own
 * arch/arm64/mm/contpte.c can be built in its place (docs/arch.md).
 */
#include <linux/mm.h>
#include <linux/efi.h>
#include <linux/export.h>
#include <asm/tlbflush.h>

/*
 * Dynamically changing the contiguous bit can make a racing access fault;
 * user space is fine with that because faults serialise on the PTL, but
 * kernel mappings cannot take such faults.
 */
static inline bool mm_is_user(struct mm_struct *mm)
{
	if (unlikely(mm_is_efi(mm)))
		return false;
	return mm != &init_mm;
}

static inline pte_t *contpte_align_down(pte_t *ptep)
{
	return PTR_ALIGN_DOWN(ptep, sizeof(*ptep) * CONT_PTES);
}

/*
 * Widen [*start, *end) to whole blocks at either edge that is part of a
 * block.  The @nr entries from @ptep must be present and map consecutive
 * pages of one folio in one VMA and one table: core-mm tracks A/D per
 * folio, so acting on the rest of a block the folio also covers is fine.
 */
static pte_t *contpte_align_addr_ptep(unsigned long *start,
				      unsigned long *end, pte_t *ptep,
				      unsigned int nr)
{
	if (pte_cont(__ptep_get(ptep + nr - 1)))
		*end = ALIGN(*end, CONT_PTE_SIZE);
	if (pte_cont(__ptep_get(ptep))) {
		*start = ALIGN_DOWN(*start, CONT_PTE_SIZE);
		ptep = contpte_align_down(ptep);
	}
	return ptep;
}

/*
 * Change the contiguous bit of a whole block: the only place PTE_CONT
 * changes on live entries.  Changing it changes the TLB entry size, so
 * break-before-make (Arm ARM RDDMVT): clear every entry, invalidate the
 * block, write every entry.  The A/D state of all entries is gathered into
 * each new entry so nothing the hardware recorded is lost.
 *
 * With BBML2_NOABORT the invalidation may be skipped (RNGLXZ, RJQQTC): a
 * TLB holding old and new entries returns one of them, never an
 * amalgamation or a conflict abort, and the caller's final invalidation of
 * what it changed evicts both.
 */
static void contpte_convert(struct mm_struct *mm, unsigned long addr,
			    pte_t *ptep, pte_t pte)
{
	struct vm_area_struct vma = TLB_FLUSH_VMA(mm, 0);
	unsigned long start_addr;
	pte_t *start_ptep;
	pte_t ptent;
	int i;

	start_ptep = ptep = contpte_align_down(ptep);
	start_addr = addr = ALIGN_DOWN(addr, CONT_PTE_SIZE);
	pte = pfn_pte(ALIGN_DOWN(pte_pfn(pte), CONT_PTES), pte_pgprot(pte));

	for (i = 0; i < CONT_PTES; i++, ptep++, addr += PAGE_SIZE) {
		ptent = __ptep_get_and_clear(mm, addr, ptep);
		if (pte_dirty(ptent))
			pte = pte_mkdirty(pte);
		if (pte_young(ptent))
			pte = pte_mkyoung(pte);
	}

	if (!system_supports_bbml2_noabort())
		__flush_tlb_range(&vma, start_addr, addr, PAGE_SIZE, true, 3);

	__set_ptes(mm, start_addr, start_ptep, pte, CONT_PTES);
}

/*
 * Fold the block containing @ptep if one folio maps all of it with
 * consecutive PFNs and identical attributes.  A/D are ignored in the
 * comparison: the folded block has one logical A/D state, their OR.
 */
void __contpte_try_fold(struct mm_struct *mm, unsigned long addr,
			pte_t *ptep, pte_t pte)
{
	unsigned long folio_start, folio_end, block_start, block_end, pfn;
	struct folio *folio;
	struct page *page;
	pte_t expected, subpte;
	pte_t *p;
	int i;

	if (!mm_is_user(mm))
		return;

	/* No VMA here, so vm_normal_page() is out; special ptes never get here. */
	page = pte_page(pte);
	folio = page_folio(page);
	folio_start = addr - (page - &folio->page) * PAGE_SIZE;
	folio_end = folio_start + folio_nr_pages(folio) * PAGE_SIZE;
	block_start = ALIGN_DOWN(addr, CONT_PTE_SIZE);
	block_end = block_start + CONT_PTE_SIZE;
	if (folio_start > block_start || folio_end < block_end)
		return;

	pfn = ALIGN_DOWN(pte_pfn(pte), CONT_PTES);
	expected = pfn_pte(pfn, pte_pgprot(pte_mkold(pte_mkclean(pte))));
	p = contpte_align_down(ptep);
	for (i = 0; i < CONT_PTES; i++, p++) {
		subpte = pte_mkold(pte_mkclean(__ptep_get(p)));
		if (!pte_same(subpte, expected))
			return;
		expected = pte_advance_pfn(expected, 1);
	}

	contpte_convert(mm, addr, ptep, pte_mkcont(pte));
}
EXPORT_SYMBOL_GPL(__contpte_try_fold);

/* The caller saw PTE_CONT in @pte; the block is assumed consistent. */
void __contpte_try_unfold(struct mm_struct *mm, unsigned long addr,
			  pte_t *ptep, pte_t pte)
{
	if (!mm_is_user(mm))
		return;
	contpte_convert(mm, addr, ptep, pte_mknoncont(pte));
}
EXPORT_SYMBOL_GPL(__contpte_try_unfold);

/* Unfold the blocks at either end of a batch that it only partly covers. */
static void contpte_try_unfold_partial(struct mm_struct *mm,
				       unsigned long addr, pte_t *ptep,
				       unsigned int nr)
{
	unsigned long last_addr;
	pte_t *last_ptep;

	if (ptep != contpte_align_down(ptep) || nr < CONT_PTES)
		contpte_try_unfold(mm, addr, ptep, __ptep_get(ptep));

	if (ptep + nr != contpte_align_down(ptep + nr)) {
		last_addr = addr + PAGE_SIZE * (nr - 1);
		last_ptep = ptep + nr - 1;
		contpte_try_unfold(mm, last_addr, last_ptep,
				   __ptep_get(last_ptep));
	}
}

/*
 * The PTL is held, so the block cannot be unfolded or changed under us:
 * only the hardware can set A/D bits meanwhile, in any of its entries.
 * The scan may stop once the entries read gave both bits; it must not stop
 * on the target's own bits, or a hardware-dirty target would miss the
 * pte_mkdirty() that ptep_get_lockless() applies (docs/checker.md,
 * "ad-contract").
 */
pte_t contpte_ptep_get(pte_t *ptep, pte_t orig_pte)
{
	bool young = false, dirty = false;
	pte_t pte;
	int i;

	ptep = contpte_align_down(ptep);
	for (i = 0; i < CONT_PTES && !(young && dirty); i++, ptep++) {
		pte = __ptep_get(ptep);
		dirty |= pte_dirty(pte);
		young |= pte_young(pte);
	}
	if (dirty)
		orig_pte = pte_mkdirty(orig_pte);
	if (young)
		orig_pte = pte_mkyoung(orig_pte);
	return orig_pte;
}
EXPORT_SYMBOL_GPL(contpte_ptep_get);

/* Same block, same PFN run and the same attributes ignoring A/D. */
static inline bool contpte_is_consistent(pte_t pte, unsigned long pfn,
					 pgprot_t orig_prot)
{
	pgprot_t prot = pte_pgprot(pte_mkold(pte_mkclean(pte)));

	return pte_valid_cont(pte) && pte_pfn(pte) == pfn &&
	       pgprot_val(prot) == pgprot_val(orig_prot);
}

/*
 * Without the PTL the block may be unfolded, changed and refolded while we
 * read it, and its entries cannot be read atomically together.  Retry until
 * every entry read belongs to the block the target belongs to; a target
 * without PTE_CONT is consistent on its own.  The result is the target as
 * read, with A/D gathered from entries each consistent when read: not an
 * atomic snapshot, but never a mixture of two blocks.
 */
pte_t contpte_ptep_get_lockless(pte_t *orig_ptep)
{
	pgprot_t orig_prot;
	unsigned long pfn;
	pte_t orig_pte, pte;
	pte_t *ptep;
	int i;

retry:
	orig_pte = __ptep_get(orig_ptep);
	if (!pte_valid_cont(orig_pte))
		return orig_pte;

	orig_prot = pte_pgprot(pte_mkold(pte_mkclean(orig_pte)));
	ptep = contpte_align_down(orig_ptep);
	pfn = pte_pfn(orig_pte) - (orig_ptep - ptep);

	for (i = 0; i < CONT_PTES; i++, ptep++, pfn++) {
		pte = __ptep_get(ptep);
		if (!contpte_is_consistent(pte, pfn, orig_prot))
			goto retry;
		if (pte_dirty(pte))
			orig_pte = pte_mkdirty(orig_pte);
		if (pte_young(pte))
			orig_pte = pte_mkyoung(orig_pte);
	}
	return orig_pte;
}
EXPORT_SYMBOL_GPL(contpte_ptep_get_lockless);

/*
 * The targets are not present (set_ptes() contract), so nothing needs
 * unfolding first.  Each whole, aligned block (VA and PA) is written with
 * PTE_CONT straight away; partial chunks at the edges without it.
 */
void contpte_set_ptes(struct mm_struct *mm, unsigned long addr, pte_t *ptep,
		      pte_t pte, unsigned int nr)
{
	unsigned long next, end, pfn;
	pgprot_t prot;

	VM_WARN_ON(nr == 1);

	/*
	 * Only valid entries form a block: pte_mkcont() would make a
	 * PROT_NONE or other present-invalid entry valid.
	 */
	if (!mm_is_user(mm) || !pte_valid(pte)) {
		VM_WARN_ON_ONCE(!pte_valid(pte) && pte_cont(pte));
		__set_ptes(mm, addr, ptep, pte, nr);
		return;
	}

	end = addr + ((unsigned long)nr << PAGE_SHIFT);
	pfn = pte_pfn(pte);
	prot = pte_pgprot(pte);

	do {
		next = pte_cont_addr_end(addr, end);
		nr = (next - addr) >> PAGE_SHIFT;
		pte = pfn_pte(pfn, prot);

		if (((addr | next | (pfn << PAGE_SHIFT)) & ~CONT_PTE_MASK) == 0)
			pte = pte_mkcont(pte);
		else
			pte = pte_mknoncont(pte);

		__set_ptes(mm, addr, ptep, pte, nr);

		addr = next;
		ptep += nr;
		pfn += nr;
	} while (addr != end);
}
EXPORT_SYMBOL_GPL(contpte_set_ptes);

/* Whole blocks are cleared in place; the caller's mmu_gather flushes. */
void contpte_clear_full_ptes(struct mm_struct *mm, unsigned long addr,
			     pte_t *ptep, unsigned int nr, int full)
{
	contpte_try_unfold_partial(mm, addr, ptep, nr);
	__clear_full_ptes(mm, addr, ptep, nr, full);
}
EXPORT_SYMBOL_GPL(contpte_clear_full_ptes);

pte_t contpte_get_and_clear_full_ptes(struct mm_struct *mm,
				      unsigned long addr, pte_t *ptep,
				      unsigned int nr, int full)
{
	contpte_try_unfold_partial(mm, addr, ptep, nr);
	return __get_and_clear_full_ptes(mm, addr, ptep, nr, full);
}
EXPORT_SYMBOL_GPL(contpte_get_and_clear_full_ptes);

/*
 * No unfold: young is tracked per folio and one folio maps each block, so
 * clearing young across the whole of every block touched is accurate
 * enough.
 */
bool contpte_test_and_clear_young_ptes(struct vm_area_struct *vma,
				       unsigned long addr, pte_t *ptep,
				       unsigned int nr)
{
	unsigned long end = addr + (unsigned long)nr * PAGE_SIZE;
	bool young = false;

	ptep = contpte_align_addr_ptep(&addr, &end, ptep, nr);
	for (; addr != end; ptep++, addr += PAGE_SIZE)
		young |= __ptep_test_and_clear_young(vma, addr, ptep);
	return young;
}
EXPORT_SYMBOL_GPL(contpte_test_and_clear_young_ptes);

/* As __ptep_clear_flush_young(): no DSB after the invalidation. */
bool contpte_clear_flush_young_ptes(struct vm_area_struct *vma,
				    unsigned long addr, pte_t *ptep,
				    unsigned int nr)
{
	unsigned long start = addr, end = addr + (unsigned long)nr * PAGE_SIZE;
	bool young;

	young = contpte_test_and_clear_young_ptes(vma, addr, ptep, nr);
	if (young) {
		contpte_align_addr_ptep(&start, &end, ptep, nr);
		__flush_tlb_range_nosync(vma->vm_mm, start, end, PAGE_SIZE,
					 true, 3);
	}
	return young;
}
EXPORT_SYMBOL_GPL(contpte_clear_flush_young_ptes);

/*
 * A whole block may be write-protected in place: until the caller's flush
 * a CPU may still write through an old entry, after it none can (Arm
 * D21194: a block remapped in its entirety keeps its contiguous hint).  A
 * partial block must be unfolded, or PTE_CONT would cover entries with
 * different permissions and stay misprogrammed after the flush.
 */
void contpte_wrprotect_ptes(struct mm_struct *mm, unsigned long addr,
			    pte_t *ptep, unsigned int nr)
{
	contpte_try_unfold_partial(mm, addr, ptep, nr);
	__wrprotect_ptes(mm, addr, ptep, nr);
}
EXPORT_SYMBOL_GPL(contpte_wrprotect_ptes);

/*
 * Widened to whole blocks rather than unfolding: not exactly the range
 * asked for, but A/D are tracked per folio.  No TLBI: the caller's
 * mmu_gather covers it.
 */
void contpte_clear_young_dirty_ptes(struct vm_area_struct *vma,
				    unsigned long addr, pte_t *ptep,
				    unsigned int nr, cydp_t flags)
{
	unsigned long start = addr, end = addr + (unsigned long)nr * PAGE_SIZE;

	ptep = contpte_align_addr_ptep(&start, &end, ptep, nr);
	__clear_young_dirty_ptes(vma, start, ptep, (end - start) / PAGE_SIZE,
				 flags);
}
EXPORT_SYMBOL_GPL(contpte_clear_young_dirty_ptes);

/* The bits __ptep_set_access_flags() takes from its entry. */
#define CONTPTE_ACCESS_FLAGS	(PTE_RDONLY | PTE_AF | PTE_WRITE | PTE_DIRTY)

/*
 * Per entry, not gathered: an agent that walks descriptors one by one (an
 * SMMU without HTTU, a CPU without DBM) faults on its own entry's AF or
 * AP[2], so a block whose gathered value looks right may still need every
 * entry updated (the 2026 SMMU/ATS fix).
 */
static bool contpte_all_subptes_match_access_flags(pte_t *ptep, pte_t entry)
{
	pteval_t want = pte_val(entry) & CONTPTE_ACCESS_FLAGS;
	int i;

	ptep = contpte_align_down(ptep);
	for (i = 0; i < CONT_PTES; i++, ptep++) {
		if ((pte_val(__ptep_get(ptep)) & CONTPTE_ACCESS_FLAGS) != want)
			return false;
	}
	return true;
}

/*
 * Without a change of write permission every entry is updated in place, so
 * per-descriptor agents stop faulting, and one local flush of the block
 * drops stale read-only entries; other CPUs recover through spurious
 * faults.  A change of write permission applies to one entry, so the
 * block is unfolded first.
 */
int contpte_ptep_set_access_flags(struct vm_area_struct *vma,
				  unsigned long addr, pte_t *ptep,
				  pte_t entry, int dirty)
{
	unsigned long start_addr;
	pte_t orig_pte;
	int i;

	if (contpte_all_subptes_match_access_flags(ptep, entry))
		return 0;

	orig_pte = pte_mknoncont(__ptep_get(ptep));
	if (pte_write(orig_pte) == pte_write(entry)) {
		ptep = contpte_align_down(ptep);
		start_addr = addr = ALIGN_DOWN(addr, CONT_PTE_SIZE);
		/* Only the access bits are taken, so entry's PFN can stay. */
		for (i = 0; i < CONT_PTES; i++, ptep++, addr += PAGE_SIZE)
			__ptep_set_access_flags(vma, addr, ptep, entry, 0);
		if (dirty)
			local_flush_tlb_contpte(vma, start_addr);
	} else {
		__contpte_try_unfold(vma->vm_mm, addr, ptep, orig_pte);
		__ptep_set_access_flags(vma, addr, ptep, entry, dirty);
	}
	return 1;
}
EXPORT_SYMBOL_GPL(contpte_ptep_set_access_flags);
