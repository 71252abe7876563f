// SPDX-License-Identifier: GPL-2.0-only
/*
 * fsync() of a shared file mapping: writeback visits only dirty folios,
 * so a store is written back only if the folio knows of it.  With write
 * notification every page of the mapping is mapped read-only until it is
 * dirtied: a store faults (finish_fault() on an empty entry, or
 * do_wp_page() on a read-only one), and the fault dirties the folio
 * before the entry becomes writable (fault_dirty_shared_page());
 * writeback write-protects and cleans every entry of the folio in every
 * mapping the reverse map holds (folio_mkclean() walks the whole i_mmap
 * tree) before it clears the folio's dirty flag, so that the next store
 * faults and dirties it again.  Two CPUs each store to a page and fsync
 * after each store, twice:
 *  - file-fsync: the file is two blocks, the first mapped read-only and
 *    folded by a load's fault-around, the second not mapped; one CPU
 *    stores to the first block's second page (a write fault on a
 *    read-only entry), the other to the second block's first page (a
 *    write fault on an empty entry, then on a read-only one);
 *  - fsync-two-mms: the file is one block, mapped by two processes (two
 *    mmap()s of the file), each mapping it read-only and folded by a
 *    load's fault-around; each CPU stores to its own page of the block
 *    through its own process.  A process whose writable, dirty entry
 *    writeback left alone stores again without a fault, and the folio
 *    never hears of it;
 *  - fsync-tail: file-fsync over a file of a block and three quarters,
 *    cached in a block's folio and, where the file ends, a half and a
 *    quarter block's (filemap_fit_order() cuts the last folios to the
 *    file): one CPU stores to the first folio, the other to the last.
 *    Writeback steps from each folio to the next by the folio's own size,
 *    or it passes over the last;
 *  - fsync-fork: the file is one block, mapped by one process, which
 *    stores to two pages of it and forks: the child's copies of the
 *    writable entries are writable but clean (copy_present_pte() cleans
 *    a shared mapping's entries), where the hardware sets the dirty
 *    state of a store with no fault.  The parent stores to one page and
 *    the child to the other, once each; writeback must write-protect the clean
 *    writable entries too (page_vma_mkclean_one() skips only those both
 *    clean and read-only), or a store after it never dirties the folio.
 *    Also on CPUs that manage neither the Access flag nor the dirty
 *    state in hardware (ha=0): the child's first store to its writable
 *    but clean entry faults, and the fault must mark the entry dirty
 *    whatever the mapping (handle_pte_fault()), or the store faults
 *    again for ever;
 *  - fsync-fork-next: the file is two blocks, the first mapped read-only
 *    and folded by a load's fault-around, the second's first page stored
 *    to (writable and dirty), and the process forks: fork()'s batch over
 *    the first block ends where the second folio begins, and only the
 *    batch's entries may make its copies writable (folio_pte_batch()'s
 *    any_writable), or the child's store to the first block needs no
 *    fault and never dirties the folio.  The parent stores to the second
 *    block's page, the child to the first block's second page.  The
 *    model's fork() copies a shared VMA's entries, as v6.12 does only for
 *    one with an anon_vma or userfaultfd write-protection
 *    (vma_needs_copy()); in a private mapping the copy is write-protected
 *    whatever any_writable says.  Also on CPUs without hardware dirty
 *    state (ha=0), where the child's store faults on the writable, clean
 *    copy.
 * Asserted: once a thread's fsync returns, the file holds that thread's
 * store made before it (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FS_ROUNDS	2

static struct {
	struct mm_model *mm[2];	/* each thread's process */
	unsigned long page[2];	/* each thread's page */
	struct address_space file;
	u64 lost[2];		/* a store fsync did not write, or 0 */
	u64 found[2];		/* what the file held instead */
	unsigned int rounds;	/* stores and fsyncs each thread makes */
} fs;

/* A file of @pages, mapped whole by one process, which both threads use. */
static void fs_setup_shape(unsigned long pages, unsigned long page0,
			   unsigned long page1)
{
	chk_mm_setup();
	chk_mm_file_setup(&fs.file, pages, chk_cont_order());
	fs.mm[0] = fs.mm[1] = chk_mm_file_mm_loaded(&fs.file, pages);
	fs.page[0] = page0;
	fs.page[1] = page1;
	fs.lost[0] = fs.lost[1] = 0;
	fs.rounds = FS_ROUNDS;
}

static void fs_setup(void)
{
	fs_setup_shape(2 * CONT_PTES, 1, CONT_PTES);
}

static void fs_two_mms_setup(void)
{
	fs_setup_shape(CONT_PTES, 1, 2);
	fs.mm[1] = chk_mm_file_mm_loaded(&fs.file, CONT_PTES);
}

static void fs_tail_setup(void)
{
	unsigned long pages = CONT_PTES + CONT_PTES / 2 + CONT_PTES / 4;

	fs_setup_shape(pages, 1, pages - 1);
}

/*
 * The process forks, and the child is the second thread's; one round
 * each: the child's store after the parent's writeback is the case.
 */
static void fs_fork(void)
{
	fs.mm[1] = dup_mm(fs.mm[0]);
	BUG_ON(!fs.mm[1]);
	fs.rounds = 1;
}

static void fs_fork_setup(void)
{
	fs_setup_shape(CONT_PTES, 1, 2);
	BUG_ON(user_store(fs.mm[0], chk_mm_va(fs.page[0]), 0xf0));
	BUG_ON(user_store(fs.mm[0], chk_mm_va(fs.page[1]), 0xf1));
	fs_fork();
}

static void fs_fork_next_setup(void)
{
	fs_setup_shape(2 * CONT_PTES, CONT_PTES, 1);
	BUG_ON(user_store(fs.mm[0], chk_mm_va(fs.page[0]), 0xf0));
	fs_fork();
}

static void fs_thread(unsigned int t)
{
	unsigned long page = fs.page[t];
	unsigned int i;
	u64 v;

	for (i = 1; i <= fs.rounds; i++) {
		v = (t + 1) << 4 | i;
		BUG_ON(user_store(fs.mm[t], chk_mm_va(page), v));
		filemap_write_and_wait(&fs.file);
		if (file_store_read(&fs.file, page) != v) {
			fs.lost[t] = v;
			fs.found[t] = file_store_read(&fs.file, page);
			return;
		}
	}
}

static void fs_finish(void)
{
	unsigned int t;

	for (t = 0; t < 2; t++)
		if (fs.lost[t]) {
			chk_fail(CHK_DATA_LOSS, "file page %lu reads %#llx after a store of %#llx and fsync",
				 fs.page[t], (unsigned long long)fs.found[t],
				 (unsigned long long)fs.lost[t]);
			return;
		}
	chk_mm_finish(&fs.file);
}

const struct chk_scenario scn_file_fsync = {
	.name = "file-fsync",
	.desc = "two CPUs each store to a page of a shared file, one in a folded read-only block, one not mapped, and fsync, twice: writeback, which visits dirty folios only, writes back every store made before it (data-loss)",
	.nr_threads = 2,
	.thread_names = { "cpu-store-fsync", "cpu-store-fsync" },
	.init = chk_mm_init,
	.setup = fs_setup,
	.thread = fs_thread,
	.finish = fs_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_fsync_two_mms = {
	.name = "fsync-two-mms",
	.desc = "two processes map a folded shared-file block, and two CPUs each store to a page of it through its own and fsync, twice: writeback cleans the folio's entries in every mapping, or a store through an entry left writable never dirties the folio (data-loss)",
	.nr_threads = 2,
	.thread_names = { "cpu-store-fsync", "cpu-store-fsync" },
	.init = chk_mm_init,
	.setup = fs_two_mms_setup,
	.thread = fs_thread,
	.finish = fs_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_fsync_tail = {
	.name = "fsync-tail",
	.desc = "file-fsync over a file of a block and three quarters, its last folios a half and a quarter block where the file ends: writeback steps from folio to folio by each one's size and writes back the store to the last (data-loss)",
	.nr_threads = 2,
	.thread_names = { "cpu-store-fsync", "cpu-store-fsync" },
	.init = chk_mm_init,
	.setup = fs_tail_setup,
	.thread = fs_thread,
	.finish = fs_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_fsync_fork = {
	.name = "fsync-fork",
	.desc = "a process that stored to two pages of a folded shared-file block forks, and the parent and the child each store to one of them and fsync: writeback write-protects the child's writable but clean entries too, or a store through one never dirties the folio (data-loss)",
	.nr_threads = 2,
	.thread_names = { "parent-store-fsync", "child-store-fsync" },
	.init = chk_mm_init,
	.setup = fs_fork_setup,
	.thread = fs_thread,
	.finish = fs_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_NO_HW_AF,
	.mode = CHK_EXHAUSTIVE,
	.executions = 40000,
	.bound = 1,
};

const struct chk_scenario scn_fsync_fork_next = {
	.name = "fsync-fork-next",
	.desc = "a process maps a two-block shared file, the first block read-only and folded, the second's first page stored to, and forks; the parent stores to that page, the child to the first block, and each fsyncs: fork()'s batch over the first block takes no writable state from the entry after it, or the child's store never dirties the folio (data-loss)",
	.nr_threads = 2,
	.thread_names = { "parent-store-fsync", "child-store-fsync" },
	.init = chk_mm_init,
	.setup = fs_fork_next_setup,
	.thread = fs_thread,
	.finish = fs_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_NO_HW_AF,
	.mode = CHK_EXHAUSTIVE,
	.executions = 40000,
	.bound = 1,
};
