// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>

#include <linux/highmem.h>

#include "hw/machine.h"
#include "hw/mem.h"
#include "hw/phys.h"
#include "hw/violation.h"
#include "exec.h"
#include "explore.h"
#include "mmworld.h"
#include "contblock.h"
#include "mapsweep.h"
#include "mmwatch.h"

#define MM_TABLES	64
/*
 * Page frames: a handful of block-sized folios and order-0 pages, and at
 * least enough for a zap of more pages than an mmu_gather batch holds
 * (zap-many) on the smallest blocks.
 */
#define MM_BLOCKS	16
#define MM_MIN_FRAMES	(4 * MMU_GATHER_BATCH)

/*
 * Tables the mm model counts as in use when an execution starts: those of
 * an execution cut short were taken back with the arena, not through the
 * model, so its count only balances from here.
 */
static unsigned int tables_at_setup;

/*
 * Where this execution's page_ext lay: a report, made once the world is
 * gone, names a folio lock by the pfn it sits at (chk_mm_folio_lock()).
 */
static struct {
	uintptr_t base;
	unsigned long nr;
} page_exts;

/* The files scenarios set up in this run, to drop at its end. */
#define MM_FILES	2
static struct address_space *files[MM_FILES];

static void mm_violation(void *arg, const struct mm_violation *v)
{
	chk_fail(chk_oracle_by_name(v->oracle), "cpu%u va %#lx: %s", v->cpu,
		 v->va, v->message);
}

/* A PTE table of a live mm, by its PTL. */
static pte_t *mm_table_of(const void *lock)
{
	struct mm_model *mm;
	unsigned int i;

	for_each_live_mm(mm)
		for (i = 0; i < MM_MAX_PTE_TABLES; i++)
			if (&mm->ptdescs[i].ptl == lock)
				return mm->ptdescs[i].table;
	return NULL;
}

void chk_mm_init(void)
{
	unsigned long frames = MM_BLOCKS * (unsigned long)CONT_PTES;

	if (frames < MM_MIN_FRAMES)
		frames = MM_MIN_FRAMES;

	if (hw_tables_init(MM_TABLES) || mem_map_init(frames) ||
	    hw_phys_init(frames)) {
		fprintf(stderr, "contpte: out of memory for the machine\n");
		exit(CHK_EXIT_NOMEM);
	}
	if (hw_cfg.nr_cpus < CHK_MAX_THREADS)
		hw_cfg.nr_cpus = CHK_MAX_THREADS;
	chk_mmwatch_start();
	chk_cont_block_start(mm_table_of);
	/* Away from the upstream sequence docs/checker.md names. */
	mm_set_refault_fence(true);
}

static void file_drop(struct address_space *file)
{
	free(file->store);
	free(file->i_pages);
	file->store = NULL;
	file->i_pages = NULL;
}

void chk_mm_exit(void)
{
	unsigned int i;

	for (i = 0; i < MM_FILES && files[i]; i++) {
		file_drop(files[i]);
		files[i] = NULL;
	}
	mm_set_refault_fence(false);
	chk_cont_block_stop();
	chk_mmwatch_stop();
	mm_set_violation_handler(NULL, NULL);
	page_alloc_exit();
	hw_phys_exit();
	mem_map_exit();
	hw_tables_exit();
}

/*
 * The entries as the threads left them: a scenario's finish may reclaim,
 * fault or exit an mm first, and take a wrong entry away unseen.
 * chk_mm_finish() sweeps again what the finish left.
 */
static void mm_threads_end(void)
{
	chk_mm_sweep();
}

void chk_mm_setup(void)
{
	/* An execution cut short leaves tables behind: take them all back. */
	hw_tables_free_all();
	hw_machine_reset();
	mm_set_violation_handler(mm_violation, NULL);
	mm_pool_init();
	/* No swap unless the scenario turns it on (swapon()). */
	swap_reset();
	chk_mmwatch_reset();
	chk_cont_block_reset();
	if (page_alloc_init()) {
		fprintf(stderr, "contpte: out of memory for the allocator\n");
		exit(CHK_EXIT_NOMEM);
	}
	tables_at_setup = pgtables_in_use();
	page_exts.base = (uintptr_t)page_ext;
	page_exts.nr = max_mapnr;
	chk_exec_running()->world_end = mm_threads_end;
}

bool chk_mm_folio_lock(const void *lock, unsigned long *pfn)
{
	uintptr_t off = (uintptr_t)lock - offsetof(struct page_ext, lock) -
			page_exts.base;

	if ((uintptr_t)lock < page_exts.base ||
	    off >= page_exts.nr * sizeof(struct page_ext) ||
	    off % sizeof(struct page_ext))
		return false;
	*pfn = off / sizeof(struct page_ext);
	return true;
}

void chk_mm_anon_map(struct mm_model *mm, unsigned long page,
		     unsigned long nr_pages, unsigned int order)
{
	struct vm_area *vma = do_mmap(mm, chk_mm_va(page),
				      nr_pages << PAGE_SHIFT,
				      VM_READ | VM_WRITE, order, NULL, 0);
	unsigned long p, va, pfn;
	bool first;

	BUG_ON(!vma);
	for (p = page; p < page + nr_pages; p++) {
		va = chk_mm_va(p);
		first = !((p - page) & ((1UL << order) - 1));
		if (first)
			BUG_ON(user_store(mm, va, p + 1));
		pfn = page_to_pfn(chk_mm_page(mm, va));
		/*
		 * The fault mapped the folio whole, each entry young and
		 * dirty: a store to another page than its first would change
		 * no entry, and its TLB entry may be gone by now.  Without
		 * its value a page wrongly zapped, or not copied, reads the
		 * zeros it held.
		 */
		if (!first)
			hw_frame_store(pfn, p + 1);
		/* And the rest of the page, as if user space wrote it all. */
		hw_frame_set_fill(pfn,
				  chk_anon_page_fill(linear_page_index(vma, va)));
	}
}

struct mm_model *chk_mm_anon_blocks(unsigned int nr_blocks)
{
	struct mm_model *mm = mm_alloc();

	BUG_ON(!mm);
	chk_mm_anon_map(mm, 0, nr_blocks * (unsigned long)CONT_PTES,
			chk_cont_order());
	return mm;
}

struct mm_model *chk_mm_lazyfree_block(struct folio **folio)
{
	struct mm_model *mm = chk_mm_anon_blocks(1);

	if (folio)
		*folio = page_folio(chk_mm_page(mm, chk_mm_va(0)));
	BUG_ON(do_madvise(mm, chk_mm_va(0), CONT_PTE_SIZE, MADV_FREE));
	return mm;
}

struct mm_model *chk_mm_fork_except(struct mm_model *parent,
				    unsigned long page, unsigned long nr)
{
	struct mm_model *child;

	BUG_ON(do_madvise(parent, chk_mm_va(page), nr << PAGE_SHIFT,
			  MADV_DONTFORK));
	child = dup_mm(parent);
	BUG_ON(!child);
	BUG_ON(do_madvise(parent, chk_mm_va(page), nr << PAGE_SHIFT,
			  MADV_DOFORK));
	return child;
}

void chk_mm_uffd_await_fault(struct mm_model *mm, const bool *stored,
			     unsigned long va)
{
	while (!userfaultfd_read(mm) && !chk_mm_seen(stored))
		;
	if (!userfaultfd_read(mm))
		chk_fail(CHK_PERMISSION,
			 "a store to va %#lx returned while userfaultfd protected it, and no fault reached the monitor",
			 va);
}

struct mm_model *chk_mm_uffd_wp_block(struct address_space *shm)
{
	struct mm_model *mm;

	if (shm) {
		chk_mm_shmem_setup(shm, CONT_PTES, chk_cont_order());
		mm = chk_mm_file_mm(shm, CONT_PTES, 0);
		BUG_ON(user_store(mm, chk_mm_va(0), 1));
	} else {
		mm = chk_mm_anon_blocks(1);
	}
	BUG_ON(userfaultfd_register(mm, chk_mm_va(0), CONT_PTE_SIZE));
	BUG_ON(mwriteprotect_range(mm, chk_mm_va(0), CONT_PTE_SIZE, true));
	return mm;
}

void chk_mm_swap_block_out(struct mm_model *mm, unsigned long va,
			   bool cached)
{
	struct folio *folio = page_folio(chk_mm_page(mm, va));

	folio_get(folio);
	chk_mm_age(mm, folio);
	chk_mm_reclaim_isolated(folio, 1);
	BUG_ON(folio_mapcount(folio) ||
	       folio_test(folio, PG_swapcache) != cached);
	folio_put(folio);
}

struct mm_model *chk_mm_swapped_block(unsigned int slots,
				      unsigned long swap_flags)
{
	struct mm_model *mm;

	BUG_ON(swapon(slots, swap_flags));
	mm = chk_mm_anon_blocks(1);
	chk_mm_swap_block_out(mm, chk_mm_va(0),
			      !(swap_flags & SWP_SYNCHRONOUS_IO));
	return mm;
}

void chk_mm_zero_pages(struct mm_model *mm, unsigned long page,
		       unsigned long nr)
{
	for (; nr; nr--, page++)
		clear_highpage(chk_mm_page(mm, chk_mm_va(page)));
}

void chk_mm_age(struct mm_model *mm, struct folio *folio)
{
	folio_referenced(folio, false);
	/* Aging flushed without waiting: complete it, as a switch would. */
	flush_tlb_mm(&mm->mm);
}

struct mm_model *chk_mm_aged_page(struct folio **folio)
{
	struct mm_model *mm = mm_alloc();

	BUG_ON(!mm);
	chk_mm_anon_map(mm, 0, 1, 0);
	*folio = page_folio(chk_mm_page(mm, chk_mm_va(0)));
	chk_mm_age(mm, *folio);
	return mm;
}

struct page *chk_mm_page(struct mm_model *mm, unsigned long va)
{
	pte_t pte = mm_read_pte(mm, va);

	return pte_present(pte) ? pte_page(pte) : NULL;
}

static void file_setup(struct address_space *file, unsigned long nr_pages,
		       unsigned int order, bool shmem)
{
	unsigned int i;

	file_drop(file);
	BUG_ON(address_space_init(file, nr_pages, order, shmem));
	for (i = 0; i < MM_FILES && files[i] != file; i++)
		if (!files[i]) {
			files[i] = file;
			break;
		}
	BUG_ON(i == MM_FILES);
	/* A page mapped from the other file shows by its fill. */
	file->ino = i + 1;
	/* As read(2) leaves it: a read fault maps around what is cached. */
	for (i = 0; i < nr_pages; i++)
		folio_put(filemap_get_folio(file, i));
}

void chk_mm_file_setup(struct address_space *file, unsigned long nr_pages,
		       unsigned int order)
{
	file_setup(file, nr_pages, order, false);
}

void chk_mm_shmem_setup(struct address_space *file, unsigned long nr_pages,
			unsigned int order)
{
	file_setup(file, nr_pages, order, true);
}

u64 chk_mm_file_data(struct address_space *file, unsigned long index)
{
	struct folio *folio = filemap_get_folio(file, index);
	u64 v;

	BUG_ON(!folio);
	v = page_data(folio_page(folio, index - folio_index(folio)));
	folio_put(folio);
	return v;
}

struct mm_model *chk_mm_file_mm_at(struct address_space *file,
				   unsigned long at, unsigned long nr_pages,
				   unsigned long pgoff)
{
	struct mm_model *mm = mm_alloc();

	BUG_ON(!mm || !do_mmap(mm, chk_mm_va(at), nr_pages << PAGE_SHIFT,
			       VM_READ | VM_WRITE | VM_SHARED, 0, file, pgoff));
	return mm;
}

struct mm_model *chk_mm_file_mm(struct address_space *file,
				unsigned long nr_pages, unsigned long pgoff)
{
	return chk_mm_file_mm_at(file, 0, nr_pages, pgoff);
}

struct mm_model *chk_mm_file_mm_loaded(struct address_space *file,
				       unsigned long nr_pages)
{
	struct mm_model *mm = chk_mm_file_mm(file, nr_pages, 0);
	u64 v;

	BUG_ON(user_load(mm, chk_mm_va(0), &v));
	return mm;
}

void chk_mm_finish(struct address_space *file)
{
	struct mm_model *mm;

	if (!chk_mm_sweep())
		return;
	/* A stale translation does not stop the teardown's own checks. */
	chk_mm_sweep_tlbs();
	for_each_live_mm(mm)
		mmput(mm);
	if (file)
		address_space_release(file);
	mm_check_leaks(0, tables_at_setup);
}

void chk_mm_finish_plain(void)
{
	chk_mm_finish(NULL);
}

static void access_until(struct chk_mm_store *st, struct mm_model *mm,
			 unsigned long va, bool write, bool fetch, u64 value,
			 const bool *done)
{
	unsigned int i;
	u64 v;

	*st = (struct chk_mm_store){ .write = write, .fetch = fetch };
	for (i = 0; i < CHK_MM_HAMMER && !st->after; i++) {
		st->after = chk_mm_seen(done);
		v = value;
		st->ret = fetch ? user_fetch(mm, va, &v) :
				  user_access(mm, va, write, &v);
		st->completed |= !st->ret;
		if (!st->refused)
			st->refused = st->ret;
	}
}

void chk_mm_store_until(struct chk_mm_store *st, struct mm_model *mm,
			unsigned long va, u64 value, const bool *done)
{
	access_until(st, mm, va, true, false, value, done);
}

void chk_mm_load_until(struct chk_mm_store *st, struct mm_model *mm,
		       unsigned long va, const bool *done)
{
	access_until(st, mm, va, false, false, 0, done);
}

void chk_mm_fetch_until(struct chk_mm_store *st, struct mm_model *mm,
			unsigned long va, const bool *done)
{
	access_until(st, mm, va, false, true, 0, done);
}

void chk_mm_wait(const bool *a, const bool *b, bool both)
{
	bool x, y;

	for (;;) {
		x = chk_mm_seen(a);
		y = chk_mm_seen(b);
		if (both ? x && y : x || y)
			return;
		hw_sched_point(HW_SYNC_ATOMIC, a);
	}
}

void chk_mm_access_on(unsigned int cpu, struct mm_model *mm, unsigned long va,
		      bool write, u64 value)
{
	unsigned int self = hw_this_cpu;

	hw_this_cpu = cpu;
	BUG_ON(user_access(mm, va, write, &value));
	hw_this_cpu = self;
}

void chk_mm_load_on(unsigned int cpu, struct mm_model *mm, unsigned long va)
{
	chk_mm_access_on(cpu, mm, va, false, 0);
}

void chk_mm_load_after(struct chk_mm_store *st, struct mm_model *mm,
		       unsigned long va, const bool *done)
{
	u64 v;

	chk_mm_wait(done, done, true);
	*st = (struct chk_mm_store){ .after = true };
	st->ret = user_load(mm, va, &v);
	st->completed = !st->ret;
	st->refused = !!st->ret;
}

bool chk_mm_check_denied(const struct chk_mm_store *st, const char *op,
			 unsigned long va)
{
	if (!st->after || st->ret == -EFAULT_USER)
		return true;
	chk_fail(CHK_STALE_TLB, "a %s at %#lx began after %s returned and %s",
		 st->fetch ? "fetch" : st->write ? "store" : "load", va, op,
		 st->ret ? "did not take SIGSEGV" : "completed");
	return false;
}

bool chk_mm_store_survives_reclaim(struct mm_model *mm, struct folio *folio,
				   unsigned long va, bool stored, u64 value)
{
	struct reclaim_stats stats = { 0 };

	shrink_folio(folio, &stats);
	shrink_folio(folio, &stats);
	return chk_mm_check_store(mm, va, stored, value);
}

void chk_mm_reclaim_isolated(struct folio *folio, unsigned int passes)
{
	struct reclaim_stats stats = { 0 };

	while (passes-- && (folio_test(folio, PG_swapcache) ||
			    folio_mapcount(folio)))
		shrink_isolated_folio(folio, &stats);
}

void chk_mm_swap_out(struct mm_model *mm, unsigned long va)
{
	struct page *page = chk_mm_page(mm, va);
	struct folio *folio;

	if (!page)
		return;
	folio = page_folio(page);
	folio_get(folio);
	chk_mm_age(mm, folio);
	chk_mm_reclaim_isolated(folio, 2);
	folio_put(folio);
}

bool chk_mm_store_survives_swap(struct mm_model *mm, unsigned long va,
				bool stored, u64 value)
{
	u64 v;

	chk_mm_swap_out(mm, va);
	if (user_load(mm, va, &v)) {
		chk_fail(CHK_LIVENESS, "a load at %#lx after swap-out failed",
			 va);
		return false;
	}
	if (stored && v != value) {
		chk_fail(CHK_DATA_LOSS, "va %#lx reads %#llx after swap-in, a store of %#llx was lost",
			 va, (unsigned long long)v, (unsigned long long)value);
		return false;
	}
	return true;
}

bool chk_mm_check_untouched(struct mm_model *mm, unsigned long page,
			    unsigned long nr)
{
	unsigned long p;
	u64 v;

	for (p = page; p < page + nr; p++) {
		if (user_load(mm, chk_mm_va(p), &v)) {
			chk_fail(CHK_LIVENESS, "a load at %#lx failed",
				 chk_mm_va(p));
			return false;
		}
		if (v != p + 1) {
			chk_fail(CHK_DATA_LOSS, "va %#lx reads %#llx, not the %#lx it held, and no call was to change it",
				 chk_mm_va(p), (unsigned long long)v, p + 1);
			return false;
		}
	}
	return true;
}

bool chk_mm_check_fill(struct mm_model *mm, unsigned long page)
{
	unsigned long va = chk_mm_va(page);
	struct vm_area *vma = find_vma_unlocked(mm, va);
	struct page *p = chk_mm_page(mm, va);
	u64 want, fill;

	BUG_ON(!vma);
	want = chk_anon_page_fill(linear_page_index(vma, va));
	fill = p ? page_fill(p) : 0;
	if (fill == want)
		return true;
	chk_fail(CHK_DATA_LOSS, "va %#lx: the rest of the page reads %#llx, not the %#llx the setup wrote, and no call was to drop it",
		 va, (unsigned long long)fill, (unsigned long long)want);
	return false;
}

bool chk_mm_stored(unsigned long va, int ret)
{
	if (!ret)
		return true;
	chk_fail(CHK_LIVENESS, "the store at %#lx failed: %d", va, ret);
	return false;
}

bool chk_mm_check_stored(struct mm_model *mm, unsigned long va, int ret,
			 u64 value)
{
	return chk_mm_stored(va, ret) &&
	       chk_mm_check_store(mm, va, true, value);
}

bool chk_mm_check_store(struct mm_model *mm, unsigned long va, bool stored,
			u64 value)
{
	struct page *page = chk_mm_page(mm, va);

	if (!stored || (page && page_data(page) == value))
		return true;
	chk_fail(CHK_DATA_LOSS, "va %#lx reads %#llx after a store of %#llx",
		 va, page ? (unsigned long long)page_data(page) : 0ull,
		 (unsigned long long)value);
	return false;
}
