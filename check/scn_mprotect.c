// SPDX-License-Identifier: GPL-2.0-only
/*
 * Partial mprotect() of a folded block, the mprotect selftest shape
 * (change_pte_range() as batched by "mm: Optimize mprotect() by
 * PTE-batching", Dev Jain, 2025):
 * mprotect(PROT_READ) of the first half of a block, whose edge batch
 * modify_prot_start_ptes() must unfold, races two user threads storing
 * to either half through the MMU until they see mprotect() return, and
 * once more then; the CPU that calls mprotect() holds writable TLB
 * entries for the block from the setup and stores afterwards.
 * Asserted: no break-before-make or contiguous-group violation (bbm,
 * misprogrammed) and no TLB conflict; a store that begins after
 * mprotect() returned takes SIGSEGV on the read-only half (stale-tlb: a
 * stale writable translation survived the flush), and always completes
 * on the other half (liveness); a page holds the store if one completed
 * and its old contents if none did (data-loss); at the end the read-only
 * half's entries are read-only and the rest writable (bookkeeping).
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define MP_RO_PAGE	1
#define MP_RW_PAGE	(CONT_PTES - 1)
#define MP_VALUE	0xa1

static struct {
	struct mm_model *mm;
	bool done;		/* mprotect() returned */
	struct chk_mm_store own, ro, rw;
} mp;

static unsigned long mp_half(void)
{
	return CONT_PTE_SIZE / 2;
}

static void mp_setup(void)
{
	chk_mm_setup();
	mp.mm = chk_mm_anon_blocks(1);
	mp.done = false;
}

static void mp_thread(unsigned int t)
{
	switch (t) {
	case 0:
		do_mprotect(mp.mm, chk_mm_va(0), mp_half(), VM_READ);
		chk_mm_mark(&mp.done);
		chk_mm_store_until(&mp.own, mp.mm, chk_mm_va(0), MP_VALUE,
				   &mp.done);
		break;
	case 1:
		chk_mm_store_until(&mp.ro, mp.mm, chk_mm_va(MP_RO_PAGE),
				   MP_VALUE, &mp.done);
		break;
	default:
		chk_mm_store_until(&mp.rw, mp.mm, chk_mm_va(MP_RW_PAGE),
				   MP_VALUE, &mp.done);
		break;
	}
}

/* Page @page holds the store if one completed, its old contents if not. */
static bool mp_check_data(const struct chk_mm_store *st, unsigned long page,
			  u64 before)
{
	struct page *p = chk_mm_page(mp.mm, chk_mm_va(page));
	u64 expect = st->completed ? MP_VALUE : before;

	if (page_data(p) == expect)
		return true;
	chk_fail(CHK_DATA_LOSS, "page %lu reads %#llx, %#llx expected",
		 page, (unsigned long long)page_data(p),
		 (unsigned long long)expect);
	return false;
}

/* Read-only below the half, writable above it. */
static bool mp_check_prot(void)
{
	unsigned long i;
	pte_t pte;

	for (i = 0; i < CONT_PTES; i++) {
		pte = mm_read_pte(mp.mm, chk_mm_va(i));
		if (pte_write(pte) != (i >= CONT_PTES / 2)) {
			chk_fail(CHK_BOOKKEEPING, "page %lu is %s after mprotect()",
				 i, pte_write(pte) ? "writable" : "read-only");
			return false;
		}
	}
	return true;
}

static void mp_finish(void)
{
	if (!chk_mm_check_denied(&mp.own, "mprotect()", chk_mm_va(0)) ||
	    !chk_mm_check_denied(&mp.ro, "mprotect()", chk_mm_va(MP_RO_PAGE)))
		return;
	if (mp.rw.refused) {
		chk_fail(CHK_LIVENESS, "a store to the writable half failed: %d",
			 mp.rw.refused);
		return;
	}
	if (!mp_check_data(&mp.ro, MP_RO_PAGE, 0) ||
	    !mp_check_data(&mp.rw, MP_RW_PAGE, 0) || !mp_check_prot())
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_mprotect_partial = {
	.name = "mprotect-partial",
	.desc = "mprotect(PROT_READ) of half a folded block vs stores to both halves; the edge unfolds, stores after it returned fault (bbm, misprogrammed, permission, stale-tlb)",
	.nr_threads = 3,
	.thread_names = { "mprotect", "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = mp_setup,
	.thread = mp_thread,
	.finish = mp_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_RANDOM,
	.executions = 20000,
	.bound = 1,
};
