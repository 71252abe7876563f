// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exit of an mm with a folded shared-file block split between two VMAs
 * (MADV_DONTFORK of its first half leaves the entries folded).  Exit's
 * zap (fullmm) takes each VMA's part of the block as a batch of a file
 * folio, through get_and_clear_full_ptes(), whose dirty state matters:
 * each batch covers only part of the block, which must be unfolded first
 * even though nothing runs in the mm again (age-partial asks the same of
 * clear_full_ptes(), for anonymous folios).  Two CPUs load from either
 * half of the block before (a store's write-notify fault would unfold the
 * block, its entries read-only until then).
 * Asserted: at each PTL release no block with PTE_CONT is partly cleared
 * (cont-block), and every other machine and mm oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

static struct {
	struct mm_model *mm;
	struct address_space file;
} es;

static void es_setup(void)
{
	chk_mm_setup();
	chk_mm_file_setup(&es.file, CONT_PTES, chk_cont_order());
	es.mm = chk_mm_file_mm_loaded(&es.file, CONT_PTES);
	BUG_ON(do_madvise(es.mm, chk_mm_va(0), CONT_PTE_SIZE / 2,
			  MADV_DONTFORK));
}

static void es_thread(unsigned int t)
{
	u64 v;

	user_load(es.mm, chk_mm_va(t ? CONT_PTES - 1 : 0), &v);
}

static void es_finish(void)
{
	chk_mm_finish(&es.file);
}

const struct chk_scenario scn_exit_split_file = {
	.name = "exit-split-file",
	.desc = "exit of an mm with a folded shared-file block split between two VMAs, after loads from both halves: exit's zap unfolds each part it clears (cont-block)",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "cpu-store" },
	.init = chk_mm_init,
	.setup = es_setup,
	.thread = es_thread,
	.finish = es_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
