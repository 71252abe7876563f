// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect(PROT_READ) of a folded block while its folio migrates.  A writable entry the migration replaced must become a
 * read-only migration entry (change_pte_range(): a writable migration
 * entry made readable), or remove_migration_pte() maps the page writable
 * again in a VMA without VM_WRITE once the migration ends.  A store after
 * mprotect() returned must fault.
 *
 * The bug class: a writable entry in a read-only VMA, or a store that
 * completes after mprotect() returned (permission).  Every other mm and
 * machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MP_PAGE		(CONT_PTES - 1)
#define MP_VALUE	0x7e57

static struct {
	struct mm_model *mm;
	bool protected;
	struct chk_mm_store st;
} mp;

static void mp_setup(void)
{
	chk_mm_setup();
	mp.mm = chk_mm_anon_blocks(1);
	mp.protected = false;
}

static void mp_thread(unsigned int t)
{
	if (t == 0) {
		do_move_pages(mp.mm, chk_mm_va(0));
		return;
	}
	BUG_ON(do_mprotect(mp.mm, chk_mm_va(0), CONT_PTE_SIZE, VM_READ));
	chk_mm_mark(&mp.protected);
	chk_mm_store_until(&mp.st, mp.mm, chk_mm_va(MP_PAGE), MP_VALUE,
			   &mp.protected);
}

static void mp_finish(void)
{
	if (!chk_mm_check_denied(&mp.st, "mprotect", chk_mm_va(MP_PAGE)))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_mprotect_migrate = {
	.name = "mprotect-migrate",
	.desc = "mprotect(PROT_READ) of a folded block while its folio migrates, then a store: writable migration entries made readable (permission)",
	.nr_threads = 2,
	.thread_names = { "migrate", "mprotect-store" },
	.init = chk_mm_init,
	.setup = mp_setup,
	.thread = mp_thread,
	.finish = mp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
