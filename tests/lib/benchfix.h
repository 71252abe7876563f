/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixture for the benchmark tests: the machine of one granule with the
 * benchmarks' world, and the exact counts of untimed runs of a benchmark
 * case under each of its designs, compared with a table of expectations.
 */
#ifndef TESTS_BENCHFIX_H
#define TESTS_BENCHFIX_H

#include "bench/run.h"
#include "ktap.h"

#define BENCH_VARIANTS							\
	static const enum hw_granule __bg[] = {				\
		HW_GRANULE_4K, HW_GRANULE_64K,				\
	};								\
	static const struct ktap_variant __bench_variants[] = {	\
		{ "4k", benchfix_setup, &__bg[0] },			\
		{ "64k", benchfix_setup, &__bg[1] },			\
	};								\
	KTAP_VARIANTS(__bench_variants)

void benchfix_setup(const struct ktap_variant *v);

/* The counts of one run; no TLBI is local and nothing faults. */
struct bench_expect {
	u64 tlbi, dsb, reads, writes, folds, unfolds;
};

/* @e4k on the 4K granule, @e64k on the 64K one. */
#define BENCH_EXPECT(e4k, e64k)	(PAGE_SHIFT == 12 ? (e4k) : (e64k))

/* The folio order of one contiguous block. */
static inline unsigned int block_order(void)
{
	return __builtin_ctz(CONT_PTES);
}

/*
 * Run @def's case (@pages of @order, or @variant) under each of its
 * designs, and expect @e[d] of design d and @ops operations per run.
 * The counts of the last design are left in @last for more checks.
 */
void benchfix_check(const struct bench_def *def, unsigned long pages,
		    unsigned int order, unsigned int variant,
		    unsigned long ops, const struct bench_expect *e,
		    struct bench_counts *last);

/* The counts of one run of @def's design @d. */
void benchfix_count(const struct bench_def *def, unsigned int d,
		    unsigned long pages, unsigned int order,
		    unsigned int variant, struct bench_counts *c,
		    unsigned long *ops);

#endif /* TESTS_BENCHFIX_H */
