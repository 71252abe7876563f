// SPDX-License-Identifier: GPL-2.0-only
/*
 * Teardown of a folded block ("[PATCH v2 14/14] arm64/mm: Add
 * ptep_get_and_clear_full() to optimize process teardown", Ryan Roberts,
 * Nov 2023, and its review): zap_pte_range() reads each entry
 * with ptep_get() and clears it as the teardown design says, while a user
 * store makes the hardware set dirty in some entry of the block (the
 * first or the last with ad-policy=first|last, any with random).  The
 * clears must hand every dirty bit to the folio (data-loss), and each
 * ptep_get() between them must still see what the hardware set in the
 * block since it was last cleared (ad-contract).
 */
#include "access.h"
#include "ptemon.h"
#include "scenarios.h"
#include "world.h"

static struct {
	bool folio_dirty;	/* folio_mark_dirty() from the zap */
	bool stored;		/* the user store reached the page */
} td;

static void setup_block(void)
{
	chk_world_setup();
	chk_map_block(0, 0, pte_mkyoung(pfn_pte(0, PAGE_SHARED)));
	td.folio_dirty = td.stored = false;
}

/* How many entries from @i one clear takes under the teardown design. */
static pte_t clear_batch(unsigned long i, pte_t pte, unsigned int *nr)
{
	unsigned long addr = chk_va(i);
	pte_t *ptep = chk_ptep(i);

	if (contpte_design.teardown != TEARDOWN_BATCH) {
		*nr = 1;
		return ptep_get_and_clear_full(&chk_w.mm, addr, ptep, 1);
	}
	*nr = pte_batch_hint(ptep, pte);
	return get_and_clear_full_ptes(&chk_w.mm, addr, ptep, *nr, 1);
}

/* The exit-time zap of block 0: full teardown, flush at the end. */
static void zap(void)
{
	unsigned long i = 0;
	unsigned int nr;
	pte_t pte;

	spin_lock(&chk_w.ptl);
	while (i < CONT_PTES) {
		pte = chk_ptep_get(i);
		if (pte_none(pte)) {
			i++;
			continue;
		}
		pte = clear_batch(i, pte, &nr);
		if (pte_dirty(pte))
			td.folio_dirty = true;
		i += nr;
	}
	flush_tlb_range(&chk_w.vma, chk_va(0), chk_va(CONT_PTES));
	spin_unlock(&chk_w.ptl);
}

static void teardown_thread(unsigned int t)
{
	if (t == 0)
		zap();
	else
		td.stored = chk_access(CONT_PTES / 2, true);
}

static void teardown_finish(void)
{
	if (td.stored && !td.folio_dirty)
		chk_fail(CHK_DATA_LOSS,
			 "a store reached the folio but the zap never saw it dirty");
}

const struct chk_scenario scn_teardown_hw_dirty = {
	.name = "teardown-hw-dirty",
	.desc = "exit zap (ptep_get, then clears per teardown design) while hardware dirties an entry of the block (ad-contract, data-loss)",
	.nr_threads = 2,
	.thread_names = { "zap", "cpu-store" },
	.init = chk_world_init,
	.setup = setup_block,
	.thread = teardown_thread,
	.finish = teardown_finish,
	.exit = chk_world_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 2,
};
