/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running a benchmark: every case under every design, run after run with
 * the designs taking turns, so that a noisy machine slows them all alike;
 * counts from one run (they never change), times as medians.
 */
#ifndef BENCH_RUN_H
#define BENCH_RUN_H

#include "hw/config.h"
#include "bench.h"
#include "cost.h"
#include "counts.h"
#include "design.h"

struct bench_row {
	char label[24];			/* the case */
	unsigned int order, variant;
	const struct bench_design *design;
	struct bench_counts counts;	/* of one run, all its operations */
	unsigned long ops;		/* operations per run */
	unsigned long work_pages;	/* pages the callers handled, per op */
	double ns;			/* median CPU time per operation */
	double ratio;			/* median per-run ratio to the baseline */
	double predicted_ns;		/* per operation */
	double predicted_ratio;
	unsigned long violations;	/* in all runs */
	bool unstable;			/* counts differed between runs */
	const struct bench_published *published[2];
};

struct bench_result {
	const struct bench_def *def;
	unsigned int runs;
	unsigned long pages;		/* region of the first case */
	struct bench_row *rows;		/* case by case, designs in order */
	unsigned int nr_rows, nr_designs;
};

struct bench_opts {
	const struct bench_design *designs;	/* NULL: each benchmark's */
	unsigned int nr_designs;
	unsigned int orders;		/* 0: each benchmark's */
	unsigned long pages;		/* 0: each benchmark's */
	unsigned int runs;
	struct hw_config hw;		/* the machine of every design */
	struct bench_cost cost;
};

/* Region size of a case: at least one folio of @order. */
unsigned long bench_pages(const struct bench_def *def,
			  const struct bench_opts *o, unsigned int order);
/* The folio orders @def runs under @o (a bit each). */
unsigned int bench_orders(const struct bench_def *def,
			  const struct bench_opts *o);

/* Run @def; false if the machine ran out of memory. */
bool bench_run(const struct bench_def *def, const struct bench_opts *o,
	       struct bench_result *r);
void bench_result_release(struct bench_result *r);

/*
 * One untimed run of @def under @d on the current machine (the world must
 * be initialised), which it leaves as it found it, with the upstream
 * design: the counts of the measured step and how many operations it
 * made.  False if it ran out of memory or anything broke an oracle.
 */
bool bench_count_once(const struct bench_def *def,
		      const struct bench_design *d, struct bench_job *j,
		      struct bench_counts *c, unsigned long *ops);

#endif /* BENCH_RUN_H */
