/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The world of the core-mm scenarios: the whole machine (TLBs, walker,
 * monitors, data frames) with the page allocator and the mm pool, reset
 * before each execution, its choices taken by the explorer and its
 * violations, and the core-mm oracles', turned into counterexamples.
 */
#ifndef CHECK_MMWORLD_H
#define CHECK_MMWORLD_H

#include "mm/core.h"
#include "mm/oracle.h"
#include "mm/user.h"

/* Where scenarios map: aligned for every folio order and granule. */
#define CHK_MM_BASE	(1UL << 36)

static inline unsigned long chk_mm_va(unsigned long page)
{
	return CHK_MM_BASE + (page << PAGE_SHIFT);
}

/*
 * Where a block-sized range straddles two PTE tables: half a block before
 * the end of a table, clear of page 0's table and the next.
 */
static inline unsigned long chk_mm_straddle_va(void)
{
	unsigned long span = (unsigned long)PTRS_PER_PTE << PAGE_SHIFT;

	return ((chk_mm_va(0) + 2 * span) & ~(span - 1)) - CONT_PTE_SIZE / 2;
}

/* The folio order of one contiguous block. */
static inline unsigned int chk_cont_order(void)
{
	return __builtin_ctz(CONT_PTES);
}

void chk_mm_init(void);
void chk_mm_exit(void);
/* A fresh machine, allocator and mm pool for the next execution. */
void chk_mm_setup(void);
/*
 * Whether @lock was the folio lock (PG_locked) of a page of the last
 * execution, and its pfn: valid after the execution ended too.
 */
bool chk_mm_folio_lock(const void *lock, unsigned long *pfn);

/*
 * An anonymous private read-write mapping of @nr_pages at page @page of
 * @mm, populated with folios of @order by a store of each folio's first
 * page number + 1 to that page (young and dirty; a folio of the block
 * order is folded); every other page holds its page number + 1 too.
 */
void chk_mm_anon_map(struct mm_model *mm, unsigned long page,
		     unsigned long nr_pages, unsigned int order);
/*
 * A new address space with chk_mm_anon_map() of @nr_blocks blocks at
 * page 0: one folded mTHP folio per block.
 */
struct mm_model *chk_mm_anon_blocks(unsigned int nr_blocks);
/*
 * chk_mm_anon_blocks(1) made lazyfree by MADV_FREE of the whole block (old
 * and clean, its content the one reclaim may drop); its folio in *@folio
 * unless @folio is NULL.
 */
struct mm_model *chk_mm_lazyfree_block(struct folio **folio);
/*
 * fork() of @parent with its pages [@page, @page + @nr) left out (made
 * MADV_DONTFORK for the fork, MADV_DOFORK after, which merges the VMA back
 * into one): in one VMA, those pages stay writable and exclusive to the
 * parent, the others are write-protected and shared with the child.
 */
struct mm_model *chk_mm_fork_except(struct mm_model *parent,
				    unsigned long page, unsigned long nr);
/*
 * One folded block at page 0, registered for userfaultfd write-protection
 * and protected whole: of shared anonymous memory whose cache is @shm,
 * populated by a store to its first page, or with @shm NULL anonymous
 * (chk_mm_anon_blocks(1)).
 */
struct mm_model *chk_mm_uffd_wp_block(struct address_space *shm);
/*
 * The monitor of @mm's userfaultfd, before it resolves: its read(2) until
 * a fault was handed to it or @stored is marked.  @stored marks the
 * return of a store to @va, which the monitor protects: one that returned
 * with no fault handed over went past the protection (permission).
 */
void chk_mm_uffd_await_fault(struct mm_model *mm, const bool *stored,
			     unsigned long va);
/*
 * chk_mm_anon_blocks(1) swapped out whole to a new device of @slots
 * slots (swapon()'s @swap_flags): aged and reclaimed, its folio left in
 * the swap cache, unmapped; or gone, and nothing of it cached, on a
 * synchronous device (SWP_SYNCHRONOUS_IO, as zram).
 */
struct mm_model *chk_mm_swapped_block(unsigned int slots,
				      unsigned long swap_flags);
/*
 * The block at @va of @mm swapped out whole to the device swapon()
 * made, as chk_mm_swapped_block() does: @cached, as the device's flags
 * leave it.
 */
void chk_mm_swap_block_out(struct mm_model *mm, unsigned long va,
			   bool cached);
/*
 * Give pages [@page, @page + @nr) of @mm back the zeros the fault put
 * there: for a scenario that needs pages no store reached, which a split
 * to order 0 maps as the zero page (chk_mm_anon_map() writes them all).
 */
void chk_mm_zero_pages(struct mm_model *mm, unsigned long page,
		       unsigned long nr);
/* Clear young on every entry of @folio and complete the flush. */
void chk_mm_age(struct mm_model *mm, struct folio *folio);
/*
 * A new mm with one order-0 anonymous page at page 0 (chk_mm_anon_map()),
 * aged so that reclaim takes it: the mm, and its folio in *@folio.
 */
struct mm_model *chk_mm_aged_page(struct folio **folio);
/* The page mapped at @va, or NULL. */
struct page *chk_mm_page(struct mm_model *mm, unsigned long va);

/*
 * A file of @nr_pages cached in folios of @order, fresh for this
 * execution; chk_mm_exit() frees what the last execution left of it (its
 * folios went with the allocator).
 */
void chk_mm_file_setup(struct address_space *file, unsigned long nr_pages,
		       unsigned int order);
/*
 * The same of shared anonymous memory: no backing store, and a fault maps
 * the whole cache folio when it fits (finish_fault()).
 */
void chk_mm_shmem_setup(struct address_space *file, unsigned long nr_pages,
			unsigned int order);
/* The data word of @file's page @index, read in if it is not cached. */
u64 chk_mm_file_data(struct address_space *file, unsigned long index);
/*
 * A new address space with a shared read-write mapping of @nr_pages of
 * @file, from its page @pgoff, at page @at.
 */
struct mm_model *chk_mm_file_mm_at(struct address_space *file,
				   unsigned long at, unsigned long nr_pages,
				   unsigned long pgoff);
/* chk_mm_file_mm_at() page 0. */
struct mm_model *chk_mm_file_mm(struct address_space *file,
				unsigned long nr_pages, unsigned long pgoff);
/*
 * chk_mm_file_mm() of @nr_pages from page 0, then a load of page 0: its
 * fault-around maps what is cached around it read-only, a folio of the
 * block order as a folded block.
 */
struct mm_model *chk_mm_file_mm_loaded(struct address_space *file,
				       unsigned long nr_pages);

/*
 * End of an execution: every live mm exits, @file (or NULL) is written
 * back and dropped, and then no frame or table may be left (bookkeeping).
 */
void chk_mm_finish(struct address_space *file);
/* The .finish of a scenario with nothing of its own to check: no file. */
void chk_mm_finish_plain(void);

/*
 * Reclaim @folio twice (aging, then unmapping and maybe discarding it),
 * then page @va of @mm must read @value if a store of it completed
 * (@stored); data-loss otherwise.  False after a chk_fail().
 */
bool chk_mm_store_survives_reclaim(struct mm_model *mm, struct folio *folio,
				   unsigned long va, bool stored, u64 value);
/*
 * Reclaim passes over @folio, isolated with a reference, until it is
 * freed (out of the swap cache and unmapped: only that reference is
 * left, which the kernel's reclaim would have dropped) or @passes ran.
 */
void chk_mm_reclaim_isolated(struct folio *folio, unsigned int passes);
/*
 * The page at @va of @mm, if one is mapped there, through reclaim: aged,
 * swapped out and written if its entries say dirty, then freed, unless
 * something mapped or used it meanwhile.
 */
void chk_mm_swap_out(struct mm_model *mm, unsigned long va);
/*
 * The page at @va of @mm through reclaim once more (chk_mm_swap_out()),
 * then loaded back: it must hold @value if a store of it completed
 * (@stored).  False after a chk_fail().
 */
bool chk_mm_store_survives_swap(struct mm_model *mm, unsigned long va,
				bool stored, u64 value);
/*
 * Pages [@page, @page + @nr) of @mm, which no thread wrote and no call was
 * asked to drop, loaded (swapped in if they are out): each still holds
 * what chk_mm_anon_map() put there.  A call on the range beside them left
 * them alone.  False after a chk_fail().
 */
bool chk_mm_check_untouched(struct mm_model *mm, unsigned long page,
			    unsigned long nr);
/*
 * Page @page of @mm, mapped by the setup (chk_mm_anon_map()) and never
 * asked to be dropped, still holds the rest of the page the setup wrote
 * (its fill, which no user store reaches and no load reads): data-loss
 * otherwise.  False after a chk_fail().
 */
bool chk_mm_check_fill(struct mm_model *mm, unsigned long page);
/* Page @va of @mm reads @value if a store of it completed (@stored). */
bool chk_mm_check_store(struct mm_model *mm, unsigned long va, bool stored,
			u64 value);
/*
 * A store to @va that nothing could refuse (no call changed the VMA or
 * its protection) returned @ret: it must have completed (liveness; a
 * fault that returns neither done nor SIGSEGV is an access that fails).
 */
bool chk_mm_stored(unsigned long va, int ret);
/* chk_mm_stored(), and page @va of @mm reads the store's @value. */
bool chk_mm_check_stored(struct mm_model *mm, unsigned long va, int ret,
			 u64 value);

/*
 * A point in a thread's program that the other threads can tell they are
 * past: what a racing caller may assert depends on it (an mprotect() that
 * returned, a MADV_FREE that returned).
 */
static inline void chk_mm_mark(bool *flag)
{
	__atomic_store_n(flag, true, __ATOMIC_SEQ_CST);
}

static inline bool chk_mm_seen(const bool *flag)
{
	return __atomic_load_n(flag, __ATOMIC_SEQ_CST);
}

/*
 * A user thread hammering one address while another thread changes the
 * mapping: it stores until it has seen @done, then once more, so that a
 * TLB entry an earlier store left behind is there for the last one.  At
 * most CHK_MM_HAMMER stores: otherwise two hammering threads could starve
 * the one that marks @done under an unfair schedule (exhaustive mode).
 */
#define CHK_MM_HAMMER	32

struct chk_mm_store {
	bool write;		/* stores; loads otherwise */
	bool fetch;		/* instruction fetches */
	bool after;		/* the last access began after @done */
	int ret;		/* the last access: 0 or -E*_USER */
	bool completed;		/* some access completed */
	int refused;		/* the first that did not: its -E*_USER */
};

void chk_mm_store_until(struct chk_mm_store *st, struct mm_model *mm,
			unsigned long va, u64 value, const bool *done);
/* The same with loads: a read fault maps a page too. */
void chk_mm_load_until(struct chk_mm_store *st, struct mm_model *mm,
		       unsigned long va, const bool *done);
/*
 * The same with instruction fetches (a thread running code at @va): an
 * instruction abort maps a page too where the VMA has VM_EXEC.
 */
void chk_mm_fetch_until(struct chk_mm_store *st, struct mm_model *mm,
			unsigned long va, const bool *done);
/*
 * Spin, letting the other threads run, until @a or @b (@both: and) is
 * marked.
 */
void chk_mm_wait(const bool *a, const bool *b, bool both);
/* In a setup: CPU @cpu loads from @va, so its TLB holds the translation. */
void chk_mm_load_on(unsigned int cpu, struct mm_model *mm, unsigned long va);
/* The same with a store of @value (@write) or a load. */
void chk_mm_access_on(unsigned int cpu, struct mm_model *mm, unsigned long va,
		      bool write, u64 value);
/*
 * One load once @done is seen, without touching the page meanwhile (so
 * that aging finds it old): a translation cached before may still be
 * there, and a stale clean one lets a load through where a store would
 * walk.
 */
void chk_mm_load_after(struct chk_mm_store *st, struct mm_model *mm,
		       unsigned long va, const bool *done);
/*
 * The last access began after @op returned, so it must have taken
 * SIGSEGV: one that completed went through a translation the operation's
 * flush should have removed (stale-tlb).  False after a chk_fail().
 */
bool chk_mm_check_denied(const struct chk_mm_store *st, const char *op,
			 unsigned long va);

#endif /* CHECK_MMWORLD_H */
