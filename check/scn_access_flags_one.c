// SPDX-License-Identifier: GPL-2.0-only
/*
 * A write fault that makes one page of a folded read-only block writable
 * (wp_page_reuse() of an exclusive page: ptep_set_access_flags() with a
 * change of write permission).  Only the faulting entry may change: the
 * block's other pages may be shared with a child (PageAnonExclusive is
 * per page), so they stay read-only and a store to one of them still
 * faults (permission).  contpte_ptep_set_access_flags() unfolds the
 * block for this; on BBML2_NOABORT the unfold costs no TLBI, which is
 * no reason to update the whole block in place instead.
 */
#include "access.h"
#include "scenarios.h"
#include "world.h"

#define REUSED		1UL
#define SIBLING		2UL

static void setup_ro_block(void)
{
	chk_world_setup();
	chk_map_block(0, 0, pte_mkyoung(pfn_pte(0, PAGE_READONLY)));
}

/* do_wp_page() -> wp_page_reuse() for entry @i, under the PTL. */
static void wp_reuse(unsigned long i)
{
	pte_t entry;

	spin_lock(&chk_w.ptl);
	entry = ptep_get(chk_ptep(i));
	entry = pte_mkwrite_novma(pte_mkdirty(pte_mkyoung(entry)));
	ptep_set_access_flags(&chk_w.vma, chk_va(i), chk_ptep(i), entry, 1);
	spin_unlock(&chk_w.ptl);
}

static void access_flags_one_thread(unsigned int t)
{
	if (t == 0) {
		wp_reuse(REUSED);
		if (chk_access(SIBLING, true))
			chk_fail(CHK_PERMISSION,
				 "a store to entry %lu completed after a write fault made entry %lu writable: ptep_set_access_flags() changed the write permission of an entry it was not asked about",
				 SIBLING, REUSED);
	} else {
		chk_access(REUSED, true);
	}
}

const struct chk_scenario scn_access_flags_one = {
	.name = "access-flags-one",
	.desc = "a write fault makes one page of a folded read-only block writable; a store to a sibling still faults (permission)",
	.nr_threads = 2,
	.thread_names = { "reuse", "cpu-store" },
	.init = chk_world_init,
	.setup = setup_ro_block,
	.thread = access_flags_one_thread,
	.exit = chk_world_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 1,
};
