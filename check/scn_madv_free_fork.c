// SPDX-License-Identifier: GPL-2.0-only
/*
 * MADV_FREE and fork().  Block A was MADV_FREEd; a user thread stores to
 * it while fork() write-protects it (wrprotect_ptes(): the hardware's
 * dirty bit must survive, moved into the software one, or reclaim will
 * throw the store away).  After fork() the parent MADV_FREEs block B,
 * which the child now maps too (madvise_free_pte_range() must leave a
 * shared folio alone), reclaim scans both folios, and the child reads B.
 * Asserted: reclaim never discards a lazyfree folio written since
 * MADV_FREE, and each page holds its last store (data-loss); the child
 * reads what B held at fork() (cow-isolation); every other mm and
 * machine oracle.
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define MK_VALUE	0x3ad

static struct {
	struct mm_model *parent, *child;
	struct folio *a, *b;
	bool forked;		/* fork() returned */
	struct chk_mm_store store;
} mk;

/* Block A's page the user stores to, block B's page the child reads. */
static unsigned long mk_a(void)
{
	return 1;
}

static unsigned long mk_b(void)
{
	return CONT_PTES + 1;
}

static void mk_setup(void)
{
	chk_mm_setup();
	mk.parent = chk_mm_anon_blocks(2);
	mk.a = page_folio(chk_mm_page(mk.parent, chk_mm_va(0)));
	mk.b = page_folio(chk_mm_page(mk.parent, chk_mm_va(CONT_PTES)));
	BUG_ON(user_store(mk.parent, chk_mm_va(mk_b()), MK_VALUE + 1));
	BUG_ON(do_madvise(mk.parent, chk_mm_va(0), CONT_PTE_SIZE, MADV_FREE));
	mk.child = NULL;
	mk.forked = false;
}

static void mk_reclaim(void)
{
	struct reclaim_stats stats = { 0 };

	shrink_folio(mk.a, &stats);
	shrink_folio(mk.b, &stats);
}

static void mk_fork(void)
{
	u64 v;

	mk.child = dup_mm(mk.parent);
	BUG_ON(!mk.child);
	chk_mm_mark(&mk.forked);
	do_madvise(mk.parent, chk_mm_va(CONT_PTES), CONT_PTE_SIZE, MADV_FREE);
	mk_reclaim();
	user_load(mk.child, chk_mm_va(mk_b()), &v);
}

static void mk_thread(unsigned int t)
{
	if (t == 0)
		mk_fork();
	else
		chk_mm_store_until(&mk.store, mk.parent, chk_mm_va(mk_a()),
				   MK_VALUE, &mk.forked);
}

static void mk_finish(void)
{
	struct page *page;

	mk_reclaim();
	page = chk_mm_page(mk.parent, chk_mm_va(mk_a()));
	if (mk.store.completed && !mk.store.ret &&
	    (!page || page_data(page) != MK_VALUE)) {
		chk_fail(CHK_DATA_LOSS, "page %lu reads %#llx after a store of %#x",
			 mk_a(), page ? (unsigned long long)page_data(page) : 0ull,
			 MK_VALUE);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_madv_free_fork = {
	.name = "madv-free-fork",
	.desc = "fork() of a MADV_FREEd block vs a store to it, then MADV_FREE of a block the child shares and reclaim (data-loss, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "fork-free-reclaim", "cpu-store" },
	.init = chk_mm_init,
	.setup = mk_setup,
	.thread = mk_thread,
	.finish = mk_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 30000,
	.bound = 1,
};
