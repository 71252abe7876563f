// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork, munmap, dontneed: the microbenchmarks of "[PATCH v5 00/25]
 * Transparent Contiguous PTEs for User Mappings" (Ryan Roberts, Feb 2024):
 * a private anonymous region mapped by folios of one order, forked,
 * unmapped or zapped with MADV_DONTNEED.  That table compares
 * contpte-basic (no batching: every block unfolded entry by entry) and
 * contpte-batch with a baseline without contpte that already had David
 * Hildenbrand's fork and zap batching; mean change on Ampere Altra and
 * in an Apple M2 VM.  The dontneed figures are the v4 cover letter's
 * (Altra, contpte enabled with batching).
 */
#include "bench.h"

static const struct bench_design designs[] = {
	{ "no-contpte", "contpte=off" },
	{ "contpte-basic", "fork=unfold,teardown=unfold" },
	{ "contpte-batch", "" },
};

#define PCT(p)	(1.0 + (p) / 100.0)

static const struct bench_published fork_published[] = {
	{ "order-0", "contpte-basic", PCT(6.3), "Altra" },
	{ "order-0", "contpte-basic", PCT(6.8), "M2 VM" },
	{ "order-9", "contpte-basic", PCT(1948.7), "Altra" },
	{ "order-9", "contpte-basic", PCT(469.4), "M2 VM" },
	{ "order-0", "contpte-batch", PCT(7.6), "Altra" },
	{ "order-0", "contpte-batch", PCT(-7.7), "M2 VM" },
	{ "order-9", "contpte-batch", PCT(-1.9), "Altra" },
	{ "order-9", "contpte-batch", PCT(-8.9), "M2 VM" },
};

static const struct bench_published munmap_published[] = {
	{ "order-0", "contpte-basic", PCT(1.8), "Altra" },
	{ "order-0", "contpte-basic", PCT(1.6), "M2 VM" },
	{ "order-9", "contpte-basic", PCT(1104.8), "Altra" },
	{ "order-9", "contpte-basic", PCT(233.6), "M2 VM" },
	{ "order-0", "contpte-batch", PCT(-0.3), "Altra" },
	{ "order-0", "contpte-batch", PCT(1.9), "M2 VM" },
	{ "order-9", "contpte-batch", PCT(2.7), "Altra" },
	{ "order-9", "contpte-batch", PCT(-3.9), "M2 VM" },
};

static const struct bench_published dontneed_published[] = {
	{ "order-0", "contpte-batch", PCT(1.3), "Altra v4" },
	{ "order-9", "contpte-batch", PCT(14.1), "Altra v4" },
};

static unsigned long fork_measure(struct bench_job *j)
{
	j->child = dup_mm(j->mm);
	BUG_ON(!j->child);
	return 1;
}

static unsigned long munmap_measure(struct bench_job *j)
{
	BUG_ON(do_munmap(j->mm, BENCH_BASE, j->pages << PAGE_SHIFT));
	return 1;
}

static unsigned long dontneed_measure(struct bench_job *j)
{
	BUG_ON(do_madvise(j->mm, BENCH_BASE, j->pages << PAGE_SHIFT,
			  MADV_DONTNEED));
	return 1;
}

#define V5_BENCH(op, call, pub)						\
	const struct bench_def bench_##op = {				\
		.name = #op,						\
		.what = call " of a private anonymous region mapped by folios of one order", \
		.designs = designs,					\
		.nr_designs = sizeof(designs) / sizeof(designs[0]),	\
		.orders = BENCH_ALL_ORDERS,				\
		.pages = 8192,						\
		.setup = bench_populate,					\
		.measure = op##_measure,				\
		.published = pub,					\
		.nr_published = sizeof(pub) / sizeof(pub[0]),		\
	}

V5_BENCH(fork, "fork()", fork_published);
V5_BENCH(munmap, "munmap()", munmap_published);
V5_BENCH(dontneed, "MADV_DONTNEED", dontneed_published);
