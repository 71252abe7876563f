// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writeback of a shared file block beside a lazyfree anonymous page.
 * folio_mkclean() write-protects and cleans the entries of the folio it
 * writes back, one batch per mapping, and moves their dirty state to that
 * folio.  The entry after the batch belongs to someone else: here an
 * order-0 anonymous page mapped right after the file's folded block, in
 * the same PTE table, made lazyfree by MADV_FREE (its entry old and
 * clean, so that a store dirties it in place, without a fault).  One CPU
 * stores to the anonymous page while the other fsyncs the file; reclaim
 * of the lazyfree page runs at the end.
 *
 * The store began after MADV_FREE returned, so the kernel must keep it:
 * its only trace is the entry's dirty bit, which reclaim reads before it
 * may discard a lazyfree folio (try_to_unmap_one()).  A clean that runs
 * one entry past its folio's batch takes that bit into the file folio's
 * count instead, and reclaim drops the store.  A folded anonymous block
 * would hide it: unfolding gathers the dirty bit of every entry of the
 * block into each.
 * Asserted: the anonymous page holds the store at the end, through
 * reclaim (data-loss); every mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MN_ANON		CONT_PTES	/* the anonymous page, after the block */
#define MN_VALUE	0xa11e

static struct {
	struct mm_model *mm;
	struct address_space file;
	struct folio *folio;	/* the anonymous page's */
	int ret;		/* the store's */
} mn;

static void mn_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&mn.file, CONT_PTES, chk_cont_order());
	/*
	 * A load's fault-around maps the file's block whole, read-only, and
	 * a store dirties its folio: writeback cleans one batch of them all.
	 */
	mn.mm = chk_mm_file_mm_loaded(&mn.file, CONT_PTES);
	BUG_ON(user_store(mn.mm, chk_mm_va(0), 1));
	chk_mm_anon_map(mn.mm, MN_ANON, 1, 0);
	mn.folio = page_folio(chk_mm_page(mn.mm, chk_mm_va(MN_ANON)));
	BUG_ON(do_madvise(mn.mm, chk_mm_va(MN_ANON), PAGE_SIZE, MADV_FREE));
	mn.ret = -1;
}

static void mn_thread(unsigned int t)
{
	if (t == 0) {
		filemap_write_and_wait(&mn.file);
		return;
	}
	mn.ret = user_store(mn.mm, chk_mm_va(MN_ANON), MN_VALUE);
}

static void mn_finish(void)
{
	if (!chk_mm_stored(chk_mm_va(MN_ANON), mn.ret) ||
	    !chk_mm_store_survives_reclaim(mn.mm, mn.folio,
					   chk_mm_va(MN_ANON), true, MN_VALUE))
		return;
	chk_mm_finish(&mn.file);
}

const struct chk_scenario scn_mkclean_neighbour = {
	.name = "mkclean-neighbour",
	.desc = "fsync of a folded shared-file block vs a store to the lazyfree anonymous page mapped right after it, then reclaim: writeback cleans only its folio's entries, and the store's dirty bit keeps the page (data-loss)",
	.nr_threads = 2,
	.thread_names = { "fsync", "cpu-store" },
	.init = chk_mm_init,
	.setup = mn_setup,
	.thread = mn_thread,
	.finish = mn_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 2,
};
