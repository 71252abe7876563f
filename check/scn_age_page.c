// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim's aging of an order-0 page on CPUs that manage neither the
 * Access flag nor the dirty state in hardware (no FEAT_HAFDBS), then
 * mprotect() of it.  The page is aged once, so its entry is old; a CPU
 * loads from it, an access-flag fault makes the entry young again, and
 * the CPU's TLB caches the young, writable translation.
 *
 * folio_referenced() of the page (ptep_clear_flush_young() of an entry
 * without PTE_CONT: __ptep_clear_flush_young()) finds it young and makes
 * it old.  Without hardware AF an old entry in memory does not stop a TLB
 * from using what it cached while the entry was young: only the aging's
 * TLBI does, so it is owed here as on any CPU.  After it completed (as at
 * a context switch) the next load walks, faults and sets the flag again,
 * and the next aging finds the page in use; a skipped TLBI lets the load
 * through the old translation, the flag stays clear, and reclaim takes a
 * page in use for a cold one.
 *
 * That second aging's TLBI is not waited for (no DSB), and the CPU then
 * makes the page read-only.  change_pte_range() finds an old entry, but
 * the translation the CPU cached before the aging may still be there, so
 * the entry goes to the mmu_gather all the same (on x86 pte_needs_flush()
 * may skip an entry never accessed; here old does not mean uncached), and
 * mprotect() returns only after its flush completed: the store that
 * follows must fault.
 *
 * Asserted: each aging finds the load before it (ad-contract); the store
 * after mprotect() takes SIGSEGV (permission, stale-tlb); every machine
 * and mm oracle.
 */
#include <asm/barrier.h>

#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	struct folio *folio;
} ap;

static void ap_setup(void)
{
	chk_mm_setup();
	ap.mm = mm_alloc();
	BUG_ON(!ap.mm);
	chk_mm_anon_map(ap.mm, 0, 1, 0);
	ap.folio = page_folio(chk_mm_page(ap.mm, chk_mm_va(0)));
	BUG_ON(folio_nr_pages(ap.folio) != 1);
	chk_mm_age(ap.mm, ap.folio);
}

static void ap_thread(unsigned int t)
{
	unsigned long va = chk_mm_va(0);
	unsigned int pass;
	int ret;
	u64 v;

	for (pass = 0; pass < 2; pass++) {
		BUG_ON(user_load(ap.mm, va, &v));
		if (!folio_referenced(ap.folio, false)) {
			chk_fail(CHK_AD_CONTRACT,
				 "reclaim's aging of an order-0 page loaded from since the last aging finds it unreferenced (pass %u): that aging's flush left the translation cached",
				 pass);
			return;
		}
		/* The first aging's invalidation completes, as at a context switch. */
		if (!pass)
			dsb(ish);
	}
	/* The second's is still in flight. */
	BUG_ON(do_mprotect(ap.mm, va, PAGE_SIZE, VM_READ));
	ret = user_store(ap.mm, va, 0x5a);
	if (ret != -EFAULT_USER)
		chk_fail(CHK_STALE_TLB,
			 "a store to the aged page after mprotect(PROT_READ) returned %s: mprotect()'s flush skipped the old entry the CPU had cached",
			 ret ? "did not take SIGSEGV" : "completed");
}

const struct chk_scenario scn_age_page_sw_flags = {
	.name = "age-page-sw-flags",
	.desc = "reclaim aging of an order-0 page, twice, each after a load, then mprotect(PROT_READ) and a store, on CPUs without hardware Access flag and dirty state management: each aging flushes the translation it made old, and so does mprotect() (ad-contract, permission, stale-tlb)",
	.nr_threads = 1,
	.thread_names = { "cpu" },
	.init = chk_mm_init,
	.setup = ap_setup,
	.thread = ap_thread,
	.finish = chk_mm_finish_plain,
	.exit = chk_mm_exit,
	.hw = (const char *const[]){ "ha=0", "hd=0", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
