// SPDX-License-Identifier: GPL-2.0-only
/*
 * ptep_get_lockless() against the rest of the world
 * (contpte_ptep_get_lockless(), from "arm64/mm: wire up PTE_CONT for user
 * mappings").
 * Its two promises: it never returns a value mixing two states of a block
 * (lockless-garbage), and when nothing races it returns what ptep_get()
 * returns, A/D included (ad-contract).
 */
#include "access.h"
#include "ptemon.h"
#include "scenarios.h"
#include "world.h"

/* The entry the reader reads: inside block 0, not its first or last. */
#define TARGET		1UL

static pte_t ad_clear(pte_t pte)
{
	return pte_mkold(pte_mkclean(pte));
}

struct provenance {
	pte_t base;		/* the value wanted, A/D ignored */
	pteval_t bit;		/* 0, or the A/D bit it must have */
};

static bool provides(pte_t v, const void *arg)
{
	const struct provenance *p = arg;

	if (!pte_same(ad_clear(v), p->base))
		return false;
	if (p->bit == PTE_DIRTY)
		return pte_dirty(v);
	return !p->bit || (pte_val(v) & p->bit);
}

/*
 * Some entry of @r's block held, in the window, a value of that same block
 * with the A/D bit @bit; for a non-contiguous @r only the target counts.
 */
static bool bit_from_block(pte_t r, pteval_t bit, const pte_t *start,
			   uint64_t from, uint64_t to)
{
	unsigned long first = TARGET & ~((unsigned long)CONT_PTES - 1), j;
	struct provenance p = { .bit = bit };

	for (j = first; j < first + CONT_PTES; j++) {
		if (j != TARGET && !pte_cont(r))
			continue;
		p.base = ad_clear(pfn_pte(pte_pfn(r) + j - TARGET, pte_pgprot(r)));
		if (chk_ptemon_held(j, start[j - first], from, to, provides, &p))
			return true;
	}
	return false;
}

static bool exact(pte_t v, const void *arg)
{
	return pte_val(v) == pte_val(*(const pte_t *)arg);
}

static void check_garbage(pte_t r, const pte_t *start, uint64_t from,
			  uint64_t to)
{
	unsigned long first = TARGET & ~((unsigned long)CONT_PTES - 1);
	struct provenance p = { .base = ad_clear(r) };
	pte_t own = start[TARGET - first];

	if (!pte_valid(r)) {
		if (!chk_ptemon_held(TARGET, own, from, to, exact, &r))
			chk_fail(CHK_LOCKLESS_GARBAGE,
				 "ptep_get_lockless() returned 0x%lx, never the entry's value",
				 (unsigned long)pte_val(r));
		return;
	}
	if (!chk_ptemon_held(TARGET, own, from, to, provides, &p))
		chk_fail(CHK_LOCKLESS_GARBAGE,
			 "ptep_get_lockless() returned 0x%lx: no state of the entry had that pfn and protection",
			 (unsigned long)pte_val(r));
	if (pte_dirty(r) && !bit_from_block(r, PTE_DIRTY, start, from, to))
		chk_fail(CHK_LOCKLESS_GARBAGE,
			 "ptep_get_lockless() returned pfn 0x%lx dirty, but only another state of the block was dirty",
			 pte_pfn(r));
	if (pte_young(r) && !bit_from_block(r, PTE_AF, start, from, to))
		chk_fail(CHK_LOCKLESS_GARBAGE,
			 "ptep_get_lockless() returned pfn 0x%lx young, but only another state of the block was young",
			 pte_pfn(r));
}

/*
 * The fault path's pattern: a lockless read, then ptep_get() under the
 * PTL.  If no entry of the block changed from the start of one to the end
 * of the other, both must agree exactly.
 */
static void lockless_reader(void)
{
	unsigned long first = TARGET & ~((unsigned long)CONT_PTES - 1), j;
	pte_t start[CONT_PTES], r, locked;
	uint64_t from, to;

	/*
	 * The clock first: a write between it and the snapshot is in the
	 * window's log, which on real threads it could otherwise miss.
	 */
	from = chk_ptemon_clock();
	for (j = 0; j < CONT_PTES; j++)
		start[j] = __pte(__atomic_load_n(&pte_val(*chk_ptep(first + j)),
						 __ATOMIC_SEQ_CST));
	r = ptep_get_lockless(chk_ptep(TARGET));
	to = chk_ptemon_clock();
	check_garbage(r, start, from, to);

	spin_lock(&chk_w.ptl);
	locked = ptep_get(chk_ptep(TARGET));
	spin_unlock(&chk_w.ptl);
	if (!chk_ptemon_changed(first, CONT_PTES, from, chk_ptemon_clock()) &&
	    !pte_same(r, locked))
		chk_fail(CHK_AD_CONTRACT,
			 "with nothing racing, ptep_get_lockless() returned 0x%lx but ptep_get() 0x%lx",
			 (unsigned long)pte_val(r), (unsigned long)pte_val(locked));
}

/* Block 0 maps folio 0, old and clean: nothing to gather yet. */
static void setup_old_block(void)
{
	chk_world_setup();
	chk_map_block(0, 0, ad_clear(pfn_pte(0, PAGE_SHARED)));
}

/*
 * Unfold and refold the block in place (a change to its last entry), then
 * unmap it and map another folio there, young and dirty.
 */
static void refold_and_remap(void)
{
	unsigned long last = CONT_PTES - 1;
	struct folio *f1;
	pte_t pte;

	spin_lock(&chk_w.ptl);
	pte = ptep_get_and_clear(&chk_w.mm, chk_va(last), chk_ptep(last));
	set_ptes(&chk_w.mm, chk_va(last), chk_ptep(last), pte, 1);
	get_and_clear_full_ptes(&chk_w.mm, chk_va(0), chk_ptep(0), CONT_PTES, 0);
	flush_tlb_range(&chk_w.vma, chk_va(0), chk_va(CONT_PTES));
	f1 = prep_folio(pfn_to_page(chk_block_pfn(1)), CONFIG_ARM64_CONT_PTE_SHIFT);
	pte = pte_mkdirty(pte_mkyoung(pfn_pte(folio_pfn(f1), PAGE_SHARED)));
	set_ptes(&chk_w.mm, chk_va(0), chk_ptep(0), pte, CONT_PTES);
	spin_unlock(&chk_w.ptl);
}

static void refold_thread(unsigned int t)
{
	if (t == 0)
		lockless_reader();
	else if (t == 1)
		refold_and_remap();
	else
		chk_access(TARGET + 1, true);
}

const struct chk_scenario scn_lockless_refold = {
	.name = "lockless-refold",
	.desc = "ptep_get_lockless() racing unfold, refold and remap of its block and a hardware dirty update (lockless-garbage, ad-contract)",
	.nr_threads = 3,
	.thread_names = { "reader", "remap", "cpu-store" },
	.init = chk_world_init,
	.setup = setup_old_block,
	.thread = refold_thread,
	.exit = chk_world_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};

/*
 * mprotect()'s batched commit: the block's protection changed in place,
 * over the same frames, its new entries young and dirty.  A read that
 * checked only the frames of each entry would take A/D from the new
 * entries for a target read with the old protection.
 */
static void reprotect(void)
{
	pte_t pte;

	spin_lock(&chk_w.ptl);
	pte = get_and_clear_full_ptes(&chk_w.mm, chk_va(0), chk_ptep(0),
				      CONT_PTES, 0);
	flush_tlb_range(&chk_w.vma, chk_va(0), chk_va(CONT_PTES));
	pte = pte_mkyoung(pte_mkdirty(pte_modify(pte, PAGE_READONLY)));
	set_ptes(&chk_w.mm, chk_va(0), chk_ptep(0), pte, CONT_PTES);
	spin_unlock(&chk_w.ptl);
}

static void reprotect_thread(unsigned int t)
{
	if (t == 0)
		lockless_reader();
	else
		reprotect();
}

const struct chk_scenario scn_lockless_reprotect = {
	.name = "lockless-reprotect",
	.desc = "ptep_get_lockless() racing a change of its block's protection in place, over the same frames (lockless-garbage)",
	.nr_threads = 2,
	.thread_names = { "reader", "reprotect" },
	.init = chk_world_init,
	.setup = setup_old_block,
	.thread = reprotect_thread,
	.exit = chk_world_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 2,
};

/* A user store whose dirty bit the hardware puts somewhere in the block. */
static void agrees_thread(unsigned int t)
{
	if (t == 0)
		chk_access(TARGET + 1, true);
	else
		lockless_reader();
}

const struct chk_scenario scn_lockless_agrees = {
	.name = "lockless-agrees",
	.desc = "ptep_get_lockless() equals ptep_get() when hardware dirtied a sibling and nothing races (ad-contract)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "reader" },
	.init = chk_world_init,
	.setup = setup_old_block,
	.thread = agrees_thread,
	.exit = chk_world_exit,
	/*
	 * Blocks of four entries, here on frames not 16-aligned: the
	 * block's first frame is the target's less its index, not the
	 * target's aligned down to the 4K granule's 16 entries.
	 */
	.also = (const char *const[]){ "cont-ptes=4", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};
