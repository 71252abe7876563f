// SPDX-License-Identifier: GPL-2.0-only
/*
 * NUMA hinting against the block's users.  A folded lazyfree block
 * (MADV_FREEd) is scanned twice by NUMA balancing (task_numa_work():
 * change_prot_numa() to PROT_NONE under mmap_lock for reading, beside
 * faults) while one user thread stores to one page and another loads
 * from another until the scans are done, once more then; each access
 * that meets a PROT_NONE entry faults into do_numa_page(), which puts the
 * folio's entries back one at a time, the last folding the block again.
 * Finally reclaim runs on the folio.
 *
 * The bug classes: an invalid entry written with PTE_CONT, which the type
 * bit of pte_mkcont() makes valid and unreachable for EL0, so that its
 * fault never resolves (liveness); the dirty state lost between the scan
 * and the rebuild, so that reclaim discards a store made after MADV_FREE
 * (data-loss); a refold over entries of another protection (cont-block,
 * bbm).  Every other mm and machine oracle.
 *
 * numa-split: the same with the block's first half made MADV_DONTFORK
 * first, so the folio straddles two VMAs (the store in the first, the load
 * in the second): each scan changes a partial block in each VMA, and the
 * rebuild of a large folio's entries (numa_rebuild_large_mapping()) must
 * clip its range to the faulting VMA, the address and the entry pointer
 * alike, or it rebuilds the other VMA's entries at the wrong addresses
 * and leaves its own PROT_NONE (liveness, cont-block, permission).
 *
 * numa-zap: four order-0 pages, made PROT_NONE by a scan in the setup;
 * a load's hinting fault on one of them races MADV_DONTNEED of that page.
 * do_numa_page() rebuilds the entry it read without the PTL, so under
 * the PTL it must find the entry unchanged first: rebuilt from what the
 * zap cleared, the entry maps nothing the access can use (liveness) or a
 * page the zap freed (bookkeeping, stale-tlb), and the load reads
 * neither the page's value nor the zeros of a fresh one (data-loss).
 */
#include <linux/highmem.h>

#include "mmworld.h"
#include "scenarios.h"

#define NU_STORE	1
#define NU_LOAD		(CONT_PTES - 2)
#define NU_VALUE	0x5a1
#define NU_ZAPPED	3		/* numa-zap's page */

static struct {
	struct mm_model *mm;
	struct folio *folio;
	bool scanned;		/* both scans done */
	struct chk_mm_store store, load;
} nu;

static void nu_setup_shape(bool split)
{
	chk_mm_setup();
	nu.mm = chk_mm_lazyfree_block(&nu.folio);
	if (split)
		BUG_ON(do_madvise(nu.mm, chk_mm_va(0), CONT_PTE_SIZE / 2,
				  MADV_DONTFORK));
	nu.scanned = false;
}

static void nu_setup(void)
{
	nu_setup_shape(false);
}

static void nu_setup_split(void)
{
	nu_setup_shape(true);
}

static void nu_setup_zap(void)
{
	chk_mm_setup();
	nu.mm = mm_alloc();
	BUG_ON(!nu.mm);
	chk_mm_anon_map(nu.mm, 0, NU_ZAPPED + 1, 0);
	task_numa_work(nu.mm, chk_mm_va(0), chk_mm_va(NU_ZAPPED + 1));
}

static void nu_zap_thread(unsigned int t)
{
	u64 v;

	if (t)
		BUG_ON(do_madvise(nu.mm, chk_mm_va(NU_ZAPPED), PAGE_SIZE,
				  MADV_DONTNEED));
	else if (user_load(nu.mm, chk_mm_va(NU_ZAPPED), &v))
		chk_fail(CHK_LIVENESS, "the load's hinting fault failed");
	else if (v != NU_ZAPPED + 1 && v)
		chk_fail(CHK_DATA_LOSS,
			 "the load reads %#llx: neither the page's value nor a fresh page's zeros",
			 (unsigned long long)v);
}

static void nu_thread(unsigned int t)
{
	switch (t) {
	case 0:
		task_numa_work(nu.mm, chk_mm_va(0), chk_mm_va(CONT_PTES));
		task_numa_work(nu.mm, chk_mm_va(0), chk_mm_va(CONT_PTES));
		chk_mm_mark(&nu.scanned);
		break;
	case 1:
		chk_mm_store_until(&nu.store, nu.mm, chk_mm_va(NU_STORE),
				   NU_VALUE, &nu.scanned);
		break;
	default:
		chk_mm_load_until(&nu.load, nu.mm, chk_mm_va(NU_LOAD),
				  &nu.scanned);
		break;
	}
}

static void nu_finish(void)
{
	if (nu.store.ret || nu.load.ret) {
		chk_fail(CHK_LIVENESS, "an access after the scans failed (%d, %d)",
			 nu.store.ret, nu.load.ret);
		return;
	}
	if (chk_mm_store_survives_reclaim(nu.mm, nu.folio,
					  chk_mm_va(NU_STORE), true, NU_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_numa = {
	.name = "numa-hint",
	.desc = "NUMA hinting scans of a folded lazyfree block vs a store and a load faulting it back entry by entry (liveness, data-loss, cont-block)",
	.nr_threads = 3,
	.thread_names = { "numa-scan", "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = nu_setup,
	.thread = nu_thread,
	.finish = nu_finish,
	.exit = chk_mm_exit,
	.also = CHK_ALSO_BBML2,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};

const struct chk_scenario scn_numa_split = {
	.name = "numa-split",
	.desc = "the same with the folio split between two VMAs (MADV_DONTFORK of its first half): each VMA's rebuild clipped to it (liveness, cont-block, permission)",
	.nr_threads = 3,
	.thread_names = { "numa-scan", "cpu-store", "cpu-load" },
	.init = chk_mm_init,
	.setup = nu_setup_split,
	.thread = nu_thread,
	.finish = nu_finish,
	.exit = chk_mm_exit,
	.mode = CHK_RANDOM,
	.executions = 10000,
	.bound = 1,
};

const struct chk_scenario scn_numa_zap = {
	.name = "numa-zap",
	.desc = "a load's NUMA hinting fault on an order-0 page a scan made PROT_NONE vs MADV_DONTNEED of that page: the rebuild under the PTL only of the entry the fault read (liveness, bookkeeping, stale-tlb, data-loss)",
	.nr_threads = 2,
	.thread_names = { "cpu-load", "madvise" },
	.init = chk_mm_init,
	.setup = nu_setup_zap,
	.thread = nu_zap_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
