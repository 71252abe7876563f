// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracles that watch the core-mm world fire on what they exist for.
 * Each scenario here breaks the rule behind the kernel's back (a raw
 * write of an entry, bypassing the contpte layer and core-mm), and the
 * oracle must report it at the access or the PTL release that shows it,
 * or at the end of the run where no access shows it (check/mapsweep.c),
 * with a run that replays to the same violation.
 */
#include <linux/highmem.h>
#include <linux/swapops.h>
#include <linux/userfaultfd_k.h>

#include "check/explore.h"
#include "check/mmworld.h"
#include "check/pins.h"
#include "lib/chktest.h"
#include "lib/ktap.h"

enum wrong { W_PARENT_WRITABLE, W_CHILD_MAPS_OTHER, W_PIN_MOVED,
	     W_BLOCK_PERMISSION, W_READONLY_WRITABLE, W_MIGRATION_CONT,
	     W_LEFT_READONLY_WRITABLE, W_LEFT_SHARED_WRITABLE,
	     W_LEFT_OUTSIDE_VMA, W_UFFD_WP_LOST, W_LEFT_UFFD_WP_LOST,
	     W_LEFT_EXCLUSIVE_SHARED, W_LEFT_THEN_EXIT, W_FREED_LOCKED,
	     W_CHILD_SWAPS_IN_OTHER, W_LEFT_STALE_STORE, W_REFUSED,
	     W_REFUSED_READONLY, W_REFUSED_PAST_EOF, W_OUT_OF_MEMORY,
	     W_LEFT_UFFD_WP_UNREGISTERED, W_LEFT_UNFINDABLE,
	     W_LEFT_COPY_OF_ANOTHER, W_LEFT_SHARED_AP_WRITABLE,
	     W_FETCH_NOT_EXEC, W_REFUSED_FETCH, W_REFUSED_FETCH_NOT_EXEC,
	     W_LEFT_OTHER_FILE };

static enum wrong wrong;

static struct {
	struct mm_model *mm, *child;
	struct page *pinned;
	struct address_space file, other;
} ow;

/*
 * Rewrite the entry mapping @va with @fn, under its PTL, break before
 * make (the machine's own rules kept, only the kernel's broken).
 */
static void rewrite(struct mm_model *mm, unsigned long va,
		    pte_t (*fn)(pte_t pte))
{
	struct vm_area_struct vma = TLB_FLUSH_VMA(&mm->mm, 0);
	spinlock_t *ptl;
	pte_t *ptep = pte_offset_map_lock(mm, va, &ptl);
	pte_t pte = __ptep_get_and_clear(&mm->mm, va, ptep);

	flush_tlb_page(&vma, va);
	__set_pte(ptep, fn(pte));
	spin_unlock(ptl);
	flush_tlb_mm(&mm->mm);
}

static pte_t make_writable(pte_t pte)
{
	return pte_mkdirty(pte_mkwrite_novma(pte));
}

static pte_t make_exec(pte_t pte)
{
	return __pte(pte_val(pte) & ~PTE_UXN);
}

/* The next frame: the second page of the mapping. */
static pte_t next_frame(pte_t pte)
{
	return pte_advance_pfn(pte, 1);
}

/* AP[2] cleared and PTE_WRITE left clear: writable to the MMU alone. */
static pte_t clear_rdonly(pte_t pte)
{
	return __pte(pte_val(pte) & ~PTE_RDONLY);
}

static pte_t make_readonly(pte_t pte)
{
	return pte_wrprotect(pte);
}

/* The monitor's protection dropped, the entry made writable. */
static pte_t drop_uffd_wp(pte_t pte)
{
	return make_writable(pte_clear_uffd_wp(pte));
}

/* The monitor's protection where no monitor registered. */
static pte_t add_uffd_wp(pte_t pte)
{
	return pte_mkuffd_wp(pte_wrprotect(pte));
}

/* The same page of the other file, cached: its frame. */
static pte_t other_file_page(pte_t pte)
{
	struct folio *folio = filemap_get_folio(&ow.other, 0);
	unsigned long pfn;

	BUG_ON(!folio);
	pfn = folio_pfn(folio);
	folio_put(folio);
	return pfn_pte(pfn, pte_pgprot(pte));
}

/* A swap entry for the next slot: the second page's, swapped out after. */
static pte_t next_slot(pte_t pte)
{
	swp_entry_t entry = pte_to_swp_entry(pte);

	return swp_entry_to_pte(swp_entry(swp_type(entry),
					  swp_offset(entry) + 1));
}

/* A migration entry for the page, with PTE_CONT as a valid entry has it. */
static pte_t make_migration_cont(pte_t pte)
{
	swp_entry_t entry = make_writable_migration_entry(pte_pfn(pte));

	return __pte(pte_val(swp_entry_to_pte(entry)) | PTE_CONT);
}

static void ow_setup(void)
{
	u64 v;

	chk_mm_setup();
	ow.mm = mm_alloc();
	BUG_ON(!ow.mm);
	if (wrong == W_BLOCK_PERMISSION) {
		chk_mm_anon_map(ow.mm, 0, CONT_PTES, chk_cont_order());
		return;
	}
	if (wrong == W_MIGRATION_CONT) {
		/* A block of order-0 pages: never folded. */
		chk_mm_anon_map(ow.mm, 0, CONT_PTES, 0);
		return;
	}
	if (wrong == W_LEFT_OTHER_FILE) {
		/* Page 0 of a file mapped; another file's page 0 cached. */
		chk_mm_file_setup(&ow.file, 1, 0);
		chk_mm_file_setup(&ow.other, 1, 0);
		BUG_ON(!do_mmap(ow.mm, chk_mm_va(0), PAGE_SIZE,
				VM_READ | VM_WRITE | VM_SHARED, 0, &ow.file, 0));
		BUG_ON(user_load(ow.mm, chk_mm_va(0), &v));
		return;
	}
	if (wrong == W_LEFT_STALE_STORE || wrong == W_REFUSED_PAST_EOF) {
		/* One page of a shared file; the VMA maps one more. */
		chk_mm_file_setup(&ow.file, 1, 0);
		BUG_ON(!do_mmap(ow.mm, chk_mm_va(0), 2 * PAGE_SIZE,
				VM_READ | VM_WRITE | VM_SHARED, 0, &ow.file, 0));
		return;
	}
	/* Two order-0 pages with different contents. */
	if (wrong == W_CHILD_SWAPS_IN_OTHER)
		BUG_ON(swapon(4, 0));
	chk_mm_anon_map(ow.mm, 0, 2, 0);
	if (wrong == W_CHILD_SWAPS_IN_OTHER) {
		chk_mm_swap_out(ow.mm, chk_mm_va(0));
		chk_mm_swap_out(ow.mm, chk_mm_va(1));
	}
}

/* Page 0's entry, copied to @va, where no VMA is. */
static void plant_outside(struct mm_model *mm, unsigned long va)
{
	spinlock_t *ptl;
	pte_t *ptep = pte_offset_map_lock(mm, chk_mm_va(0), &ptl);

	__set_pte(ptep + ((va - chk_mm_va(0)) >> PAGE_SHIFT), __ptep_get(ptep));
	spin_unlock(ptl);
}

static void ow_thread(unsigned int t)
{
	u64 v;

	switch (wrong) {
	case W_PARENT_WRITABLE:
		ow.child = dup_mm(ow.mm);
		rewrite(ow.mm, chk_mm_va(0), make_writable);
		user_store(ow.mm, chk_mm_va(0), 0xbad);
		break;
	case W_CHILD_MAPS_OTHER:
		ow.child = dup_mm(ow.mm);
		rewrite(ow.child, chk_mm_va(0), next_frame);
		user_load(ow.child, chk_mm_va(0), &v);
		break;
	case W_CHILD_SWAPS_IN_OTHER:
		/* Not present at fork(): the snapshot is the slot's. */
		ow.child = dup_mm(ow.mm);
		rewrite(ow.child, chk_mm_va(0), next_slot);
		user_load(ow.child, chk_mm_va(0), &v);
		break;
	case W_LEFT_STALE_STORE:
		/* The store written back, then older contents over it. */
		user_store(ow.mm, chk_mm_va(0), 0xbad);
		filemap_write_and_wait(&ow.file);
		file_store_write(&ow.file, 0, 0);
		break;
	case W_REFUSED:
		/* A fault handler's SIGSEGV, told for a writable VMA. */
		mmap_read_lock(ow.mm);
		mm_notify_refused(ow.mm, chk_mm_va(0), FAULT_FLAG_WRITE);
		mmap_read_unlock(ow.mm);
		break;
	case W_OUT_OF_MEMORY:
		/* Every frame taken behind the kernel's back, then a fault. */
		do_madvise(ow.mm, chk_mm_va(0), PAGE_SIZE, MADV_DONTNEED);
		while (folio_alloc(0))
			;
		user_store(ow.mm, chk_mm_va(0), 0xbad);
		break;
	case W_REFUSED_READONLY:
		do_mprotect(ow.mm, chk_mm_va(0), PAGE_SIZE, VM_READ);
		BUG_ON(!user_store(ow.mm, chk_mm_va(0), 0xbad));
		break;
	case W_FETCH_NOT_EXEC:
		/* An entry executable in a VMA without VM_EXEC. */
		rewrite(ow.mm, chk_mm_va(0), make_exec);
		user_fetch(ow.mm, chk_mm_va(0), &v);
		break;
	case W_REFUSED_FETCH:
		/* A fault handler's SIGSEGV of a fetch in an exec VMA. */
		do_mprotect(ow.mm, chk_mm_va(0), PAGE_SIZE, VM_READ | VM_EXEC);
		mmap_read_lock(ow.mm);
		mm_notify_refused(ow.mm, chk_mm_va(0), FAULT_FLAG_INSTRUCTION);
		mmap_read_unlock(ow.mm);
		break;
	case W_REFUSED_FETCH_NOT_EXEC:
		BUG_ON(!user_fetch(ow.mm, chk_mm_va(0), &v));
		do_mprotect(ow.mm, chk_mm_va(0), PAGE_SIZE, VM_READ | VM_EXEC);
		BUG_ON(user_fetch(ow.mm, chk_mm_va(0), &v));
		break;
	case W_REFUSED_PAST_EOF:
		BUG_ON(!user_load(ow.mm, chk_mm_va(1), &v));
		break;
	case W_FREED_LOCKED:
		folio_lock(page_folio(chk_mm_page(ow.mm, chk_mm_va(0))));
		do_madvise(ow.mm, chk_mm_va(0), PAGE_SIZE, MADV_DONTNEED);
		break;
	case W_PIN_MOVED:
		BUG_ON(chk_mm_pin(ow.mm, chk_mm_va(0), &ow.pinned) != 1);
		rewrite(ow.mm, chk_mm_va(0), next_frame);
		user_store(ow.mm, chk_mm_va(0), 0xbad);
		break;
	case W_BLOCK_PERMISSION:
		rewrite(ow.mm, chk_mm_va(1), make_readonly);
		break;
	case W_MIGRATION_CONT:
		rewrite(ow.mm, chk_mm_va(1), make_migration_cont);
		break;
	case W_READONLY_WRITABLE:
		do_mprotect(ow.mm, chk_mm_va(0), PAGE_SIZE, VM_READ);
		rewrite(ow.mm, chk_mm_va(0), make_writable);
		user_store(ow.mm, chk_mm_va(0), 0xbad);
		break;
	/* Left for the end of the run, no access showing them. */
	case W_LEFT_READONLY_WRITABLE:
	case W_LEFT_THEN_EXIT:
		do_mprotect(ow.mm, chk_mm_va(0), PAGE_SIZE, VM_READ);
		rewrite(ow.mm, chk_mm_va(0), make_writable);
		break;
	case W_LEFT_SHARED_WRITABLE:
		ow.child = dup_mm(ow.mm);
		rewrite(ow.mm, chk_mm_va(0), make_writable);
		break;
	case W_LEFT_SHARED_AP_WRITABLE:
		ow.child = dup_mm(ow.mm);
		rewrite(ow.mm, chk_mm_va(0), clear_rdonly);
		break;
	case W_LEFT_UFFD_WP_UNREGISTERED:
		rewrite(ow.mm, chk_mm_va(0), add_uffd_wp);
		break;
	case W_LEFT_OUTSIDE_VMA:
		plant_outside(ow.mm, chk_mm_va(2));
		break;
	case W_LEFT_UNFINDABLE:
		/* The folio's index a page on: no walk looks where it is. */
		page_ext_get(&page_folio(chk_mm_page(ow.mm,
						     chk_mm_va(0)))->page)->index++;
		break;
	case W_LEFT_OTHER_FILE:
		rewrite(ow.mm, chk_mm_va(0), other_file_page);
		break;
	case W_LEFT_COPY_OF_ANOTHER:
		/* A copy of page 1 in page 0, its data word stored over. */
		copy_highpage(chk_mm_page(ow.mm, chk_mm_va(0)),
			      chk_mm_page(ow.mm, chk_mm_va(1)));
		user_store(ow.mm, chk_mm_va(0), 0xbad);
		break;
	case W_LEFT_EXCLUSIVE_SHARED:
		/* Both map the page read-only; it says exclusive all the same. */
		ow.child = dup_mm(ow.mm);
		page_ext_get(chk_mm_page(ow.mm, chk_mm_va(0)))->anon_exclusive =
			true;
		break;
	case W_UFFD_WP_LOST:
	case W_LEFT_UFFD_WP_LOST:
		BUG_ON(userfaultfd_register(ow.mm, chk_mm_va(0), 2 * PAGE_SIZE));
		BUG_ON(mwriteprotect_range(ow.mm, chk_mm_va(0), PAGE_SIZE,
					   true));
		rewrite(ow.mm, chk_mm_va(0), drop_uffd_wp);
		if (wrong == W_UFFD_WP_LOST)
			user_store(ow.mm, chk_mm_va(0), 0xbad);
		break;
	}
}

static void ow_finish(void)
{
	/* As reclaim-write's finish: the process exits before the checks. */
	if (wrong == W_LEFT_THEN_EXIT)
		mmput(ow.mm);
	chk_mm_finish(wrong == W_LEFT_STALE_STORE ||
		      wrong == W_REFUSED_PAST_EOF ||
		      wrong == W_LEFT_OTHER_FILE ? &ow.file : NULL);
}

static const struct chk_scenario wrong_world = {
	.name = "wrong-world",
	.desc = "the rules broken behind the kernel's back",
	.nr_threads = 1,
	.thread_names = { "wrong" },
	.init = chk_mm_init,
	.setup = ow_setup,
	.thread = ow_thread,
	.finish = ow_finish,
	.exit = chk_mm_exit,
};

static void expect_fires(enum wrong w, enum chk_oracle oracle, const char *text)
{
	wrong = w;
	chktest_expect_finding(&wrong_world, 20, oracle, text);
}

TEST(cow_isolation_catches_a_store_the_child_sees)
{
	expect_fires(W_PARENT_WRITABLE, CHK_COW_ISOLATION, "maps there too");
}

TEST(cow_isolation_catches_a_child_reading_other_contents)
{
	expect_fires(W_CHILD_MAPS_OTHER, CHK_COW_ISOLATION, "at fork()");
}

TEST(cow_isolation_catches_a_child_swapping_in_other_contents)
{
	expect_fires(W_CHILD_SWAPS_IN_OTHER, CHK_COW_ISOLATION, "at fork()");
}

TEST(bookkeeping_catches_a_folio_freed_locked)
{
	expect_fires(W_FREED_LOCKED, CHK_BOOKKEEPING, "freed locked");
}

TEST(release_catches_a_file_page_over_an_older_store)
{
	expect_fires(W_LEFT_STALE_STORE, CHK_DATA_LOSS,
		     "after the last writeback");
}

TEST(pin_coherence_catches_an_access_away_from_the_pin)
{
	expect_fires(W_PIN_MOVED, CHK_PIN_COHERENCE, "while its write pin holds");
}

TEST(cont_block_catches_a_block_of_two_permissions)
{
	expect_fires(W_BLOCK_PERMISSION, CHK_CONT_BLOCK,
		     "differ in more than access and dirty state");
}

TEST(cont_block_catches_a_migration_entry_with_cont)
{
	expect_fires(W_MIGRATION_CONT, CHK_CONT_BLOCK,
		     "not valid but carries PTE_CONT");
}

TEST(permission_catches_a_store_in_a_read_only_vma)
{
	expect_fires(W_READONLY_WRITABLE, CHK_PERMISSION,
		     "in a VMA that does not allow it");
}

TEST(sweep_catches_a_writable_entry_left_in_a_read_only_vma)
{
	expect_fires(W_LEFT_READONLY_WRITABLE, CHK_PERMISSION,
		     "is writable in a VMA without VM_WRITE at the end of the run");
}

TEST(sweep_sees_the_entries_before_the_finish_exits)
{
	expect_fires(W_LEFT_THEN_EXIT, CHK_PERMISSION,
		     "is writable in a VMA without VM_WRITE at the end of the run");
}

TEST(sweep_catches_a_writable_entry_left_over_a_shared_page)
{
	expect_fires(W_LEFT_SHARED_WRITABLE, CHK_COW_ISOLATION,
		     "over a page that is not PageAnonExclusive");
}

/* pte_write() false, but AP[2] clear: a store goes through unfaulted. */
TEST(sweep_catches_an_entry_writable_to_the_mmu_alone)
{
	expect_fires(W_LEFT_SHARED_AP_WRITABLE, CHK_COW_ISOLATION,
		     "over a page that is not PageAnonExclusive");
}

TEST(sweep_catches_an_entry_left_outside_every_vma)
{
	expect_fires(W_LEFT_OUTSIDE_VMA, CHK_BOOKKEEPING,
		     "lies outside every VMA");
}

TEST(uffd_protection_catches_a_store_where_the_bit_was_lost)
{
	expect_fires(W_UFFD_WP_LOST, CHK_PERMISSION,
		     "where UFFDIO_WRITEPROTECT protected");
}

TEST(sweep_catches_a_protection_lost_where_no_store_came)
{
	expect_fires(W_LEFT_UFFD_WP_LOST, CHK_PERMISSION,
		     "lost the protection UFFDIO_WRITEPROTECT gave it");
}

TEST(sweep_catches_a_uffd_wp_bit_where_nothing_registered)
{
	expect_fires(W_LEFT_UFFD_WP_UNREGISTERED, CHK_PERMISSION,
		     "carries the uffd-wp bit in a VMA not registered for it");
}

TEST(sweep_catches_an_entry_the_reverse_map_cannot_find)
{
	expect_fires(W_LEFT_UNFINDABLE, CHK_BOOKKEEPING,
		     "the reverse map cannot find it");
}

TEST(sweep_catches_an_anonymous_page_with_another_page_s_content)
{
	expect_fires(W_LEFT_COPY_OF_ANOTHER, CHK_DATA_LOSS,
		     "maps a page whose content is another page's");
}

/* Page 0 of two files: the rest of each page says which file it is. */
TEST(sweep_catches_a_page_of_another_file)
{
	expect_fires(W_LEFT_OTHER_FILE, CHK_DATA_LOSS,
		     "maps a page whose content is another page's");
}

TEST(sweep_catches_an_exclusive_page_two_entries_map)
{
	expect_fires(W_LEFT_EXCLUSIVE_SHARED, CHK_COW_ISOLATION,
		     "maps a PageAnonExclusive page another entry maps too");
}

TEST(permission_catches_an_access_refused_in_a_vma_that_allows_it)
{
	expect_fires(W_REFUSED, CHK_PERMISSION,
		     "a store refused (SIGSEGV) in a VMA that allows it");
}

TEST(permission_catches_a_fetch_in_a_vma_without_exec)
{
	expect_fires(W_FETCH_NOT_EXEC, CHK_PERMISSION,
		     "a fetch completed in a VMA that does not allow it");
}

TEST(permission_catches_a_fetch_refused_in_an_exec_vma)
{
	expect_fires(W_REFUSED_FETCH, CHK_PERMISSION,
		     "a fetch refused (SIGSEGV) in a VMA that allows it");
}

TEST(liveness_catches_an_access_out_of_memory)
{
	expect_fires(W_OUT_OF_MEMORY, CHK_LIVENESS, "store failed: out of memory");
}

/* SIGSEGV where the VMA forbids the access, or past the file's end. */
TEST(permission_lets_a_refusal_the_vma_or_file_asks_for_pass)
{
	static const char *const none[] = { NULL };
	static const enum wrong ok[] = { W_REFUSED_READONLY,
					 W_REFUSED_PAST_EOF,
					 W_REFUSED_FETCH_NOT_EXEC };
	struct chk_options o = { .mode = CHK_RANDOM, .executions = 20,
				 .seed = ktap_seed };
	struct chk_result r;
	unsigned int i;

	chktest_settings(none);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		wrong = ok[i];
		ASSERT_TRUE(chk_explore(&wrong_world, &o, &r));
		if (r.violations)
			ktap_info("%s", r.viol.message);
		EXPECT_EQ(r.violations, 0);
		EXPECT_EQ(r.executions, 20);
		chk_result_release(&r);
	}
}
