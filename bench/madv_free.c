// SPDX-License-Identifier: GPL-2.0-only
/*
 * madv-free: MADV_FREE of a private anonymous region, per folio size.
 * "[PATCH v7 0/3] mm/madvise: enhance lazyfreeing with mTHP in
 * madvise_free" (Lance Yang, Apr 2024) measured a 1 GiB region on an
 * Intel i5, which has no contpte: old (split each large folio, then
 * clear entry by entry) against new (clear_young_dirty_ptes() over whole
 * folio batches).  The model never splits folios; its old path is the
 * entry by entry loop alone (madv-free=unfold), which on arm64 unfolds
 * each block and folds it again.
 */
#include "bench.h"

static const struct bench_design designs[] = {
	{ "old-nocontpte", "contpte=off,madv-free=unfold" },
	{ "new-nocontpte", "contpte=off" },
	{ "old", "madv-free=unfold" },
	{ "new", "" },
};

/* Seconds, old then new, as published. */
#define NEW_OLD(label, old, new)	{ label, "new-nocontpte", (new) / (old), "i5" }

static const struct bench_published published[] = {
	NEW_OLD("4K", 0.590251, 0.590259),
	NEW_OLD("16K", 2.990447, 0.185655),
	NEW_OLD("32K", 2.547831, 0.104870),
	NEW_OLD("64K", 2.457796, 0.052812),
	NEW_OLD("128K", 2.281034, 0.032777),
	NEW_OLD("256K", 2.230387, 0.017496),
	NEW_OLD("512K", 2.189106, 0.010781),
	NEW_OLD("1M", 2.183949, 0.007753),
	NEW_OLD("2M", 0.002799, 0.002804),
};

static unsigned long madv_free_measure(struct bench_job *j)
{
	BUG_ON(do_madvise(j->mm, BENCH_BASE, j->pages << PAGE_SHIFT,
			  MADV_FREE));
	return 1;
}

const struct bench_def bench_madv_free = {
	.name = "madv-free",
	.what = "MADV_FREE of a private anonymous region mapped by folios of one size",
	.designs = designs,
	.nr_designs = sizeof(designs) / sizeof(designs[0]),
	.orders = BENCH_ALL_ORDERS,
	.size_labels = true,
	.pages = 8192,
	.setup = bench_populate,
	.measure = madv_free_measure,
	.published = published,
	.nr_published = sizeof(published) / sizeof(published[0]),
};
