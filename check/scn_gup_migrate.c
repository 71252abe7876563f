// SPDX-License-Identifier: GPL-2.0-only
/*
 * An O_DIRECT read into an anonymous buffer against migration of its
 * folio (move_pages(2), compaction).  A direct-IO read takes a reference
 * on a page of a folded block for writing (get_user_pages_fast(
 * FOLL_WRITE), as before FOLL_PIN), the device writes into the page, and
 * the completion marks the folio dirty and drops the reference;
 * meanwhile the folio migrates.  Migration may copy the
 * folio only once nothing but its own isolation reference holds it, after
 * its entries became migration entries (folio_migrate_mapping()'s
 * expected count); a referenced folio is mapped back as it was.  Finally the
 * process reads the page: it must hold what the device wrote.
 *
 * The bug class: a referenced folio migrated, so the device's data goes to a
 * frame the process no longer maps (pin-coherence, data-loss); a folio
 * freed with its pin (gup-pin); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define PM_PAGE		1
#define PM_VALUE	0xd11

static struct {
	struct mm_model *mm;
	struct page *pinned;
	long pin_ret;
} pm;

static void pm_setup(void)
{
	chk_mm_setup();
	pm.mm = chk_mm_anon_blocks(1);
	pm.pin_ret = -1;
}

static void pm_thread(unsigned int t)
{
	if (t == 0) {
		pm.pin_ret = chk_mm_dio_read_ref(pm.mm, chk_mm_va(PM_PAGE),
						 PM_VALUE, &pm.pinned);
		return;
	}
	do_move_pages(pm.mm, chk_mm_va(0));
}

static void pm_finish(void)
{
	if (chk_mm_check_pinned(pm.pin_ret) &&
	    chk_mm_check_store(pm.mm, chk_mm_va(PM_PAGE), true, PM_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_gup_migrate = {
	.name = "gup-migrate",
	.desc = "a direct-IO read takes a GUP reference (FOLL_GET) on a page of a folded block, the device writes it, vs migration of the folio: a referenced folio is never migrated (data-loss)",
	.nr_threads = 2,
	.thread_names = { "dio-read", "migrate" },
	.init = chk_mm_init,
	.setup = pm_setup,
	.thread = pm_thread,
	.finish = pm_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 5000,
	.bound = 1,
};
