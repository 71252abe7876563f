// SPDX-License-Identifier: GPL-2.0-only
/*
 * A block touched by a per-descriptor agent and by a CPU, through the
 * core-mm fault handler (an SMMU without HTTU taking ATS page requests
 * into handle_mm_fault(), on CPU 1): an anonymous folded block, made old
 * and clean by MADV_FREE; a CPU stores to its first page, so the hardware
 * sets access and dirty state in some entry of the block, while the agent
 * loads from its last page and faults on its own entry's AF.  The fault
 * handler reads the gathered entry, which may already look young, and
 * ptep_set_access_flags() must still update the agent's entry (the 2026
 * SMMU/ATS fix), or the agent faults forever; it updates every entry of
 * the block in place, so each update must keep the dirty state the
 * hardware writes meanwhile, or reclaim throws the CPU's store away.
 * After the block, half a block of single pages made read-only, then
 * nothing mapped: an update that runs past the block makes entries
 * writable in a read-only VMA, or writes where no VMA is.
 * Asserted: every access completes within its retries (liveness); reclaim
 * never discards the store, and the page holds it (data-loss); the
 * entries left agree with their VMAs (permission, bookkeeping); every
 * other mm and machine oracle.
 */
#include "hw/mmu.h"
#include "mmworld.h"
#include "scenarios.h"

#define AF_AGENT	1
#define AF_VALUE	0xa6e

static struct {
	struct mm_model *mm;
	struct folio *folio;
	int ret;		/* the CPU's store */
} af;

static void af_setup(void)
{
	chk_mm_setup();
	hw_cpu_set_agent(AF_AGENT, true);
	af.mm = chk_mm_anon_blocks(1);
	chk_mm_anon_map(af.mm, CONT_PTES, CONT_PTES / 2, 0);
	BUG_ON(do_mprotect(af.mm, chk_mm_va(CONT_PTES), CONT_PTE_SIZE / 2,
			   VM_READ));
	af.folio = page_folio(chk_mm_page(af.mm, chk_mm_va(0)));
	BUG_ON(do_madvise(af.mm, chk_mm_va(0), CONT_PTE_SIZE, MADV_FREE));
	af.ret = -1;
}

static void af_thread(unsigned int t)
{
	u64 v;

	if (t == AF_AGENT)
		user_load(af.mm, chk_mm_va(CONT_PTES - 1), &v);
	else
		af.ret = user_store(af.mm, chk_mm_va(0), AF_VALUE);
}

static void af_finish(void)
{
	if (chk_mm_stored(chk_mm_va(0), af.ret) &&
	    chk_mm_store_survives_reclaim(af.mm, af.folio, chk_mm_va(0), true,
					  AF_VALUE))
		chk_mm_finish(NULL);
}

const struct chk_scenario scn_agent_fault = {
	.name = "agent-fault",
	.desc = "a per-descriptor agent loads from, and a CPU stores to, one MADV_FREEd folded block through the core-mm fault handler, read-only pages after it (liveness, data-loss, permission)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "agent-load" },
	.init = chk_mm_init,
	.setup = af_setup,
	.thread = af_thread,
	.finish = af_finish,
	.exit = chk_mm_exit,
	.hw = (const char *const[]){ "agent=smmu", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};
