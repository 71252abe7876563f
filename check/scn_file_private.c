// SPDX-License-Identifier: GPL-2.0-only
/*
 * A MAP_PRIVATE mapping of a cached file (do_cow_fault(), and
 * do_wp_page() on a page cache page mapped read-only): a load of a folded
 * block's page, whose fault-around maps the block's cached folio
 * read-only, races a store to the same page, which either copies the page
 * cache page into a private anonymous page where the entry is still none
 * (do_cow_fault(): allocate and copy without the PTL, then recheck the
 * entry under it, vmf_pte_changed()), or COWs the entry the load mapped
 * (wp_page_copy()).  Asserted: the process reads its store afterwards
 * (data-loss), the page cache page never sees it (cow-isolation), and
 * every other mm and machine oracle: a private copy mapped over the
 * load's entry without the recheck is a live entry changed without
 * break-before-make (bbm) and a leaked mapping (bookkeeping).
 *
 * file-private-mprotect: the block mapped read-only by a load in the
 * setup, made read-only and then read-write again by mprotect(), which
 * makes an entry writable in place only over an exclusive anonymous page
 * (can_change_pte_writable()), never over a page cache page, vs the
 * store: the same assertions, and the end-of-run sweep's, that no entry
 * of the private VMA is writable over a page that is not
 * PageAnonExclusive.
 *
 * file-private-shmem: file-private over shared memory, which a
 * MAP_PRIVATE mapping copies on write as it does a regular file
 * (do_fault() sends every private write to do_cow_fault(), whatever the
 * file), never writing the shmem page in place.
 *
 * file-private-swap: the private copy a store made of the block's second
 * page is anonymous memory like any other, which reclaim swaps out and
 * frees (a swap entry in the file VMA); then one CPU loads that page and
 * stores to it, which swaps it back in (do_swap_page(): only a uffd-wp
 * marker among the non-present entries of a file VMA stands for an empty
 * one), while the other loads the block's first page, whose fault-around
 * maps the cached folio around it but leaves the swap entry alone.
 * Asserted as well: the load reads the private copy's value, not the
 * file's (data-loss), and the access completes (liveness).
 */
#include <linux/highmem.h>
#include <linux/swapops.h>

#include "mmworld.h"
#include "scenarios.h"

#define PF_PAGE		1
#define PF_VALUE	0x9c0f
/* No store began once the VMA was writable again: none had to complete. */
#define PF_NOT_TRIED	1

static struct {
	struct mm_model *mm;
	struct address_space file;
	u64 before;
	int store_ret;
	/* file-private-mprotect: mprotect() returned; the stores till then */
	bool writable;
	struct chk_mm_store st;
} pf;

static void pf_setup_shape(bool shmem)
{
	chk_mm_setup();
	if (shmem)
		chk_mm_shmem_setup(&pf.file, CONT_PTES, chk_cont_order());
	else
		chk_mm_file_setup(&pf.file, CONT_PTES, chk_cont_order());
	pf.mm = mm_alloc();
	BUG_ON(!pf.mm || !do_mmap(pf.mm, CHK_MM_BASE, CONT_PTE_SIZE,
				  VM_READ | VM_WRITE, 0, &pf.file, 0));
	pf.before = chk_mm_file_data(&pf.file, PF_PAGE);
	pf.store_ret = -1;
}

static void pf_setup(void)
{
	pf_setup_shape(false);
}

static void pf_setup_shmem(void)
{
	pf_setup_shape(true);
}

static void pf_setup_mprotect(void)
{
	u64 v;

	pf_setup();
	BUG_ON(user_load(pf.mm, chk_mm_va(0), &v));
	BUG_ON(do_mprotect(pf.mm, chk_mm_va(0), CONT_PTE_SIZE, VM_READ));
	pf.writable = false;
	pf.st = (struct chk_mm_store){ 0 };
}

static void pf_mprotect_thread(unsigned int t)
{
	if (t == 0) {
		BUG_ON(do_mprotect(pf.mm, chk_mm_va(0), CONT_PTE_SIZE,
				   VM_READ | VM_WRITE));
		chk_mm_mark(&pf.writable);
		return;
	}
	/* Refused while the VMA is read-only; the last, after, must do. */
	chk_mm_store_until(&pf.st, pf.mm, chk_mm_va(PF_PAGE), PF_VALUE,
			   &pf.writable);
	pf.store_ret = pf.st.after ? pf.st.ret : PF_NOT_TRIED;
}

/* The private copy of PF_PAGE (@PF_VALUE - 1), swapped out and freed. */
static void pf_setup_swap(void)
{
	pf_setup_shape(false);
	BUG_ON(swapon(2 * CONT_PTES, 0));
	BUG_ON(user_store(pf.mm, chk_mm_va(PF_PAGE), PF_VALUE - 1));
	chk_mm_swap_out(pf.mm, chk_mm_va(PF_PAGE));
	BUG_ON(!is_swap_pte(mm_read_pte(pf.mm, chk_mm_va(PF_PAGE))));
}

static void pf_swap_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		user_load(pf.mm, chk_mm_va(0), &v);
		return;
	}
	if (user_load(pf.mm, chk_mm_va(PF_PAGE), &v)) {
		chk_fail(CHK_LIVENESS, "the load of the swapped-out copy failed");
		return;
	}
	if (v != PF_VALUE - 1) {
		chk_fail(CHK_DATA_LOSS,
			 "the private copy reads %#llx once swapped in, not the %#x it went out with",
			 (unsigned long long)v, PF_VALUE - 1);
		return;
	}
	pf.store_ret = user_store(pf.mm, chk_mm_va(PF_PAGE), PF_VALUE);
}

static void pf_thread(unsigned int t)
{
	u64 v;

	if (t == 0)
		user_load(pf.mm, chk_mm_va(PF_PAGE), &v);
	else
		pf.store_ret = user_store(pf.mm, chk_mm_va(PF_PAGE), PF_VALUE);
}

static void pf_finish(void)
{
	struct folio *folio = filemap_get_folio(&pf.file, PF_PAGE);
	u64 cached;

	BUG_ON(!folio);
	cached = page_data(folio_page(folio, PF_PAGE - folio_index(folio)));
	folio_put(folio);
	if (cached != pf.before) {
		chk_fail(CHK_COW_ISOLATION,
			 "a store through a MAP_PRIVATE mapping reached the page cache (%#llx)",
			 (unsigned long long)cached);
		return;
	}
	if (pf.store_ret != PF_NOT_TRIED &&
	    !chk_mm_check_stored(pf.mm, chk_mm_va(PF_PAGE), pf.store_ret,
				 PF_VALUE))
		return;
	chk_mm_finish(&pf.file);
}

const struct chk_scenario scn_file_private = {
	.name = "file-private",
	.desc = "a load's fault-around of a cached folded block racing a store to the same page of a MAP_PRIVATE file mapping: do_cow_fault()'s recheck, or wp_page_copy() of the page cache page (bbm, bookkeeping, cow-isolation, data-loss)",
	.nr_threads = 2,
	.thread_names = { "load", "store" },
	.init = chk_mm_init,
	.setup = pf_setup,
	.thread = pf_thread,
	.finish = pf_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 1,
};

const struct chk_scenario scn_file_private_shmem = {
	.name = "file-private-shmem",
	.desc = "file-private over shmem: a store to a MAP_PRIVATE mapping of shared memory copies the page as it does a file's, never writes the shmem page in place (cow-isolation, bbm, bookkeeping, data-loss)",
	.nr_threads = 2,
	.thread_names = { "load", "store" },
	.init = chk_mm_init,
	.setup = pf_setup_shmem,
	.thread = pf_thread,
	.finish = pf_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 1,
};

const struct chk_scenario scn_file_private_mprotect = {
	.name = "file-private-mprotect",
	.desc = "mprotect() of a MAP_PRIVATE file mapping's cached folded block, mapped read-only, back to read-write vs a store to it: no page cache page is made writable in place (cow-isolation, data-loss)",
	.nr_threads = 2,
	.thread_names = { "mprotect", "store" },
	.init = chk_mm_init,
	.setup = pf_setup_mprotect,
	.thread = pf_mprotect_thread,
	.finish = pf_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 1,
};

const struct chk_scenario scn_file_private_swap = {
	.name = "file-private-swap",
	.desc = "a MAP_PRIVATE file mapping's private copy of a page swapped out and freed, then loaded and stored to, vs a load of the block's first page whose fault-around meets the swap entry: the copy comes back from its slot, the page cache page never (liveness, data-loss, bookkeeping, cow-isolation)",
	.nr_threads = 2,
	.thread_names = { "load", "load-store" },
	.init = chk_mm_init,
	.setup = pf_setup_swap,
	.thread = pf_swap_thread,
	.finish = pf_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 100000,
	.bound = 1,
};
