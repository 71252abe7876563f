// SPDX-License-Identifier: GPL-2.0-only
/*
 * Truncation (mm/truncate.c): a file cut short of a shared mapping of it
 * loses its mappings and its cached folios past the new end, folded
 * blocks included; the folio across the end stays cached only if dirty,
 * and unmapped (the model's split of a file folio fails, and the kernel
 * then unmaps it: try_folio_split_or_unmap()); from then on every access
 * past the end raises SIGBUS, on every CPU, and nothing is written back
 * past it, where its blocks were freed.  Reclaim and aging keep off a
 * folio locked elsewhere, as a truncation holds it, and reclaim writes
 * a dirty one back before it evicts it.  And an upstream sequence the
 * checker reaches: a fault-around whose window was set before the
 * truncation maps a kept folio past the new end.
 */
#include "check/scenarios.h"
#include "lib/chktest.h"
#include "lib/mmfix.h"

MM_VARIANTS

struct tr_fix {
	struct mm_model *mm;
	struct address_space file;
	unsigned long eof;
};

/*
 * A file of three blocks, cached in block folios (as read(2) leaves it),
 * mapped whole, every page loaded: each block folded by a fault-around.
 */
static void tr_fix_setup(struct tr_fix *f)
{
	unsigned long p;

	f->mm = mm_alloc();
	ASSERT_TRUE(f->mm);
	ASSERT_EQ(address_space_init(&f->file, 3 * CONT_PTES, cont_order(),
				     false), 0);
	for (p = 0; p < 3 * CONT_PTES; p++)
		folio_put(filemap_get_folio(&f->file, p));
	ASSERT_TRUE(do_mmap(f->mm, fix_va(0), (3 * CONT_PTES) << PAGE_SHIFT,
			    VM_READ | VM_WRITE | VM_SHARED, 0, &f->file, 0));
	for (p = 0; p < 3 * CONT_PTES; p++)
		fix_load(f->mm, fix_va(p));
	f->eof = CONT_PTES + CONT_PTES / 2;
}

static void tr_fix_teardown(struct tr_fix *f)
{
	fix_mmput_all();
	address_space_release(&f->file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

/* Past the end: no entry, no cached folio, and each access faults. */
static void expect_nothing_past_eof(struct tr_fix *f)
{
	unsigned long p;
	u64 v;

	for (p = f->eof; p < 3 * CONT_PTES; p++) {
		EXPECT_TRUE(pte_none(mm_read_pte(f->mm, fix_va(p))));
		EXPECT_EQ(user_load(f->mm, fix_va(p), &v), -EFAULT_USER);
	}
	for (p = 2 * CONT_PTES; p < 3 * CONT_PTES; p++)
		EXPECT_FALSE(f->file.i_pages[p]);
}

TEST(truncate_drops_clean_folios_and_their_blocks)
{
	struct tr_fix f;

	tr_fix_setup(&f);
	EXPECT_EQ(fix_nr_cont(f.mm, fix_va(2 * CONT_PTES), CONT_PTES),
		  CONT_PTES);
	truncate_pagecache(&f.file, f.eof);
	EXPECT_EQ(i_size_read(&f.file), f.eof);
	expect_nothing_past_eof(&f);
	/* The clean folio across the end went whole, mappings and all. */
	EXPECT_FALSE(f.file.i_pages[CONT_PTES]);
	EXPECT_TRUE(pte_none(mm_read_pte(f.mm, fix_va(CONT_PTES))));
	/* The first block is untouched, and the file refaults up to the end. */
	EXPECT_EQ(fix_nr_cont(f.mm, fix_va(0), CONT_PTES), CONT_PTES);
	fix_load(f.mm, fix_va(f.eof - 1));
	EXPECT_EQ(folio_index(f.file.i_pages[f.eof - 1]) +
		  folio_nr_pages(f.file.i_pages[f.eof - 1]), f.eof);
	tr_fix_teardown(&f);
}

TEST(truncate_keeps_a_dirty_folio_across_the_end_unmapped)
{
	struct folio *folio;
	struct tr_fix f;

	tr_fix_setup(&f);
	fix_store(f.mm, fix_va(CONT_PTES), 0x51);
	folio = f.file.i_pages[CONT_PTES];
	truncate_pagecache(&f.file, f.eof);
	expect_nothing_past_eof(&f);
	/* Kept whole, and unmapped even before the end. */
	EXPECT_EQ(f.file.i_pages[CONT_PTES], folio);
	EXPECT_EQ(f.file.i_pages[f.eof], folio);
	EXPECT_FALSE(folio_mapped(folio));
	EXPECT_EQ(fix_load(f.mm, fix_va(CONT_PTES)), 0x51);
	fix_store(f.mm, fix_va(f.eof - 1), 0x52);
	filemap_write_and_wait(&f.file);
	EXPECT_EQ(f.file.store[CONT_PTES], 0x51);
	EXPECT_EQ(f.file.store[f.eof - 1], 0x52);
	tr_fix_teardown(&f);
}

/*
 * The pages of the kept folio past the end are not the file's any more:
 * writeback after the truncation writes the pages before the end and
 * none after it, whose blocks the truncation freed.
 */
TEST(writeback_after_a_truncation_writes_nothing_past_the_end)
{
	struct tr_fix f;

	tr_fix_setup(&f);
	fix_store(f.mm, fix_va(CONT_PTES), 0x51);
	fix_store(f.mm, fix_va(f.eof), 0x54);
	truncate_pagecache(&f.file, f.eof);
	filemap_write_and_wait(&f.file);
	EXPECT_EQ(f.file.store[CONT_PTES], 0x51);
	EXPECT_EQ(f.file.store[f.eof], 0);
	EXPECT_FALSE(folio_test(f.file.i_pages[CONT_PTES], PG_dirty));
	tr_fix_teardown(&f);
}

/* A copy that reaches a block the truncation freed is another's data. */
TEST(a_copy_to_a_freed_block_is_data_loss)
{
	struct tr_fix f;

	tr_fix_setup(&f);
	truncate_pagecache(&f.file, f.eof);
	file_store_write(&f.file, f.eof - 1, 0x55);
	EXPECT_EQ(fix_violations_of("data-loss"), 0);
	file_store_write(&f.file, f.eof, 0x56);
	EXPECT_EQ(fix_violations_of("data-loss"), 1);
	fix_nr_violations = 0;
	tr_fix_teardown(&f);
}

/* Another CPU's cached translation past the end goes with the truncation. */
TEST(truncate_invalidates_every_cpus_translation)
{
	struct tr_fix f;
	u64 v;

	hw_cfg.nr_cpus = 2;
	tr_fix_setup(&f);
	hw_this_cpu = 1;
	fix_load(f.mm, fix_va(2 * CONT_PTES));
	hw_this_cpu = 0;
	truncate_pagecache(&f.file, f.eof);
	hw_this_cpu = 1;
	EXPECT_EQ(user_load(f.mm, fix_va(2 * CONT_PTES), &v), -EFAULT_USER);
	hw_this_cpu = 0;
	tr_fix_teardown(&f);
}

/*
 * unmap_mapping_folio() leaves a private VMA's anonymous copies
 * (even_cows clear); the truncation's unmap of the range takes them.
 */
TEST(unmap_of_file_pages_leaves_private_copies_unless_asked)
{
	struct mm_model *mm = mm_alloc();
	struct address_space file;

	ASSERT_TRUE(mm);
	ASSERT_EQ(address_space_init(&file, CONT_PTES, cont_order(), false), 0);
	ASSERT_TRUE(do_mmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			    VM_READ | VM_WRITE, 0, &file, 0));
	fix_load(mm, fix_va(0));
	fix_store(mm, fix_va(1), 0x53);
	ASSERT_TRUE(folio_test_anon(fix_folio(mm, fix_va(1))));
	unmap_mapping_pages(&file, 0, CONT_PTES, false);
	EXPECT_TRUE(pte_none(mm_read_pte(mm, fix_va(0))));
	EXPECT_EQ(fix_load(mm, fix_va(1)), 0x53);
	EXPECT_TRUE(folio_test_anon(fix_folio(mm, fix_va(1))));
	unmap_mapping_pages(&file, 0, CONT_PTES, true);
	EXPECT_TRUE(pte_none(mm_read_pte(mm, fix_va(1))));
	fix_mmput_all();
	address_space_release(&file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * The upstream sequence: the load's fault-around sets its window by the
 * old size and takes its reference on the dirty folio across the end;
 * the truncation runs whole (the folio's split fails, and it is kept);
 * then the fault-around locks the folio, finds its first page inside the
 * file, and maps up to the old end.  The load past the end completes.
 */
/*
 * A truncation holds each folio's lock while it takes it out of the
 * cache: reclaim, which trylocks every folio first (shrink_folio_list()),
 * keeps one it finds locked, and aging without the lock
 * (folio_referenced(), !is_locked) counts it referenced rather than walk
 * a file folio whose mapping may be going.
 */
TEST(reclaim_and_aging_keep_off_a_file_folio_locked_elsewhere)
{
	struct reclaim_stats stats = { 0 };
	struct folio *folio;
	struct tr_fix f;

	tr_fix_setup(&f);
	folio = fix_folio(f.mm, fix_va(0));
	folio_lock(folio);
	EXPECT_EQ(folio_referenced(folio, false), 1);
	/* Not walked: the entries are still young. */
	EXPECT_TRUE(pte_young(mm_read_pte(f.mm, fix_va(0))));
	shrink_mapping(&f.file, &stats);
	EXPECT_EQ(f.file.i_pages[0], folio);
	EXPECT_EQ(folio_mapcount(folio), CONT_PTES);
	EXPECT_EQ(stats.busy, 1);
	folio_unlock(folio);
	/* Unlocked, aging walks it and reclaim, finding it old, evicts it. */
	EXPECT_EQ(folio_referenced(folio, false), 1);
	EXPECT_FALSE(pte_young(mm_read_pte(f.mm, fix_va(0))));
	flush_tlb_mm(&f.mm->mm);
	stats = (struct reclaim_stats){ 0 };
	shrink_mapping(&f.file, &stats);
	EXPECT_FALSE(f.file.i_pages[0]);
	EXPECT_TRUE(pte_none(mm_read_pte(f.mm, fix_va(0))));
	tr_fix_teardown(&f);
}

/*
 * A dirty file folio reclaim writes back is unlocked by ->writepage()
 * and locked again to be evicted: clean and unheld by then, it goes.
 */
TEST(reclaim_writes_a_dirty_file_folio_back_then_evicts_it)
{
	struct reclaim_stats stats = { 0 };
	struct folio *folio;
	struct tr_fix f;

	tr_fix_setup(&f);
	fix_store(f.mm, fix_va(1), 0x5a);
	folio = fix_folio(f.mm, fix_va(0));
	folio_referenced(folio, false);
	flush_tlb_mm(&f.mm->mm);
	shrink_mapping(&f.file, &stats);
	EXPECT_EQ(stats.written, 1);
	EXPECT_FALSE(f.file.i_pages[0]);
	EXPECT_EQ(file_store_read(&f.file, 1), 0x5a);
	tr_fix_teardown(&f);
}

TEST(fault_around_from_before_a_truncation_maps_past_the_end)
{
	if (hw_cfg.granule != HW_GRANULE_4K)
		ktap_skip("fault-around maps one page on this granule");
	chktest_expect_finding(&scn_truncate_dirty_fault_around, 20000,
			       CHK_PERMISSION, "past the end of the file");
}
