// SPDX-License-Identifier: GPL-2.0-only
#include "hw/mem.h"
#include "access.h"
#include "explore.h"
#include "ptemon.h"
#include "world.h"

bool chk_access(unsigned long i, bool write)
{
	struct hw_fault fault;
	/* A store leaves the entry's index in the page, for the timeline. */
	uint64_t value = i;

	return hw_access(hw_this_cpu, &chk_w.ctx, chk_va(i), write, &value,
			 &fault);
}

bool chk_fetch(unsigned long i)
{
	struct hw_fault fault;
	uint64_t value;

	return hw_fetch(hw_this_cpu, &chk_w.ctx, chk_va(i), &value, &fault);
}

/* handle_pte_fault() for an access fault on a present entry. */
static void fault(unsigned long i, bool write)
{
	pte_t entry;

	spin_lock(&chk_w.ptl);
	entry = chk_ptep_get(i);
	if (pte_valid(entry)) {
		entry = pte_mkyoung(entry);
		if (write)
			entry = pte_mkdirty(entry);
		ptep_set_access_flags(&chk_w.vma, chk_va(i), chk_ptep(i),
				      entry, write);
	}
	spin_unlock(&chk_w.ptl);
}

void chk_access_faulting(unsigned long i, bool write, unsigned int max)
{
	unsigned int faults;

	for (faults = 0; faults < max; faults++) {
		if (chk_access(i, write))
			return;
		fault(i, write);
	}
	chk_fail(CHK_LIVENESS,
		 "the %s %s to entry %lu faulted %u times: the fault handler never updates that entry",
		 hw_cpu_is_agent(hw_this_cpu) ? "agent's" : "CPU's",
		 write ? "store" : "load", i, max);
}
