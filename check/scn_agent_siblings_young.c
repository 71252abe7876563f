// SPDX-License-Identifier: GPL-2.0-only
/*
 * A per-descriptor agent (agent=smmu: an SMMU without HTTU, on CPU 1)
 * loads from the last page of an old folded block whose every other entry
 * the hardware has made young.  CPU 0 loads from each page but the last,
 * on a CPU that fills page-sized TLB entries and puts each Access flag in
 * the entry it walked (contig-fill=ignore, ad-policy=faulting: both
 * allowed by the architecture), so only the block's last entry stays old.
 * The agent checks its own descriptor alone and faults until the fault
 * handler's ptep_set_access_flags() has made that very entry young.
 *
 * The bug class: a no-op test of contpte_ptep_set_access_flags() that
 * does not compare every entry of the block with what the fault wants.
 * Here every entry it may skip but the last already matches, so one that
 * stops short of the block's end takes the fault for a no-op and the
 * agent faults for ever (liveness).  agent-sibling-dirty and wide-block
 * leave an entry before the last one unsatisfied, which any loop finds.
 * With agent=none the second accessor is a CPU too.
 */
#include "access.h"
#include "scenarios.h"
#include "world.h"

/* Faults on one address before we call it a livelock. */
#define ASY_MAX_FAULTS	4

#define ASY_AGENT	1U

static void asy_setup(void)
{
	chk_world_setup();
	hw_cpu_set_agent(ASY_AGENT, true);
	chk_map_block(0, 0, pte_mkold(pfn_pte(0, PAGE_SHARED)));
}

static void asy_thread(unsigned int t)
{
	unsigned long i;

	if (t == ASY_AGENT) {
		chk_access_faulting(CONT_PTES - 1, false, ASY_MAX_FAULTS);
		return;
	}
	for (i = 0; i < CONT_PTES - 1; i++)
		chk_access_faulting(i, false, ASY_MAX_FAULTS);
}

const struct chk_scenario scn_agent_siblings_young = {
	.name = "agent-siblings-young",
	.desc = "a per-descriptor agent loads from the last page of an old block whose every other entry the hardware made young; its fault must be resolved (liveness)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "agent-load" },
	.init = chk_world_init,
	.setup = asy_setup,
	.thread = asy_thread,
	.exit = chk_world_exit,
	/* The agent, and an Access flag in each entry a load walks. */
	.hw = (const char *const[]){ "agent=smmu", "ad-policy=faulting",
				     "contig-fill=ignore", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
