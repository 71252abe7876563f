/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The world a benchmark runs in: the whole machine (TLBs, walker,
 * monitors, data frames) with the page allocator and the mm pool, reset
 * before every run, and the address space a workload starts from, built
 * through the real fault path.  No chooser is installed, so the machine
 * is deterministic and every count is the same from run to run.
 */
#ifndef BENCH_WORLD_H
#define BENCH_WORLD_H

#include <stdbool.h>

#include "mm/core.h"

/* Where the region starts: aligned for every folio order and granule. */
#define BENCH_BASE	(1UL << 36)

/* What one run works on, built untimed before the measured step. */
struct bench_job {
	unsigned long pages;	/* size of the region */
	unsigned int order;	/* folio order of its anonymous faults */
	unsigned int variant;	/* the benchmark's own case index */
	struct mm_model *mm;
	struct mm_model *child;	/* fork's */
	unsigned long work_pages;	/* pages the callers handle per op */
};

/* Largest region: what the mm model's PTE tables can map. */
unsigned long bench_max_pages(void);

/* Machine memory for regions of up to @max_pages; false if none. */
bool bench_world_init(unsigned long max_pages);
void bench_world_exit(void);
/* A fresh machine, allocator and mm pool for the next run. */
void bench_world_reset(void);

/*
 * A new mm with a private anonymous read-write region of @j->pages at
 * BENCH_BASE, populated by one store per folio of @j->order: every entry
 * young and dirty, every block a folio covers folded.  The callers of
 * the measured step handle the whole region (work_pages).
 */
bool bench_populate(struct bench_job *j);

/* Every mm exits; then no frame or table may be left. */
void bench_world_finish(void);
/* Violations the machine and core-mm reported since the last reset. */
unsigned long bench_world_violations(void);

#endif /* BENCH_WORLD_H */
