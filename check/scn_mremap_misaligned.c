// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap() of a large folio to an address half a block off its frames.
 * An anonymous folio of two blocks, folded, moved to an address half a
 * block past a block boundary: move_ptes() takes the entries out one by
 * one and sets each at the new address (set_pte_at()), and the block in
 * the middle of the new range then holds a whole block of one folio's
 * consecutive frames, from the middle of one aligned run to the middle of
 * the next.  The contiguous bit asks for an output address aligned to
 * the block (the Arm ARM's contiguous rules; contpte_try_fold() tests
 * that the last entry's frame is the last of an aligned run, and
 * __contpte_try_fold() compares each entry with the frames from the
 * aligned one): folding it is a misprogrammed block.  A CPU stores to a
 * page of that middle block at the old address meanwhile: before the
 * move the store moves with its page, after it the old address faults.
 *
 * Asserted: every block with PTE_CONT maps an aligned run of one folio's
 * frames whenever a PTL is released (cont-block); the store, if it
 * landed, reads at the new address (data-loss); every page keeps its own
 * content and index (the end-of-run sweep); every other mm and machine
 * oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MZ_NEW		(4 * CONT_PTES + CONT_PTES / 2)
/* The old page whose new address is the middle block's first. */
#define MZ_PAGE		(CONT_PTES / 2)
#define MZ_VALUE	0x3a1f

static struct {
	struct mm_model *mm;
	int store_ret;
} mz;

static void mz_setup(void)
{
	chk_mm_setup();
	mz.mm = mm_alloc();
	BUG_ON(!mz.mm);
	chk_mm_anon_map(mz.mm, 0, 2 * CONT_PTES, chk_cont_order() + 1);
	mz.store_ret = -1;
}

static void mz_thread(unsigned int t)
{
	if (t == 0) {
		BUG_ON(do_mremap(mz.mm, chk_mm_va(0), 2 * CONT_PTE_SIZE,
				 chk_mm_va(MZ_NEW)));
		return;
	}
	mz.store_ret = user_store(mz.mm, chk_mm_va(MZ_PAGE), MZ_VALUE);
}

static void mz_finish(void)
{
	if (chk_mm_check_store(mz.mm, chk_mm_va(MZ_NEW + MZ_PAGE),
			       !mz.store_ret, MZ_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_mremap_misaligned = {
	.name = "mremap-misaligned",
	.desc = "mremap() of a folded folio of two blocks to half a block past a block boundary, entry by entry, vs a store at the old address: the block in the middle of the new range maps one folio's consecutive frames, not aligned, and must not fold (cont-block, data-loss)",
	.nr_threads = 2,
	.thread_names = { "mremap", "cpu-store" },
	.init = chk_mm_init,
	.setup = mz_setup,
	.thread = mz_thread,
	.finish = mz_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
