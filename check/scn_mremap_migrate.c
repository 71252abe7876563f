// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap() against migration, with the moved VMA's copy in an earlier VMA
 * slot than the original, so that a reverse-map walk (which visits an mm's
 * slots in order, as the kernel's interval tree may visit the new VMA
 * first) meets the new VMA before the old one.  A folded block is mapped
 * in the second slot (a VMA mapped first and unmapped again leaves the
 * first one free for copy_vma()); move_pages(2) migrates its folio
 * (migration entries, the copy, remove_migration_ptes()) while mremap()
 * moves the block to the next PTE table, whose PTL is another than the
 * old range's.  move_ptes() must hold the
 * reverse map's locks across the move (need_rmap_locks): otherwise
 * remove_migration_ptes() can look at the new VMA before the entries
 * arrive and at the old one after they left, and leave a migration entry
 * behind for a folio that is gone.  Once both are done the process reads
 * the block at its new address.
 *
 * The bug class: a reverse-map walk that misses entries in transit (a
 * migration entry left for ever: liveness; the new folio freed while
 * its content is wanted: data-loss; bookkeeping).  Every other mm and
 * machine oracle.
 */
#include "mmworld.h"
#include "scenarios.h"

#define MM_OLD		0
/* In the next PTE table: each walk of a VMA takes its own table's PTL. */
#define MM_NEW		((unsigned long)PTRS_PER_PTE)
#define MM_DUMMY	(4 * CONT_PTES)
#define MM_PAGE		(CONT_PTES - 1)

static struct {
	struct mm_model *mm;
} mg;

static void mg_setup(void)
{
	chk_mm_setup();
	mg.mm = mm_alloc();
	BUG_ON(!mg.mm);
	/* The first slot, freed again below: copy_vma() will take it. */
	BUG_ON(!do_mmap(mg.mm, chk_mm_va(MM_DUMMY), PAGE_SIZE,
			VM_READ | VM_WRITE, 0, NULL, 0));
	chk_mm_anon_map(mg.mm, MM_OLD, CONT_PTES, chk_cont_order());
	BUG_ON(do_munmap(mg.mm, chk_mm_va(MM_DUMMY), PAGE_SIZE));
}

static void mg_thread(unsigned int t)
{
	if (t == 0) {
		do_move_pages(mg.mm, chk_mm_va(MM_OLD));
		return;
	}
	BUG_ON(do_mremap(mg.mm, chk_mm_va(MM_OLD), CONT_PTE_SIZE,
			 chk_mm_va(MM_NEW)));
}

static void mg_finish(void)
{
	u64 v;

	if (user_load(mg.mm, chk_mm_va(MM_NEW + MM_PAGE), &v)) {
		chk_fail(CHK_LIVENESS, "a load at the new address failed");
		return;
	}
	/* chk_mm_anon_map() stored 1 in the folio's first page only. */
	chk_mm_finish(NULL);
}

const struct chk_scenario scn_mremap_migrate = {
	.name = "mremap-migrate",
	.desc = "mremap() of a folded block to a VMA slot a reverse-map walk meets first vs migration of its folio: the move holds the reverse map's locks, no migration entry is left behind (liveness, bookkeeping, data-loss)",
	.nr_threads = 2,
	.thread_names = { "migrate", "mremap" },
	.init = chk_mm_init,
	.setup = mg_setup,
	.thread = mg_thread,
	.finish = mg_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 15000,
	.bound = 2,
};
