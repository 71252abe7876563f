// SPDX-License-Identifier: GPL-2.0-only
/*
 * A refold across entries that differ only in PTE_UFFD_WP.  A folded
 * anonymous block registered for userfaultfd write-protection; the monitor
 * protects its second half but the last page (UFFDIO_WRITEPROTECT: the
 * block unfolded, those entries read-only with the bit); then mprotect()
 * makes the whole block read-only, which rewrites the last entry alone
 * (a batch of one, as folio_pte_batch() stops at the bit), so
 * set_ptes() tries to refold the block at it, and read-write again.  The
 * entries then differ in nothing but the bit: a fold that compares
 * without it repaints the block with the last entry's value and the
 * protection of the others is gone.  Asserted by the end-of-run sweep:
 * each protected page's entry still carries the bit and is not writable
 * (permission), while another CPU stores to the unprotected last page;
 * every other mm and machine oracle (cont-block, bbm).
 */
#include "mmworld.h"
#include "scenarios.h"

#define UR_VALUE	0x4d2

static struct {
	struct mm_model *mm;
} ur;

static void ur_setup(void)
{
	chk_mm_setup();
	ur.mm = chk_mm_anon_blocks(1);
	BUG_ON(userfaultfd_register(ur.mm, chk_mm_va(0), CONT_PTE_SIZE));
	chk_mm_age(ur.mm, page_folio(chk_mm_page(ur.mm, chk_mm_va(0))));
}

static void ur_thread(unsigned int t)
{
	if (t == 0) {
		BUG_ON(mwriteprotect_range(ur.mm, chk_mm_va(CONT_PTES / 2),
					   CONT_PTE_SIZE / 2 - PAGE_SIZE, true));
		do_mprotect(ur.mm, chk_mm_va(0), CONT_PTE_SIZE, VM_READ);
		do_mprotect(ur.mm, chk_mm_va(0), CONT_PTE_SIZE,
			    VM_READ | VM_WRITE);
	} else {
		user_store(ur.mm, chk_mm_va(CONT_PTES - 1), UR_VALUE);
	}
}

const struct chk_scenario scn_uffd_wp_refold = {
	.name = "uffd-wp-refold",
	.desc = "userfaultfd write-protection of the second half of a folded block but its last page, then mprotect() read-only and read-write of the block: the refold at the last entry must refuse entries that differ in PTE_UFFD_WP (permission, cont-block)",
	.nr_threads = 2,
	.thread_names = { "monitor", "cpu-store" },
	.init = chk_mm_init,
	.setup = ur_setup,
	.thread = ur_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	/* 32 entries a block: a fold that compares only 16 of them. */
	.also = (const char *const[]){ "granule=64k", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
