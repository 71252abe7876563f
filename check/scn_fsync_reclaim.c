// SPDX-License-Identifier: GPL-2.0-only
/*
 * fsync() and reclaim of the same folio.  Writeback clears PG_dirty and
 * cleans the folio's mappings when it submits the copy, and fsync() lets
 * go of its lookup reference once the batch is submitted
 * (folio_batch_release()), while the device may still be copying: from
 * then on the folio is clean, and held by nothing but the cache, its
 * mappings and PG_writeback.  Reclaim must keep a folio under writeback
 * (shrink_folio_list()), or it evicts and frees it under the copy.
 *
 * A shared file block, mapped and folded by a load's fault-around, its
 * last page dirtied by a store, then aged so that reclaim does not keep
 * it as young; one thread reclaims the file (shrink_mapping(): unmap,
 * its own writeback if the folio is still dirty, eviction):
 *  - fsync-reclaim: the other thread fsyncs the file.  Reclaim's test
 *    of PG_writeback before it ages the folio is the case;
 *  - reclaim-fsync: the other thread stores to the page again, drops it
 *    (MADV_DONTNEED, which hands the dirty state to the folio) and
 *    fsyncs the file, all of which may fit between reclaim's writeback
 *    and its relock of the folio.  Reclaim's second look at PG_writeback,
 *    once it holds the lock again, is the case (two preemptions).
 * Asserted: once fsync() returns, the file holds the thread's store; no
 * folio is freed with its copy in flight (data-loss, crash: the device
 * reads a free page); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FR_PAGE		(CONT_PTES - 1)	/* the block's last */
#define FR_VALUE	0xf5
#define FR_REWRITE	0xf6

static struct {
	struct mm_model *mm;
	struct address_space file;
	u64 value;		/* what fsync() must find in the file */
	u64 found;		/* what the file held once fsync() returned */
	bool rewrite;		/* store and drop the page before fsync() */
} fr;

static void fr_setup_shape(bool rewrite)
{
	chk_mm_setup();
	chk_mm_file_setup(&fr.file, CONT_PTES, chk_cont_order());
	fr.mm = chk_mm_file_mm_loaded(&fr.file, CONT_PTES);
	BUG_ON(user_store(fr.mm, chk_mm_va(FR_PAGE), FR_VALUE));
	chk_mm_age(fr.mm, page_folio(chk_mm_page(fr.mm, chk_mm_va(FR_PAGE))));
	fr.rewrite = rewrite;
	fr.value = rewrite ? FR_REWRITE : FR_VALUE;
	fr.found = fr.value;
}

static void fr_setup(void)
{
	fr_setup_shape(false);
}

static void fr_rewrite_setup(void)
{
	fr_setup_shape(true);
}

static void fr_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };
	unsigned long va = chk_mm_va(FR_PAGE);

	if (t == 1) {
		shrink_mapping(&fr.file, &stats);
		return;
	}
	if (fr.rewrite) {
		BUG_ON(user_store(fr.mm, va, FR_REWRITE));
		BUG_ON(do_madvise(fr.mm, va, PAGE_SIZE, MADV_DONTNEED));
	}
	filemap_write_and_wait(&fr.file);
	fr.found = file_store_read(&fr.file, FR_PAGE);
}

static void fr_finish(void)
{
	if (fr.found != fr.value) {
		mm_report("data-loss", chk_mm_va(FR_PAGE),
			  "fsync() returned with %#llx in the file, not the store %#llx",
			  (unsigned long long)fr.found,
			  (unsigned long long)fr.value);
		return;
	}
	chk_mm_finish(&fr.file);
}

const struct chk_scenario scn_fsync_reclaim = {
	.name = "fsync-reclaim",
	.desc = "fsync() of a dirty folded shared-file block vs reclaim of it: the folio fsync() writes back is clean and held by nothing but the cache from the moment its copy is submitted, so reclaim must keep a folio under writeback, or it frees it under the copy (data-loss, crash)",
	.nr_threads = 2,
	.thread_names = { "fsync", "reclaim" },
	.init = chk_mm_init,
	.setup = fr_setup,
	.thread = fr_thread,
	.finish = fr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

const struct chk_scenario scn_reclaim_fsync = {
	.name = "reclaim-fsync",
	.desc = "reclaim writing a dirty folded shared-file block back vs a store, MADV_DONTNEED and fsync() of it: fsync()'s writeback may start between reclaim's and its relock, so reclaim must look at PG_writeback again once it holds the lock (data-loss, crash)",
	.nr_threads = 2,
	.thread_names = { "fsync", "reclaim" },
	.init = chk_mm_init,
	.setup = fr_rewrite_setup,
	.thread = fr_thread,
	.finish = fr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 2,
};
