/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What `contpte bench` prints: a table per benchmark (report.c), or CSV
 * and JSON for plots and scripts (export.c).  Counts are per operation.
 */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <stdio.h>

#include "run.h"

/* @machine: the --hw settings, "K=V ..." */
void bench_print_table(FILE *f, const struct bench_result *r,
		       const struct bench_cost *cost, const char *machine);

void bench_print_csv_header(FILE *f);
void bench_print_csv(FILE *f, const struct bench_result *r);

void bench_print_json(FILE *f, const struct bench_result *r, unsigned int n,
		      const struct bench_cost *cost, const char *machine);

/* A count of @row per operation. */
static inline double bench_per_op(const struct bench_row *row, uint64_t n)
{
	return (double)n / row->ops;
}

#endif /* BENCH_REPORT_H */
