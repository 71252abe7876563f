// SPDX-License-Identifier: GPL-2.0-only
/*
 * Partial munmap() of folded blocks racing accesses (zap_pte_range(); the
 * partial-unmap shapes of the cow.c and mremap selftests): munmap() of a
 * range from the middle of one block to the middle of the next, whose
 * edges clear_full_ptes() must unfold and whose folio batches must stop
 * at the blocks' boundary, then of the first block's first half, then of
 * the rest, which frees both folios, then a new mapping whose first store
 * reuses one of their frames (the allocator hands freed frames out again
 * first).  Meanwhile two user threads store to the middle range and to
 * the first half through the MMU until they see the munmap() of their
 * range return, and once more then, and the deferred split shrinker
 * splits the folios the first munmap() left partly mapped
 * (deferred_split_scan(): their entries become migration entries, which
 * the stores wait on and the later munmap() calls zap).  Asserted: no
 * break-before-make or contiguous-group violation (bbm, misprogrammed);
 * no access through a stale translation to the freed or reused frames
 * (stale-tlb, decided by the machine); a store that begins after the
 * munmap() of its half returned takes SIGSEGV (stale-tlb); the new
 * mapping keeps its store (data-loss); nothing leaks (bookkeeping).
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define MU_FIRST	1
#define MU_MIDDLE	(CONT_PTES - 1)
#define MU_NEW		0x4e3

static struct {
	struct mm_model *mm;
	bool first_gone, middle_gone;	/* that range's munmap() returned */
	struct chk_mm_store first, middle;
	int new_ret;
} mu;

static void mu_reset(struct mm_model *mm)
{
	mu.mm = mm;
	mu.first_gone = mu.middle_gone = false;
	mu.new_ret = -1;
}

/* One mTHP folio a block: the middle range is two batches. */
static void mu_setup(void)
{
	chk_mm_setup();
	mu_reset(chk_mm_anon_blocks(2));
}

/*
 * One folio of both blocks: the middle range is one batch, from inside
 * the first block to inside the second, so that clear_full_ptes() must
 * unfold the block at each edge of the same batch.
 */
static void muf_setup(void)
{
	struct mm_model *mm;

	chk_mm_setup();
	mm = mm_alloc();
	BUG_ON(!mm);
	chk_mm_anon_map(mm, 0, 2 * CONT_PTES, chk_cont_order() + 1);
	mu_reset(mm);
}

/*
 * Unmap the middle, the first half, the last half; then map and touch a
 * new page.
 */
static void mu_unmap(void)
{
	unsigned long half = CONT_PTE_SIZE / 2;

	do_munmap(mu.mm, chk_mm_va(CONT_PTES / 2), CONT_PTE_SIZE);
	chk_mm_mark(&mu.middle_gone);
	do_munmap(mu.mm, chk_mm_va(0), half);
	chk_mm_mark(&mu.first_gone);
	do_munmap(mu.mm, chk_mm_va(CONT_PTES + CONT_PTES / 2), half);
	BUG_ON(!do_mmap(mu.mm, chk_mm_va(2 * CONT_PTES), PAGE_SIZE,
			VM_READ | VM_WRITE, 0, NULL, 0));
	mu.new_ret = user_store(mu.mm, chk_mm_va(2 * CONT_PTES), MU_NEW);
}

static void mu_thread(unsigned int t)
{
	switch (t) {
	case 0:
		mu_unmap();
		break;
	case 1:
		chk_mm_store_until(&mu.first, mu.mm, chk_mm_va(MU_FIRST),
				   MU_FIRST, &mu.first_gone);
		break;
	case 2:
		chk_mm_store_until(&mu.middle, mu.mm, chk_mm_va(MU_MIDDLE),
				   MU_MIDDLE, &mu.middle_gone);
		break;
	default:
		deferred_split_scan();
		break;
	}
}

static void mu_finish(void)
{
	struct page *page;

	if (!chk_mm_check_denied(&mu.first, "munmap()", chk_mm_va(MU_FIRST)) ||
	    !chk_mm_check_denied(&mu.middle, "munmap()", chk_mm_va(MU_MIDDLE)))
		return;
	page = chk_mm_page(mu.mm, chk_mm_va(2 * CONT_PTES));
	if (mu.new_ret || !page || page_data(page) != MU_NEW) {
		chk_fail(CHK_DATA_LOSS, "the new mapping lost its store (%d)",
			 mu.new_ret);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_munmap_partial = {
	.name = "munmap-partial",
	.desc = "munmap() of ranges starting and ending inside folded blocks, then reuse of their frames, vs stores and the deferred split of the folios left partly mapped; no stale translation once the flush completed (stale-tlb, bookkeeping)",
	.nr_threads = 4,
	.thread_names = { "munmap", "cpu-store", "cpu-store", "shrinker" },
	.init = chk_mm_init,
	.setup = mu_setup,
	.thread = mu_thread,
	.finish = mu_finish,
	.exit = chk_mm_exit,
	/* A block of 32 entries: code that assumes 16 shows (64K granule). */
	.also = (const char *const[]){ "bbm=2-noabort", "granule=64k", NULL },
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_munmap_folio = {
	.name = "munmap-folio",
	.desc = "munmap-partial's munmap()s of one folio of two folded blocks: the middle range is one batch from inside the first block to inside the second, whose edges both unfold (cont-block, stale-tlb, bookkeeping)",
	.nr_threads = 4,
	.thread_names = { "munmap", "cpu-store", "cpu-store", "shrinker" },
	.init = chk_mm_init,
	.setup = muf_setup,
	.thread = mu_thread,
	.finish = mu_finish,
	.exit = chk_mm_exit,
	/*
	 * The 64K granule's 32-entry block: the middle batch starts half
	 * a block in, on a 64K boundary as every page there is, so only a
	 * test of the entry's place in its block, not of the address
	 * against the 4K granule's block size, sees that it starts inside
	 * one.
	 */
	.also = (const char *const[]){ "granule=64k", NULL },
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};
