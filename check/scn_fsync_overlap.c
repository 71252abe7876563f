// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two writebacks of one folio in flight.  The device copies a folio after
 * ->writepage() unlocked it, so a store may dirty the folio again while
 * the copy runs, and the next writeback's copy, of newer data, may start
 * before the first ends.  Two copies of one page in flight land in either
 * order: a WB_SYNC_ALL writeback waits for the copy in flight before it
 * starts its own (folio_prepare_writeback()), and fsync() waits for every
 * copy in flight when it is done, the ones another writer started on
 * folios it found clean too (filemap_fdatawait_range()).
 *
 * A shared file block, mapped read-only and folded by a load's
 * fault-around, its last page dirtied by a store in the setup: the last
 * the device copies, so that a writeback which ends before its last copy
 * landed leaves this page's in flight.  One CPU stores to the page again
 * and fsyncs; the other fsyncs the same file meanwhile (another process,
 * or sync(2)).
 * Asserted: once the first CPU's fsync returns, the file holds its store;
 * once the second's returns, the setup's store or the first CPU's
 * (data-loss); at the end, every page reads as the file stores it; every
 * other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FO_PAGE		(CONT_PTES - 1)	/* the block's last */
#define FO_FIRST	0xf1
#define FO_SECOND	0xf2

static struct {
	struct mm_model *mm;
	struct address_space file;
	u64 lost;		/* a store fsync did not write, or 0 */
	u64 found;		/* what the file held instead */
} fo;

static void fo_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&fo.file, CONT_PTES, chk_cont_order());
	fo.mm = chk_mm_file_mm_loaded(&fo.file, CONT_PTES);
	BUG_ON(user_store(fo.mm, chk_mm_va(FO_PAGE), FO_FIRST));
	fo.lost = 0;
}

/* fsync, then the file must hold @v or @other. */
static void fo_fsync(u64 v, u64 other)
{
	u64 found;

	filemap_write_and_wait(&fo.file);
	found = file_store_read(&fo.file, FO_PAGE);
	if (found != v && found != other) {
		fo.lost = v;
		fo.found = found;
	}
}

static void fo_thread(unsigned int t)
{
	if (t == 1) {
		fo_fsync(FO_FIRST, FO_SECOND);
		return;
	}
	BUG_ON(user_store(fo.mm, chk_mm_va(FO_PAGE), FO_SECOND));
	fo_fsync(FO_SECOND, FO_SECOND);
}

static void fo_finish(void)
{
	if (fo.lost) {
		chk_fail(CHK_DATA_LOSS, "file page %u reads %#llx after a store of %#llx and fsync",
			 FO_PAGE, (unsigned long long)fo.found,
			 (unsigned long long)fo.lost);
		return;
	}
	chk_mm_finish(&fo.file);
}

const struct chk_scenario scn_fsync_overlap = {
	.name = "fsync-overlap",
	.desc = "a store to the dirty last page of a folded shared-file block and fsync vs another fsync of the file: a copy in flight is waited for, before the next copy of the folio starts and before fsync returns (data-loss)",
	.nr_threads = 2,
	.thread_names = { "cpu-store-fsync", "fsync" },
	.init = chk_mm_init,
	.setup = fo_setup,
	.thread = fo_thread,
	.finish = fo_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
