// SPDX-License-Identifier: GPL-2.0-only
/*
 * A file mapped at an offset that is not a multiple of its folios: its
 * folios are two blocks each, and the mapping starts half a block into
 * the file.  finish_fault() maps a whole folio at once when it fits the
 * VMA (set_ptes() of two blocks' worth of entries), and the block-aligned
 * addresses in the middle of it map frames that are not block-aligned:
 * contpte_set_ptes() must not fold them, however whole the range looks.
 * One thread loads from that folio, another stores to it.  Asserted:
 * every block with PTE_CONT maps an aligned run of one folio's frames
 * whenever a PTL is released (cont-block); the file holds the store
 * once written back (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FO_VALUE	0xf0f

static struct {
	struct mm_model *mm;
	struct address_space file;
	int store_ret;
} fo;

/* The mapping's page @p is the file's page @p + half a block. */
static unsigned long fo_pgoff(void)
{
	return CONT_PTES / 2;
}

static void fo_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&fo.file, 6 * CONT_PTES, chk_cont_order() + 1);
	fo.mm = chk_mm_file_mm(&fo.file, 5 * CONT_PTES, fo_pgoff());
	fo.store_ret = -1;
}

/* Pages of the file's second folio, in the block-aligned middle of it. */
static unsigned long fo_page(unsigned int t)
{
	return 2 * CONT_PTES + t;
}

static void fo_thread(unsigned int t)
{
	u64 v;

	if (t == 0)
		user_load(fo.mm, chk_mm_va(fo_page(0)), &v);
	else
		fo.store_ret = user_store(fo.mm, chk_mm_va(fo_page(1)),
					  FO_VALUE);
}

static void fo_finish(void)
{
	unsigned long index = fo_page(1) + fo_pgoff();

	mmput(fo.mm);
	filemap_write_and_wait(&fo.file);
	if (!fo.store_ret && fo.file.store[index] != FO_VALUE) {
		chk_fail(CHK_DATA_LOSS, "file page %lu reads %#llx after a store of %#x",
			 index, (unsigned long long)fo.file.store[index],
			 FO_VALUE);
		return;
	}
	chk_mm_finish(&fo.file);
}

const struct chk_scenario scn_file_offset = {
	.name = "file-offset",
	.desc = "a file mapped half a block into its two-block folios: whole folios mapped at once, with block-aligned addresses over unaligned frames, must not fold (cont-block)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-store" },
	.init = chk_mm_init,
	.setup = fo_setup,
	.thread = fo_thread,
	.finish = fo_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};
