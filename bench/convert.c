// SPDX-License-Identifier: GPL-2.0-only
/*
 * convert: the cost of contpte_convert() with and without its TLBI.
 * "[PATCH v8 0/4] Initial BBML2 support for contpte_convert()" (Mikołaj
 * Lenczewski, Jun 2025): on a machine with BBML2_NOABORT the TLBI and
 * DSBs between break and make can go, "a 12% improvement when executing
 * a microbenchmark designed to force the pathological path where
 * contpte_convert() gets called.  This represents an 80% reduction in the
 * cost of calling contpte_convert()."  Two paths that unfold a block and
 * fold it again, over and over: mprotect() of its last page to read-only
 * and back (through the real callers), and the conversion alone,
 * ptep_get_and_clear() then set_pte_at() of that entry under the PTL.
 */
#include "bench.h"

#define CONVERT_LOOPS	64

static const char *const variants[] = { "mprotect", "convert" };

static const struct bench_design designs[] = {
	{ "tlbi", "" },
	{ "bbml2", "bbm=2-noabort" },
	{ "no-contpte", "contpte=off" },
};

static const struct bench_published published[] = {
	{ "mprotect", "bbml2", 0.88, "microbenchmark" },
	{ "convert", "bbml2", 0.20, "contpte_convert()" },
};

static unsigned long last_page(void)
{
	return BENCH_BASE + ((CONT_PTES - 1) << PAGE_SHIFT);
}

static void toggle_protection(struct mm_model *mm)
{
	BUG_ON(do_mprotect(mm, last_page(), PAGE_SIZE, VM_READ));
	BUG_ON(do_mprotect(mm, last_page(), PAGE_SIZE, VM_READ | VM_WRITE));
}

static void reconvert(struct mm_model *mm)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, last_page(), &ptl);
	pte_t old = ptep_get_and_clear(&mm->mm, last_page(), pte);

	set_pte_at(&mm->mm, last_page(), pte, old);
	spin_unlock(ptl);
}

/* A first mprotect() splits the VMA: later ones find it split. */
static bool convert_setup(struct bench_job *j)
{
	if (!bench_populate(j))
		return false;
	if (j->variant == 0)
		toggle_protection(j->mm);
	j->work_pages = j->variant == 0 ? 2 : 0;
	return true;
}

static unsigned long convert_measure(struct bench_job *j)
{
	unsigned int i;

	for (i = 0; i < CONVERT_LOOPS; i++) {
		if (j->variant == 0)
			toggle_protection(j->mm);
		else
			reconvert(j->mm);
	}
	return CONVERT_LOOPS;
}

const struct bench_def bench_convert = {
	.name = "convert",
	.what = "unfold and refold one block: mprotect() of its last page and back, or the conversion alone",
	.designs = designs,
	.nr_designs = sizeof(designs) / sizeof(designs[0]),
	.variants = variants,
	.nr_variants = sizeof(variants) / sizeof(variants[0]),
	.setup = convert_setup,
	.measure = convert_measure,
	.published = published,
	.nr_published = sizeof(published) / sizeof(published[0]),
};
