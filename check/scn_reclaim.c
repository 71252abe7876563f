// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim of a file folio racing user writes (folio_referenced() and
 * try_to_unmap(); the reclaim-during-writes selftest shape): a shared file
 * mapping of one folded block, writable and clean; reclaim scans the file
 * twice (aging with clear_flush_young_ptes(), then unmapping with
 * get_and_clear_full_ptes(), writeback with folio_mkclean(), which unfolds
 * and refolds the block, and eviction of a clean folio) while two user
 * threads store to two pages of the block through the MMU until they see
 * reclaim done, and once more then.  Asserted: no dirty data is dropped: a
 * folio evicted or released with content newer than the file (data-loss,
 * decided where it is freed), and after the process exits and the file is
 * written back, the file holds each page's store if one completed
 * (data-loss); every mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

/* The pages the two user threads store to: one near each end. */
static unsigned long rw_page(unsigned int i)
{
	return i ? CONT_PTES - 1 : 1;
}

static struct {
	struct mm_model *mm;
	struct address_space file;
	bool reclaimed;		/* both scans done */
	struct chk_mm_store store[2];
} rw;

static void rw_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&rw.file, CONT_PTES, chk_cont_order());
	rw.mm = chk_mm_file_mm_loaded(&rw.file, CONT_PTES);
	rw.reclaimed = false;
}

static u64 rw_value(unsigned int t)
{
	return 0x3ec0 + t;
}

static void rw_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == 0) {
		shrink_mapping(&rw.file, &stats);
		shrink_mapping(&rw.file, &stats);
		chk_mm_mark(&rw.reclaimed);
		return;
	}
	chk_mm_store_until(&rw.store[t - 1], rw.mm, chk_mm_va(rw_page(t - 1)),
			   rw_value(t - 1), &rw.reclaimed);
}

/* The process exits; written back, the file holds each completed store. */
static void rw_finish(void)
{
	unsigned int i;

	mmput(rw.mm);
	filemap_write_and_wait(&rw.file);
	for (i = 0; i < 2; i++) {
		if (rw.store[i].completed &&
		    file_store_read(&rw.file, rw_page(i)) != rw_value(i)) {
			chk_fail(CHK_DATA_LOSS, "file page %lu reads %#llx after a store of %#llx",
				 rw_page(i),
				 (unsigned long long)
				 file_store_read(&rw.file, rw_page(i)),
				 (unsigned long long)rw_value(i));
			return;
		}
	}
	chk_mm_finish(&rw.file);
}

const struct chk_scenario scn_reclaim_write = {
	.name = "reclaim-write",
	.desc = "reclaim aging, writeback and eviction of a folded file block vs user stores; no dirty data dropped (data-loss)",
	.nr_threads = 3,
	.thread_names = { "reclaim", "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = rw_setup,
	.thread = rw_thread,
	.finish = rw_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
