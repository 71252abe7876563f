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
 * mprotect-span does the same to a folio of two folded blocks, from the
 * middle of the first block to the middle of the second: one batch of a
 * block's length that starts inside a block, so that both ends must
 * unfold (contpte_try_unfold_partial()).  mprotect-span-short: the same
 * from three quarters into the first block to a quarter into the second,
 * a batch shorter than a block that still ends in another one.
 * Asserted: no break-before-make or contiguous-group violation (bbm,
 * misprogrammed) and no TLB conflict; a store that begins after
 * mprotect() returned takes SIGSEGV on the read-only part (stale-tlb: a
 * stale writable translation survived the flush), and always completes
 * on the other part (liveness); a page holds the store if one completed
 * and its old contents if none did (data-loss); at the end the read-only
 * part's entries are read-only and the rest writable (bookkeeping).
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define MP_VALUE	0xa1

/* What is mapped, what is made read-only, and where the stores go. */
struct mp_shape {
	unsigned int blocks;		/* one folio of this many (a power of 2) */
	unsigned long ro_start, ro_end;	/* pages made read-only */
	unsigned long ro_page, rw_page;	/* the two stores' pages */
};

static struct {
	struct mp_shape shape;
	struct mm_model *mm;
	bool done;		/* mprotect() returned */
	struct chk_mm_store own, ro, rw;
} mp;

static void mp_setup_shape(struct mp_shape shape)
{
	chk_mm_setup();
	mp.shape = shape;
	mp.mm = mm_alloc();
	BUG_ON(!mp.mm);
	chk_mm_anon_map(mp.mm, 0, shape.blocks * (unsigned long)CONT_PTES,
			chk_cont_order() + __builtin_ctz(shape.blocks));
	mp.done = false;
}

/* The first half of a block. */
static void mp_setup(void)
{
	mp_setup_shape((struct mp_shape){ .blocks = 1, .ro_start = 0,
					  .ro_end = CONT_PTES / 2,
					  .ro_page = 1,
					  .rw_page = CONT_PTES - 1 });
}

/* The second half of the first block and the first of the second. */
static void mp_span_setup(void)
{
	mp_setup_shape((struct mp_shape){ .blocks = 2,
					  .ro_start = CONT_PTES / 2,
					  .ro_end = CONT_PTES + CONT_PTES / 2,
					  .ro_page = CONT_PTES / 2 + 1,
					  .rw_page = CONT_PTES / 2 - 1 });
}

/* Three quarters into the first block to a quarter into the second. */
static void mp_span_short_setup(void)
{
	mp_setup_shape((struct mp_shape){ .blocks = 2,
					  .ro_start = CONT_PTES - CONT_PTES / 4,
					  .ro_end = CONT_PTES + CONT_PTES / 4,
					  .ro_page = CONT_PTES,
					  .rw_page = CONT_PTES / 2 });
}

static void mp_thread(unsigned int t)
{
	const struct mp_shape *sh = &mp.shape;
	unsigned long ro = chk_mm_va(sh->ro_start);

	switch (t) {
	case 0:
		do_mprotect(mp.mm, ro, chk_mm_va(sh->ro_end) - ro, VM_READ);
		chk_mm_mark(&mp.done);
		chk_mm_store_until(&mp.own, mp.mm, ro, MP_VALUE, &mp.done);
		break;
	case 1:
		chk_mm_store_until(&mp.ro, mp.mm, chk_mm_va(sh->ro_page),
				   MP_VALUE, &mp.done);
		break;
	default:
		chk_mm_store_until(&mp.rw, mp.mm, chk_mm_va(sh->rw_page),
				   MP_VALUE, &mp.done);
		break;
	}
}

/*
 * Page @page holds the store if one completed, what chk_mm_anon_map() put
 * there if not.
 */
static bool mp_check_data(const struct chk_mm_store *st, unsigned long page)
{
	struct page *p = chk_mm_page(mp.mm, chk_mm_va(page));
	u64 expect = st->completed ? MP_VALUE : page + 1;

	if (page_data(p) == expect)
		return true;
	chk_fail(CHK_DATA_LOSS, "page %lu reads %#llx, %#llx expected",
		 page, (unsigned long long)page_data(p),
		 (unsigned long long)expect);
	return false;
}

/* Read-only in the range, writable outside it. */
static bool mp_check_prot(void)
{
	const struct mp_shape *sh = &mp.shape;
	unsigned long i;
	pte_t pte;

	for (i = 0; i < sh->blocks * (unsigned long)CONT_PTES; i++) {
		pte = mm_read_pte(mp.mm, chk_mm_va(i));
		if (pte_write(pte) == (i >= sh->ro_start && i < sh->ro_end)) {
			chk_fail(CHK_BOOKKEEPING, "page %lu is %s after mprotect()",
				 i, pte_write(pte) ? "writable" : "read-only");
			return false;
		}
	}
	return true;
}

static void mp_finish(void)
{
	const struct mp_shape *sh = &mp.shape;

	if (!chk_mm_check_denied(&mp.own, "mprotect()",
				 chk_mm_va(sh->ro_start)) ||
	    !chk_mm_check_denied(&mp.ro, "mprotect()",
				 chk_mm_va(sh->ro_page)))
		return;
	if (mp.rw.refused) {
		chk_fail(CHK_LIVENESS, "a store to the writable part failed: %d",
			 mp.rw.refused);
		return;
	}
	if (!mp_check_data(&mp.ro, sh->ro_page) ||
	    !mp_check_data(&mp.rw, sh->rw_page) || !mp_check_prot())
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

const struct chk_scenario scn_mprotect_span = {
	.name = "mprotect-span",
	.desc = "mprotect(PROT_READ) of a range from the middle of one folded block of a two-block folio to the middle of the next vs stores on either side: both ends unfold (bbm, cont-block, permission, stale-tlb)",
	.nr_threads = 3,
	.thread_names = { "mprotect", "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = mp_span_setup,
	.thread = mp_thread,
	.finish = mp_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};

const struct chk_scenario scn_mprotect_span_short = {
	.name = "mprotect-span-short",
	.desc = "mprotect-span of half a block, from three quarters into the first folded block to a quarter into the next: a batch shorter than a block unfolds both (bbm, cont-block, permission, stale-tlb)",
	.nr_threads = 3,
	.thread_names = { "mprotect", "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = mp_span_short_setup,
	.thread = mp_thread,
	.finish = mp_finish,
	.exit = chk_mm_exit,
	/*
	 * The 64K granule's 32-entry block: the range starts on a 64K
	 * boundary in the middle of a block and is 16 entries long, a whole
	 * 4K-granule block, which code that tests alignment against 64K or
	 * 16 entries takes for whole blocks.
	 */
	.also = (const char *const[]){ "granule=64k", NULL },
	.mode = CHK_RANDOM,
	.executions = 5000,
	.bound = 1,
};
