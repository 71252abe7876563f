// SPDX-License-Identifier: GPL-2.0-only
/*
 * A block touched by a per-descriptor agent and by a CPU, through the
 * core-mm fault handler (an SMMU without HTTU taking ATS page requests
 * into handle_mm_fault(), on CPU 1): a shared file block, mapped old and
 * clean; a CPU stores to its first page, so the hardware sets access and
 * dirty state in some entry of the block, while the agent loads from its
 * last page and faults on its own entry's AF.  The fault handler reads
 * the gathered entry, which may already look young, and
 * ptep_set_access_flags() must still update the agent's entry (the 2026
 * SMMU/ATS fix), or the agent faults forever; it updates every entry of
 * the block in place, so each update must keep the dirty state the
 * hardware writes meanwhile.  Asserted: every access completes within
 * its retries (liveness); the file holds the store once written back
 * (data-loss), and the block's entries said dirty when they were cleared
 * (ad-contract); every other mm and machine oracle.
 */
#include "hw/mmu.h"
#include "mmworld.h"
#include "scenarios.h"

#define AF_AGENT	1
#define AF_VALUE	0xa6e

static struct {
	struct mm_model *mm;
	struct address_space file;
	int ret;		/* the CPU's store */
} af;

static void af_exit(void)
{
	chk_mm_file_drop(&af.file);
	chk_mm_exit();
}

static void af_setup(void)
{
	struct folio *folio;
	u64 v;

	chk_mm_setup();
	hw_cpu_set_agent(AF_AGENT, true);
	chk_mm_file_setup(&af.file, CONT_PTES, chk_cont_order());
	af.mm = mm_alloc();
	BUG_ON(!af.mm || !do_mmap(af.mm, CHK_MM_BASE, CONT_PTE_SIZE,
				  VM_READ | VM_WRITE | VM_SHARED,
				  chk_cont_order(), &af.file, 0));
	BUG_ON(user_load(af.mm, chk_mm_va(0), &v));
	folio = filemap_get_folio(&af.file, 0);
	BUG_ON(!folio);
	chk_mm_age(af.mm, folio);
	folio_put(folio);
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
	mmput(af.mm);
	filemap_write_and_wait(&af.file);
	if (!af.ret && af.file.store[0] != AF_VALUE) {
		chk_fail("data-loss", "file page 0 reads %#llx after a store of %#x",
			 (unsigned long long)af.file.store[0], AF_VALUE);
		return;
	}
	chk_mm_finish(&af.file);
}

const struct chk_scenario scn_agent_fault = {
	.name = "agent-fault",
	.desc = "a per-descriptor agent loads from, and a CPU stores to, one old, clean shared-file block through the core-mm fault handler (liveness, data-loss)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "agent-load" },
	.init = chk_mm_init,
	.setup = af_setup,
	.thread = af_thread,
	.finish = af_finish,
	.exit = af_exit,
	.hw = (const char *const[]){ "agent=smmu", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 200000,
	.bound = 1,
};
