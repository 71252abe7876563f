// SPDX-License-Identifier: GPL-2.0-only
/*
 * A zap of a dirty file page racing writeback (zap_pte_range()'s
 * force_flush): MADV_DONTNEED clears the entry of a page a user thread
 * writes, and hands its dirty state to the folio; the flusher may write
 * the folio back and clean it as soon as the zap lets the PTL go, so the
 * zap must invalidate the entry before that, or the user's next store
 * lands through its stale TLB entry in a folio already cleaned, and is
 * never written back.  The page is order 0, away from any contiguous
 * block, and the whole space of two preemptions is explored.  Asserted:
 * once the process exits and the file is written back, it holds the last
 * store that completed (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define ZW_STORES	2

static struct {
	struct mm_model *mm;
	struct address_space file;
	u64 last;		/* the value of the last store that completed */
} zw;

static void zw_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&zw.file, 1, 0);
	zw.mm = chk_mm_file_mm_loaded(&zw.file, 1);
	zw.last = 0;
}

static void zw_thread(unsigned int t)
{
	unsigned int i;

	switch (t) {
	case 0:
		filemap_write_and_wait(&zw.file);
		break;
	case 1:
		do_madvise(zw.mm, chk_mm_va(0), PAGE_SIZE, MADV_DONTNEED);
		break;
	default:
		for (i = 1; i <= ZW_STORES; i++)
			if (!user_store(zw.mm, chk_mm_va(0), i))
				zw.last = i;
		break;
	}
}

static void zw_finish(void)
{
	mmput(zw.mm);
	filemap_write_and_wait(&zw.file);
	if (file_store_read(&zw.file, 0) != zw.last) {
		chk_fail(CHK_DATA_LOSS, "the file reads %#llx after a store of %#llx",
			 (unsigned long long)file_store_read(&zw.file, 0),
			 (unsigned long long)zw.last);
		return;
	}
	chk_mm_finish(&zw.file);
}

const struct chk_scenario scn_zap_writeback = {
	.name = "zap-writeback",
	.desc = "MADV_DONTNEED of a dirty file page racing the flusher and the user's stores: the entry is invalidated before writeback can clean the folio (data-loss)",
	.nr_threads = 3,
	.thread_names = { "flusher", "dontneed", "cpu-store" },
	.init = chk_mm_init,
	.setup = zw_setup,
	.thread = zw_thread,
	.finish = zw_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 1000000,
	.bound = 2,
};
