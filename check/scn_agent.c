// SPDX-License-Identifier: GPL-2.0-only
/*
 * A per-descriptor agent (agent=smmu: an SMMU without HTTU, on CPU 1)
 * stores to an entry of a block whose sibling a CPU has just dirtied.  The
 * agent checks only its own descriptor, so it faults until the fault
 * handler's ptep_set_access_flags() has updated that very entry; a no-op
 * decided on the gathered value leaves it faulting forever (liveness, the
 * 2026 SMMU/ATS fix).  With agent=none the second accessor is a CPU too.
 */
#include "access.h"
#include "scenarios.h"
#include "world.h"

/* Faults on one address before we call it a livelock. */
#define AGENT_MAX_FAULTS	4

#define AGENT_ENTRY		(CONT_PTES - 1)

#define AGENT_THREAD		1

static void setup_old_block(void)
{
	chk_world_setup();
	hw_cpu_set_agent(AGENT_THREAD, true);
	chk_map_block(0, 0, pte_mkold(pfn_pte(0, PAGE_SHARED)));
}

static void agent_thread(unsigned int t)
{
	if (t == AGENT_THREAD)
		chk_access_faulting(AGENT_ENTRY, true, AGENT_MAX_FAULTS);
	else
		chk_access(0, true);
}

const struct chk_scenario scn_agent_sibling_dirty = {
	.name = "agent-sibling-dirty",
	.desc = "a per-descriptor agent stores to a block whose sibling a CPU dirtied; its fault must be resolved (liveness)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "agent-store" },
	.init = chk_world_init,
	.setup = setup_old_block,
	.thread = agent_thread,
	.exit = chk_world_exit,
	/* The bug class needs the per-descriptor agent. */
	.hw = (const char *const[]){ "agent=smmu", NULL },
	.mode = CHK_EXHAUSTIVE,
	/* With --hw agent=none both stores spread A/D: 2M schedules. */
	.executions = 100000,
	.bound = 1,
};
