// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fault racing reclaim's unmapping of its own entry (handle_pte_fault()'s
 * recheck under the PTL).  With neither hardware access flag nor dirty
 * management, a store to an old entry of a clean, folded shared-file
 * block faults; the fault handler reads the entry without the PTL, and
 * reclaim may unmap the folio (try_to_unmap()) and evict it before the
 * handler takes the PTL.  The handler must see under the PTL that the
 * entry changed and let the store fault again, not write its update over
 * the cleared entry.  Every schedule with two preemptions is explored.
 * Asserted: the store completes within its retries (liveness) and the
 * file holds it once written back (data-loss); counts stay right and
 * nothing leaks (bookkeeping); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FZ_PAGE		1
#define FZ_VALUE	0x2a9

static struct {
	struct mm_model *mm;
	struct address_space file;
	struct folio *folio;
	int ret;
} fz;

static void fz_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&fz.file, CONT_PTES, chk_cont_order());
	fz.mm = chk_mm_file_mm_loaded(&fz.file, CONT_PTES);
	fz.folio = filemap_get_folio(&fz.file, 0);
	BUG_ON(!fz.folio);
	chk_mm_age(fz.mm, fz.folio);
	folio_put(fz.folio);
	fz.ret = -1;
}

static void fz_thread(unsigned int t)
{
	struct reclaim_stats stats = { 0 };

	if (t == 0)
		fz.ret = user_store(fz.mm, chk_mm_va(FZ_PAGE), FZ_VALUE);
	else
		shrink_mapping(&fz.file, &stats);
}

static void fz_finish(void)
{
	if (fz.ret) {
		chk_fail(CHK_LIVENESS, "the store failed: %d", fz.ret);
		return;
	}
	mmput(fz.mm);
	filemap_write_and_wait(&fz.file);
	if (file_store_read(&fz.file, FZ_PAGE) != FZ_VALUE) {
		chk_fail(CHK_DATA_LOSS, "file page %u reads %#llx after a store of %#x",
			 FZ_PAGE,
			 (unsigned long long)file_store_read(&fz.file, FZ_PAGE),
			 FZ_VALUE);
		return;
	}
	chk_mm_finish(&fz.file);
}

const struct chk_scenario scn_fault_zap = {
	.name = "fault-zap",
	.desc = "a store's fault on an old, clean entry of a folded file block racing reclaim's unmapping of it, no hardware A/D (liveness, data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "reclaim" },
	.init = chk_mm_init,
	.setup = fz_setup,
	.thread = fz_thread,
	.finish = fz_finish,
	.exit = chk_mm_exit,
	.hw = (const char *const[]){ "ha=0", "hd=0", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 1000000,
	.bound = 2,
};
