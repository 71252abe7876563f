// SPDX-License-Identifier: GPL-2.0-only
/*
 * fsync() against reclaim of the folio it writes back.  Writeback clears
 * PG_dirty and cleans the folio's mappings before the device copies it,
 * so from then on reclaim finds it clean; what keeps reclaim from
 * evicting and freeing it while the copy is still being made is the
 * reference fsync() looked it up with (filemap_get_folios_tag(), dropped
 * by folio_batch_release() once the batch is written), which makes the
 * count more than the cache's and reclaim's own (__remove_mapping()'s
 * folio_ref_freeze()).
 *
 * A shared file block, mapped and folded by a load's fault-around, its
 * last page dirtied by a store, then aged so that reclaim does not keep
 * it as young.  One thread fsyncs the file; the other reclaims it
 * (shrink_mapping(): unmap, its own writeback if the folio is still
 * dirty, eviction).
 * Asserted: once fsync() returns, the file holds the store; no folio is
 * freed under a writeback (data-loss, crash); every other mm and machine
 * oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FR_PAGE		(CONT_PTES - 1)	/* the block's last */
#define FR_VALUE	0xf5

static struct {
	struct mm_model *mm;
	struct address_space file;
	u64 found;		/* what the file held once fsync() returned */
} fr;

static void fr_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&fr.file, CONT_PTES, chk_cont_order());
	fr.mm = chk_mm_file_mm_loaded(&fr.file, CONT_PTES);
	BUG_ON(user_store(fr.mm, chk_mm_va(FR_PAGE), FR_VALUE));
	chk_mm_age(fr.mm, page_folio(chk_mm_page(fr.mm, chk_mm_va(FR_PAGE))));
	fr.found = FR_VALUE;
}

static void fr_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == 0) {
		filemap_write_and_wait(&fr.file);
		fr.found = file_store_read(&fr.file, FR_PAGE);
		return;
	}
	shrink_mapping(&fr.file, &stats);
}

static void fr_finish(void)
{
	if (fr.found != FR_VALUE) {
		mm_report("data-loss", chk_mm_va(FR_PAGE),
			  "fsync() returned with %#llx in the file, not the store %#x",
			  (unsigned long long)fr.found, FR_VALUE);
		return;
	}
	chk_mm_finish(&fr.file);
}

const struct chk_scenario scn_fsync_reclaim = {
	.name = "fsync-reclaim",
	.desc = "fsync() of a dirty folded shared-file block vs reclaim of it: the folio fsync() writes back, clean from the moment its copy starts, stays referenced until the copy is done, so reclaim cannot evict and free it under the copy (data-loss, crash)",
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
