// SPDX-License-Identifier: GPL-2.0-only
/*
 * The multi-gen LRU's aging through the reverse map (v6.12 mm/vmscan.c,
 * lru_gen_look_around()).  With it enabled, folio_referenced() does not
 * flush: each entry the walk finds is tested and made old with
 * ptep_test_and_clear_young(), and a young one has its neighbours in the
 * same PTE table and VMA, up to MIN_LRU_BATCH entries around it, made old
 * too, their folios marked accessed, and dirty where the entry says so.
 * A CPU that cached a young entry keeps using it without setting the flag
 * again: that makes a folio look cold early, which the multi-gen LRU
 * accepts for the TLBIs it saves.
 *
 * The look-around reads each neighbour with ptep_get() and clears only
 * those that read young, under the PTL, which every other clearer takes:
 * an entry read young must be found young by the clear
 * (VM_WARN_ON_ONCE() there).  On a folded block both report the whole
 * block's access flag, whichever entry the hardware set.
 */
#include "core.h"

/* The static key lru_gen_caps[LRU_GEN_CORE]; off by default. */
static bool lru_gen_on;

void lru_gen_set_enabled(bool on)
{
	lru_gen_on = on;
}

bool lru_gen_enabled(void)
{
	return lru_gen_on;
}

/*
 * At most MIN_LRU_BATCH entries around @addr, within its PTE table and
 * @vma: [*start, *end).
 */
static void look_around_window(struct vm_area *vma, unsigned long addr,
			       unsigned long *start, unsigned long *end)
{
	unsigned long batch = MIN_LRU_BATCH * PAGE_SIZE;

	*start = ALIGN_DOWN(addr, pte_table_span());
	if (*start < vma->vma.vm_start)
		*start = vma->vma.vm_start;
	*end = pte_table_end(addr, vma->vma.vm_end);
	if (*end - *start <= batch)
		return;
	if (addr - *start < batch / 2)
		*end = *start + batch;
	else if (*end - addr < batch / 2)
		*start = *end - batch;
	else {
		*start = addr - batch / 2;
		*end = addr + batch / 2;
	}
}

/* A neighbour read young: clear it, and pass its state to its folio. */
static void look_around_one(struct vm_area *vma, unsigned long addr,
			    pte_t *pte)
{
	pte_t ptent = ptep_get(pte);
	struct folio *folio;

	if (!pte_present(ptent) || !pte_young(ptent))
		return;
	folio = vm_normal_folio(vma, addr, ptent);
	if (!folio)
		return;
	if (!ptep_test_and_clear_young(&vma->vma, addr, pte))
		VM_WARN_ON_ONCE(true);
	/* An anonymous folio outside the swap cache has no copy to keep. */
	if (pte_dirty(ptent) && !folio_test(folio, PG_dirty) &&
	    !(folio_test_anon(folio) && folio_test_swapbacked(folio) &&
	      !folio_test(folio, PG_swapcache)))
		folio_mark_dirty(folio);
	folio_mark_accessed(folio);
}

/*
 * @pte at @addr, mapped in @vma, under its table's PTL: whether it was
 * young.
 */
bool lru_gen_look_around(struct vm_area *vma, unsigned long addr, pte_t *pte)
{
	unsigned long start, end, a;

	if (!ptep_test_and_clear_young(&vma->vma, addr, pte))
		return false;
	look_around_window(vma, addr, &start, &end);
	pte -= (addr - start) >> PAGE_SHIFT;
	for (a = start; a != end; a += PAGE_SIZE, pte++)
		look_around_one(vma, a, pte);
	return true;
}
