// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork() of an order-0 anonymous page that reclaim swapped out, its folio
 * freed; the parent then loads it back, which leaves the folio in the swap
 * cache and maps it read-only (the child's entry still names the slot, so
 * the page is not exclusive).  The parent's store then takes a write fault
 * on a page another mm may still reach through the swap cache, while the
 * child loads it.  do_wp_page() may reuse an order-0 folio only once it
 * left the swap cache (wp_can_reuse_anon_folio(): folio_free_swap(), which
 * refuses while an entry names the slot) and nothing else holds it; here
 * it must copy, and the child's swap-in must find the content of before
 * fork() (cow-isolation).  Every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define FR_PAGE		0
#define FR_VALUE	0x5e0

static struct {
	struct mm_model *parent, *child;
} fw;

static void fw_setup(void)
{
	u64 v;

	chk_mm_setup();
	BUG_ON(swapon(4, 0));
	fw.parent = mm_alloc();
	BUG_ON(!fw.parent);
	chk_mm_anon_map(fw.parent, FR_PAGE, 1, 0);
	chk_mm_swap_out(fw.parent, chk_mm_va(FR_PAGE));
	fw.child = dup_mm(fw.parent);
	BUG_ON(!fw.child);
	BUG_ON(user_load(fw.parent, chk_mm_va(FR_PAGE), &v));
}

static void fw_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		user_store(fw.parent, chk_mm_va(FR_PAGE), FR_VALUE);
		return;
	}
	user_load(fw.child, chk_mm_va(FR_PAGE), &v);
}

static void fw_finish(void)
{
	if (chk_mm_check_untouched(fw.child, FR_PAGE, 1))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_fork_swap_reuse = {
	.name = "fork-swap-reuse",
	.desc = "the parent's store to an order-0 page it swapped back in after fork() shared its slot with the child, racing the child's swap-in: the page in the swap cache is copied, not reused (cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "parent-store", "child-load" },
	.init = chk_mm_init,
	.setup = fw_setup,
	.thread = fw_thread,
	.finish = fw_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 1000000,
	.bound = 1,
};
