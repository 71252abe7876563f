// SPDX-License-Identifier: GPL-2.0-only
/*
 * COW isolation through fork() of folded blocks (copy_pte_range() with
 * folio batches: wrprotect_ptes() of the parent's whole blocks in place,
 * set_ptes(nr) of the child's): the parent keeps storing to a page of one
 * block until fork() has returned, and once more then; another parent
 * thread stores to the other block while fork() runs; after fork() the
 * child reads the first page and stores to the other block.  Asserted on
 * every access (cow-isolation): no store of either process reaches a
 * frame the other still maps, and the child reads what the parent's pages
 * held during fork(); every other mm and machine oracle.
 *
 * fork-write-sw-flags: the same on CPUs that manage neither the Access
 * flag nor the dirty state in hardware (no FEAT_HAFDBS, as Cortex-A53 or
 * A72): the child's entries are old, so its first load takes an
 * access-flag fault, whose ptep_set_access_flags() makes the entry young
 * and must leave it read-only (AP[2] as the new entry has it), though
 * pte_wrprotect() left it dirty in software.  Asserted besides: at the
 * end, no private entry is writable over a page that is not
 * PageAnonExclusive (cow-isolation, the end-of-run sweep).
 */
#include "mmworld.h"
#include "scenarios.h"

static unsigned long fw_page(unsigned int i)
{
	/* Block 0's last page, block 1's first half's last. */
	return i ? CONT_PTES + CONT_PTES / 2 - 1 : CONT_PTES - 1;
}

static struct {
	struct mm_model *parent, *child;
	bool forked;		/* fork() returned */
	struct chk_mm_store store;
} fw;

static void fw_setup(void)
{
	chk_mm_setup();
	fw.parent = chk_mm_anon_blocks(2);
	fw.child = NULL;
	fw.forked = false;
}

static void fw_fork(void)
{
	u64 v;

	fw.child = dup_mm(fw.parent);
	BUG_ON(!fw.child);
	chk_mm_mark(&fw.forked);
	user_load(fw.child, chk_mm_va(fw_page(0)), &v);
	user_store(fw.child, chk_mm_va(fw_page(1)), 0xc41d);
	user_load(fw.child, chk_mm_va(fw_page(0)), &v);
}

static void fw_thread(unsigned int t)
{
	switch (t) {
	case 0:
		fw_fork();
		break;
	case 1:
		chk_mm_store_until(&fw.store, fw.parent, chk_mm_va(fw_page(0)),
				   0xfa7e, &fw.forked);
		break;
	default:
		user_store(fw.parent, chk_mm_va(fw_page(1)), 0xfa7f);
		break;
	}
}

const struct chk_scenario scn_fork_write = {
	.name = "fork-write",
	.desc = "fork() of folded blocks vs the parent's stores during and after it, the child's loads and stores (cow-isolation)",
	.nr_threads = 3,
	.thread_names = { "fork-child", "parent-store", "parent-store" },
	.init = chk_mm_init,
	.setup = fw_setup,
	.thread = fw_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_fork_write_sw_flags = {
	.name = "fork-write-sw-flags",
	.desc = "fork-write on CPUs without hardware Access flag and dirty state management: the child's first load of its old, read-only, software-dirty entries is an access-flag fault, which must leave them read-only (cow-isolation)",
	.nr_threads = 3,
	.thread_names = { "fork-child", "parent-store", "parent-store" },
	.init = chk_mm_init,
	.setup = fw_setup,
	.thread = fw_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.hw = (const char *const[]){ "ha=0", "hd=0", NULL },
	.mode = CHK_RANDOM,
	.executions = 5000,
	.bound = 1,
};
