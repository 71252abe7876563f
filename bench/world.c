// SPDX-License-Identifier: GPL-2.0-only
#include <linux/gfp.h>

#include "hw/chooser.h"
#include "hw/machine.h"
#include "hw/mem.h"
#include "hw/phys.h"
#include "hw/violation.h"
#include "mm/oracle.h"
#include "mm/user.h"
#include "world.h"

/* Two mms (fork's parent and child), each with all its tables. */
#define BENCH_TABLES	(2 * (MM_MAX_PTE_TABLES + MM_MAX_UPPER_TABLES))

unsigned long bench_max_pages(void)
{
	return (unsigned long)MM_MAX_PTE_TABLES * PTRS_PER_PTE;
}

/* Violations are counted (and shown beside the row), not printed. */
static void ignore_violation(void *arg, const struct mm_violation *v)
{
}

bool bench_world_init(unsigned long max_pages)
{
	/* Frame 0 is the zero page: room to align the largest folios. */
	unsigned long frames = max_pages + (2UL << MAX_FOLIO_ORDER);

	if (hw_tables_init(BENCH_TABLES) || mem_map_init(frames) ||
	    hw_phys_init(frames))
		return false;
	mm_set_violation_handler(ignore_violation, NULL);
	return true;
}

void bench_world_exit(void)
{
	mm_set_violation_handler(NULL, NULL);
	page_alloc_exit();
	hw_phys_exit();
	mem_map_exit();
	hw_tables_exit();
}

void bench_world_reset(void)
{
	hw_set_chooser(NULL);
	hw_machine_reset();
	hw_violations_clear();
	mm_violation_count_reset();
	mm_pool_init();
	gup_stats = (struct gup_stats){ 0 };
	hw_this_cpu = 0;
	BUG_ON(page_alloc_init());
}

bool bench_populate(struct bench_job *j)
{
	unsigned long folio_pages = 1UL << j->order, i;

	j->work_pages = j->pages;
	j->mm = mm_alloc();
	if (!j->mm || !do_mmap(j->mm, BENCH_BASE, j->pages << PAGE_SHIFT,
			       VM_READ | VM_WRITE, j->order, NULL, 0))
		return false;
	for (i = 0; i < j->pages; i += folio_pages)
		if (user_store(j->mm, BENCH_BASE + (i << PAGE_SHIFT), i + 1))
			return false;
	return true;
}

void bench_world_finish(void)
{
	struct mm_model *mm;

	for_each_live_mm(mm)
		mmput(mm);
	mm_check_leaks(0, 0);
}

unsigned long bench_world_violations(void)
{
	return hw_violations_count() + mm_violation_count();
}
