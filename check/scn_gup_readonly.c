// SPDX-License-Identifier: GPL-2.0-only
/*
 * A write pin that runs out of its VMA into a read-only one.  A direct-IO
 * read into a buffer of two pages, the first in an anonymous read-write
 * mapping, the second in the part of it mprotect(PROT_READ) made
 * read-only (the VMA split between them), neither faulted in yet: GUP-fast
 * finds no entry, and the slow path (__get_user_pages()) faults each page
 * in through the VMA that holds it.  Every page of the range gets its own
 * VMA lookup (gup_vma_lookup() whenever the address passes the VMA's end)
 * and its own check_vma_flags(): the first page is pinned, the second
 * refused, and the pin returns one page (the IO is short; -EFAULT for the
 * rest).  Meanwhile a user thread loads from the read-only page, which maps
 * the zero page there, and tries to store to it.
 *
 * Asserted: the pin returns exactly the first page (permission: a write
 * pin of a page of a VMA without VM_WRITE; liveness: the pin of a page its
 * VMA allows refused); the store takes SIGSEGV and at the end no entry of
 * the read-only VMA is writable (permission, the end-of-run sweep); every
 * other mm and machine oracle.
 */
#include "pins.h"
#include "mmworld.h"
#include "scenarios.h"

#define GR_VALUE	0xd10

static struct {
	struct mm_model *mm;
	struct page *pages[2];
	long ret;
} gr;

static void gr_setup(void)
{
	chk_mm_setup();
	gr.mm = mm_alloc();
	BUG_ON(!gr.mm);
	BUG_ON(!do_mmap(gr.mm, chk_mm_va(0), 2 * PAGE_SIZE,
			VM_READ | VM_WRITE, 0, NULL, 0));
	BUG_ON(do_mprotect(gr.mm, chk_mm_va(1), PAGE_SIZE, VM_READ));
	gr.pages[0] = gr.pages[1] = NULL;
	gr.ret = 0;
}

static void gr_thread(unsigned int t)
{
	long i;
	u64 v;

	if (t) {
		user_load(gr.mm, chk_mm_va(1), &v);
		user_store(gr.mm, chk_mm_va(1), GR_VALUE + 1);
		return;
	}
	/* The read's pin_user_pages_fast(FOLL_WRITE) of its whole buffer. */
	gr.ret = pin_user_pages_fast(gr.mm, chk_mm_va(0), 2, FOLL_WRITE,
				     gr.pages);
	for (i = 0; i < gr.ret; i++)
		chk_dio_write(gr.pages[i], GR_VALUE + i);
	if (gr.ret > 0)
		unpin_user_pages(gr.pages, gr.ret);
}

static void gr_finish(void)
{
	if (gr.ret == 2) {
		chk_fail(CHK_PERMISSION,
			 "the write pin of [%#lx, %#lx) returned its page in the read-only VMA",
			 chk_mm_va(0), chk_mm_va(2));
		return;
	}
	if (gr.ret != 1) {
		chk_fail(CHK_LIVENESS,
			 "the write pin of the writable page at %#lx returned %ld",
			 chk_mm_va(0), gr.ret);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_gup_readonly = {
	.name = "gup-readonly",
	.desc = "a direct-IO read pins a buffer running from a writable VMA into one mprotect() made read-only, neither faulted in, vs a load and a store there: the pin stops at the VMA's end, and the read-only page never becomes writable (permission)",
	.nr_threads = 2,
	.thread_names = { "dio-read", "cpu-load-store" },
	.init = chk_mm_init,
	.setup = gr_setup,
	.thread = gr_thread,
	.finish = gr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
