// SPDX-License-Identifier: GPL-2.0-only
/*
 * fsync() beside the split of the VMA that maps the dirty page.  A shared
 * file mapping of order-0 pages whose last page was stored to, so its
 * entry is writable and dirty; one thread MADV_DONTFORKs the mapping's
 * first half, which splits the VMA (split_vma(): the old VMA shrunk, the
 * new one linked into the reverse map) and leaves the entries alone,
 * while another fsyncs, stores to the page again and fsyncs.  Writeback's
 * folio_mkclean() finds the entry through the reverse map, which takes
 * no mmap_lock: split_vma() holds the rmap lock (i_mmap_rwsem, the
 * anon_vma lock: vma_prepare()) across the change, or a walk in between
 * sees no VMA over the upper half, leaves the entry writable and dirty
 * and cleans the folio; the store after it then dirties nothing, and the
 * second fsync, which visits dirty folios only, leaves it out.  (Exit's
 * zap would hand the entry's dirty bit to the folio: the end of the run
 * writes the store back, too late for the fsync.)
 *
 * Asserted: once the second fsync returns, the file holds the store
 * (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FV_PAGE		(CONT_PTES - 1)
#define FV_VALUE	0xf5e1

static struct {
	struct mm_model *mm;
	struct address_space file;
	u64 found;		/* what the file held after the second fsync */
} fv;

static void fv_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&fv.file, CONT_PTES, 0);
	fv.mm = chk_mm_file_mm(&fv.file, CONT_PTES, 0);
	BUG_ON(user_store(fv.mm, chk_mm_va(FV_PAGE), FV_VALUE - 1));
}

static void fv_thread(unsigned int t)
{
	if (t == 0) {
		BUG_ON(do_madvise(fv.mm, chk_mm_va(0), CONT_PTE_SIZE / 2,
				  MADV_DONTFORK));
		return;
	}
	filemap_write_and_wait(&fv.file);
	BUG_ON(user_store(fv.mm, chk_mm_va(FV_PAGE), FV_VALUE));
	filemap_write_and_wait(&fv.file);
	fv.found = file_store_read(&fv.file, FV_PAGE);
}

static void fv_finish(void)
{
	if (fv.found != FV_VALUE) {
		chk_fail(CHK_DATA_LOSS, "file page %lu reads %#llx after a store of %#x and fsync",
			 (unsigned long)FV_PAGE, (unsigned long long)fv.found,
			 FV_VALUE);
		return;
	}
	chk_mm_finish(&fv.file);
}

const struct chk_scenario scn_fsync_vma_split = {
	.name = "fsync-vma-split",
	.desc = "fsync() of a shared file mapping's dirty last page, a store to it and fsync() again, vs MADV_DONTFORK of the mapping's first half, which splits the VMA: the split holds the rmap lock, or writeback misses the writable entry and the store is never written back (data-loss)",
	.nr_threads = 2,
	.thread_names = { "madvise", "fsync-store" },
	.init = chk_mm_init,
	.setup = fv_setup,
	.thread = fv_thread,
	.finish = fv_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
