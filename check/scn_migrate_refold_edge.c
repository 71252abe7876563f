// SPDX-License-Identifier: GPL-2.0-only
/*
 * Migration of a folio whose block mprotect(PROT_READ) of its first page
 * split across two VMAs: the first entry read-only, the rest writable.
 * remove_migration_ptes() maps the new folio back one entry at a time
 * (set_pte_at()), and the last entry's set_ptes() tries to fold the
 * block (contpte_try_fold()).  __contpte_try_fold() must compare every
 * entry of the block, the first included: the first differs in write
 * permission, so the block stays unfolded, or the convert rewrites the
 * first entry writable in a VMA without VM_WRITE.  A store to the first
 * page, before, during and after the migration, must take SIGSEGV.
 *
 * The bug class: a fold that does not look at the whole block
 * (permission, cont-block).  Every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define RE_VALUE	0x5eed

static struct {
	struct mm_model *mm;
	bool migrated;
	struct chk_mm_store st;
} re;

static void re_setup(void)
{
	chk_mm_setup();
	re.mm = chk_mm_anon_blocks(1);
	BUG_ON(do_mprotect(re.mm, chk_mm_va(0), PAGE_SIZE, VM_READ));
	re.migrated = false;
}

static void re_thread(unsigned int t)
{
	if (t == 0) {
		do_move_pages(re.mm, chk_mm_va(CONT_PTES - 1));
		chk_mm_mark(&re.migrated);
		return;
	}
	chk_mm_store_until(&re.st, re.mm, chk_mm_va(0), RE_VALUE,
			   &re.migrated);
}

static void re_finish(void)
{
	if (!chk_mm_check_denied(&re.st, "move_pages", chk_mm_va(0)))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_migrate_refold_edge = {
	.name = "migrate-refold-edge",
	.desc = "migration of a folded block whose first page mprotect(PROT_READ) split off, vs stores to that page: the refold at the last entry compares the first (permission)",
	.nr_threads = 2,
	.thread_names = { "migrate", "store-first" },
	.init = chk_mm_init,
	.setup = re_setup,
	.thread = re_thread,
	.finish = re_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
