// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GUP matrix: get and pin 1, 16 and 123 pages starting three pages
 * before a block boundary, read and write, on populated memory (GUP-fast
 * under each gup-recheck design, no spurious fallback) and on unpopulated
 * memory (the slow path faults pages in).  Read-only pins of shared
 * anonymous pages unshare them first; pins are refused by GUP-fast while
 * fork() runs; the slow path reads only a readable VMA.
 */
#include <linux/highmem.h>

#include "lib/mmfix.h"

MM_VARIANTS

#define GUP_MAX		123
#define GUP_PAGES	(CONT_PTES * 8 + GUP_MAX)

static const unsigned long gup_counts[] = { 1, 16, GUP_MAX };

static void gup_one(struct mm_model *mm, unsigned long first,
		    unsigned long nr, unsigned int flags, bool populated)
{
	struct page *pages[GUP_MAX];
	struct folio *folio;
	unsigned long i;
	long got;

	gup_stats = (struct gup_stats){ 0 };
	if (flags & FOLL_PIN)
		got = pin_user_pages_fast(mm, fix_va(first), nr, flags, pages);
	else
		got = get_user_pages_fast(mm, fix_va(first), nr, flags, pages);
	ASSERT_EQ(got, nr);
	if (populated)
		EXPECT_EQ(gup_stats.fast_pages, nr);
	else
		EXPECT_EQ(gup_stats.slow_pages + gup_stats.fast_pages, nr);
	for (i = 0; i < nr; i++) {
		EXPECT_EQ(page_to_pfn(pages[i]),
			  pte_pfn(mm_read_pte(mm, fix_va(first + i))));
		if (populated)
			EXPECT_EQ(page_data(pages[i]), 7000 + first + i);
		folio = page_folio(pages[i]);
		if (folio_test(folio, PG_zero))
			continue;
		EXPECT_EQ(folio_ref_count(folio) > folio_mapcount(folio), 1);
		if (flags & FOLL_PIN)
			EXPECT_TRUE(folio_maybe_dma_pinned(folio));
	}
	if (flags & FOLL_PIN)
		unpin_user_pages(pages, nr);
	else
		put_user_pages(pages, nr);
	folio = page_folio(pages[nr - 1]);
	if (!folio_test(folio, PG_zero))
		EXPECT_EQ(folio_ref_count(folio), folio_mapcount(folio));
	EXPECT_FALSE(folio_maybe_dma_pinned(folio));
}

static void gup_matrix(bool populated)
{
	const unsigned int flag_sets[] = { FOLL_GET, FOLL_GET | FOLL_WRITE,
					   FOLL_PIN, FOLL_PIN | FOLL_WRITE };
	unsigned int f, c;

	for (f = 0; f < 4; f++) {
		for (c = 0; c < 3; c++) {
			struct mm_model *mm = mm_alloc();
			unsigned long first = CONT_PTES - 3;

			fix_mmap_anon(mm, 0, GUP_PAGES, cont_order());
			if (populated)
				fix_fill(mm, 0, GUP_PAGES, 7000);
			gup_one(mm, first, gup_counts[c], flag_sets[f],
				populated);
			fix_teardown();
		}
	}
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(gup_matrix_populated_each_recheck)
{
	enum contpte_gup_recheck r;

	for (r = 0; r < NR_GUP_RECHECK; r++) {
		contpte_design.gup_recheck = r;
		gup_matrix(true);
	}
}

TEST(gup_matrix_slow_path_faults_in)
{
	gup_matrix(false);
}

TEST(pin_of_shared_anon_page_unshares_it)
{
	struct mm_model *mm = mm_alloc(), *child;
	struct page *page;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 1);
	child = dup_mm(mm);
	ASSERT_TRUE(child);
	gup_stats = (struct gup_stats){ 0 };
	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(2), 1, 0, &page), 1);
	/* Not exclusive after fork: GUP-fast refuses, the slow path copies. */
	EXPECT_EQ(gup_stats.fast_fallbacks, 1);
	EXPECT_EQ(page_to_pfn(page), pte_pfn(mm_read_pte(mm, fix_va(2))));
	EXPECT_NE(page_to_pfn(page), pte_pfn(mm_read_pte(child, fix_va(2))));
	EXPECT_EQ(page_data(page), 3);
	EXPECT_FALSE(pte_write(mm_read_pte(mm, fix_va(2))));
	unpin_user_pages(&page, 1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

/*
 * check_vma_flags(): the slow path reads only where the VMA has VM_READ.
 * A write-only mapping, never touched, has no entry for GUP-fast to take,
 * so a read pin fails; a write pin faults the page in.
 */
TEST(gup_read_needs_vm_read)
{
	struct mm_model *mm = mm_alloc();
	struct page *page;

	fix_mmap_anon(mm, 0, CONT_PTES, 0);
	ASSERT_EQ(do_mprotect(mm, fix_va(0), CONT_PTE_SIZE, VM_WRITE), 0);
	EXPECT_EQ(pin_user_pages_fast(mm, fix_va(1), 1, 0, &page), -1);
	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(1), 1, FOLL_WRITE, &page), 1);
	unpin_user_pages(&page, 1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

TEST(gup_fast_pin_refused_while_fork_runs)
{
	struct mm_model *mm = mm_alloc();
	struct page *page;

	fix_mmap_anon(mm, 0, CONT_PTES, cont_order());
	fix_fill(mm, 0, CONT_PTES, 1);
	mm->write_protect_seq = 1;
	gup_stats = (struct gup_stats){ 0 };
	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(0), 1, FOLL_WRITE, &page), 1);
	EXPECT_EQ(gup_stats.fast_pages, 0);
	EXPECT_EQ(gup_stats.slow_pages, 1);
	mm->write_protect_seq = 2;
	unpin_user_pages(&page, 1);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

static struct mm_model *forking_mm;
static const pte_t *fork_at_ptep;

/* fork() starts (write_protect_seq goes odd) as GUP-fast reads @p. */
static void fork_starts(void *arg, enum hw_mem_op op, const void *p)
{
	if (op != HW_MEM_READ || p != fork_at_ptep)
		return;
	hw_set_sched_hook(NULL, NULL);
	forking_mm->write_protect_seq++;
}

TEST(gup_fast_pins_dropped_when_fork_starts_mid_walk)
{
	struct mm_model *mm = mm_alloc();
	struct page *pages[4];
	unsigned long i;

	fix_mmap_anon(mm, 0, 4, 0);
	fix_fill(mm, 0, 4, 1);
	forking_mm = mm;
	fork_at_ptep = pte_offset_map(mm, fix_va(2));
	gup_stats = (struct gup_stats){ 0 };
	hw_set_sched_hook(fork_starts, NULL);
	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(0), 4, FOLL_WRITE, pages), 4);
	hw_set_sched_hook(NULL, NULL);
	mm->write_protect_seq++;	/* fork() done */
	/* Pages 0-1 were pinned before the recheck saw the odd count. */
	EXPECT_EQ(gup_stats.fast_pages, 0);
	EXPECT_EQ(gup_stats.slow_pages, 4);
	for (i = 0; i < 4; i++) {
		struct folio *folio = page_folio(pages[i]);

		EXPECT_EQ(page_to_pfn(pages[i]),
			  pte_pfn(mm_read_pte(mm, fix_va(i))));
		EXPECT_EQ(folio->_pincount, 1);
		EXPECT_EQ(folio_ref_count(folio), 2);
	}
	unpin_user_pages(pages, 4);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

static struct mm_model *splitting_mm;
static const struct folio *split_at_folio;

/*
 * The folio is split, and its entries put back as they were, between
 * GUP-fast's page_folio() and its reference on the folio it found.
 */
static void split_starts(void *arg, enum hw_mem_op op, const void *p)
{
	if (op != HW_SYNC_ATOMIC || p != split_at_folio)
		return;
	hw_set_sched_hook(NULL, NULL);
	split_huge_pages_pid(splitting_mm, fix_va(0), fix_va(4), 0);
}

TEST(gup_fast_pin_follows_page_into_split_folio)
{
	struct mm_model *mm = mm_alloc();
	struct folio *head, *folio;
	pte_t before;
	struct page *page;

	/* Not a block: the split puts back the very same entries. */
	fix_mmap_anon(mm, 0, 4, 2);
	fix_fill(mm, 0, 4, 1);
	head = page_folio(pte_page(mm_read_pte(mm, fix_va(0))));
	ASSERT_EQ(folio_nr_pages(head), 4);
	before = mm_read_pte(mm, fix_va(2));
	splitting_mm = mm;
	split_at_folio = head;
	gup_stats = (struct gup_stats){ 0 };
	hw_set_sched_hook(split_starts, NULL);
	ASSERT_EQ(pin_user_pages_fast(mm, fix_va(2), 1, FOLL_WRITE, &page), 1);
	hw_set_sched_hook(NULL, NULL);
	ASSERT_EQ(folio_nr_pages(head), 1);
	EXPECT_EQ(pte_val(mm_read_pte(mm, fix_va(2))), pte_val(before));
	EXPECT_EQ(gup_stats.fast_pages, 1);
	/* The pin is on the page's own folio now, not on the old head's. */
	folio = page_folio(page);
	EXPECT_EQ(page_to_pfn(page), pte_pfn(before));
	EXPECT_EQ(folio->_pincount, 1);
	EXPECT_EQ(folio_ref_count(folio), 2);
	EXPECT_EQ(head->_pincount, 0);
	EXPECT_EQ(folio_ref_count(head), folio_mapcount(head));
	unpin_user_pages(&page, 1);
	EXPECT_EQ(folio_ref_count(folio), 1);
	EXPECT_TRUE(page_ext_get(page)->anon_exclusive);
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}
