// SPDX-License-Identifier: GPL-2.0-only
/*
 * Each oracle fires when a test breaks what it guards: a lost dirty bit
 * (ad-contract, then data-loss at discard), a folio freed while pinned
 * (gup-pin), counts going negative and leaks (bookkeeping), a page
 * freed while a TLB still translates to it (stale-tlb, from the machine),
 * the kernel reading or writing a page it freed, or detaching a VMA it
 * did not mark for writing (warnings, which the checker reports as
 * bookkeeping), a folio_get() of a folio already freed, a walk of the
 * VMAs without mmap_lock and a split of an unlocked folio (bookkeeping).
 */
#include <linux/highmem.h>

#include "lib/mmfix.h"

MM_VARIANTS

TEST(lost_dirty_bit_is_ad_contract_then_data_loss)
{
	struct mm_model *mm = mm_alloc();
	struct reclaim_stats st = { 0 };
	struct folio *folio;
	spinlock_t *ptl;
	pte_t *pte;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 1);
	ASSERT_EQ(do_madvise(mm, fix_va(0), CONT_PTES << PAGE_SHIFT,
			     MADV_FREE), 0);
	fix_store(mm, fix_va(2), 77);
	folio = fix_folio(mm, fix_va(0));
	/* A broken caller cleans the entries behind reclaim's back. */
	pte = pte_offset_map_lock(mm, fix_va(0), &ptl);
	clear_young_dirty_ptes(&find_vma_unlocked(mm, fix_va(0))->vma, fix_va(0), pte, CONT_PTES,
			       CYDP_CLEAR_YOUNG | CYDP_CLEAR_DIRTY);
	spin_unlock(ptl);
	flush_tlb_mm(&mm->mm);
	shrink_folio(folio, &st);
	EXPECT_EQ(fix_violations_of("ad-contract"), 1);
	EXPECT_EQ(fix_violations_of("data-loss"), 1);
	fix_teardown();
}

TEST(freeing_a_pinned_folio_is_gup_pin)
{
	struct mm_model *mm = mm_alloc();
	struct page *page;

	fix_mmap_anon(mm, 0, 1, 0);
	fix_store(mm, fix_va(0), 1);
	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(0), 1, FOLL_WRITE, &page), 1);
	/* A broken path drops the pin's reference as a plain one. */
	folio_put(page_folio(page));
	fix_teardown();
	EXPECT_EQ(fix_violations_of("gup-pin"), 1);
}

TEST(negative_mapcount_and_leaks_are_bookkeeping)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;

	fix_mmap_anon(mm, 0, 1, 0);
	fix_store(mm, fix_va(0), 1);
	folio = fix_folio(mm, fix_va(0));
	folio_remove_rmap_ptes(folio, 2);
	EXPECT_EQ(fix_violations_of("bookkeeping"), 1);
	folio_add_file_rmap_ptes(folio, 2);
	ASSERT_TRUE(folio_alloc(0));	/* never freed */
	fix_mmput_all();
	EXPECT_FALSE(mm_check_leaks(0, 0));
	EXPECT_EQ(fix_violations_of("bookkeeping"), 2);
}

TEST(access_after_free_without_flush_is_stale_tlb)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;
	spinlock_t *ptl;
	pte_t *pte;

	fix_mmap_anon(mm, 0, 1, 0);
	fix_store(mm, fix_va(0), 1);
	folio = fix_folio(mm, fix_va(0));
	/* A broken zap: clear and free without invalidating the TLB. */
	pte = pte_offset_map_lock(mm, fix_va(0), &ptl);
	ptep_get_and_clear(&mm->mm, fix_va(0), pte);
	spin_unlock(ptl);
	mm->rss--;
	folio_remove_rmap_ptes(folio, 1);
	folio_put(folio);
	fix_load(mm, fix_va(0));
	EXPECT_TRUE(fix_violations_of("stale-tlb") >= 1);
	fix_teardown();
}

TEST(copy_from_or_to_a_free_page_warns)
{
	struct folio *held = folio_alloc(0), *freed = folio_alloc(0);
	unsigned long warns = warn_count();

	ASSERT_TRUE(held && freed);
	folio_put(freed);
	/* A copy run past its folio: data and fill, each read warns. */
	copy_highpage(&held->page, &freed->page);
	EXPECT_EQ(warn_count() - warns, 2);
	copy_highpage(&freed->page, &held->page);
	EXPECT_EQ(warn_count() - warns, 4);
	copy_highpage(&held->page, &held->page);
	EXPECT_EQ(warn_count() - warns, 4);
	folio_put(held);
	fix_teardown();
}

TEST(folio_get_of_a_freed_folio_is_bookkeeping)
{
	struct folio *folio = folio_alloc(0);

	ASSERT_TRUE(folio);
	folio_get(folio);
	folio_put_refs(folio, 2);
	EXPECT_EQ(fix_violations_of("bookkeeping"), 0);
	/* A lockless lookup that took its reference with folio_get(). */
	folio_get(folio);
	EXPECT_EQ(fix_violations_of("bookkeeping"), 1);
	/* Not freed twice: let the test's teardown count only the leak. */
	folio_ref_unfreeze(folio, 0);
	fix_teardown();
}

TEST(detaching_a_vma_without_its_write_mark_warns)
{
	struct mm_model *mm = mm_alloc();
	struct vm_area *vma;
	unsigned long warns;

	fix_mmap_anon(mm, 0, 1, 0);
	vma = find_vma_unlocked(mm, fix_va(0));
	mmap_write_lock(mm);
	vma_start_write(vma);
	warns = warn_count();
	vma_assert_write_locked(vma);
	EXPECT_EQ(warn_count() - warns, 0);
	/* A downgrade ends every mark, as munmap() must not before it detaches. */
	mmap_write_downgrade(mm);
	vma_assert_write_locked(vma);
	EXPECT_EQ(warn_count() - warns, 1);
	mmap_read_unlock(mm);
	fix_teardown();
}

/*
 * for_each_vma() and find_vma() assert mmap_lock, as the kernel's
 * find_vma() does; find_vma_unlocked(), an observer's look, does not.
 */
TEST(vma_walk_without_mmap_lock_is_bookkeeping)
{
	struct mm_model *mm = mm_alloc();
	struct vm_area *vma;
	unsigned int n = 0;

	fix_mmap_anon(mm, 0, 1, 0);
	mmap_read_lock(mm);
	for_each_vma(mm, vma)
		n++;
	EXPECT_TRUE(find_vma(mm, fix_va(0)) != NULL);
	mmap_read_unlock(mm);
	EXPECT_EQ(n, 1);
	EXPECT_TRUE(find_vma_unlocked(mm, fix_va(0)) != NULL);
	EXPECT_EQ(fix_violations_of("bookkeeping"), 0);
	for_each_vma(mm, vma)
		n++;
	EXPECT_EQ(n, 2);
	EXPECT_EQ(fix_violations_of("bookkeeping"), 1);
	EXPECT_TRUE(find_vma(mm, fix_va(0)) != NULL);
	EXPECT_EQ(fix_violations_of("bookkeeping"), 2);
	fix_teardown();
}

/*
 * A split needs the folio locked by its caller (VM_BUG_ON_FOLIO() in
 * v6.12 asks only that it be locked).  Without a reference of the
 * caller's the split gives up at once, so the test changes nothing but
 * the report.
 */
TEST(split_of_an_unlocked_folio_is_bookkeeping)
{
	struct mm_model *mm = mm_alloc();
	struct folio *folio;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 1);
	folio = fix_folio(mm, fix_va(0));
	ASSERT_TRUE(folio && folio->order);
	folio_lock(folio);
	EXPECT_NE(split_folio(folio), 0);
	folio_unlock(folio);
	EXPECT_EQ(fix_violations_of("bookkeeping"), 0);
	EXPECT_NE(split_folio(folio), 0);
	EXPECT_EQ(fix_violations_of("bookkeeping"), 1);
	/* Held, but by another CPU (reclaim, migration): still reported. */
	hw_this_cpu = 1;
	folio_lock(folio);
	hw_this_cpu = 0;
	EXPECT_NE(split_folio(folio), 0);
	EXPECT_EQ(fix_violations_of("bookkeeping"), 2);
	hw_this_cpu = 1;
	folio_unlock(folio);
	hw_this_cpu = 0;
	fix_teardown();
}
