// SPDX-License-Identifier: GPL-2.0-only
/*
 * ptep-get: core-mm's read of the first entry of a block under the PTL
 * (ptep_deref()), per position of the access and dirty state the hardware
 * left in the block: upstream's ptep_get(), which gathers over a folded
 * block, against the raw read of the kernel without contpte and the plain
 * *ptep of the 2023 ptep_deref() proposal (deref=plain).  The gathering
 * scan stops once it has seen both, so where they sit decides how many
 * entries it reads.
 */
#include "hw/ad.h"
#include "bench.h"

#define PTEP_GET_LOOPS	1024

static const char *const variants[] = {
	"none", "first", "middle", "last", "a-first-d-last",
};

static const struct bench_design designs[] = {
	{ "raw", "contpte=off" },
	{ "gathered", "" },
	{ "plain", "deref=plain" },
};

static void hw_sets(pte_t *block, unsigned int i, bool dirty)
{
	BUG_ON(hw_ad_update(&pte_val(block[i]), true, dirty) != HW_AD_DONE);
}

/* MADV_FREE leaves the block old and clean; the machine sets A and D. */
static bool ptep_get_setup(struct bench_job *j)
{
	pte_t *block;

	if (!bench_populate(j) ||
	    do_madvise(j->mm, BENCH_BASE, CONT_PTE_SIZE, MADV_FREE))
		return false;
	block = pte_offset_map(j->mm, BENCH_BASE);
	switch (j->variant) {
	case 1:
		hw_sets(block, 0, true);
		break;
	case 2:
		hw_sets(block, CONT_PTES / 2, true);
		break;
	case 3:
		hw_sets(block, CONT_PTES - 1, true);
		break;
	case 4:
		hw_sets(block, 0, false);
		hw_sets(block, CONT_PTES - 1, true);
		break;
	}
	j->work_pages = 0;
	return true;
}

static unsigned long ptep_get_measure(struct bench_job *j)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(j->mm, BENCH_BASE, &ptl);
	unsigned int i;

	for (i = 0; i < PTEP_GET_LOOPS; i++)
		ptep_deref(pte);
	spin_unlock(ptl);
	return PTEP_GET_LOOPS;
}

const struct bench_def bench_ptep_get = {
	.name = "ptep-get",
	.what = "core-mm's read of a block's first entry (ptep_get() or a plain load), per position of A and D in the block",
	.designs = designs,
	.nr_designs = sizeof(designs) / sizeof(designs[0]),
	.variants = variants,
	.nr_variants = sizeof(variants) / sizeof(variants[0]),
	.setup = ptep_get_setup,
	.measure = ptep_get_measure,
};
