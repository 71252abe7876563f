// SPDX-License-Identifier: GPL-2.0-only
/*
 * folio_pte_batch(): how many entries from @ptep on map consecutive pages
 * of one folio with the same attributes, so that a caller can hand them to
 * a batched arch operation.  pte_batch_hint() lets it skip over the rest
 * of a contiguous block, whose entries the arch layer vouches for (and
 * whose access and dirty bits ptep_get() gathers).  The any_* flags, when
 * asked for, say whether some entry of the batch is writable, young or
 * dirty.
 */
#include <linux/swapops.h>

#include "core.h"

static pte_t pte_batch_clear_ignored(pte_t pte, unsigned int flags)
{
	if (flags & FPB_IGNORE_DIRTY)
		pte = pte_mkclean(pte);
	/* Hardware dirty becomes PTE_DIRTY: dirty is still compared. */
	if (flags & FPB_IGNORE_WRITE)
		pte = pte_wrprotect(pte);
	return pte_mkold(pte);
}

/* OR an entry of the batch into the caller's any_* flags. */
static void pte_batch_gather(pte_t pte, bool *any_writable, bool *any_young,
			     bool *any_dirty)
{
	if (any_writable && pte_write(pte))
		*any_writable = true;
	if (any_young && pte_young(pte))
		*any_young = true;
	if (any_dirty && pte_dirty(pte))
		*any_dirty = true;
}

unsigned int folio_pte_batch(struct folio *folio, pte_t *ptep, pte_t pte,
			     unsigned int max_nr, unsigned int flags,
			     bool *any_writable, bool *any_young,
			     bool *any_dirty)
{
	unsigned long folio_end_pfn = folio_pfn(folio) + folio_nr_pages(folio);
	pte_t *end_ptep = ptep + max_nr, expected;
	unsigned int nr;

	if (any_writable)
		*any_writable = false;
	if (any_young)
		*any_young = false;
	if (any_dirty)
		*any_dirty = false;
	pte_batch_gather(pte, any_writable, any_young, any_dirty);
	nr = pte_batch_hint(ptep, pte);
	if (nr > max_nr)
		nr = max_nr;
	expected = pte_batch_clear_ignored(pte_advance_pfn(pte, nr), flags);
	ptep += nr;
	while (ptep < end_ptep) {
		pte = ptep_get(ptep);
		if (!pte_same(pte_batch_clear_ignored(pte, flags), expected) ||
		    pte_pfn(pte) >= folio_end_pfn)
			break;
		/* Only entries of the batch count. */
		pte_batch_gather(pte, any_writable, any_young, any_dirty);
		nr = pte_batch_hint(ptep, pte);
		if (nr > end_ptep - ptep)
			nr = end_ptep - ptep;
		expected = pte_advance_pfn(expected, nr);
		ptep += nr;
	}
	return ptep - (end_ptep - max_nr);
}

/*
 * The swap entries a folio swapped out whole left behind, each the next
 * slot's with the same bits beside it (PTE_SWP_EXCLUSIVE): swap-in maps
 * the cached folio with one set_ptes() only over such a run, and zap
 * frees it at once.  Read with ptep_get(): they are not present, so there
 * is nothing to gather.
 */
unsigned int swap_pte_batch(pte_t *ptep, unsigned int max_nr, pte_t pte)
{
	pte_t expected = pte_move_swp_offset(pte, 1);
	unsigned int nr;

	for (nr = 1; nr < max_nr; nr++) {
		if (!pte_same(ptep_get(ptep + nr), expected))
			break;
		expected = pte_move_swp_offset(expected, 1);
	}
	return nr;
}
