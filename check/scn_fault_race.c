// SPDX-License-Identifier: GPL-2.0-only
/*
 * A write fault racing a read fault on the same empty range.  An
 * anonymous mapping of one block, nothing mapped yet, its VMA asking for
 * folios of the block's order.  The store's fault finds the whole range
 * empty without the PTL and allocates a folio for all of it
 * (alloc_anon_folio()), then takes the PTL and must find the whole range
 * still empty before mapping it with set_ptes() of the block
 * (do_anonymous_page()); meanwhile the load's fault may have mapped the
 * zero page at another page of the range, and a recheck of the faulting
 * entry alone would write the folio over it.  Asserted: the page holds
 * the store (data-loss); no valid entry is rewritten without
 * break-before-make (bbm); counts balance and nothing is left at exit
 * (bookkeeping); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FR_VALUE	0xfa0

static struct {
	struct mm_model *mm;
	int store_ret;
} fr;

static unsigned long fr_page(unsigned int t)
{
	return t ? CONT_PTES / 2 : 0;
}

static void fr_setup(void)
{
	chk_mm_setup();
	fr.mm = mm_alloc();
	BUG_ON(!fr.mm);
	BUG_ON(!do_mmap(fr.mm, chk_mm_va(0), CONT_PTE_SIZE,
			VM_READ | VM_WRITE, chk_cont_order(), NULL, 0));
	fr.store_ret = -1;
}

static void fr_thread(unsigned int t)
{
	u64 v;

	if (t == 0)
		user_load(fr.mm, chk_mm_va(fr_page(0)), &v);
	else
		fr.store_ret = user_store(fr.mm, chk_mm_va(fr_page(1)),
					  FR_VALUE);
}

static void fr_finish(void)
{
	if (chk_mm_check_stored(fr.mm, chk_mm_va(fr_page(1)), fr.store_ret,
			       FR_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_fault_race = {
	.name = "fault-race",
	.desc = "a write fault and a read fault on the same empty range of a VMA that maps whole blocks: the PTL recheck of the whole range before set_ptes() (bbm, data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "cpu-store" },
	.init = chk_mm_init,
	.setup = fr_setup,
	.thread = fr_thread,
	.finish = fr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};
