// SPDX-License-Identifier: GPL-2.0-only
/*
 * truncate-below: a truncation that cuts a file below the first page a
 * mapping of it maps.  A private mapping of a file of three blocks, from
 * its second block on, lies right above an anonymous block of the same
 * process; one CPU cuts the file to half a block (truncate_pagecache())
 * while another stores to the mapping, the store copying its page
 * (do_cow_fault()) or raising SIGBUS.  The whole
 * mapping lies past the new end: each unmap of the range takes it whole
 * and nothing else, so the offset into the VMA of the range's first page
 * is clamped to the VMA's own (unmap_mapping_range_tree(): zba =
 * max(first_index, vm_pgoff)), or the unmap reaches back below the VMA
 * into the anonymous block.
 *
 * Asserted: after the run every access to the mapping faults, on every
 * CPU (permission); the anonymous block holds what its setup stored
 * (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define TB_FILE_PAGES	(3 * CONT_PTES)
#define TB_STORED	0x7b

static struct {
	struct address_space file;
	struct mm_model *mm;
} tb;

/* File page @page, mapped from page CONT_PTES of the file on. */
static unsigned long tb_va(unsigned long page)
{
	return chk_mm_va(page);
}

static void tb_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&tb.file, TB_FILE_PAGES, chk_cont_order());
	tb.mm = mm_alloc();
	BUG_ON(!tb.mm);
	chk_mm_anon_map(tb.mm, 0, CONT_PTES, chk_cont_order());
	BUG_ON(!do_mmap(tb.mm, tb_va(CONT_PTES),
			(TB_FILE_PAGES - CONT_PTES) << PAGE_SHIFT,
			VM_READ | VM_WRITE, 0, &tb.file, CONT_PTES));
}

static void tb_thread(unsigned int t)
{
	if (!t)
		truncate_pagecache(&tb.file, CONT_PTES / 2);
	else
		user_store(tb.mm, tb_va(CONT_PTES + CONT_PTES / 4), TB_STORED);
}

/* On CPU @cpu: the mapping's first and last pages fault. */
static bool tb_mapping_faults_on(unsigned int cpu)
{
	unsigned int self = hw_this_cpu;
	int load_ret, store_ret;
	u64 v;

	hw_this_cpu = cpu;
	load_ret = user_load(tb.mm, tb_va(CONT_PTES), &v);
	store_ret = user_store(tb.mm, tb_va(TB_FILE_PAGES - 1), 0);
	hw_this_cpu = self;
	if (load_ret == -EFAULT_USER && store_ret == -EFAULT_USER)
		return true;
	chk_fail(CHK_PERMISSION,
		 "cpu%u after the file was cut below its mapping: a load of the mapping returned %d, a store %d (SIGBUS due)",
		 cpu, load_ret, store_ret);
	return false;
}

static void tb_finish(void)
{
	unsigned long p;
	unsigned int cpu;
	u64 v;

	for (cpu = 0; cpu < 2; cpu++)
		if (!tb_mapping_faults_on(cpu))
			return;
	for (p = 0; p < CONT_PTES; p++) {
		BUG_ON(user_load(tb.mm, chk_mm_va(p), &v));
		if (v != p + 1) {
			chk_fail(CHK_DATA_LOSS,
				 "anonymous page %lu below the file's mapping holds %#llx, not %#lx, after the truncation",
				 p, (unsigned long long)v, p + 1);
			return;
		}
	}
	chk_mm_finish(&tb.file);
}

const struct chk_scenario scn_truncate_below = {
	.name = "truncate-below",
	.desc = "a private mapping of a file from its second block, right above an anonymous block, while the file is cut to half a block and a CPU stores to the mapping: the truncation unmaps the whole mapping and nothing below it (permission, data-loss)",
	.nr_threads = 2,
	.thread_names = { "truncate", "cpu-store" },
	.init = chk_mm_init,
	.setup = tb_setup,
	.thread = tb_thread,
	.finish = tb_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
