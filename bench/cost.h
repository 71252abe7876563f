/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The cost model: a time per counted operation, so that the exact counts
 * of a design predict its time on a real machine.  Profiles and where each
 * number comes from are in docs/bench.md.
 */
#ifndef BENCH_COST_H
#define BENCH_COST_H

#include "counts.h"

enum bench_cost_kind {
	BENCH_COST_TLBI,	/* broadcast TLBI, its completion included */
	BENCH_COST_TLBI_LOCAL,	/* TLBI of this CPU only */
	BENCH_COST_DSB,		/* a barrier on its own */
	BENCH_COST_PTE_READ,
	BENCH_COST_PTE_WRITE,	/* store, exchange or compare-and-swap */
	BENCH_COST_FAULT,	/* an abort taken and handled */
	BENCH_COST_PAGE,	/* the caller's own work per page it handles */
	BENCH_NR_COSTS
};

struct bench_cost {
	char profile[96];	/* its name, then every cost changed */
	double ns[BENCH_NR_COSTS];
};

extern const char *const bench_cost_names[BENCH_NR_COSTS];

/* The default profile. */
void bench_cost_default(struct bench_cost *c);

/*
 * "PROFILE" loads a profile; "KIND=NS" changes one cost of @c.  Returns
 * NULL, or a message naming what is wrong and what is valid.
 */
const char *bench_cost_set(struct bench_cost *c, const char *arg);

/* Predicted nanoseconds of @n, whose callers handled @pages pages. */
double bench_cost_predict(const struct bench_cost *c,
			  const struct bench_counts *n, double pages);

#endif /* BENCH_COST_H */
