// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect() of a shared file mapping with write notification, and
 * fsync().  A load maps a page of the file read-only and clean; one CPU
 * makes the mapping read-only and then read-write again, while another
 * stores to the page and fsyncs.  The file's folios are order-0: with a
 * folded block, the fsync's folio_mkclean() unfolds it and mprotect()'s
 * batched commit then refolds it with no invalidation between break and
 * make, an upstream sequence the catalogue keeps away from (docs/checker.md,
 * "Upstream sequences the machine flags").
 * mprotect() may make an entry writable straight away only where it is
 * dirty (can_change_pte_writable() of a VM_SHARED mapping): a clean entry
 * made writable takes the store without a fault, so the folio is never
 * dirtied, and writeback, which visits dirty folios only, does not write
 * the store back (the kernel's page_mkwrite() and dirty accounting are
 * bypassed the same way).
 * Asserted: once fsync returns, the file holds the store made before it
 * (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MF_PAGE		1
#define MF_VALUE	0x5f5

static struct {
	struct mm_model *mm;
	struct address_space file;
	u64 found;		/* what the file held after fsync */
	bool lost;
} mf;

static void mf_setup(void)
{
	u64 v;

	chk_mm_setup();
	chk_mm_file_setup(&mf.file, CONT_PTES, 0);
	mf.mm = chk_mm_file_mm(&mf.file, CONT_PTES, 0);
	BUG_ON(user_load(mf.mm, chk_mm_va(MF_PAGE), &v));
	mf.lost = false;
}

static void mf_thread(unsigned int t)
{
	if (t == 0) {
		BUG_ON(do_mprotect(mf.mm, chk_mm_va(0), CONT_PTE_SIZE, VM_READ));
		BUG_ON(do_mprotect(mf.mm, chk_mm_va(0), CONT_PTE_SIZE,
				   VM_READ | VM_WRITE));
		return;
	}
	/* The store may find the mapping read-only: then it is refused. */
	if (user_store(mf.mm, chk_mm_va(MF_PAGE), MF_VALUE))
		return;
	filemap_write_and_wait(&mf.file);
	mf.found = file_store_read(&mf.file, MF_PAGE);
	mf.lost = mf.found != MF_VALUE;
}

static void mf_finish(void)
{
	if (mf.lost) {
		chk_fail(CHK_DATA_LOSS, "file page %u reads %#llx after a store of %#x and fsync",
			 MF_PAGE, (unsigned long long)mf.found, MF_VALUE);
		return;
	}
	chk_mm_finish(&mf.file);
}

const struct chk_scenario scn_mprotect_fsync = {
	.name = "mprotect-fsync",
	.desc = "mprotect() of a shared file mapping over a clean page read-only and read-write again vs a store to the page and fsync: only a dirty entry may become writable without a fault, or writeback misses the store (data-loss)",
	.nr_threads = 2,
	.thread_names = { "mprotect", "cpu-store-fsync" },
	.init = chk_mm_init,
	.setup = mf_setup,
	.thread = mf_thread,
	.finish = mf_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
