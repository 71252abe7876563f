// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cost.h"

const char *const bench_cost_names[BENCH_NR_COSTS] = {
	[BENCH_COST_TLBI] = "tlbi",
	[BENCH_COST_TLBI_LOCAL] = "tlbi-local",
	[BENCH_COST_DSB] = "dsb",
	[BENCH_COST_PTE_READ] = "pte-read",
	[BENCH_COST_PTE_WRITE] = "pte-write",
	[BENCH_COST_FAULT] = "fault",
	[BENCH_COST_PAGE] = "page",
};

/*
 * Nanoseconds.  The broadcast TLBI of each profile is the one value that
 * makes that machine's published fork() order-9 figure come out; the
 * local TLBI is its 1/340th; the rest are shared assumptions
 * (docs/bench.md says where each comes from).
 */
static const struct bench_cost profiles[] = {
	{ "altra", { [BENCH_COST_TLBI] = 6608, [BENCH_COST_TLBI_LOCAL] = 19.4,
		     [BENCH_COST_DSB] = 10, [BENCH_COST_PTE_READ] = 1,
		     [BENCH_COST_PTE_WRITE] = 1, [BENCH_COST_FAULT] = 1000,
		     [BENCH_COST_PAGE] = 38 } },
	{ "m2", { [BENCH_COST_TLBI] = 1516, [BENCH_COST_TLBI_LOCAL] = 4.46,
		  [BENCH_COST_DSB] = 10, [BENCH_COST_PTE_READ] = 1,
		  [BENCH_COST_PTE_WRITE] = 1, [BENCH_COST_FAULT] = 1000,
		  [BENCH_COST_PAGE] = 38 } },
};

#define NR_PROFILES	(sizeof(profiles) / sizeof(profiles[0]))

void bench_cost_default(struct bench_cost *c)
{
	*c = profiles[0];
}

static char errbuf[200];

static const char *set_kind(struct bench_cost *c, const char *arg,
			    const char *eq)
{
	size_t klen = eq - arg;
	char *end;
	double ns;
	int k;

	for (k = 0; k < BENCH_NR_COSTS; k++)
		if (strlen(bench_cost_names[k]) == klen &&
		    !strncmp(bench_cost_names[k], arg, klen))
			break;
	ns = strtod(eq + 1, &end);
	if (k == BENCH_NR_COSTS) {
		snprintf(errbuf, sizeof(errbuf),
			 "unknown cost: %s (tlbi, tlbi-local, dsb, pte-read, pte-write, fault or page)",
			 arg);
		return errbuf;
	}
	if (!eq[1] || *end || ns < 0) {
		snprintf(errbuf, sizeof(errbuf),
			 "--cost %s: nanoseconds must be a number, 0 or more", arg);
		return errbuf;
	}
	c->ns[k] = ns;
	klen = strlen(c->profile);
	snprintf(c->profile + klen, sizeof(c->profile) - klen, ", %s", arg);
	return NULL;
}

const char *bench_cost_set(struct bench_cost *c, const char *arg)
{
	const char *eq = strchr(arg, '=');
	unsigned int i;

	if (eq)
		return set_kind(c, arg, eq);
	for (i = 0; i < NR_PROFILES; i++) {
		if (!strcmp(profiles[i].profile, arg)) {
			*c = profiles[i];
			return NULL;
		}
	}
	snprintf(errbuf, sizeof(errbuf),
		 "unknown cost profile: %s (altra or m2, or KIND=NS)", arg);
	return errbuf;
}

double bench_cost_predict(const struct bench_cost *c,
			  const struct bench_counts *n, double pages)
{
	const double *ns = c->ns;

	return bench_tlbis(n, true) * ns[BENCH_COST_TLBI] +
	       bench_tlbis(n, false) * ns[BENCH_COST_TLBI_LOCAL] +
	       bench_dsbs(n) * ns[BENCH_COST_DSB] +
	       n->pte[HW_MEM_READ] * ns[BENCH_COST_PTE_READ] +
	       bench_pte_writes(n) * ns[BENCH_COST_PTE_WRITE] +
	       n->faults * ns[BENCH_COST_FAULT] +
	       pages * ns[BENCH_COST_PAGE];
}
