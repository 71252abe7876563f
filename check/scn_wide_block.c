// SPDX-License-Identifier: GPL-2.0-only
/*
 * A block wider than the 4K granule's 16 entries (the 64K granule's 32),
 * on a CPU that fills page-sized TLB entries and puts
 * each hardware A/D update in the entry it walked (contig-fill=ignore,
 * ad-policy=faulting: both allowed by the architecture).  CPU 0 stores to
 * every page of the first half of the block, stores to a page of the
 * second half, then reads the block under the PTL and without it; the
 * agent (an SMMU without HTTU) loads from the last page.
 *
 * The bug class: code that walks 16 entries of a block whatever
 * CONT_PTES is.  ptep_get() must gather the second half's dirty bit
 * (ad-contract, through chk_ptep_get()); ptep_get_lockless(), read after
 * it with nothing clearing A/D in this scenario, must report at least as
 * much (ad-contract); and the agent's fault on its own entry must be
 * resolved though the first half may already have every access flag it
 * wants (liveness).
 */
#include "access.h"
#include "ptemon.h"
#include "scenarios.h"
#include "world.h"

#define WB_SECOND	20UL		/* a page of the second half */
#define WB_TARGET	1UL		/* the entry the readers read */
#define WB_AGENT	1U
#define WB_MAX_FAULTS	4

static void wb_setup(void)
{
	chk_world_setup();
	hw_cpu_set_agent(WB_AGENT, true);
	chk_map_block(0, 0, pte_mkold(pfn_pte(0, PAGE_SHARED)));
}

static void wb_cpu(void)
{
	pte_t locked, lockless;
	unsigned long i;

	if (CONT_PTES <= WB_SECOND)
		return;
	for (i = 0; i < CONT_PTES / 2; i++)
		chk_access_faulting(i, false, WB_MAX_FAULTS);
	chk_access_faulting(WB_SECOND, true, WB_MAX_FAULTS);
	spin_lock(&chk_w.ptl);
	locked = chk_ptep_get(WB_TARGET);
	spin_unlock(&chk_w.ptl);
	lockless = ptep_get_lockless(chk_ptep(WB_TARGET));
	if ((pte_dirty(locked) && !pte_dirty(lockless)) ||
	    (pte_young(locked) && !pte_young(lockless)))
		chk_fail(CHK_AD_CONTRACT,
			 "ptep_get_lockless() of entry %lu lost A/D ptep_get() reported before it (%#llx, then %#llx)",
			 WB_TARGET, (unsigned long long)pte_val(locked),
			 (unsigned long long)pte_val(lockless));
}

static void wb_thread(unsigned int t)
{
	if (t == WB_AGENT)
		chk_access_faulting(CONT_PTES - 1, false, WB_MAX_FAULTS);
	else
		wb_cpu();
}

const struct chk_scenario scn_wide_block = {
	.name = "wide-block",
	.desc = "a 64K granule's 32-entry block whose A/D the hardware sets entry by entry: ptep_get(), ptep_get_lockless() and the agent's fault walk the whole block (ad-contract, liveness)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "agent-store" },
	.init = chk_world_init,
	.setup = wb_setup,
	.thread = wb_thread,
	.exit = chk_world_exit,
	.hw = (const char *const[]){ "agent=smmu", "granule=64k",
				     "ad-policy=faulting",
				     "contig-fill=ignore", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
