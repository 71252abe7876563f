// SPDX-License-Identifier: GPL-2.0-only
/*
 * A JIT's W^X flip over a folded block.  The JIT has written its code
 * into an anonymous read-write block (one mTHP folio, folded), which
 * reclaim's aging has made old; it makes the block PROT_READ|PROT_EXEC,
 * and once a second thread has run code from the last page, back to
 * PROT_READ|PROT_WRITE to patch it.  The thread runs that code where
 * the hardware sets the Access flag (or, without it, the fault handler),
 * once more beside the second mprotect(), and once after it returned.
 *
 * mprotect() reaches the execute permission through vm_get_page_prot()
 * (arm64's protection_map: VM_EXEC clears UXN) and pte_modify(), whose
 * mask must carry UXN into the batch it writes back; the fetch needs
 * VM_EXEC of arm64's do_page_fault() and UXN clear in the translation
 * it uses, a whole block's when that is cached.
 *
 * Asserted: the fetch after the first mprotect() runs and reads the
 * JIT's code (liveness, permission: a fetch refused in an exec VMA); the
 * last fetch, begun after the second mprotect() returned, takes SIGSEGV
 * (stale-tlb; permission hears it complete first); every mm and machine
 * oracle.
 *
 * jit-numa: the JIT's block split between its data and its code, the
 * first half PROT_READ and the second PROT_READ|PROT_EXEC (mprotect() of
 * half a folded block unfolds it), is made PROT_NONE by NUMA hinting's
 * scan.  One CPU loads the data from the first page and then runs code
 * there, which must take SIGSEGV; another runs code from the last page.
 * Each hinting fault rebuilds the folio's entries within its own VMA one
 * at a time (numa_rebuild_large_mapping()), and the write of the block's
 * last entry asks __contpte_try_fold() to fold the block again: the two
 * halves differ only in UXN, so it must not, or contpte_convert() gives
 * every entry the last one's execute permission (permission: a fetch
 * completes in the VMA without VM_EXEC; the end-of-run sweep), and the
 * code must run (liveness).
 *
 * jit-migrate: the same split block migrated instead (move_pages(), or
 * compaction) while the code runs: remove_migration_ptes() walks each VMA
 * of the folio and restores the entries inside it only, with that VMA's
 * protection (vma_address(), vma_address_end()); the data VMA's walk run
 * over the whole folio makes the code not executable (liveness), the
 * code VMA's makes the data executable (permission).
 */
#include "mmworld.h"
#include "scenarios.h"

#define JW_PAGE		(CONT_PTES - 1)

static struct {
	struct mm_model *mm;
	bool rx, ran, rw;
	int ret;
	u64 code;
	struct chk_mm_store st;
} jw;

static void jw_setup(void)
{
	chk_mm_setup();
	jw.mm = chk_mm_anon_blocks(1);
	chk_mm_age(jw.mm, page_folio(chk_mm_page(jw.mm, chk_mm_va(0))));
	jw.rx = jw.ran = jw.rw = false;
	jw.ret = 0;
	jw.code = 0;
}

static void jw_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		BUG_ON(do_mprotect(jw.mm, chk_mm_va(0), CONT_PTE_SIZE,
				   VM_READ | VM_EXEC));
		chk_mm_mark(&jw.rx);
		chk_mm_wait(&jw.ran, &jw.ran, true);
		BUG_ON(do_mprotect(jw.mm, chk_mm_va(0), CONT_PTE_SIZE,
				   VM_READ | VM_WRITE));
		chk_mm_mark(&jw.rw);
		return;
	}
	chk_mm_wait(&jw.rx, &jw.rx, true);
	jw.ret = user_fetch(jw.mm, chk_mm_va(JW_PAGE), &jw.code);
	chk_mm_mark(&jw.ran);
	/* Beside the second mprotect(): runs, or takes SIGSEGV. */
	user_fetch(jw.mm, chk_mm_va(JW_PAGE), &v);
	chk_mm_wait(&jw.rw, &jw.rw, true);
	jw.st = (struct chk_mm_store){ .fetch = true, .after = true };
	jw.st.ret = user_fetch(jw.mm, chk_mm_va(JW_PAGE), &v);
}

static void jw_finish(void)
{
	if (jw.ret) {
		chk_fail(CHK_LIVENESS,
			 "the fetch from page %lu after mprotect(PROT_READ|PROT_EXEC) returned failed (%d)",
			 (unsigned long)JW_PAGE, jw.ret);
		return;
	}
	if (jw.code != JW_PAGE + 1) {
		chk_fail(CHK_DATA_LOSS,
			 "the fetch from page %lu read %#llx, not the code written there",
			 (unsigned long)JW_PAGE, (unsigned long long)jw.code);
		return;
	}
	if (!chk_mm_check_denied(&jw.st, "mprotect(PROT_READ|PROT_WRITE)",
				 chk_mm_va(JW_PAGE)))
		return;
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_jit_wx = {
	.name = "jit-wx",
	.desc = "a JIT's W^X flip: mprotect(PROT_READ|PROT_EXEC) of an aged folded block, a fetch from its last page on another CPU, then mprotect(PROT_READ|PROT_WRITE) beside a fetch and before another: the block executes after the first and not after the second (liveness, permission, stale-tlb)",
	.nr_threads = 2,
	.thread_names = { "jit", "cpu-exec" },
	.init = chk_mm_init,
	.setup = jw_setup,
	.thread = jw_thread,
	.finish = jw_finish,
	.exit = chk_mm_exit,
	/* The Access flag lands in the entry the fetch walked. */
	.hw = (const char *const[]){ "ad-policy=faulting", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

#define JN_DATA		0
#define JN_CODE		(CONT_PTES - 1)

static struct {
	struct mm_model *mm;
	int code_ret, data_ret, exec_ret;
	u64 code, data;
} jn;

/* The JIT's W^X: data read-only, then code read-only and executable. */
static void jn_setup_split(void)
{
	chk_mm_setup();
	jn.mm = chk_mm_anon_blocks(1);
	BUG_ON(do_mprotect(jn.mm, chk_mm_va(0), CONT_PTE_SIZE, VM_READ));
	BUG_ON(do_mprotect(jn.mm, chk_mm_va(CONT_PTES / 2), CONT_PTE_SIZE / 2,
			   VM_READ | VM_EXEC));
	jn.code_ret = jn.data_ret = jn.exec_ret = 0;
	jn.code = jn.data = 0;
}

static void jn_setup(void)
{
	jn_setup_split();
	task_numa_work(jn.mm, chk_mm_va(0), chk_mm_va(CONT_PTES));
	/* Complete the scan's flush, as a context switch would. */
	flush_tlb_mm(&jn.mm->mm);
}

static void jn_thread(unsigned int t)
{
	u64 v;

	if (t == 0) {
		jn.data_ret = user_load(jn.mm, chk_mm_va(JN_DATA), &jn.data);
		jn.exec_ret = user_fetch(jn.mm, chk_mm_va(JN_DATA), &v);
		return;
	}
	jn.code_ret = user_fetch(jn.mm, chk_mm_va(JN_CODE), &jn.code);
}

static void jm_thread(unsigned int t)
{
	if (t == 0)
		do_move_pages(jn.mm, chk_mm_va(JN_DATA));
	jn_thread(t);
}

static void jn_finish(void)
{
	if (jn.code_ret || jn.data_ret) {
		chk_fail(CHK_LIVENESS,
			 "the %s of page %lu failed (%d)",
			 jn.code_ret ? "fetch" : "load",
			 (unsigned long)(jn.code_ret ? JN_CODE : JN_DATA),
			 jn.code_ret ? jn.code_ret : jn.data_ret);
		return;
	}
	if (jn.code != JN_CODE + 1 || jn.data != JN_DATA + 1) {
		chk_fail(CHK_DATA_LOSS,
			 "pages %lu and %lu read %#llx and %#llx, not what the JIT wrote there",
			 (unsigned long)JN_DATA, (unsigned long)JN_CODE,
			 (unsigned long long)jn.data,
			 (unsigned long long)jn.code);
		return;
	}
	if (!jn.exec_ret) {
		chk_fail(CHK_PERMISSION,
			 "the fetch from page %lu of the PROT_READ half completed",
			 (unsigned long)JN_DATA);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_jit_numa = {
	.name = "jit-numa",
	.desc = "a JIT's folded block split by mprotect() into a PROT_READ half and a PROT_READ|PROT_EXEC half, made PROT_NONE by NUMA hinting; a load and then a fetch from the first page vs a fetch from the last: each hinting fault rebuilds its half entry by entry, and the block, whose halves differ in UXN, is not folded again at its last entry (liveness, permission)",
	.nr_threads = 2,
	.thread_names = { "cpu-data", "cpu-exec" },
	.init = chk_mm_init,
	.setup = jn_setup,
	.thread = jn_thread,
	.finish = jn_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

const struct chk_scenario scn_jit_migrate = {
	.name = "jit-migrate",
	.desc = "a JIT's folded block split by mprotect() into a PROT_READ half and a PROT_READ|PROT_EXEC half, migrated by move_pages() before a load and a fetch from the first page, vs a fetch from the last: each VMA's walk restores its own half with its own protection (liveness, permission)",
	.nr_threads = 2,
	.thread_names = { "move-pages", "cpu-exec" },
	.init = chk_mm_init,
	.setup = jn_setup_split,
	.thread = jm_thread,
	.finish = jn_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

/*
 * jit-xom: the JIT's code made execute-only (mprotect(PROT_EXEC), as for
 * execute-only memory) and then PROT_NONE by NUMA hinting's scan, which
 * takes every accessible VMA (vma_is_accessible(): VM_EXEC alone is
 * enough).  A fetch from the first page and one from the last, on two
 * CPUs, fault: do_page_fault() asks an instruction abort for VM_EXEC
 * alone, and do_numa_page() rebuilds the entries from vm_page_prot,
 * which for VM_EXEC alone is PAGE_READONLY_EXEC on a CPU without
 * FEAT_EPAN (protection_map[VM_EXEC]): UXN clear, so the code runs.
 */
#define JX_FIRST	0
#define JX_LAST		(CONT_PTES - 1)

static struct {
	struct mm_model *mm;
	int ret[2];
	u64 code[2];
} jx;

static void jx_setup(void)
{
	chk_mm_setup();
	jx.mm = chk_mm_anon_blocks(1);
	BUG_ON(do_mprotect(jx.mm, chk_mm_va(0), CONT_PTE_SIZE, VM_EXEC));
	task_numa_work(jx.mm, chk_mm_va(0), chk_mm_va(CONT_PTES));
	/* Complete the scan's flush, as a context switch would. */
	flush_tlb_mm(&jx.mm->mm);
	jx.ret[0] = jx.ret[1] = 0;
	jx.code[0] = jx.code[1] = 0;
}

static void jx_thread(unsigned int t)
{
	unsigned long page = t ? JX_LAST : JX_FIRST;

	jx.ret[t] = user_fetch(jx.mm, chk_mm_va(page), &jx.code[t]);
}

static void jx_finish(void)
{
	unsigned int t;

	for (t = 0; t < 2; t++) {
		unsigned long page = t ? JX_LAST : JX_FIRST;

		if (jx.ret[t]) {
			chk_fail(CHK_LIVENESS,
				 "the fetch from page %lu of the execute-only block failed (%d)",
				 page, jx.ret[t]);
			return;
		}
		if (jx.code[t] != page + 1) {
			chk_fail(CHK_DATA_LOSS,
				 "the fetch from page %lu read %#llx, not the code written there",
				 page, (unsigned long long)jx.code[t]);
			return;
		}
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_jit_xom = {
	.name = "jit-xom",
	.desc = "a JIT's folded block made execute-only (mprotect(PROT_EXEC)) and PROT_NONE by NUMA hinting, fetched from its first page on one CPU and its last on another: the fault handler lets a fetch through on VM_EXEC alone and the hinting faults map the code executable again (liveness, permission)",
	.nr_threads = 2,
	.thread_names = { "cpu-first", "cpu-last" },
	.init = chk_mm_init,
	.setup = jx_setup,
	.thread = jx_thread,
	.finish = jx_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};

/*
 * jit-rwx: a JIT without W^X, its folded block made
 * PROT_READ|PROT_WRITE|PROT_EXEC.  mprotect() keeps the exclusive pages
 * writable (can_change_pte_writable(), pte_mkwrite_novma()), and the JIT
 * patches its first page while another CPU runs code from the last; then
 * it runs the patched code.  A writable entry of a VM_EXEC VMA executes:
 * arm64 has no per-entry W^X (SCTLR_EL1.WXN is left clear).
 */
#define JR_PATCH	0x4a4954ULL

static struct {
	struct mm_model *mm;
	int ret[2], store_ret;
	u64 code[2];
} jr;

static void jr_setup(void)
{
	chk_mm_setup();
	jr.mm = chk_mm_anon_blocks(1);
	BUG_ON(do_mprotect(jr.mm, chk_mm_va(0), CONT_PTE_SIZE,
			   VM_READ | VM_WRITE | VM_EXEC));
	jr.ret[0] = jr.ret[1] = jr.store_ret = 0;
	jr.code[0] = jr.code[1] = 0;
}

static void jr_thread(unsigned int t)
{
	if (t == 0) {
		jr.store_ret = user_store(jr.mm, chk_mm_va(0), JR_PATCH);
		jr.ret[0] = user_fetch(jr.mm, chk_mm_va(0), &jr.code[0]);
		return;
	}
	jr.ret[1] = user_fetch(jr.mm, chk_mm_va(CONT_PTES - 1), &jr.code[1]);
}

static void jr_finish(void)
{
	if (jr.store_ret || jr.ret[0] || jr.ret[1]) {
		chk_fail(CHK_LIVENESS,
			 "in the PROT_READ|PROT_WRITE|PROT_EXEC block the store to page 0 returned %d, the fetches from pages 0 and %lu %d and %d",
			 jr.store_ret, (unsigned long)(CONT_PTES - 1), jr.ret[0],
			 jr.ret[1]);
		return;
	}
	if (jr.code[0] != JR_PATCH || jr.code[1] != CONT_PTES) {
		chk_fail(CHK_DATA_LOSS,
			 "the fetches from pages 0 and %lu read %#llx and %#llx, not the JIT's code",
			 (unsigned long)(CONT_PTES - 1),
			 (unsigned long long)jr.code[0],
			 (unsigned long long)jr.code[1]);
		return;
	}
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_jit_rwx = {
	.name = "jit-rwx",
	.desc = "a JIT without W^X: mprotect(PROT_READ|PROT_WRITE|PROT_EXEC) of a folded block, a store that patches its first page and a fetch of the patch, vs a fetch from its last page on another CPU: writable entries of the VMA execute (liveness, permission)",
	.nr_threads = 2,
	.thread_names = { "jit", "cpu-exec" },
	.init = chk_mm_init,
	.setup = jr_setup,
	.thread = jr_thread,
	.finish = jr_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 30000,
	.bound = 1,
};
