// SPDX-License-Identifier: GPL-2.0-only
/*
 * Migration of a pinned folio, then fork().  A folded block exclusive to
 * its process has a page write-pinned (a direct-IO read in flight,
 * pin_user_pages_fast(FOLL_WRITE)); its folio is migrated (move_pages())
 * while the process forks.  The migration must give up: a pinned
 * exclusive page cannot stop being exclusive
 * (folio_try_share_anon_rmap_pte()), so its entry goes back as it was,
 * still exclusive, and the walk stops.  fork() then copies the pinned
 * page for the child rather than share it, and the parent's store after
 * both lands in the pinned page.
 *
 * The bug class: a page whose migration was refused left not exclusive,
 * so fork() shares it and the parent's store copies it away from the pin
 * (gup-pin, pin-coherence); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define MP_PAGE		0
#define MP_VALUE	0x3a1

static struct {
	struct mm_model *parent, *child;
	struct page *pinned;
} mp;

static void mp_setup(void)
{
	chk_mm_setup();
	mp.parent = chk_mm_anon_blocks(1);
	BUG_ON(chk_mm_pin(mp.parent, chk_mm_va(MP_PAGE), &mp.pinned) != 1);
	mp.child = NULL;
}

static void mp_thread(unsigned int t)
{
	if (t == 0) {
		do_move_pages(mp.parent, chk_mm_va(0));
		return;
	}
	mp.child = dup_mm(mp.parent);
	BUG_ON(!mp.child);
}

/* The parent stores to the pinned page, then the IO completes. */
static void mp_finish(void)
{
	if (user_store(mp.parent, chk_mm_va(MP_PAGE), MP_VALUE)) {
		chk_fail(CHK_LIVENESS, "a store after fork() and migration failed");
		return;
	}
	chk_mm_unpin(mp.pinned);
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_migrate_pin = {
	.name = "migrate-pin",
	.desc = "migration of a folded block with a write-pinned page vs fork(), then the parent's store to that page: the refused migration leaves the page exclusive, fork() copies it (gup-pin, pin-coherence)",
	.nr_threads = 2,
	.thread_names = { "migrate", "fork" },
	.init = chk_mm_init,
	.setup = mp_setup,
	.thread = mp_thread,
	.finish = mp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
