// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>

#include "hw/chooser.h"
#include "hw/machine.h"
#include "hw/mem.h"
#include "hw/phys.h"
#include "hw/violation.h"
#include "explore.h"
#include "mmworld.h"

#define MM_TABLES	64
/* Page frames: a handful of block-sized folios and order-0 pages. */
#define MM_BLOCKS	16

static unsigned int choose(void *arg, enum hw_choice_kind kind, unsigned int n)
{
	return chk_choose(kind, n);
}

static const struct hw_chooser chooser = { choose, NULL };

static void hw_violation(void *arg, const struct hw_violation *v)
{
	chk_fail(hw_oracle_names[v->oracle], "cpu%u va %#lx: %s", v->cpu,
		 (unsigned long)v->va, v->what);
}

static void mm_violation(void *arg, const struct mm_violation *v)
{
	chk_fail(v->oracle, "cpu%u va %#lx: %s", v->cpu, v->va, v->message);
}

void chk_mm_init(void)
{
	unsigned long frames = MM_BLOCKS * (unsigned long)CONT_PTES;

	if (hw_tables_init(MM_TABLES) || mem_map_init(frames) ||
	    hw_phys_init(frames)) {
		fprintf(stderr, "contpte: out of memory for the machine\n");
		exit(2);
	}
	if (hw_cfg.nr_cpus < CHK_MAX_THREADS)
		hw_cfg.nr_cpus = CHK_MAX_THREADS;
}

void chk_mm_exit(void)
{
	hw_set_chooser(NULL);
	hw_set_violation_handler(NULL, NULL);
	mm_set_violation_handler(NULL, NULL);
	page_alloc_exit();
	hw_phys_exit();
	mem_map_exit();
	hw_tables_exit();
}

/* An execution cut short leaves tables behind: take them all back. */
static void free_all_tables(void)
{
	uint64_t size = 1ull << hw_cfg.page_shift, pa;
	uint64_t *t;

	for (pa = HW_TABLE_PA_BASE; pa < HW_TABLE_PA_BASE + MM_TABLES * size;
	     pa += size) {
		t = hw_table_va(pa);
		if (t)
			hw_table_free(t);
	}
}

void chk_mm_setup(void)
{
	free_all_tables();
	hw_set_chooser(&chooser);
	hw_machine_reset();
	hw_set_violation_handler(hw_violation, NULL);
	mm_set_violation_handler(mm_violation, NULL);
	mm_pool_init();
	if (page_alloc_init()) {
		fprintf(stderr, "contpte: out of memory for the allocator\n");
		exit(2);
	}
}
