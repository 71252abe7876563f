/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Benchmarks: a workload run sequentially through the core-mm callers on
 * the simulated machine, under several designs side by side.  A benchmark
 * builds its address space untimed and then measures one operation (or a
 * loop of them): the architectural work it asked for, counted exactly, and
 * the model's own CPU time.  Each benchmark names the designs it compares,
 * the first being the baseline, and the published figures that go beside
 * them.  docs/bench.md describes every benchmark.
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdbool.h>

#include "world.h"

struct bench_design {
	const char *label;	/* as the published tables call it */
	const char *spec;	/* "K=V,K=V": design knobs or machine knobs */
};

/* A published figure, beside the row of design @design in case @label. */
struct bench_published {
	const char *label;
	const char *design;
	double ratio;		/* to the paper's own baseline */
	const char *where;	/* machine, short */
};

struct bench_def {
	const char *name;
	const char *what;	/* the measured operation, one line */
	const struct bench_design *designs;
	unsigned int nr_designs;
	/* Cases: folio orders (a bit each) or the names of variants. */
	unsigned int orders;	/* 0: the benchmark takes no --order */
	bool size_labels;	/* an order's label is its folio size */
	const char *const *variants;
	unsigned int nr_variants;
	unsigned long pages;	/* default region size; 0: one block */
	/* Untimed: build what the step works on; false if out of memory. */
	bool (*setup)(struct bench_job *j);
	/* Timed: the operation, as often as it likes; returns how often. */
	unsigned long (*measure)(struct bench_job *j);
	const struct bench_published *published;
	unsigned int nr_published;
};

/* Every order a folio may have, as a bench_def's orders. */
#define BENCH_ALL_ORDERS	((1u << (MAX_FOLIO_ORDER + 1)) - 1)
/* The order of one contiguous block, which depends on the granule. */
#define BENCH_BLOCK_ORDER	(1u << 31)

extern const struct bench_def bench_exit, bench_fork, bench_munmap,
	bench_dontneed, bench_madv_free, bench_convert, bench_ptep_get;

extern const struct bench_def *const bench_defs[];
extern const unsigned int bench_nr_defs;
const struct bench_def *bench_find(const char *name);

/* `contpte bench`: 0, or 2 on bad input. */
int bench_main(int argc, char **argv);
/* Its usage lines, and what follows them in its --help. */
extern const char bench_usage[], bench_help[];

#endif /* BENCH_BENCH_H */
