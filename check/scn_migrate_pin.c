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
 *
 * migrate-get: a GUP reference (FOLL_GET) in place of the pin.  It does
 * not stop the unmap, so every entry is a migration entry when the
 * migration gives up at the reference count it expects
 * (folio_migrate_mapping()), and fork() may copy those, making them
 * readable in both mms; remove_migration_ptes() then maps the old folio
 * back shared.  try_to_migrate() must have cleared PageAnonExclusive of
 * each page it made a migration entry for
 * (folio_try_share_anon_rmap_pte()), or the flag outlives the sharing,
 * and the parent's store reuses the page under the child
 * (cow-isolation).
 */
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define MP_PAGE		0
#define MP_VALUE	0x3a1

static struct {
	struct mm_model *parent, *child;
	bool get;		/* migrate-get: a reference, not a pin */
	struct page *pinned;
} mp;

static void mp_setup_shape(bool get)
{
	chk_mm_setup();
	mp.parent = chk_mm_anon_blocks(1);
	mp.get = get;
	if (get)
		BUG_ON(get_user_pages_fast(mp.parent, chk_mm_va(MP_PAGE), 1,
					   FOLL_WRITE, &mp.pinned) != 1);
	else
		BUG_ON(chk_mm_pin(mp.parent, chk_mm_va(MP_PAGE),
				  &mp.pinned) != 1);
	mp.child = NULL;
}

static void mp_setup(void)
{
	mp_setup_shape(false);
}

static void mp_setup_get(void)
{
	mp_setup_shape(true);
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
	if (mp.get)
		put_user_pages(&mp.pinned, 1);
	else
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

const struct chk_scenario scn_migrate_get = {
	.name = "migrate-get",
	.desc = "the same with a GUP reference (FOLL_GET) in place of the pin: the migration fails after the unmap and puts back the migration entries fork() may have copied, whose pages are no longer exclusive (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "migrate", "fork" },
	.init = chk_mm_init,
	.setup = mp_setup_get,
	.thread = mp_thread,
	.finish = mp_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
