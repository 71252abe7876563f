// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ranges that start or end inside folded blocks, over a hole.  Two folded
 * blocks; MADV_DONTNEED has made one page of the first a hole (its zap
 * unfolded the block).  One thread mprotect()s read-only, then back, a
 * range from the first block's start to the middle of the second; another
 * calls MADV_FREE from the middle of the first block to the end; a user
 * thread stores to both blocks until mprotect() is done, and once more.
 * folio_pte_batch() must stop at the hole and at the range's end: a batch
 * that counted across the hole would map the freed page again and count
 * mappings that are not there.  Asserted: counts never go wrong, and
 * nothing is left over at exit (bookkeeping); blocks with PTE_CONT stay
 * whole (cont-block); no access completes where the VMA does not allow it
 * after mprotect() returned (permission); every other mm and machine
 * oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define RG_HOLE		1

static struct {
	struct mm_model *mm;
	bool done;		/* both mprotect() calls returned */
	struct chk_mm_store store[2];
} rg;

static void rg_setup(void)
{
	chk_mm_setup();
	rg.mm = chk_mm_anon_blocks(2);
	/* The split MADV_FREE makes maps these as the zero page. */
	chk_mm_zero_pages(rg.mm, CONT_PTES / 2, CONT_PTES / 2);
	BUG_ON(do_madvise(rg.mm, chk_mm_va(RG_HOLE), PAGE_SIZE, MADV_DONTNEED));
	rg.done = false;
}

static void rg_mprotect(void)
{
	unsigned long len = (CONT_PTES + CONT_PTES / 2) << PAGE_SHIFT;

	do_mprotect(rg.mm, chk_mm_va(0), len, VM_READ);
	do_mprotect(rg.mm, chk_mm_va(0), len, VM_READ | VM_WRITE);
	chk_mm_mark(&rg.done);
}

/* The pages stored to: one in each block, inside the mprotect() range. */
static unsigned long rg_page(unsigned int i)
{
	return i ? CONT_PTES : 0;
}

static void rg_thread(unsigned int t)
{
	switch (t) {
	case 0:
		rg_mprotect();
		break;
	case 1:
		do_madvise(rg.mm, chk_mm_va(CONT_PTES / 2),
			   (CONT_PTES + CONT_PTES / 2) << PAGE_SHIFT,
			   MADV_FREE);
		chk_mm_store_until(&rg.store[1], rg.mm, chk_mm_va(rg_page(1)),
				   0x1b, &rg.done);
		break;
	default:
		chk_mm_store_until(&rg.store[0], rg.mm, chk_mm_va(rg_page(0)),
				   0x0b, &rg.done);
		break;
	}
}

const struct chk_scenario scn_partial_ranges = {
	.name = "partial-ranges",
	.desc = "mprotect() and MADV_FREE of ranges starting or ending inside folded blocks, across a MADV_DONTNEED hole, vs stores (bookkeeping, cont-block, permission)",
	.nr_threads = 3,
	.thread_names = { "mprotect", "madv-free", "cpu-store" },
	.init = chk_mm_init,
	.setup = rg_setup,
	.thread = rg_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
