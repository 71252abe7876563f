// SPDX-License-Identifier: GPL-2.0-only
/*
 * The deferred split shrinker against reclaim of the same folio: two
 * reclaimers at once, as kswapd and a direct reclaimer are.  A folded
 * block whose second half MADV_DONTNEED zapped in the setup is partly
 * mapped, so its folio is on the deferred split queue.  One thread
 * reclaims it from the LRU (shrink_folio_list(): locked, and split
 * before add_to_swap() while it is partly mapped, as its unmapped half
 * needs no I/O), the other runs the shrinker (deferred_split_scan()),
 * which takes each queued folio off the queue with a reference
 * (folio_try_get()) and splits those it can lock.
 *
 * A folio it finds locked, by reclaim here (or a migration, a swap-in of
 * its cached copy), goes back on the queue, and the shrinker drops its
 * reference all the same: the queue holds none, and a folio on it is
 * taken off by its last put.  A reference kept leaves the folio in
 * memory once every mm that mapped it exited, and still queued.
 * Reclaim's split, in turn, must find only its own reference besides
 * the mappings (can_split_folio()): one the shrinker holds makes it
 * give up, and the folio stays mapped for this pass.
 *
 * Asserted: the first half still reads what was stored there, swapped
 * out or not (data-loss); nothing of the folio is left, frames or queue
 * (bookkeeping); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
} ds;

static void ds_setup(void)
{
	chk_mm_setup();
	BUG_ON(swapon(2 * CONT_PTES, 0));
	ds.mm = chk_mm_anon_blocks(1);
	BUG_ON(do_madvise(ds.mm, chk_mm_va(CONT_PTES / 2), CONT_PTE_SIZE / 2,
			  MADV_DONTNEED));
}

static void ds_thread(unsigned int t)
{
	if (t == 0)
		chk_mm_swap_out(ds.mm, chk_mm_va(0));
	else
		deferred_split_scan();
}

static void ds_finish(void)
{
	if (!chk_mm_check_untouched(ds.mm, 0, CONT_PTES / 2))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_deferred_split_reclaim = {
	.name = "deferred-split-reclaim",
	.desc = "reclaim of the folio under a folded block a MADV_DONTNEED left half mapped vs the deferred split shrinker: a queued folio reclaim holds locked goes back on the queue, its reference dropped (bookkeeping, data-loss)",
	.nr_threads = 2,
	.thread_names = { "reclaim", "shrinker" },
	.init = chk_mm_init,
	.setup = ds_setup,
	.thread = ds_thread,
	.finish = ds_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
