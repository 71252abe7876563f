// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect() over two files mapped back to back, the second at the file
 * offset where the first ends (as a loader maps the segments of one
 * image, here of two): the VMAs agree in everything that
 * is_mergeable_vma() compares but the file, so the protection change must
 * leave them two.  The first file's block is mapped folded by a load
 * before; one thread makes the whole range read-only and read-write
 * again, another loads from the second file's mapping meanwhile (a fault
 * that maps its block around the page) and stores to it once the
 * mprotect() calls returned.  A merge that ignores the file makes the
 * first VMA cover the second file's range, and a fault there maps the
 * first file's pages.  Asserted: every entry maps its VMA's file page at
 * its offset (data-loss, by the page's fill); the second file's page
 * holds the store; every other mm and machine oracle.
 */
#include "mapsweep.h"
#include "mmworld.h"
#include "scenarios.h"

#define MT_VALUE	0x7f2

static struct {
	struct mm_model *mm;
	struct address_space a, b;
	bool done;		/* both mprotect() calls returned */
} mt;

/* The thread's page: in the second file's mapping, past its first. */
static unsigned long mt_page(void)
{
	return CONT_PTES + 1;
}

static void mt_setup(void)
{
	u64 v;

	chk_mm_setup();
	chk_mm_file_setup(&mt.a, 2 * CONT_PTES, chk_cont_order());
	chk_mm_file_setup(&mt.b, 2 * CONT_PTES, chk_cont_order());
	mt.mm = chk_mm_file_mm(&mt.a, CONT_PTES, 0);
	BUG_ON(!do_mmap(mt.mm, chk_mm_va(CONT_PTES), CONT_PTE_SIZE,
			VM_READ | VM_WRITE | VM_SHARED, 0, &mt.b, CONT_PTES));
	BUG_ON(user_load(mt.mm, chk_mm_va(0), &v));
	mt.done = false;
}

static void mt_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		BUG_ON(do_mprotect(mt.mm, chk_mm_va(0), 2 * CONT_PTE_SIZE,
				   VM_READ));
		BUG_ON(do_mprotect(mt.mm, chk_mm_va(0), 2 * CONT_PTE_SIZE,
				   VM_READ | VM_WRITE));
		chk_mm_mark(&mt.done);
		return;
	}
	BUG_ON(user_load(mt.mm, chk_mm_va(mt_page()), &v));
	chk_mm_wait(&mt.done, &mt.done, true);
	BUG_ON(user_store(mt.mm, chk_mm_va(mt_page()), MT_VALUE));
}

static void mt_finish(void)
{
	u64 v;

	if (!chk_mm_sweep())
		return;
	mmput(mt.mm);
	v = chk_mm_file_data(&mt.b, mt_page());
	if (v != MT_VALUE) {
		chk_fail(CHK_DATA_LOSS, "page %lu of the second file reads %#llx after a store of %#x",
			 mt_page(), (unsigned long long)v, MT_VALUE);
		return;
	}
	address_space_release(&mt.b);
	chk_mm_finish(&mt.a);
}

const struct chk_scenario scn_mprotect_two_files = {
	.name = "mprotect-two-files",
	.desc = "mprotect() to read-only and back over two files mapped back to back at continuing offsets vs a load from the second, then a store to it: the VMAs must not merge (data-loss)",
	.nr_threads = 2,
	.thread_names = { "mprotect", "cpu-access" },
	.init = chk_mm_init,
	.setup = mt_setup,
	.thread = mt_thread,
	.finish = mt_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};
