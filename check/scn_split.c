// SPDX-License-Identifier: GPL-2.0-only
/*
 * Splitting the folio under a folded block (the kernel's debugfs
 * split_huge_pages, split_folio_to_order()): its entries are taken out
 * one by one with a flush each and written back one by one, now mapping
 * two folios of half the block each, physically contiguous and aligned.
 * Writing back the block's last entry makes set_ptes() try to fold the
 * block, and __contpte_try_fold() must refuse a block that spans two
 * folios.  Meanwhile a user thread stores to the block's last page until
 * the split is done, and once more, and another loads and stores its
 * first.  Asserted: every block with PTE_CONT maps one folio whenever a
 * PTL is released (cont-block); each page holds its last store
 * (data-loss); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SP_VALUE	0x5b1

static struct {
	struct mm_model *mm;
	bool done;		/* the split returned */
	struct chk_mm_store last;
	int first_ret;
} sp;

static unsigned long sp_last(void)
{
	return CONT_PTES - 1;
}

static void sp_setup(void)
{
	chk_mm_setup();
	sp.mm = chk_mm_anon_blocks(1);
	sp.done = false;
	sp.first_ret = -1;
}

static void sp_thread(unsigned int t)
{
	u64 v;

	switch (t) {
	case 0:
		split_huge_pages_pid(sp.mm, chk_mm_va(0), chk_mm_va(CONT_PTES),
				     chk_cont_order() - 1);
		chk_mm_mark(&sp.done);
		break;
	case 1:
		chk_mm_store_until(&sp.last, sp.mm, chk_mm_va(sp_last()),
				   SP_VALUE, &sp.done);
		break;
	default:
		user_load(sp.mm, chk_mm_va(0), &v);
		sp.first_ret = user_store(sp.mm, chk_mm_va(0), SP_VALUE + 1);
		break;
	}
}

static void sp_finish(void)
{
	if (!chk_mm_check_store(sp.mm, chk_mm_va(sp_last()),
				sp.last.completed && !sp.last.ret, SP_VALUE) ||
	    !chk_mm_check_stored(sp.mm, chk_mm_va(0), sp.first_ret,
				SP_VALUE + 1))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_split_refold = {
	.name = "split-refold",
	.desc = "split of the folio under a folded block through migration entries, its entries written back one by one, vs stores that wait on them: the refold must refuse two folios (cont-block, data-loss, liveness)",
	.nr_threads = 3,
	.thread_names = { "split", "cpu-store", "cpu-access" },
	.init = chk_mm_init,
	.setup = sp_setup,
	.thread = sp_thread,
	.finish = sp_finish,
	.exit = chk_mm_exit,
	/* 2M blocks of 32 entries: a fold check sized for 4K pages. */
	.also = (const char *const[]){ "bbm=2-noabort", "granule=64k", NULL },
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
