// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fault handler, one path per test: anonymous mTHP faults, the zero
 * page and its COW, fallback to smaller orders, access errors, file
 * faults, and spurious or access-flag faults resolved in place.
 */
#include "lib/mmfix.h"

MM_VARIANTS

TEST(anon_fault_maps_whole_folio_folded)
{
	struct mm_model *mm = mm_alloc();
	unsigned long nr = CONT_PTES * 2;
	struct folio *folio;
	pte_t pte;

	fix_mmap_anon(mm, 0, nr, cont_order());
	fix_store(mm, fix_va(3), 0xabc);
	EXPECT_EQ(mm->rss, CONT_PTES);
	folio = fix_folio(mm, fix_va(0));
	ASSERT_TRUE(folio);
	EXPECT_EQ(folio->order, cont_order());
	EXPECT_EQ(folio_ref_count(folio), CONT_PTES);
	EXPECT_EQ(folio_mapcount(folio), CONT_PTES);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), CONT_PTES);
	/* Mapped young and dirty: anonymous memory starts out written. */
	pte = mm_read_pte(mm, fix_va(0));
	EXPECT_TRUE(pte_young(pte) && pte_dirty(pte) && pte_write(pte));
	EXPECT_EQ(fix_load(mm, fix_va(3)), 0xabc);
	EXPECT_EQ(fix_load(mm, fix_va(4)), 0);
	/* set_ptes(nr) creates the block directly: no convert, no TLBI. */
	EXPECT_EQ(hw_stats.folds + hw_stats.unfolds, 0);
	EXPECT_EQ(fix_tlbi(), 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(read_fault_maps_zero_page_write_copies)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	EXPECT_EQ(fix_load(mm, fix_va(1)), 0);
	EXPECT_TRUE(pte_special(mm_read_pte(mm, fix_va(1))));
	EXPECT_EQ(mm->rss, 0);
	fix_store(mm, fix_va(1), 7);
	folio = fix_folio(mm, fix_va(1));
	ASSERT_TRUE(folio);
	/* wp_page_copy() replaces the zero page with an order-0 copy. */
	EXPECT_EQ(folio->order, 0);
	EXPECT_EQ(fix_load(mm, fix_va(1)), 7);
	EXPECT_EQ(mm->rss, 1);
	/* ptep_clear_flush() of the zero-page entry. */
	EXPECT_EQ(hw_stats_tlbi_of(&hw_stats, HW_TLBI_VALE1), 1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(mthp_falls_back_when_range_is_partly_mapped)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_load(mm, fix_va(3));	/* zero page at index 3 */
	fix_store(mm, fix_va(0), 1);
	folio = fix_folio(mm, fix_va(0));
	ASSERT_TRUE(folio);
	/* Order 1 covers pages 0-1; order 2 would need page 3. */
	EXPECT_EQ(folio->order, 1);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(access_errors_are_sigsegv)
{
	struct mm_model *mm = mm_alloc();
	u64 v = 0;

	ASSERT_TRUE(do_mmap(mm, fix_va(0), PAGE_SIZE, VM_READ, 0, NULL, 0));
	EXPECT_EQ(user_store(mm, fix_va(0), 1), -EFAULT_USER);
	EXPECT_EQ(user_load(mm, fix_va(0), &v), 0);
	EXPECT_EQ(user_load(mm, fix_va(1), &v), -EFAULT_USER);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * An instruction abort needs VM_EXEC (arm64 do_page_fault()); a read
 * fault is let through by VM_EXEC alone (no FEAT_EPAN), whose protection
 * maps readable.
 */
TEST(fetch_needs_vm_exec)
{
	struct mm_model *mm = mm_alloc();
	u64 v = 0;

	ASSERT_TRUE(do_mmap(mm, fix_va(0), PAGE_SIZE, VM_READ | VM_WRITE, 0,
			    NULL, 0));
	ASSERT_TRUE(do_mmap(mm, fix_va(1), PAGE_SIZE, VM_READ | VM_EXEC, 0,
			    NULL, 0));
	ASSERT_TRUE(do_mmap(mm, fix_va(2), PAGE_SIZE, VM_EXEC, 0, NULL, 0));
	fix_store(mm, fix_va(0), 5);
	EXPECT_EQ(user_fetch(mm, fix_va(0), &v), -EFAULT_USER);
	EXPECT_TRUE(pte_val(mm_read_pte(mm, fix_va(0))) & PTE_UXN);
	/* A fetch faults the page in, and the entry lets it run. */
	EXPECT_EQ(user_fetch(mm, fix_va(1), &v), 0);
	EXPECT_FALSE(pte_val(mm_read_pte(mm, fix_va(1))) & PTE_UXN);
	EXPECT_TRUE(pte_val(mm_read_pte(mm, fix_va(1))) & PTE_PXN);
	EXPECT_TRUE(pte_user(mm_read_pte(mm, fix_va(1))));
	EXPECT_EQ(user_load(mm, fix_va(2), &v), 0);
	EXPECT_EQ(user_fetch(mm, fix_va(2), &v), 0);
	EXPECT_EQ(user_store(mm, fix_va(2), 1), -EFAULT_USER);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/* Pages fault-around maps: 64K of them (one on 64K pages: none around). */
static unsigned long fault_around_pages(void)
{
	return (64UL << 10) >> PAGE_SHIFT;
}

/*
 * v6.12's read faults on a file: a cold read maps its page alone
 * (finish_fault()); the next maps what is cached around it
 * (do_fault_around()), one run on each side of the mapped page, neither
 * a whole block, the run without the faulting page old (the hardware
 * sets the Access flag).  Once the folio is cached, a read in a fresh
 * mapping maps its block in one run, folded.
 */
TEST(file_read_fault_maps_around_what_is_cached)
{
	unsigned long around = fault_around_pages();
	struct mm_model *mm = mm_alloc();
	struct address_space file;

	ASSERT_EQ(address_space_init(&file, CONT_PTES, cont_order(), false), 0);
	ASSERT_TRUE(do_mmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			    VM_READ | VM_WRITE | VM_SHARED, 0, &file, 0));
	fix_load(mm, fix_va(5));
	EXPECT_EQ(mm->rss, 1);
	fix_load(mm, fix_va(9));
	EXPECT_EQ(mm->rss, around > 1 ? around : 2);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	EXPECT_TRUE(pte_young(mm_read_pte(mm, fix_va(9))));
	if (around > 1)
		EXPECT_FALSE(pte_young(mm_read_pte(mm, fix_va(0))));
	ASSERT_EQ(do_munmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT), 0);
	ASSERT_TRUE(do_mmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			    VM_READ | VM_WRITE | VM_SHARED, 0, &file, 0));
	fix_load(mm, fix_va(5));
	EXPECT_EQ(mm->rss, around > 1 ? CONT_PTES : 1);
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES),
		  around >= CONT_PTES ? CONT_PTES : 0);
	fix_mmput_all();
	address_space_release(&file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * A cached folio that reaches past the end of the file (a truncation
 * that could not split it): the fault-around maps it up to the end only,
 * a fault past the end raises SIGBUS, and the user's access there fails.
 */
TEST(file_faults_stop_at_i_size)
{
	unsigned long eof = CONT_PTES / 2 + 1, p;
	struct mm_model *mm = mm_alloc();
	struct address_space file;
	struct vm_area *vma;
	u64 v;

	ASSERT_EQ(address_space_init(&file, CONT_PTES, cont_order(), false), 0);
	folio_put(filemap_get_folio(&file, 0));
	i_size_write(&file, eof);
	vma = do_mmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
		      VM_READ | VM_WRITE | VM_SHARED, 0, &file, 0);
	ASSERT_TRUE(vma);
	fix_load(mm, fix_va(0));
	fix_load(mm, fix_va(eof - 1));
	for (p = eof; p < CONT_PTES; p++)
		EXPECT_TRUE(pte_none(mm_read_pte(mm, fix_va(p))));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	mmap_read_lock(mm);
	EXPECT_EQ(handle_mm_fault(vma, fix_va(eof), 0), VM_FAULT_SIGBUS);
	mmap_read_unlock(mm);
	EXPECT_EQ(user_load(mm, fix_va(CONT_PTES - 1), &v), -EFAULT_USER);
	fix_mmput_all();
	address_space_release(&file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(file_fault_maps_cache_folio_read_only_until_written)
{
	struct mm_model *mm = mm_alloc();
	struct address_space file;
	struct folio *folio;
	unsigned long i;

	ASSERT_EQ(address_space_init(&file, CONT_PTES, cont_order(), false), 0);
	for (i = 0; i < CONT_PTES; i++)
		file.store[i] = 100 + i;
	ASSERT_TRUE(do_mmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			    VM_READ | VM_WRITE | VM_SHARED, 0, &file, 0));
	fix_fault_in_file(mm, 0, CONT_PTES);
	EXPECT_EQ(fix_load(mm, fix_va(5)), 105);
	/* Every page mapped, read-only; folded where fault-around can. */
	EXPECT_EQ(mm->rss, CONT_PTES);
	folio = fix_folio(mm, fix_va(0));
	ASSERT_TRUE(folio);
	/*
	 * Shared file pages with writeback start read-only (write-notify):
	 * the first write faults, dirties the folio and makes that entry
	 * writable, which unfolds the block.
	 */
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(0))));
	EXPECT_FALSE(folio_test(folio, PG_dirty));
	fix_store(mm, fix_va(9), 9999);
	EXPECT_TRUE(folio_test(folio, PG_dirty));
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(9))));
	EXPECT_TRUE(pte_dirty(mm_read_pte(mm, fix_va(9))));
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(0))));
	EXPECT_EQ(fix_nr_cont(mm, fix_va(0), CONT_PTES), 0);
	ASSERT_EQ(do_munmap(mm, fix_va(0), CONT_PTES << PAGE_SHIFT), 0);
	EXPECT_TRUE(folio_test(folio, PG_dirty));
	filemap_write_and_wait(&file);
	EXPECT_EQ(file.store[9], 9999);
	EXPECT_EQ(file.store[8], 108);
	EXPECT_FALSE(folio_test(folio, PG_dirty));
	fix_mmput_all();
	address_space_release(&file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(private_file_write_copies)
{
	struct mm_model *mm = mm_alloc();
	struct address_space file;
	struct folio *folio;

	ASSERT_EQ(address_space_init(&file, 4, 0, false), 0);
	file.store[2] = 42;
	ASSERT_TRUE(do_mmap(mm, fix_va(0), 4 << PAGE_SHIFT,
			    VM_READ | VM_WRITE, 0, &file, 0));
	EXPECT_EQ(fix_load(mm, fix_va(2)), 42);
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(2))));
	fix_store(mm, fix_va(2), 43);
	folio = fix_folio(mm, fix_va(2));
	ASSERT_TRUE(folio);
	EXPECT_TRUE(folio_test_anon(folio));
	EXPECT_EQ(fix_load(mm, fix_va(2)), 43);
	fix_mmput_all();
	/* The file itself never saw the private write. */
	filemap_write_and_wait(&file);
	EXPECT_EQ(file.store[2], 42);
	address_space_release(&file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(access_flag_faults_without_hardware_af)
{
	struct mm_model *mm = mm_alloc();

	hw_cfg.ha = false;
	hw_cfg.hd = false;
	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_store(mm, fix_va(0), 5);
	EXPECT_EQ(fix_load(mm, fix_va(1)), 0);
	EXPECT_EQ(fix_load(mm, fix_va(0)), 5);
	EXPECT_TRUE(pte_young(mm_read_pte(mm, fix_va(1))));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(user_thread_program_runs_through_faults)
{
	struct mm_model *mm = mm_alloc();
	const struct user_op prog[] = {
		{ true, fix_va(0), 11 }, { false, fix_va(0) },
		{ true, fix_va(CONT_PTES), 22 }, { false, fix_va(1) },
		{ true, fix_va(4 * CONT_PTES), 33 },
	};
	u64 loaded[5];
	int ret[5];
	struct user_thread t = { .mm = mm, .prog = prog, .nr_ops = 5,
				 .loaded = loaded, .ret = ret };

	fix_mmap_anon(mm, 0, 2 * CONT_PTES, cont_order());
	user_thread_run(&t);
	EXPECT_EQ(t.pc, 5);
	EXPECT_EQ(ret[0] | ret[1] | ret[2] | ret[3], 0);
	EXPECT_EQ(loaded[1], 11);
	EXPECT_EQ(loaded[3], 0);
	/* Outside every VMA: the program sees SIGSEGV. */
	EXPECT_EQ(ret[4], -EFAULT_USER);
	EXPECT_EQ(mm->rss, 2 * CONT_PTES);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(unshare_fault_on_writable_entry_only_makes_it_young)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;

	fix_mmap_anon(mm, 0, 1, 0);
	fix_store(mm, fix_va(0), 3);
	folio = fix_folio(mm, fix_va(0));
	EXPECT_EQ(folio_referenced(folio, false), 1);
	ASSERT_FALSE(pte_young(mm_read_pte(mm, fix_va(0))));
	EXPECT_EQ(handle_mm_fault(find_vma_unlocked(mm, fix_va(0)), fix_va(0),
				  FAULT_FLAG_UNSHARE),
		  VM_FAULT_DONE);
	EXPECT_TRUE(pte_young(mm_read_pte(mm, fix_va(0))));
	EXPECT_EQ(fix_folio(mm, fix_va(0)), folio);
	EXPECT_TRUE(pte_write(mm_read_pte(mm, fix_va(0))));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}
