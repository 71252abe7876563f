// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fault path's lockless read and PTL recheck on hardware without
 * dirty management (seed 004; David Hildenbrand's review of the norecency
 * RFC): a read fault on an old entry and a write fault on the same entry
 * race.  If the read fault's recheck ignores A/D and its
 * ptep_set_access_flags() overwrites the entry, the write fault's dirty bit
 * is lost and the file page is dropped without writeback (data-loss).
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	struct address_space file;
} fs;

static void fault_exit(void)
{
	chk_mm_file_drop(&fs.file);
	chk_mm_exit();
}

/* A shared file mapping of one block, present but old and clean. */
static void fault_setup(void)
{
	struct folio *folio;
	u64 v;

	chk_mm_setup();
	chk_mm_file_setup(&fs.file, CONT_PTES, chk_cont_order());
	fs.mm = mm_alloc();
	BUG_ON(!fs.mm || !do_mmap(fs.mm, CHK_MM_BASE, CONT_PTE_SIZE,
				  VM_READ | VM_WRITE | VM_SHARED,
				  chk_cont_order(), &fs.file, 0));
	BUG_ON(user_load(fs.mm, chk_mm_va(0), &v));
	folio = filemap_get_folio(&fs.file, 0);
	BUG_ON(!folio);
	chk_mm_age(fs.mm, folio);
	folio_put(folio);
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
	chk_mm_finish(&fs.file);
}

const struct chk_scenario scn_fault_no_hw_dirty = {
	.name = "fault-no-hw-dirty",
	.desc = "read and write faults race on an old file entry; the write's dirty bit must survive the read fault's update (data-loss)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-store" },
	.init = chk_mm_init,
	.setup = fault_setup,
	.thread = fault_thread,
	.finish = fault_finish,
	.exit = fault_exit,
	/* Dirty and young set by the fault handler alone. */
	.hw = (const char *const[]){ "ha=0", "hd=0", NULL },
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
