// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every caller at once: a folded anonymous block and a folded shared file
 * block; two user threads store to one page of each until the kernel
 * threads are done, and once more then (faults, COW, hardware A/D); one
 * kernel thread write-pins the stored page of the file block with GUP-fast,
 * forks, and mprotect()s half of the anonymous block read-only and back;
 * the other calls MADV_FREE on the anonymous block, reclaims both folios
 * (aging, unmap, writeback, discard or eviction) and munmap()s the far half
 * of the file block.  Asserted: the pin stays the file's page, which
 * reclaim may unmap but never evict (gup-pin); after the process exits and
 * the file is written back, the file holds the file store if one completed
 * (data-loss); every mm and machine oracle (data-loss at discard or
 * eviction, stale-tlb, gup-pin at free and COW, bbm, misprogrammed,
 * tlb-conflict, liveness, bookkeeping and leaks).
 */
#include "mmworld.h"
#include "scenarios.h"

#define CB_ANON_PAGE	1
#define CB_FILE_PAGE	1

static struct {
	struct mm_model *mm;
	struct address_space file;
	struct folio *anon;
	struct page *pinned;
	long pin_ret;
	bool done;		/* both kernel threads finished */
	unsigned int kernel_done;
	struct chk_mm_store anon_store, file_store;
} cb;

static unsigned long cb_file_va(unsigned long page)
{
	return chk_mm_va(CONT_PTES + page);
}

static void cb_setup(void)
{
	u64 v;

	chk_mm_setup();
	chk_mm_file_setup(&cb.file, CONT_PTES, chk_cont_order());
	cb.mm = chk_mm_anon_blocks(1);
	cb.anon = page_folio(chk_mm_page(cb.mm, chk_mm_va(0)));
	BUG_ON(!do_mmap(cb.mm, cb_file_va(0), CONT_PTE_SIZE,
			VM_READ | VM_WRITE | VM_SHARED, chk_cont_order(),
			&cb.file, 0));
	BUG_ON(user_load(cb.mm, cb_file_va(0), &v));
	cb.pinned = NULL;
	cb.pin_ret = -1;
	cb.done = false;
	cb.kernel_done = 0;
}

static void cb_kernel_done(void)
{
	if (__atomic_add_fetch(&cb.kernel_done, 1, __ATOMIC_SEQ_CST) == 2)
		chk_mm_mark(&cb.done);
}

static void cb_pin_fork_mprotect(void)
{
	unsigned long half = CONT_PTE_SIZE / 2;

	cb.pin_ret = pin_user_pages_fast(cb.mm, cb_file_va(CB_FILE_PAGE), 1,
					 FOLL_WRITE, &cb.pinned);
	BUG_ON(!dup_mm(cb.mm));
	do_mprotect(cb.mm, chk_mm_va(0), half, VM_READ);
	do_mprotect(cb.mm, chk_mm_va(0), half, VM_READ | VM_WRITE);
}

static void cb_free_reclaim_unmap(void)
{
	struct reclaim_stats stats = { 0 };

	do_madvise(cb.mm, chk_mm_va(0), CONT_PTE_SIZE, MADV_FREE);
	shrink_folio(cb.anon, &stats);
	shrink_mapping(&cb.file, &stats);
	do_munmap(cb.mm, cb_file_va(CONT_PTES / 2), CONT_PTE_SIZE / 2);
}

static void cb_thread(unsigned int t)
{
	switch (t) {
	case 0:
		chk_mm_store_until(&cb.anon_store, cb.mm,
				   chk_mm_va(CB_ANON_PAGE), 0xa, &cb.done);
		break;
	case 1:
		chk_mm_store_until(&cb.file_store, cb.mm,
				   cb_file_va(CB_FILE_PAGE), 0xf, &cb.done);
		break;
	case 2:
		cb_pin_fork_mprotect();
		cb_kernel_done();
		break;
	default:
		cb_free_reclaim_unmap();
		cb_kernel_done();
		break;
	}
}

static void cb_finish(void)
{
	struct folio *cached = cb.file.i_pages[CB_FILE_PAGE];

	if (cb.pin_ret != 1 || !cached ||
	    folio_page(cached, CB_FILE_PAGE - folio_index(cached)) != cb.pinned) {
		chk_fail(CHK_GUP_PIN, "the pin (%ld) is not the file's page",
			 cb.pin_ret);
		return;
	}
	unpin_user_pages(&cb.pinned, 1);
	mmput(cb.mm);
	filemap_write_and_wait(&cb.file);
	if (cb.file_store.completed &&
	    file_store_read(&cb.file, CB_FILE_PAGE) != 0xf) {
		chk_fail(CHK_DATA_LOSS, "the file reads %#llx after a store of 0xf",
			 (unsigned long long)file_store_read(&cb.file,
							     CB_FILE_PAGE));
		return;
	}
	chk_mm_finish(&cb.file);
}

const struct chk_scenario scn_combined = {
	.name = "combined",
	.desc = "faults, GUP-fast, fork, mprotect, MADV_FREE, reclaim and munmap at once with two user threads (every oracle)",
	.nr_threads = 4,
	.thread_names = { "cpu-anon", "cpu-file", "pin-fork-mprotect",
			  "madv-reclaim-munmap" },
	.init = chk_mm_init,
	.setup = cb_setup,
	.thread = cb_thread,
	.finish = cb_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 5000,
	/* Exhaustive runs of four threads: their orders and the hardware's. */
	.bound = 0,
};
