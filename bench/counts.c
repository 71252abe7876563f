// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "hw/stats.h"
#include "mm/core.h"
#include "counts.h"

/*
 * The only reader of the layer's fold and unfold counters, which are due
 * to move into the machine's hw_stats: this is the one place to change.
 */
static void read_converts(struct bench_counts *c)
{
	c->folds = __atomic_load_n(&hw_stats.folds, __ATOMIC_RELAXED);
	c->unfolds = __atomic_load_n(&hw_stats.unfolds, __ATOMIC_RELAXED);
}

void bench_counts_read(struct bench_counts *c)
{
	memcpy(c->tlbi, hw_stats.tlbi, sizeof(c->tlbi));
	memcpy(c->dsb, hw_stats.dsb, sizeof(c->dsb));
	memcpy(c->pte, hw_stats.pte_ops, sizeof(c->pte));
	c->faults = hw_stats.faults;
	c->gup_fast_fallbacks = gup_stats.fast_fallbacks;
	read_converts(c);
}

/* Every field is a uint64_t: subtract and compare them as an array. */
#define NR_FIELDS	(sizeof(struct bench_counts) / sizeof(uint64_t))

void bench_counts_sub(struct bench_counts *c, const struct bench_counts *before)
{
	uint64_t *a = (uint64_t *)c;
	const uint64_t *b = (const uint64_t *)before;
	size_t i;

	for (i = 0; i < NR_FIELDS; i++)
		a[i] -= b[i];
}

bool bench_counts_equal(const struct bench_counts *a,
			const struct bench_counts *b)
{
	return !memcmp(a, b, sizeof(*a));
}

uint64_t bench_tlbis(const struct bench_counts *c, bool broadcast)
{
	uint64_t n = 0;
	int op;

	for (op = 0; op < HW_NR_TLBI_OPS; op++)
		n += c->tlbi[op][broadcast];
	return n;
}

uint64_t bench_dsbs(const struct bench_counts *c)
{
	uint64_t n = 0;
	int k;

	for (k = 0; k < HW_NR_DSB; k++)
		n += c->dsb[k];
	return n;
}

uint64_t bench_pte_writes(const struct bench_counts *c)
{
	return c->pte[HW_MEM_WRITE] + c->pte[HW_MEM_XCHG] +
	       c->pte[HW_MEM_CMPXCHG];
}
