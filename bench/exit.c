// SPDX-License-Identifier: GPL-2.0-only
/*
 * exit: exit_group() tears down an address space of block-sized folios
 * (64K on 4K pages).  "[PATCH v2 14/14] arm64/mm: Add
 * ptep_get_and_clear_full() to optimize process teardown" (Ryan Roberts,
 * Nov 2023): with contpte and one unfold per block, exit cost "32x what
 * it was before PTE_CONT support was wired up, when compiling the kernel",
 * and back to the original cost without the unfold; upstream later
 * batched whole blocks (clear_full_ptes()).
 */
#include "bench.h"

static const struct bench_design designs[] = {
	{ "no-contpte", "contpte=off" },
	{ "unfold", "teardown=unfold" },
	{ "v2-full", "teardown=full" },
	{ "batch", "" },
};

static const struct bench_published published[] = {
	{ "64K", "unfold", 32.0, "kernel build" },
	{ "64K", "v2-full", 1.0, "kernel build" },
};

static unsigned long exit_measure(struct bench_job *j)
{
	mmput(j->mm);
	return 1;
}

const struct bench_def bench_exit = {
	.name = "exit",
	.what = "exit_group() of an address space of block-sized anonymous folios",
	.designs = designs,
	.nr_designs = sizeof(designs) / sizeof(designs[0]),
	.orders = BENCH_BLOCK_ORDER,
	.size_labels = true,
	.pages = 8192,
	.setup = bench_populate,
	.measure = exit_measure,
	.published = published,
	.nr_published = sizeof(published) / sizeof(published[0]),
};
