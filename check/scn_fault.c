// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fault path's lockless read and PTL recheck on hardware without
 * dirty management (seed 004; David Hildenbrand's review of the norecency
 * RFC): a read fault on an old entry and a write fault on the same entry
 * race.  If the read fault's recheck ignores A/D and its
 * ptep_set_access_flags() overwrites the entry, the write fault's dirty bit
 * is lost and the file page is dropped without writeback (data-loss).
 */
#include <stdlib.h>

#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	struct address_space file;
	struct folio *folio;
} fs;

static void fault_init(void)
{
	chk_mm_init();
}

/* The file of an execution cut short: its folios went with the allocator. */
static void drop_file(void)
{
	free(fs.file.store);
	free(fs.file.i_pages);
	fs.file.store = NULL;
	fs.file.i_pages = NULL;
}

static void fault_exit(void)
{
	drop_file();
	chk_mm_exit();
}

/* A shared file mapping of one block, present but old and clean. */
static void fault_setup(void)
{
	u64 v;

	drop_file();
	chk_mm_setup();
	fs.mm = mm_alloc();
	BUG_ON(!fs.mm || address_space_init(&fs.file, CONT_PTES,
					    chk_cont_order(), false));
	BUG_ON(!do_mmap(fs.mm, CHK_MM_BASE, CONT_PTE_SIZE,
			VM_READ | VM_WRITE | VM_SHARED, chk_cont_order(),
			&fs.file, 0));
	BUG_ON(user_load(fs.mm, chk_mm_va(0), &v));
	fs.folio = filemap_get_folio(&fs.file, 0);
	BUG_ON(!fs.folio);
	folio_referenced(fs.folio);
	folio_put(fs.folio);
	/* Aging flushed without waiting: complete it, as a context switch does. */
	flush_tlb_mm(&fs.mm->mm);
}

static void fault_thread(unsigned int t)
{
	u64 v;

	if (t == 0)
		user_load(fs.mm, chk_mm_va(0), &v);
	else
		user_store(fs.mm, chk_mm_va(0), 0x5eed);
}

/* Unmap and drop the file: what was stored must be written back. */
static void fault_finish(void)
{
	mmput(fs.mm);
	address_space_release(&fs.file);
}

const struct chk_scenario scn_fault_no_hw_dirty = {
	.name = "fault-no-hw-dirty",
	.desc = "read and write faults race on an old file entry; the write's dirty bit must survive the read fault's update (data-loss)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-store" },
	.init = fault_init,
	.setup = fault_setup,
	.thread = fault_thread,
	.finish = fault_finish,
	.exit = fault_exit,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
