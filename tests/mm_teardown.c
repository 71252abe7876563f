// SPDX-License-Identifier: GPL-2.0-only
/*
 * munmap and exit through the mmu_gather, per teardown design.  Exit of
 * memory in block-sized folios: teardown=batch clears whole blocks with
 * no TLBI per block (one ASID flush at the end); teardown=unfold unfolds
 * each block, one TLBI each; teardown=full clears without unfolding.
 */
#include "lib/mmfix.h"

MM_VARIANTS

#define NR_BLOCKS	4

static struct mm_model *populated_mm(void)
{
	struct mm_model *mm = mm_alloc();

	fix_mmap_anon(mm, 0, NR_BLOCKS * CONT_PTES, cont_order());
	fix_fill(mm, 0, NR_BLOCKS * CONT_PTES, 1000);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), NR_BLOCKS * CONT_PTES),
		  NR_BLOCKS * CONT_PTES);
	hw_stats_reset();
	return mm;
}

static void exit_and_count(enum contpte_teardown design, u64 want_tlbi,
			   unsigned long want_unfolds)
{
	struct mm_model *mm;
	unsigned long before;

	contpte_design.teardown = design;
	mm = populated_mm();
	before = nr_free_pages();
	mmput(mm);
	EXPECT_EQ(fix_tlbi(), want_tlbi);
	EXPECT_EQ(hw_stats_tlbi_of(&hw_stats, HW_TLBI_ASIDE1), 1);
	EXPECT_EQ(hw_stats.unfolds, want_unfolds);
	EXPECT_EQ(nr_free_pages() - before, NR_BLOCKS * CONT_PTES);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(exit_batch_issues_no_tlbi_per_block)
{
	exit_and_count(TEARDOWN_BATCH, 1, 0);
}

TEST(exit_unfold_issues_one_tlbi_per_block)
{
	exit_and_count(TEARDOWN_UNFOLD, NR_BLOCKS + 1, NR_BLOCKS);
}

TEST(exit_full_clears_without_unfolding)
{
	exit_and_count(TEARDOWN_FULL, 1, 0);
}

TEST(munmap_whole_blocks_flushes_once_at_the_end)
{
	struct mm_model *mm = populated_mm();
	unsigned long pages = 2 * CONT_PTES;

	ASSERT_EQ(do_munmap(mm, fix_va(0), pages << PAGE_SHIFT), 0);
	EXPECT_EQ(hw_stats.unfolds, 0);
	EXPECT_EQ(fix_tlbi(), fix_range_tlbis(pages));
	EXPECT_EQ(mm->rss, 2 * CONT_PTES);
	EXPECT_TRUE(fix_check(mm, pages, 2 * CONT_PTES, 1000 + pages));
	EXPECT_EQ(user_store(mm, fix_va(0), 1), -EFAULT_USER);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(munmap_partial_block_unfolds_the_edge)
{
	struct mm_model *mm = populated_mm();
	unsigned long half = CONT_PTES / 2;
	struct folio *folio = fix_folio(mm, fix_va(0));

	ASSERT_EQ(do_munmap(mm, fix_va(0), half << PAGE_SHIFT), 0);
	EXPECT_EQ(hw_stats.unfolds, 1);
	/* The convert's TLBI, then the gather's range flush. */
	EXPECT_EQ(fix_tlbi(), 1 + fix_range_tlbis(half));
	EXPECT_EQ(folio_mapcount(folio), CONT_PTES - half);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(half), CONT_PTES - half), 0);
	EXPECT_TRUE(fix_check(mm, half, CONT_PTES - half, 1000 + half));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(dontneed_zaps_and_refaults_zero)
{
	struct mm_model *mm = populated_mm();
	unsigned long before = nr_free_pages();

	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_DONTNEED), 0);
	EXPECT_EQ(nr_free_pages() - before, CONT_PTES);
	EXPECT_EQ(hw_stats.unfolds, 0);
	EXPECT_EQ(fix_tlbi(), fix_range_tlbis(CONT_PTES));
	EXPECT_EQ(fix_load(mm, fix_va(1)), 0);
	EXPECT_TRUE(fix_check(mm, CONT_PTES, CONT_PTES, 1000 + CONT_PTES));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(file_exit_hands_dirty_to_written_folios_only)
{
	struct mm_model *mm = mm_alloc();
	unsigned long nr = 2 * CONT_PTES;
	struct address_space file;
	struct folio *a, *b;

	ASSERT_EQ(address_space_init(&file, nr, cont_order(), false), 0);
	ASSERT_TRUE(do_mmap(mm, fix_va(0), nr << PAGE_SHIFT,
			    VM_READ | VM_WRITE | VM_SHARED, 0, &file, 0));
	/* Reads of the cached file map both blocks; one is stored to. */
	fix_fault_in_file(mm, 0, nr);
	fix_store(mm, fix_va(CONT_PTES + 3), 77);
	a = fix_folio(mm, fix_va(0));
	b = fix_folio(mm, fix_va(CONT_PTES));
	ASSERT_TRUE(a && b && a != b);
	hw_stats_reset();
	mmput(mm);
	EXPECT_FALSE(folio_test(a, PG_dirty));
	EXPECT_TRUE(folio_test(b, PG_dirty));
	EXPECT_TRUE(folio_test(a, PG_referenced));
	/* The dirty file batch forced a flush under the PTL; then the ASID. */
	EXPECT_EQ(hw_stats.unfolds, 0);
	EXPECT_EQ(hw_stats_tlbi_of(&hw_stats, HW_TLBI_ASIDE1), 1);
	address_space_release(&file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

static unsigned int nr_hinted_table_tlbis;

/* Count by-VA TLBIs of all levels that carry a level hint. */
static void record_tlbi(void *arg, unsigned int cpu, const struct hw_tlbi *t)
{
	if ((t->op == HW_TLBI_VAE1 || t->op == HW_TLBI_RVAE1) && t->ttl)
		nr_hinted_table_tlbis++;
}

static void ignore_dsb(void *arg, unsigned int cpu, enum hw_dsb kind)
{
}

TEST(flush_with_freed_tables_gives_no_level_hint)
{
	static const struct hw_tlb_backend recorder = {
		.tlbi = record_tlbi, .dsb = ignore_dsb,
	};
	struct mm_model *mm = mm_alloc();
	struct mmu_gather tlb;

	nr_hinted_table_tlbis = 0;
	hw_set_tlb_backend(&recorder);
	tlb_gather_mmu(&tlb, mm);
	tlb_remove_tlb_entries(&tlb, NULL, 3, fix_va(0));
	tlb.freed_tables = true;
	tlb_finish_mmu(&tlb);
	hw_set_tlb_backend(NULL);
	EXPECT_EQ(hw_stats_tlbi_of(&hw_stats, HW_TLBI_VAE1) +
		  hw_stats_tlbi_of(&hw_stats, HW_TLBI_RVAE1), 2);
	EXPECT_EQ(nr_hinted_table_tlbis, 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

static struct folio *flushed[2];
static int mapped_at_flush[2];

/* The mapcounts of the folios in @flushed when the first TLBI goes out. */
static void record_mapcounts(void *arg, unsigned int cpu,
			     const struct hw_tlbi *t)
{
	unsigned int i;

	for (i = 0; i < 2; i++)
		if (mapped_at_flush[i] < 0)
			mapped_at_flush[i] = folio_mapcount(flushed[i]);
}

/*
 * MADV_DONTNEED of a dirty and a clean page of a shared file: the dirty
 * one stays mapped until the TLBI that ends its last writable entry
 * (zap_present_folio_ptes()' delay_rmap), the clean one is unmapped at
 * once; both are unmapped when the zap returns.  A folio mapped nowhere
 * is what folio_mkclean() skips.
 */
TEST(dirty_file_zap_unmaps_after_the_flush)
{
	static const struct hw_tlb_backend recorder = {
		.tlbi = record_mapcounts, .dsb = ignore_dsb,
	};
	struct mm_model *mm = mm_alloc();
	struct address_space file;

	ASSERT_EQ(address_space_init(&file, 2, 0, false), 0);
	ASSERT_TRUE(do_mmap(mm, fix_va(0), 2 << PAGE_SHIFT,
			    VM_READ | VM_WRITE | VM_SHARED, 0, &file, 0));
	fix_store(mm, fix_va(0), 5);
	fix_load(mm, fix_va(1));
	flushed[0] = fix_folio(mm, fix_va(0));
	flushed[1] = fix_folio(mm, fix_va(1));
	ASSERT_TRUE(flushed[0] && flushed[1]);
	mapped_at_flush[0] = mapped_at_flush[1] = -1;
	hw_set_tlb_backend(&recorder);
	ASSERT_EQ(do_madvise(mm, fix_va(0), 2 << PAGE_SHIFT, MADV_DONTNEED), 0);
	hw_set_tlb_backend(NULL);
	EXPECT_EQ(mapped_at_flush[0], 1);
	EXPECT_EQ(mapped_at_flush[1], 0);
	EXPECT_EQ(folio_mapcount(flushed[0]), 0);
	EXPECT_TRUE(folio_test(flushed[0], PG_dirty));
	EXPECT_FALSE(folio_test(flushed[1], PG_dirty));
	mmput(mm);
	address_space_release(&file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * munmap() frees the PTE tables no VMA left reaches into
 * (free_pgtables()), after its flush; one another VMA still uses stays.
 */
TEST(munmap_frees_the_tables_no_vma_reaches)
{
	unsigned long span = PTRS_PER_PTE;	/* pages one table maps */
	struct mm_model *mm = mm_alloc();
	unsigned int tables;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_mmap_anon(mm, span, CONT_PTES, cont_order());
	fix_mmap_anon(mm, span + CONT_PTES, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 1);
	fix_fill(mm, span, 2 * CONT_PTES, 1);
	tables = pgtables_in_use();
	ASSERT_EQ(do_munmap(mm, fix_va(span), CONT_PTES << PAGE_SHIFT), 0);
	EXPECT_EQ(pgtables_in_use(), tables);
	ASSERT_EQ(do_munmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT), 0);
	EXPECT_EQ(pgtables_in_use(), tables - 1);
	EXPECT_FALSE(pte_offset_map(mm, fix_va(0)));
	EXPECT_TRUE(pte_offset_map(mm, fix_va(span + CONT_PTES)));
	EXPECT_TRUE(fix_check(mm, span + CONT_PTES, CONT_PTES, 1 + CONT_PTES));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * MADV_DONTNEED empties the table (its flush is last-level only), then
 * munmap() frees it with nothing present: the table's page still joins
 * the gather's range (pte_free_tlb()), so the flush runs and removes the
 * walk-cache entry CPU 1 kept; its next load faults, with no stale walk.
 */
TEST(munmap_of_an_emptied_table_still_flushes_its_walk_caches)
{
	struct mm_model *mm = mm_alloc();
	u64 v;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 1);
	hw_this_cpu = 1;
	fix_load(mm, fix_va(0));
	hw_this_cpu = 0;
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_DONTNEED), 0);
	ASSERT_EQ(do_munmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT), 0);
	hw_this_cpu = 1;
	EXPECT_TRUE(user_load(mm, fix_va(0), &v) != 0);
	hw_this_cpu = 0;
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}
