// SPDX-License-Identifier: GPL-2.0-only
/*
 * fsync() of a folio two processes map.  Writeback must write-protect and
 * clean the folio's entries in every mapping the reverse map holds
 * (folio_mkclean() walks the whole i_mmap tree), or a process whose
 * writable, dirty entry survives stores again without a fault: the folio
 * never hears of the store, and the next fsync, which visits dirty folios
 * only, leaves it out.
 *
 * A shared file of one block, mapped by two processes (two mmap()s of the
 * file), each mapping it read-only and folded by a load's fault-around.
 * Each CPU stores to its own page of the block through its own process,
 * and fsyncs after each store, twice.
 * Asserted: once a thread's fsync returns, the file holds that thread's
 * store made before it (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FT_ROUNDS	2

static struct {
	struct mm_model *mm[2];
	struct address_space file;
	u64 lost[2];		/* a store fsync did not write, or 0 */
	u64 found[2];		/* what the file held instead */
} ft;

/* Each thread's page, and its process. */
static unsigned long ft_page(unsigned int t)
{
	return t + 1;
}

static void ft_setup(void)
{
	unsigned int t;
	u64 v;

	chk_mm_setup();
	chk_mm_file_setup(&ft.file, CONT_PTES, chk_cont_order());
	for (t = 0; t < 2; t++) {
		ft.mm[t] = chk_mm_file_mm(&ft.file, CONT_PTES, 0);
		BUG_ON(user_load(ft.mm[t], chk_mm_va(0), &v));
		ft.lost[t] = 0;
	}
}

static void ft_thread(unsigned int t)
{
	unsigned int i;
	u64 v;

	for (i = 1; i <= FT_ROUNDS; i++) {
		v = (t + 1) << 4 | i;
		BUG_ON(user_store(ft.mm[t], chk_mm_va(ft_page(t)), v));
		filemap_write_and_wait(&ft.file);
		if (file_store_read(&ft.file, ft_page(t)) != v) {
			ft.lost[t] = v;
			ft.found[t] = file_store_read(&ft.file, ft_page(t));
			return;
		}
	}
}

static void ft_finish(void)
{
	unsigned int t;

	for (t = 0; t < 2; t++)
		if (ft.lost[t]) {
			chk_fail(CHK_DATA_LOSS, "file page %lu reads %#llx after a store of %#llx and fsync",
				 ft_page(t), (unsigned long long)ft.found[t],
				 (unsigned long long)ft.lost[t]);
			return;
		}
	chk_mm_finish(&ft.file);
}

const struct chk_scenario scn_fsync_two_mms = {
	.name = "fsync-two-mms",
	.desc = "two processes map a folded shared-file block, and two CPUs each store to a page of it through its own and fsync, twice: writeback cleans the folio's entries in every mapping, or a store through an entry left writable never dirties the folio (data-loss)",
	.nr_threads = 2,
	.thread_names = { "cpu-store-fsync", "cpu-store-fsync" },
	.init = chk_mm_init,
	.setup = ft_setup,
	.thread = ft_thread,
	.finish = ft_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
