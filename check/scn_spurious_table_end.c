// SPDX-License-Identifier: GPL-2.0-only
/*
 * A spurious write fault on the last page of a folded block that is the
 * last of its PTE table, on hardware without access-flag or dirty
 * management.  The block is MADV_FREEd (old, clean, read-only to the
 * MMU); one CPU loads from its last page, which fills its TLB with the
 * read-only entry once the fault set the access flag, then stores to it.
 * Another CPU stores to the same page meanwhile: its fault makes every
 * entry of the block dirty in place and invalidates its own TLB only, so
 * the first CPU's store hits its stale read-only entry and faults on an
 * entry that is already what it wants.  ptep_set_access_flags() must find
 * that out from the block's own entries: a compare that starts at the
 * faulting entry runs off the end of the table.
 * Asserted: no page-table access off a live table (bookkeeping), both
 * stores complete, and every machine and mm oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define STE_LOAD_STORE	0x5a5a
#define STE_STORE	0xa5a5

static struct {
	struct mm_model *mm;
	int ret[2];		/* each thread's store */
} ste;

/* The block's last page: the last entry of the first PTE table. */
static unsigned long ste_page(void)
{
	return PTRS_PER_PTE - 1;
}

static void ste_setup(void)
{
	unsigned long first = PTRS_PER_PTE - CONT_PTES;

	chk_mm_setup();
	ste.mm = mm_alloc();
	BUG_ON(!ste.mm);
	chk_mm_anon_map(ste.mm, first, CONT_PTES, chk_cont_order());
	BUG_ON(do_madvise(ste.mm, chk_mm_va(first), CONT_PTE_SIZE,
			  MADV_FREE));
	ste.ret[0] = ste.ret[1] = -1;
}

static void ste_thread(unsigned int t)
{
	unsigned long va = chk_mm_va(ste_page());
	u64 v;

	if (t == 0) {
		user_load(ste.mm, va, &v);
		ste.ret[0] = user_store(ste.mm, va, STE_LOAD_STORE);
	} else {
		ste.ret[1] = user_store(ste.mm, va, STE_STORE);
	}
}

static void ste_finish(void)
{
	if (ste.ret[0] || ste.ret[1]) {
		chk_fail(CHK_LIVENESS, "a store to a writable page failed");
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_spurious_table_end = {
	.name = "spurious-table-end",
	.desc = "a write fault on the last page of a folded MADV_FREEd block, the last of its PTE table, found spurious after another CPU's store made the block dirty in place, no hardware A/D (bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "cpu-load-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = ste_setup,
	.thread = ste_thread,
	.finish = ste_finish,
	.exit = chk_mm_exit,
	/* Dirty and young set by the fault handler alone. */
	.hw = (const char *const[]){ "ha=0", "hd=0", NULL },
	/*
	 * The 64K granule: a 32-entry block and 64K pages, the lockless read
	 * of the block's last entry (past the 16th), and MADV_FREE's
	 * clear_young_dirty_ptes() of the table's last block, where
	 * anything that counts entries or finds the block's first one as
	 * for the 4K granule's 16 runs past the table's end.
	 */
	.also = (const char *const[]){ "granule=64k", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
