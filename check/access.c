// SPDX-License-Identifier: GPL-2.0-only
#include "hw/ad.h"
#include "hw/config.h"
#include "access.h"
#include "explore.h"
#include "world.h"

/* What the walker reads: not a software access, so not an event. */
static pte_t walker_read(unsigned long i)
{
	hw_sched_point(HW_MEM_READ, chk_ptep(i));
	return __pte(__atomic_load_n(&pte_val(*chk_ptep(i)), __ATOMIC_SEQ_CST));
}

static pte_t peek(unsigned long i)
{
	return __pte(__atomic_load_n(&pte_val(*chk_ptep(i)), __ATOMIC_SEQ_CST));
}

/*
 * A sibling may take the update if it belongs to the same contiguous
 * block as the walked entry (reference arm-hardware.md section 7.3), and
 * for dirty only if it has DBM.
 */
static bool eligible(unsigned long j, unsigned long i, pte_t own, bool dirty)
{
	pte_t s = peek(j);
	pte_t want = pfn_pte(pte_pfn(own) + j - i, pte_pgprot(own));

	if (!pte_valid_cont(s) || (dirty && !pte_write(s)))
		return false;
	return pte_same(pte_mkold(pte_mkclean(s)), pte_mkold(pte_mkclean(want)));
}

static unsigned long ad_target(unsigned long i, pte_t own, bool dirty)
{
	unsigned long first = i & ~((unsigned long)CONT_PTES - 1), j;
	unsigned long cand[CONT_PTES];
	unsigned int n = 0;

	if (!pte_cont(own))
		return i;
	switch (hw_cfg.ad_policy) {
	case HW_AD_FIRST:
		j = first;
		break;
	case HW_AD_LAST:
		j = first + CONT_PTES - 1;
		break;
	case HW_AD_RANDOM:
	case HW_AD_ENUMERATE:
		for (j = first; j < first + CONT_PTES; j++)
			if (j == i || eligible(j, i, own, dirty))
				cand[n++] = j;
		return cand[chk_choose(HW_CHOICE_AD_TARGET, n)];
	default:
		return i;
	}
	return eligible(j, i, own, dirty) ? j : i;
}

bool chk_cpu_access(unsigned long i, bool write)
{
	pte_t own = walker_read(i);
	bool af = !pte_young(own), dirty = write && pte_rdonly(own);

	if (!pte_valid(own) || (af && !hw_cfg.ha))
		return false;
	if (dirty && (!pte_write(own) || !hw_cfg.hd))
		return false;
	if (!af && !dirty)
		return true;
	return hw_ad_update((uint64_t *)chk_ptep(ad_target(i, own, dirty)),
			    af, dirty) == HW_AD_DONE;
}

bool chk_agent_access(unsigned long i, bool write)
{
	pte_t own = walker_read(i);

	return pte_valid(own) && pte_young(own) && !(write && pte_rdonly(own));
}
