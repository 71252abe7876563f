// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writeback of a folded shared-file block racing its user's stores and a
 * zap.  The flusher cleans the folio's mappings (folio_mkclean(): each
 * entry taken out and invalidated before it is written back read-only and
 * clean) and copies the folio to the file; MADV_DONTNEED zaps the block,
 * handing the entries' dirty state to the folio and invalidating them
 * before the PTL goes (zap_pte_range()'s force_flush), so that no
 * writeback can run while a CPU may still write through a stale
 * translation.  A user thread stores until both are done, and once more.
 * Asserted: once the process exits and the file is written back, it
 * holds the last store that completed, and no folio is freed with data
 * newer than the file (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FW_PAGE		1
#define FW_STORES	4

static struct {
	struct mm_model *mm;
	struct address_space file;
	u64 last;		/* the value of the last store that completed */
} fb;

/*
 * A read faults the whole block in (fault-around), folded; the first store
 * then dirties it in place, as a write fault alone would map one page.
 */
static void fb_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&fb.file, CONT_PTES, chk_cont_order());
	fb.mm = chk_mm_file_mm_loaded(&fb.file, CONT_PTES);
	fb.last = 0x10;
	BUG_ON(user_store(fb.mm, chk_mm_va(FW_PAGE), fb.last));
}

/* Stores of distinct values: the file must end with the last one. */
static void fb_stores(void)
{
	unsigned int i;

	for (i = 1; i <= FW_STORES; i++)
		if (!user_store(fb.mm, chk_mm_va(FW_PAGE), 0x10 + i))
			fb.last = 0x10 + i;
}

static void fb_thread(unsigned int t)
{
	switch (t) {
	case 0:
		filemap_write_and_wait(&fb.file);
		break;
	case 1:
		do_madvise(fb.mm, chk_mm_va(0), CONT_PTE_SIZE - PAGE_SIZE,
			   MADV_DONTNEED);
		break;
	default:
		fb_stores();
		break;
	}
}

static void fb_finish(void)
{
	mmput(fb.mm);
	filemap_write_and_wait(&fb.file);
	if (file_store_read(&fb.file, FW_PAGE) != fb.last) {
		chk_fail(CHK_DATA_LOSS, "file page %u reads %#llx after a store of %#llx",
			 FW_PAGE,
			 (unsigned long long)file_store_read(&fb.file, FW_PAGE),
			 (unsigned long long)fb.last);
		return;
	}
	chk_mm_finish(&fb.file);
}

const struct chk_scenario scn_file_writeback = {
	.name = "file-writeback",
	.desc = "writeback and MADV_DONTNEED of a folded shared-file block vs its user's stores: no store lands after the folio was cleaned (data-loss)",
	.nr_threads = 3,
	.thread_names = { "flusher", "dontneed", "cpu-store" },
	.init = chk_mm_init,
	.setup = fb_setup,
	.thread = fb_thread,
	.finish = fb_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
