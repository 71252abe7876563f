// SPDX-License-Identifier: GPL-2.0-only
/*
 * Freeing into a fragmented buddy.  Three folded anonymous blocks, each a
 * folio of the block's order, taken in turn from the allocator; the third
 * is split into order-0 folios (split_huge_pages_pid()) and its first
 * page munmap()ed, so that the third block's frames are a free order-0
 * block at their head and allocated pages after it.  The second block is
 * then munmap()ed: its buddy at the block's order is that head, free but
 * of a lower order, which the merge must not take in (page_is_buddy()
 * compares the orders, as __free_one_page() here does).  Meanwhile a
 * user thread stores to each of two blocks of a new mTHP VMA, whose
 * write faults take large folios from the allocator, the one the second
 * block gave back among them.
 *
 * Asserted: the third block's remaining pages keep their content, and no
 * frame is handed out while a page still maps it (data-loss;
 * bookkeeping: a page the end-of-run sweep finds mapped where its index
 * does not say); every other mm and machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define SF_NEW		(4 * CONT_PTES)	/* the new mTHP VMA's first page */
#define SF_SPLIT	(2 * CONT_PTES)	/* the block that is split */
#define SF_VALUE	0x5f0

static struct {
	struct mm_model *mm;
	int ret[2];
} sf;

static void sf_setup(void)
{
	chk_mm_setup();
	sf.mm = chk_mm_anon_blocks(3);
	BUG_ON(!do_mmap(sf.mm, chk_mm_va(SF_NEW), 2 * CONT_PTE_SIZE,
			VM_READ | VM_WRITE, chk_cont_order(), NULL, 0));
	sf.ret[0] = sf.ret[1] = -1;
}

static void sf_thread(unsigned int t)
{
	unsigned int i;

	if (t == 0) {
		split_huge_pages_pid(sf.mm, chk_mm_va(SF_SPLIT),
				     chk_mm_va(SF_SPLIT + CONT_PTES), 0);
		BUG_ON(do_munmap(sf.mm, chk_mm_va(SF_SPLIT), PAGE_SIZE));
		BUG_ON(do_munmap(sf.mm, chk_mm_va(CONT_PTES), CONT_PTE_SIZE));
		return;
	}
	for (i = 0; i < 2; i++)
		sf.ret[i] = user_store(sf.mm, chk_mm_va(SF_NEW + i * CONT_PTES),
				       SF_VALUE + i);
}

static void sf_finish(void)
{
	unsigned int i;

	for (i = 0; i < 2; i++)
		if (!chk_mm_check_stored(sf.mm, chk_mm_va(SF_NEW + i * CONT_PTES),
					sf.ret[i], SF_VALUE + i))
			return;
	if (chk_mm_check_untouched(sf.mm, SF_SPLIT + 1, CONT_PTES - 1))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_split_fragment = {
	.name = "split-fragment",
	.desc = "a folded block split and its first page munmap()ed, then munmap() of the block before it, whose buddy is now a free page of a lower order, vs write faults that take new mTHP folios: the free merges only with a buddy of its own order (data-loss, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "split-munmap", "cpu-store" },
	.init = chk_mm_init,
	.setup = sf_setup,
	.thread = sf_thread,
	.finish = sf_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
