// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "bench.h"

/* In the order `contpte bench` runs them. */
const struct bench_def *const bench_defs[] = {
	&bench_exit, &bench_fork, &bench_munmap, &bench_dontneed,
	&bench_madv_free, &bench_convert, &bench_ptep_get,
};

const unsigned int bench_nr_defs = sizeof(bench_defs) / sizeof(bench_defs[0]);

const struct bench_def *bench_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < bench_nr_defs; i++)
		if (!strcmp(bench_defs[i]->name, name))
			return bench_defs[i];
	return NULL;
}
