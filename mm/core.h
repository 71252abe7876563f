/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The core-mm model: address spaces, VMAs, page-table pages, folios, files
 * and the kernel paths that drive the arm64 contpte layer through its
 * public API only (docs/mm.md).
 *
 * Reference counting follows the kernel: a folio's _refcount counts its
 * PTE mappings (one per page mapped), pins, the page cache's reference and
 * temporary references; _mapcount counts PTE mappings of all its pages.
 */
#ifndef MM_CORE_H
#define MM_CORE_H

#include <linux/list.h>
#include <linux/mm.h>
#include <linux/rwsem.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/swapops.h>

#define MAX_FOLIO_ORDER		9
#define MM_MAX_VMAS		16
#define MM_MAX_PTE_TABLES	32
#define MM_MAX_UPPER_TABLES	16
#define MM_POOL_SIZE		8

/* Folio flags (folio->flags). */
enum {
	PG_anon,		/* anonymous memory */
	PG_dirty,		/* newer than the backing copy */
	PG_referenced,		/* seen young by the last aging pass */
	PG_lazyfree,		/* MADV_FREE: may be discarded while clean */
	PG_writeback,		/* being written to the backing store */
	PG_mapped_shared,	/* may be mapped by more than one mm */
	PG_zero,		/* the shared zero page */
	PG_partially_mapped,	/* on the deferred split queue */
	PG_swapcache,		/* in the swap cache (mm/swapfile.c) */
};

/* Per-page state kept beside mem_map (the kernel's page_ext). */
struct page_ext {
	bool anon_exclusive;	/* PageAnonExclusive */
	bool buddy;		/* head of a free block */
	u8 buddy_order;
	unsigned long prev, next;	/* free list links (pfns) */
	unsigned long index;	/* folio head: page offset in its file */
	struct anon_vma *anon_vma;	/* anonymous folio head: its rmap */
	/* folio head: the mm of a write pin until the last pin goes (atomic) */
	struct mm_struct *write_pin_mm;
	/*
	 * folio head: PG_locked, held while the folio migrates, splits,
	 * is swapped out or mapped from the swap cache
	 */
	spinlock_t lock;
	unsigned long swap;	/* folio head in the swap cache: first slot */
	/*
	 * Last, atomics only: a MADV_FREE's flush may close the window of a
	 * page that was freed and allocated again meanwhile (folio_alloc()).
	 */
	u64 clean_version;	/* content version the backing copy holds */
	/*
	 * The mmu_gather of a MADV_FREE that made this page lazyfree and has
	 * not flushed yet: a store through a TLB entry it is still to remove
	 * races the call, and may be lost (data-loss oracle; NULL: none).
	 */
	const void *madv_free_window;
};

extern struct page_ext *page_ext;

static inline struct page_ext *page_ext_get(struct page *page)
{
	return &page_ext[page_to_pfn(page)];
}

/* A file: its backing store, written back a page at a time, and cache. */
struct address_space {
	unsigned long nr_pages;	/* the store's and the cache's capacity */
	/*
	 * The file's size in pages (i_size rounded up, i_size_write()): a
	 * fault at or past it raises SIGBUS.  A cached folio may reach past
	 * it: a truncation that could not split it leaves it whole, and
	 * tmpfs huge=always allocates a whole large folio whatever the size.
	 */
	unsigned long i_size;
	/*
	 * The pages the store holds blocks for: a truncation frees those
	 * past its new size once the page cache let go of them, and a copy
	 * that reaches one after lands on whatever the filesystem gave the
	 * block to next (file_store_write()).
	 */
	unsigned long blocks;
	unsigned int order;	/* page-cache folio order */
	bool shmem;		/* anonymous shared memory: never written back */
	unsigned int ino;	/* which file: its pages' fill is its own */
	u64 *store;		/* the backing store, one word per page */
	struct folio **i_pages;	/* cached folio of each page index */
	spinlock_t i_lock;
	/* The reverse map of its folios: VMAs mapping it link under it. */
	struct rw_semaphore i_mmap_rwsem;
	/*
	 * inode_lock(): a truncation holds it for writing from the size
	 * change to its last unmap; page faults do not take it.
	 */
	struct rw_semaphore i_rwsem;
};

/* The file's size in pages: faults and fault-around read it unlocked. */
static inline unsigned long i_size_read(const struct address_space *mapping)
{
	return __atomic_load_n(&mapping->i_size, __ATOMIC_RELAXED);
}

/*
 * The backing store's page @index.  The device writes it while the CPUs
 * run (folio_io_end() copies with the folio unlocked) and anyone may
 * read it meanwhile, so each access is one atomic word.
 */
static inline u64 file_store_read(const struct address_space *mapping,
				  unsigned long index)
{
	return __atomic_load_n(&mapping->store[index], __ATOMIC_RELAXED);
}

/*
 * The device's write of page @index: past the blocks the file holds, it
 * is another file's data it overwrites (data-loss).  A truncation waits
 * for every copy in flight to a page past its new end
 * (folio_wait_writeback()) before it frees the blocks, and writeback
 * writes nothing past i_size as it reads it under the folio lock.
 */
void file_store_write(struct address_space *mapping, unsigned long index,
		      u64 value);

/*
 * The rest of file page @index, which no user store in the model reaches:
 * each page's own, and each file's (@ino), so that a copy of another page
 * or a page of another file mapped in its place shows; shmem's pages
 * start zeroed.
 */
static inline u64 mapping_page_fill(const struct address_space *mapping,
				    unsigned long index)
{
	return mapping->shmem ? 0 : (u64)mapping->ino << 32 | (index + 1);
}

/*
 * The reverse map of anonymous folios: one per fork() family (the
 * kernel's anon_vma root, whose lock every anon_vma of the family
 * shares), from a pool, held by each mm of the family.
 */
struct anon_vma {
	struct rw_semaphore rwsem;
	int refcount;
};

struct ptdesc {
	pte_t *table;
	spinlock_t ptl;
};

/*
 * Where a VMA slot is: in the mm's tree, where find_vma() and the fault
 * path see it; or taken out of it by munmap(), which zaps it after
 * downgrading mmap_lock, while the reverse map may still find it.
 */
enum vma_state { VMA_FREE, VMA_ATTACHED, VMA_DETACHED };

struct vm_area {
	struct vm_area_struct vma;
	unsigned int order;	/* mTHP order of anonymous faults */
	struct address_space *mapping;	/* file or shmem, NULL if anon */
	unsigned long pgoff;	/* file page of vm_start */
	int state;		/* enum vma_state; see vma_state() */
	/* Linked into the reverse map: changed under its locks for writing. */
	bool rmap_linked;
	/*
	 * The per-VMA lock: a fault holds it for reading; a writer of
	 * mmap_lock marks the VMA with vm_lock_seq = mm_lock_seq, which
	 * keeps readers out until mmap_lock is released or downgraded.
	 */
	struct rw_semaphore vm_lock;
	unsigned int vm_lock_seq;
};

/* The file page (anonymous: the page number) that @addr of @vma maps. */
static inline unsigned long linear_page_index(const struct vm_area *vma,
					      unsigned long addr)
{
	return vma->pgoff + ((addr - vma->vma.vm_start) >> PAGE_SHIFT);
}

/*
 * vm_flags: written under mmap_lock and the VMA's write lock, read
 * without either by the reverse map (vm_flags_lockless()).
 */
static inline void vm_flags_reset(struct vm_area *vma, unsigned long flags)
{
	__atomic_store_n(&vma->vma.vm_flags, flags, __ATOMIC_RELAXED);
}

static inline void vm_flags_set(struct vm_area *vma, unsigned long flags)
{
	vm_flags_reset(vma, vma->vma.vm_flags | flags);
}

static inline void vm_flags_clear(struct vm_area *vma, unsigned long flags)
{
	vm_flags_reset(vma, vma->vma.vm_flags & ~flags);
}

/*
 * A userfaultfd (the kernel's struct userfaultfd_ctx), reduced to what
 * write-protection needs: map_changing_lock, which UFFDIO_WRITEPROTECT
 * holds for reading; the messages posted for the monitor and the
 * wake-ups of the faults waiting for it, counted (a waiter sleeps until
 * the wake-ups move on from where they were when it joined the queue:
 * each CPU's fault's in @joined).
 */
struct userfaultfd_ctx {
	struct rw_semaphore map_changing_lock;
	unsigned int fault_msgs;
	unsigned int wake_seq;
	unsigned int joined[NR_CPUS];
};

struct mm_model {
	struct mm_struct mm;
	bool live;
	int users;		/* mm_users: its process, and mmget()s */
	struct rw_semaphore mmap_lock;
	unsigned int mm_lock_seq;	/* bumped as a writer of it leaves */
	spinlock_t page_table_lock;	/* upper-level tables, ptdescs */
	unsigned int write_protect_seq;	/* odd while fork() copies */
	struct anon_vma *anon_vma;	/* its fork() family's */
	/* Slots, stable while in use; for_each_vma() in address order. */
	struct vm_area vmas[MM_MAX_VMAS];
	struct ptdesc ptdescs[MM_MAX_PTE_TABLES];	/* free: no table */
	/* PTE tables unlinked and flushed, waiting out their grace period */
	unsigned int nr_table_rcu;
	struct {
		void *table;
		unsigned int gup_seq[NR_CPUS];
	} table_rcu[MM_MAX_PTE_TABLES];
	unsigned int nr_upper;
	void *upper[MM_MAX_UPPER_TABLES];	/* root first */
	long rss;		/* add_mm_counter(): atomic */
	long swapents;	/* swap entries in its tables (MM_SWAPENTS): atomic */
	struct list_head mmlist;	/* on swapoff()'s list (mm/mmlist.c) */
	struct userfaultfd_ctx uffd;
};

static inline struct mm_model *mm_model(struct mm_struct *mm)
{
	return mm->owner;
}

/*
 * The mm's resident pages: faults and unmaps of different PTE tables
 * change it under different locks, so, like the kernel's percpu
 * counters, it is changed atomically.
 */
static inline void add_mm_counter(struct mm_model *mm, long nr)
{
	__atomic_add_fetch(&mm->rss, nr, __ATOMIC_RELAXED);
}

/*
 * MM_SWAPENTS, as the kernel's percpu counter: reclaim adds to an mm's
 * while its exit or a fault on another CPU takes from it.
 */
static inline void add_mm_swapents(struct mm_model *mm, long nr)
{
	__atomic_add_fetch(&mm->swapents, nr, __ATOMIC_RELAXED);
}

static inline long get_mm_swapents(struct mm_model *mm)
{
	return __atomic_load_n(&mm->swapents, __ATOMIC_RELAXED);
}

static inline struct vm_area *vm_area(struct vm_area_struct *vma)
{
	return (struct vm_area *)vma;
}

extern struct mm_model mm_pool[MM_POOL_SIZE];

/* @mm's slot in the pool: a report names it so, as a trace does ("mm 1"). */
static inline unsigned int mm_nr(const struct mm_model *mm)
{
	return mm - mm_pool;
}

/*
 * mm_alloc() publishes an mm to the reverse map by setting live with
 * release once it is built (the kernel makes an mm reachable only by
 * linking its VMAs into an anon_vma or address_space under that object's
 * lock): the acquire here shows a walker on another CPU its locks and
 * root table as built.  Everything later changes under the mm's own
 * locks, which the walker takes.
 */
static inline bool mm_live(struct mm_model *mm)
{
	return __atomic_load_n(&mm->live, __ATOMIC_ACQUIRE);
}

#define for_each_live_mm(m)						\
	for ((m) = mm_pool; (m) < mm_pool + MM_POOL_SIZE; (m)++)	\
		if (mm_live(m))

/*
 * A slot's state is read without mmap_lock (the fault path's lookup, the
 * reverse map, the checker's oracles), the kernel's RCU-safe VMA tree.
 */
static inline int vma_state(const struct vm_area *vma)
{
	return __atomic_load_n(&vma->state, __ATOMIC_ACQUIRE);
}

/* mm/mmap.c: the next VMA in the tree after @vma (NULL: the first). */
struct vm_area *vma_next(struct mm_model *mm, struct vm_area *vma);
/*
 * Give @vma, marked for writing (vma_start_write()), the flags
 * @flags, then merge it with the VMA after it and the VMA before it where
 * one VMA could now map both (the flags, the file and its offset, the
 * fault order agree), as vma_modify_flags() does for mprotect_fixup() and
 * madvise_update_vma().  Returns the VMA that maps @vma's range now: @vma,
 * or the one before it, which took it over.
 */
struct vm_area *vma_modify_flags(struct mm_model *mm, struct vm_area *vma,
				 unsigned long flags);
/*
 * The VMAs inside [@start, @end), in address order; returns how many.
 */
unsigned int vmas_collect(struct mm_model *mm, unsigned long start,
			  unsigned long end, struct vm_area **vmas);

/* The VMA tree's walk: mmap_lock held, for reading or writing. */
#define for_each_vma(mm, v)						\
	for (mmap_assert_locked(mm), (v) = vma_next(mm, NULL); (v);	\
	     (v) = vma_next(mm, v))

/* Folio flags and counts. */
static inline bool folio_test(struct folio *folio, int flag)
{
	return __atomic_load_n(&folio->flags, __ATOMIC_RELAXED) & (1UL << flag);
}

static inline void folio_set(struct folio *folio, int flag)
{
	__atomic_fetch_or(&folio->flags, 1UL << flag, __ATOMIC_RELAXED);
}

static inline void folio_clear(struct folio *folio, int flag)
{
	__atomic_fetch_and(&folio->flags, ~(1UL << flag), __ATOMIC_RELAXED);
}

static inline bool folio_test_anon(struct folio *folio)
{
	return folio_test(folio, PG_anon);
}

/* Anonymous memory that needs swap to be reclaimed: not lazyfree. */
static inline bool folio_test_swapbacked(struct folio *folio)
{
	return folio_test_anon(folio) && !folio_test(folio, PG_lazyfree);
}

static inline int folio_ref_count(struct folio *folio)
{
	return __atomic_load_n(&folio->_refcount, __ATOMIC_RELAXED);
}

static inline int folio_mapcount(struct folio *folio)
{
	return __atomic_load_n(&folio->_mapcount, __ATOMIC_RELAXED);
}

static inline bool folio_mapped(struct folio *folio)
{
	return folio_mapcount(folio) > 0;
}

/*
 * GUP-fast and the paths that check for pins order their steps against
 * each other through the folio's counts ("pin, then check the entry" vs
 * "clear the entry, then check the pins"): each such count access is a
 * scheduling point of its own.
 */
static inline void folio_count_point(struct folio *folio)
{
	hw_sched_point(HW_SYNC_ATOMIC, folio);
}

static inline bool folio_maybe_dma_pinned(struct folio *folio)
{
	folio_count_point(folio);
	return __atomic_load_n(&folio->_pincount, __ATOMIC_RELAXED) > 0;
}

static inline struct address_space *folio_mapping(struct folio *folio)
{
	return folio->owner;
}

static inline unsigned long folio_index(struct folio *folio)
{
	return page_ext_get(&folio->page)->index;
}

static inline bool is_cow_mapping(unsigned long vm_flags)
{
	return !(vm_flags & VM_SHARED);
}

/*
 * The folio lock.  A fault that meets a migration entry waits for it to
 * be released (folio_wait_locked()) without taking it or a reference, as
 * migration_entry_wait_on_locked() does: the folio may be freed meanwhile.
 * Each look at it is a lock attempt for the explorer, which blocks a
 * thread that retries it until the lock's next release.
 */
static inline void folio_lock(struct folio *folio)
{
	spin_lock(&page_ext_get(&folio->page)->lock);
}

static inline bool folio_trylock(struct folio *folio)
{
	return spin_trylock(&page_ext_get(&folio->page)->lock);
}

static inline void folio_unlock(struct folio *folio)
{
	spin_unlock(&page_ext_get(&folio->page)->lock);
}

static inline bool folio_test_locked(struct folio *folio)
{
	return spin_is_locked(&page_ext_get(&folio->page)->lock);
}

/*
 * The calling CPU holds the folio lock.  Stricter than what the kernel's
 * VM_BUG_ON_FOLIO(!folio_test_locked()) can ask of a bit lock, which any
 * holder satisfies: a path that forgets the lock while reclaim or
 * migration holds it is reported too.
 */
static inline bool folio_locked_by_me(struct folio *folio)
{
	return spin_is_held_by_me(&page_ext_get(&folio->page)->lock);
}

static inline void folio_wait_locked(struct folio *folio)
{
	do
		hw_sched_point(HW_SYNC_LOCK, &page_ext_get(&folio->page)->lock);
	while (folio_test_locked(folio));
}

/*
 * Each operation on a folio lock records its caller (hw/site.h), as
 * spin_lock() does: a trace names the kernel function that took it.
 */
#define folio_lock(...)		HW_AT_VOID(folio_lock, __VA_ARGS__)
#define folio_trylock(...)	HW_AT(folio_trylock, __VA_ARGS__)
#define folio_unlock(...)	HW_AT_VOID(folio_unlock, __VA_ARGS__)
#define folio_wait_locked(...)	HW_AT_VOID(folio_wait_locked, __VA_ARGS__)

/*
 * The folio whose page a pfn swap entry stands for (pfn_swap_entry_folio(),
 * here beside the lock it asserts).  A migration entry exists only while
 * its folio is locked: whoever meets one under the PTL may rely on that,
 * and a migration or split that unlocked before removing its entries
 * would have them found with no one to wait for.
 */
static inline struct folio *pfn_swap_entry_folio(swp_entry_t entry)
{
	struct folio *folio = page_folio(pfn_to_page(swp_offset_pfn(entry)));

	BUG_ON(is_migration_entry(entry) && !folio_test_locked(folio));
	return folio;
}

/* mm/page_alloc.c */
int page_alloc_init(void);
void page_alloc_exit(void);
struct folio *folio_alloc(unsigned int order);
void __folio_free(struct folio *folio);
unsigned long nr_free_pages(void);
extern struct folio *zero_folio;

/* mm/folio.c */
void folio_get(struct folio *folio);
bool folio_try_get(struct folio *folio);
bool folio_ref_freeze(struct folio *folio, int count);
void folio_ref_unfreeze(struct folio *folio, int count);
void folio_ref_add(struct folio *folio, int nr);
void folio_put_refs(struct folio *folio, int nr);
void folio_put(struct folio *folio);
void folio_add_new_anon_rmap(struct folio *folio, struct vm_area *vma,
			     unsigned long addr);
void folio_add_anon_rmap_ptes(struct folio *folio, struct page *page, int nr,
			      bool exclusive);
void folio_add_swapin_rmap(struct folio *folio, struct page *page, int nr,
			   struct vm_area *vma, unsigned long addr,
			   bool exclusive);
void folio_add_file_rmap_ptes(struct folio *folio, int nr);
void folio_dup_rmap_ptes(struct folio *folio, int nr);
void folio_remove_rmap_ptes(struct folio *folio, int nr);
void folio_mark_dirty(struct folio *folio);
void folio_mark_accessed(struct folio *folio);
struct mmu_gather;
void folio_mark_lazyfree(struct folio *folio, const struct mmu_gather *tlb);
bool folio_has_unsaved_data(struct folio *folio);
/*
 * A page and its backing copy (a file's store, a swap slot), as the
 * data-loss oracle sees them: read in, the page holds @data and @fill and
 * is as clean as its copy; written out, the copy gets its data (its fill,
 * which no store changes, the caller takes with page_read_fill()) and the
 * page is as clean as it; marked clean, it is as clean as its copy
 * without the kernel reading it (the oracle's own snapshot); unsaved, the
 * page was written since.  page_read_backing() and page_write_backing()
 * are macros, so that a warning of highmem.h's names the caller's line.
 */
void page_mark_clean(struct page *page);
void __page_read_backing(struct page *page, u64 data, u64 fill,
			 const char *file, int line);
#define page_read_backing(page, data, fill) \
	__page_read_backing(page, data, fill, __FILE__, __LINE__)
u64 __page_write_backing(struct page *page, const char *file, int line);
#define page_write_backing(page) \
	__page_write_backing(page, __FILE__, __LINE__)
bool page_has_unsaved_data(struct page *page);
void folio_check_gathered_dirty(struct folio *folio, struct page *page,
				unsigned int nr, pte_t pte, unsigned long va);
struct folio *vm_normal_folio(struct vm_area *vma, unsigned long addr,
			      pte_t pte);
/*
 * The count changes record their caller (hw/site.h), so that a count that
 * goes wrong is reported with the kernel function that made it.
 */
#define folio_get(...)		HW_CALL_VOID(folio_get, __VA_ARGS__)
#define folio_put(...)		HW_CALL_VOID(folio_put, __VA_ARGS__)
#define folio_put_refs(...)	HW_CALL_VOID(folio_put_refs, __VA_ARGS__)
#define folio_remove_rmap_ptes(...) \
	HW_CALL_VOID(folio_remove_rmap_ptes, __VA_ARGS__)
#define folio_dup_rmap_ptes(...) HW_CALL_VOID(folio_dup_rmap_ptes, __VA_ARGS__)

/* mm/pgtable.c */
int pgd_alloc(struct mm_model *mm);
unsigned int pgtables_in_use(void);
pte_t *pte_offset_map(struct mm_model *mm, unsigned long addr);
pte_t *pte_alloc_map(struct mm_model *mm, unsigned long addr);
spinlock_t *pte_lockptr(struct mm_model *mm, pte_t *pte);
pte_t *pte_offset_map_lock(struct mm_model *mm, unsigned long addr,
			   spinlock_t **ptlp);
pte_t mm_read_pte(struct mm_model *mm, unsigned long va);
void free_pgtables(struct mm_model *mm);
struct mmu_gather;
void free_pte_tables(struct mmu_gather *tlb, unsigned long start,
		     unsigned long end, unsigned long floor,
		     unsigned long ceiling);
void pte_free(void *table);
/* The span of VA one PTE table maps. */
unsigned long pte_table_span(void);
unsigned long pte_table_end(unsigned long addr, unsigned long end);

/* mm/mmap_lock.c */
void mmap_read_lock(struct mm_model *mm);
void mmap_read_unlock(struct mm_model *mm);
void mmap_write_lock(struct mm_model *mm);
void mmap_write_unlock(struct mm_model *mm);
void mmap_write_downgrade(struct mm_model *mm);
void mmap_assert_locked(struct mm_model *mm);
void vma_start_write(struct vm_area *vma);
void vma_assert_write_locked(struct vm_area *vma);
struct vm_area *lock_vma_under_rcu(struct mm_model *mm, unsigned long addr);
void vma_end_read(struct vm_area *vma);

/* mm/mmap.c */
void mm_pool_init(void);
struct mm_model *mm_alloc(void);
/* A new mm in @anon_vma's fork() family (NULL: a family of its own). */
struct mm_model *mm_alloc_family(struct anon_vma *anon_vma);
/*
 * fork(): a copy of @src in @mm, linked into the reverse map and @mm's
 * tree (mmap_lock of @mm held for writing); NULL when out of slots.
 */
struct vm_area *vma_dup(struct mm_model *mm, struct vm_area *src);
/*
 * An attached VMA covering @addr, mmap_lock held: asserted, as the
 * kernel's find_vma() does (mmap_assert_locked()), so that a path that
 * looks a VMA up without it is reported even where nothing changes the
 * tree meanwhile.  find_vma_unlocked() is an observer's look (the
 * checker's oracles, the tests), which holds no lock.
 */
struct vm_area *find_vma(struct mm_model *mm, unsigned long addr);
struct vm_area *find_vma_unlocked(struct mm_model *mm, unsigned long addr);
/* munmap() of a range covering @addr is between its detach and its end. */
bool vma_unmap_in_flight(struct mm_model *mm, unsigned long addr);
struct vm_area *do_mmap(struct mm_model *mm, unsigned long addr,
			unsigned long len, unsigned long vm_flags,
			unsigned int order, struct address_space *mapping,
			unsigned long pgoff);
int do_munmap(struct mm_model *mm, unsigned long start, unsigned long len);
/*
 * munmap() of [@start, @end), whole VMAs, mmap_lock held for writing;
 * @unlock: downgraded for the zap and released at the end.
 */
void do_vmi_munmap(struct mm_model *mm, unsigned long start,
		   unsigned long end, bool unlock);
struct vm_area *copy_vma(struct vm_area *vma, unsigned long addr);
int mmap_write_lock_range(struct mm_model *mm, unsigned long start,
			  unsigned long len);
pgprot_t vm_get_page_prot(unsigned long vm_flags);
/* The VMA's vm_page_prot from its flags (read-only if it write-notifies). */
void vma_set_page_prot(struct vm_area *vma);
void exit_mmap(struct mm_model *mm);
/*
 * A reference on a live mm's address space, unless its last went already
 * and exit_mmap() may be running (mmget_not_zero()); the last mmput()
 * tears the address space down.
 */
bool mmget_not_zero(struct mm_model *mm);
void mmput(struct mm_model *mm);

/* mm/mmu_gather.c */
#define MMU_GATHER_BATCH	64
#define MMU_GATHER_TABLES	8

struct mmu_gather {
	struct mm_model *mm;
	bool fullmm;
	bool freed_tables;
	unsigned long start, end;	/* range to invalidate */
	unsigned int nr_tables;		/* PTE tables to free after it */
	void *tables[MMU_GATHER_TABLES];
	unsigned int nr;
	bool delayed_rmap;	/* some entry's rmap waits for the flush */
	struct {
		struct folio *folio;
		int refs;
		enum tlb_folio_kind {
			TLB_FOLIO_PUT,		/* drop the references */
			TLB_FOLIO_DELAY_RMAP,	/* and the mappings, flushed */
		} kind;
	} batch[MMU_GATHER_BATCH];
	/* Folios MADV_FREE marked lazyfree: their windows close at the flush. */
	unsigned int nr_lazyfree;
	struct { unsigned long pfn, nr; } lazyfree[MMU_GATHER_BATCH];
};

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_model *mm);
void tlb_gather_mmu_fullmm(struct mmu_gather *tlb, struct mm_model *mm);
void tlb_remove_tlb_entries(struct mmu_gather *tlb, pte_t *ptep,
			    unsigned int nr, unsigned long addr);
bool __tlb_remove_folio_pages(struct mmu_gather *tlb, struct folio *folio,
			      int nr, bool delay_rmap);
void tlb_flush_rmaps(struct mmu_gather *tlb);
bool tlb_note_lazyfree(struct mmu_gather *tlb, struct folio *folio);
void tlb_remove_table(struct mmu_gather *tlb, void *table);
/* Free @mm's tables whose grace period ended, or all of them (exit). */
void tlb_table_rcu(struct mm_model *mm, bool all);
void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb);
void tlb_flush_mmu(struct mmu_gather *tlb);
void tlb_finish_mmu(struct mmu_gather *tlb);

/*
 * mm/pte_batch.c.  As upstream, zap, the reverse map and MADV_FREE batch
 * across the write bit and dirty; mprotect() respects the write bit;
 * fork() ignores it and re-applies any_writable, and batches across dirty
 * only in a shared mapping.
 */
#define FPB_IGNORE_DIRTY	0x1
#define FPB_IGNORE_WRITE	0x2

unsigned int folio_pte_batch(struct folio *folio, pte_t *ptep, pte_t pte,
			     unsigned int max_nr, unsigned int flags,
			     bool *any_writable, bool *any_young,
			     bool *any_dirty);

/*
 * mm/zap.c: unmap_page_range() for munmap() and exit, which drops uffd-wp
 * markers with the VMA; zap_page_range() for MADV_DONTNEED, which keeps
 * them in a file or shmem VMA and leaves one where it zaps a protected
 * entry.
 */
void unmap_page_range(struct mmu_gather *tlb, struct vm_area *vma,
		      unsigned long start, unsigned long end);
void zap_page_range(struct mm_model *mm, unsigned long start,
		    unsigned long end);
unsigned int zap_swap_ptes(struct mm_model *mm, unsigned long addr,
			   pte_t *pte, pte_t ptent, unsigned int max_nr);
/*
 * unmap_mapping_pages(): pages [@start, @start + @nr) of the file unmapped
 * from every VMA that maps them; a private VMA's anonymous copies of them
 * too if @even_cows.
 */
void unmap_mapping_pages(struct address_space *mapping, unsigned long start,
			 unsigned long nr, bool even_cows);

/* mm/memory.c: the fault handler. */
#define FAULT_FLAG_WRITE	0x1
#define FAULT_FLAG_UNSHARE	0x2
/* The caller can drop its lock and wait (a user fault; not GUP here). */
#define FAULT_FLAG_ALLOW_RETRY	0x4
/* An instruction abort: the fault of an EL0 instruction fetch. */
#define FAULT_FLAG_INSTRUCTION	0x8

enum vm_fault_reason {
	VM_FAULT_DONE = 0,	/* resolved, or raced: retry the access */
	VM_FAULT_SIGSEGV,
	VM_FAULT_SIGBUS,	/* past the end of the file mapped there */
	VM_FAULT_OOM,
	/* handed to the userfaultfd monitor: wait for it, then retry */
	VM_FAULT_RETRY,
};

enum vm_fault_reason handle_mm_fault(struct vm_area *vma, unsigned long addr,
				     unsigned int flags);
/*
 * Off in the kernel and by default: a fault that makes an entry valid
 * again first completes an invalidation of it that may be pending
 * (reclaim's deferred flush, a NUMA scan's gather), and so does reclaim
 * before it puts back the entries of a lazyfree folio it must keep, which
 * keeps the checker's catalogue away from three upstream sequences the
 * machine flags (docs/checker.md).
 */
void mm_set_refault_fence(bool on);
bool mm_refault_fenced(void);

/* mm/fork.c */
struct mm_model *dup_mm(struct mm_model *oldmm);

/* mm/gup.c */
#define FOLL_WRITE	0x1
#define FOLL_GET	0x2
#define FOLL_PIN	0x4

struct gup_stats {
	unsigned long fast_pages;	/* pages GUP-fast grabbed */
	unsigned long fast_fallbacks;	/* GUP-fast gave up at a page */
	unsigned long slow_pages;
};
extern struct gup_stats gup_stats;

/*
 * The grace period of a table unlinked from the tree: which GUP-fast
 * walks (IRQs off) run now, and whether they are all done since, after
 * which none can read it (the kernel frees it by call_rcu(), or after an
 * IPI that a CPU walking with IRQs off answers only then).
 */
void gup_fast_snapshot(unsigned int *seq);
bool gup_fast_done_since(const unsigned int *seq);
/* Between executions: a walk an interrupted run left "running". */
void gup_fast_reset(void);

long get_user_pages_fast(struct mm_model *mm, unsigned long start,
			 unsigned long nr_pages, unsigned int gup_flags,
			 struct page **pages);
long pin_user_pages_fast(struct mm_model *mm, unsigned long start,
			 unsigned long nr_pages, unsigned int gup_flags,
			 struct page **pages);
long get_user_pages(struct mm_model *mm, unsigned long start,
		    unsigned long nr_pages, unsigned int gup_flags,
		    struct page **pages);
void unpin_user_pages(struct page **pages, unsigned long nr);
void put_user_pages(struct page **pages, unsigned long nr);

/*
 * mm/huge_memory.c: split the large anonymous folios mapped in [@start,
 * @end) of @mm to @new_order (the kernel's debugfs split_huge_pages);
 * returns how many were split.
 */
int split_huge_pages_pid(struct mm_model *mm, unsigned long start,
			 unsigned long end, unsigned int new_order);
/*
 * split_folio(): @folio, locked and referenced by the caller, made order-0
 * folios; 0, or -1 when other references or mappings came in meanwhile.
 * split_folio_to_list() also puts every new folio but the first on @list
 * with a reference of the list's (reclaim's folio_list).
 */
struct folio_list {
	unsigned int nr;
	struct folio *folios[1U << MAX_FOLIO_ORDER];
};

int split_folio(struct folio *folio);
int split_folio_to_list(struct folio *folio, struct folio_list *list);

/* mm/deferred_split.c */
void deferred_split_init(void);
void deferred_split_folio(struct folio *folio);
void folio_unqueue_deferred_split(struct folio *folio);
/* The shrinker: split the queued folios; how many it split. */
int deferred_split_scan(void);
bool deferred_split_check_leaks(void);

/*
 * mm/migrate.c.  migrate_pages() moves @src, isolated by the caller whose
 * reference it takes over, to a new folio of the same order: true if it
 * did.  remove_migration_ptes() maps @dst where @src's migration entries
 * are (@dst == @src: the migration failed, the old mappings come back);
 * with RMP_USE_SHARED_ZEROPAGE (a split's new order-0 folios) a page that
 * holds only zeros is mapped as the zero page instead.
 * A fault on a migration entry waits for the folio's lock
 * (migration_entry_wait()) and is retried.  do_move_pages() is
 * move_pages(2) of the folio mapped at @addr of @mm.
 */
bool migrate_pages(struct folio *src);
#define RMP_USE_SHARED_ZEROPAGE	1
void remove_migration_ptes(struct folio *src, struct folio *dst, int flags);
void migration_entry_wait(struct mm_model *mm, pte_t *pte);
bool do_move_pages(struct mm_model *mm, unsigned long addr);

/*
 * mm/mremap.c: move [@old_addr, @old_addr + @len), whole or part of one
 * VMA, to the free range at @new_addr (MREMAP_MAYMOVE | MREMAP_FIXED);
 * 0 or -1.
 */
int do_mremap(struct mm_model *mm, unsigned long old_addr, unsigned long len,
	      unsigned long new_addr);

/* mm/mprotect.c */
int do_mprotect(struct mm_model *mm, unsigned long start, unsigned long len,
		unsigned long prot);
/*
 * change_protection()'s @cp_flags (the kernel's MM_CP_*): entries to the
 * VMA's protection, made writable where that is safe
 * (MM_CP_TRY_CHANGE_WRITABLE); to PROT_NONE for NUMA hinting; given
 * (MM_CP_UFFD_WP) or relieved of (MM_CP_UFFD_WP_RESOLVE) the userfaultfd
 * write-protect bit.
 */
#define MM_CP_TRY_CHANGE_WRITABLE	0x1
#define MM_CP_PROT_NUMA			0x2
#define MM_CP_UFFD_WP			0x4
#define MM_CP_UFFD_WP_RESOLVE		0x8

void change_protection(struct mmu_gather *tlb, struct vm_area *vma,
		       unsigned long addr, unsigned long end,
		       unsigned int cp_flags);
/*
 * @nr entries from @pte may be made writable at once (private, exclusive,
 * not userfaultfd write-protected).
 */
bool can_change_ptes_writable(struct vm_area *vma, pte_t pte, unsigned int nr);

/*
 * mm/userfaultfd.c: one userfaultfd per mm, in write-protect mode, with no
 * fork, remap or remove events.  userfaultfd_register() registers the
 * whole VMAs in [@start, @start + @len) (UFFDIO_REGISTER_MODE_WP);
 * mwriteprotect_range() is UFFDIO_WRITEPROTECT of a range of them, with
 * the wake-up of the faults waiting there when it resolves.  A write
 * fault on a protected entry is handed to the monitor (handle_userfault())
 * and, if it may retry, waits in userfaultfd_wait() with no lock held
 * until the monitor resolves the range, then retries the access.
 */
int userfaultfd_register(struct mm_model *mm, unsigned long start,
			 unsigned long len);
int mwriteprotect_range(struct mm_model *mm, unsigned long start,
			unsigned long len, bool enable_wp);
struct vm_fault;
enum vm_fault_reason handle_userfault(struct vm_fault *vmf);
void userfaultfd_wait(struct mm_model *mm, unsigned long addr);
/* The monitor's read(2): how many faults were handed to it so far. */
unsigned int userfaultfd_read(struct mm_model *mm);
/* The VMA fork() or mremap() made forgets the registration. */
void userfaultfd_reset_ctx(struct vm_area *vma);
/*
 * A file or shmem VMA registered for uffd-wp keeps the protection of an
 * entry it empties in a PTE marker (userfaultfd_wp_use_markers()).
 */
bool userfaultfd_wp_use_markers(struct vm_area *vma);
/*
 * pte_install_uffd_wp_if_needed(): @pteval, just cleared from @nr
 * entries from @pte, was write-protected there: leave markers.
 */
void pte_install_uffd_wp_if_needed(struct vm_area *vma, unsigned long addr,
				   pte_t *pte, unsigned int nr, pte_t pteval);

/*
 * mm/numa.c: one NUMA-balancing scan of [@start, @end) of @mm
 * (task_numa_work()): accessible VMAs made PROT_NONE, to fault back in
 * through do_numa_page().
 */
void task_numa_work(struct mm_model *mm, unsigned long start,
		    unsigned long end);

/* mm/madvise.c */
#define MADV_DONTNEED	4
#define MADV_FREE	8
#define MADV_DONTFORK	10
#define MADV_DOFORK	11
#define MADV_COLD	20

int do_madvise(struct mm_model *mm, unsigned long start, unsigned long len,
	       int behavior);

/*
 * mm/rmap.c.  The reverse map's locks: a file's i_mmap_rwsem, then the
 * fork() family's anon_vma (the kernel's lock order).  A VMA's place in
 * the reverse map changes under both for writing (vma_prepare()); a walk
 * holds the one its folio needs for reading, and the PTL.
 */
void anon_vma_pool_init(void);
struct anon_vma *anon_vma_alloc(void);
struct anon_vma *anon_vma_get(struct anon_vma *anon_vma);
void anon_vma_put(struct anon_vma *anon_vma);
/* Every mm gone: no anon_vma referenced, or a report (bookkeeping). */
bool anon_vma_check_leaks(void);
void vma_rmap_lock_write(struct vm_area *vma);
void vma_rmap_unlock_write(struct vm_area *vma);
void vma_link_rmap(struct vm_area *vma);
void vma_unlink_rmap(struct vm_area *vma);

int folio_referenced(struct folio *folio, bool is_locked);
/*
 * Every mapping of the folio removed, as reclaim does it: the TLBIs
 * deferred to try_to_unmap_flush() (TTU_BATCH_FLUSH).
 */
bool try_to_unmap(struct folio *folio);
/*
 * Every mapping of the (locked) folio replaced by a migration entry, the
 * TLBIs deferred the same way; false if a pinned page kept one.
 */
bool try_to_migrate(struct folio *folio);
void try_to_unmap_flush(void);
void try_to_unmap_flush_dirty(void);
void flush_tlb_batched_pending(struct mm_model *mm);
/* Some CPU's reclaim has issued TLBIs it has not waited for yet. */
bool try_to_unmap_flush_pending(void);
void tlb_ubc_reset(void);
void folio_mkclean(struct folio *folio);

/* mm/filemap.c */
int address_space_init(struct address_space *mapping, unsigned long nr_pages,
		       unsigned int order, bool shmem);
void address_space_release(struct address_space *mapping);
/* The file's new size, in pages; no larger than its capacity. */
void i_size_write(struct address_space *mapping, unsigned long pages);
struct folio *filemap_get_folio(struct address_space *mapping,
				unsigned long index);
struct folio *filemap_get_next_folio(struct address_space *mapping,
				     unsigned long *index);
/*
 * One folio's write in flight, as the bio ->writepage() submits: the
 * device copies the pages below @end to @mapping's store and then ends
 * the writeback (folio_io_end()).  It holds no reference on the folio:
 * PG_writeback alone keeps reclaim, eviction and truncation off it until
 * the copy is done (folio_end_writeback()).  The folio's mapping, index
 * and size are copied at submission, as the bio holds its sectors: a
 * folio freed under the copy by a bug must not steer it elsewhere.
 */
struct folio_io {
	struct folio *folio;
	struct address_space *mapping;
	unsigned long index;	/* the folio's first page in the file */
	unsigned long nr;	/* its pages */
	unsigned long end;	/* the file's size as writeback read it */
};

bool folio_writeback(struct folio *folio, struct folio_io *io);
void folio_writepage(struct folio *folio, unsigned long end,
		     struct folio_io *io);
void folio_io_end(const struct folio_io *io);
void folio_wait_writeback(struct folio *folio);
void folio_start_writeback(struct folio *folio);
void folio_end_writeback(struct folio *folio);
void filemap_write_and_wait(struct address_space *mapping);
bool filemap_evict_folio(struct folio *folio);
/*
 * Whether the page cache still holds @folio (the kernel's folio->mapping
 * check).  Stable for the holder of the folio lock and a reference: a
 * truncation removes a folio under its lock, and eviction only a folio
 * no one else holds a reference on.
 */
bool filemap_folio_cached(struct folio *folio);
/* Drop an unmapped folio from the cache: truncation, the file's release. */
void filemap_remove_folio(struct folio *folio);

/*
 * mm/truncate.c: truncate_setsize() and truncate_pagecache() of a file cut
 * to @pages.
 */
void truncate_pagecache(struct address_space *mapping, unsigned long pages);

/*
 * mm/swapfile.c: one swap device and the swap cache.  swapon() makes a
 * fresh device of @nr_slots (slot 0 is its header), synchronous or not
 * (@flags); swap_reset() removes it between runs, when nothing may refer
 * to it.  The folio lock is held across add_to_swap(),
 * swap_read_folio_cached() (which leaves the new folio locked),
 * folio_free_swap() and swap_evict_folio().  A user of slots that no
 * entry it holds under a lock keeps in use holds the device
 * (get_swap_device(): 0, -ENODEV while swapoff() takes it away, -EINVAL
 * for an entry of no slot; put_swap_device()).
 */
#define SWP_SYNCHRONOUS_IO	0x1	/* swapon(): zram-like, writes complete at once */

int swapon(unsigned long nr_slots, unsigned int flags);
void swap_reset(void);
bool swap_synchronous(void);
int get_swap_device(swp_entry_t entry);
void put_swap_device(void);
/*
 * swapoff()'s steps on the device: no new slots; the next slot from
 * @offset still in use, or 0; the references drained and the slots freed.
 */
void swap_stop_alloc(void);
unsigned long swap_next_in_use(unsigned long offset);
void swap_release_device(void);
/*
 * mm/swapoff.c: swapoff(2) of the device, the swap entries of every mm on
 * the list mm/mmlist.c keeps swapped back in (try_to_unuse()), then the
 * device released.
 */
void swapoff(void);

/*
 * mm/mmlist.c: the mms that may hold swap entries, in the order
 * swapoff() walks them.  An mm joins after @after, or first when @after
 * is NULL, unless it is on the list already; it leaves as its last user
 * goes.  mmlist_next() is the mm after @prev (NULL: the first) whose
 * users are not gone, with a reference the caller puts, or NULL.
 */
void mmlist_init(void);
void mmlist_add(struct mm_model *mm, struct mm_model *after);
void mmlist_del(struct mm_model *mm);
struct mm_model *mmlist_next(struct mm_model *prev);
/* Oracles (bookkeeping): at an mm's last put, and at the end of a run. */
void mmlist_check_exit(struct mm_model *mm);
bool mmlist_check_leaks(void);
bool add_to_swap(struct folio *folio);
swp_entry_t page_swap_entry(struct folio *folio, struct page *page);
unsigned int swap_count(swp_entry_t entry);
struct folio *swap_cache_get_folio(swp_entry_t entry);
bool swap_cache_migrate(struct folio *dst, struct folio *src);
bool swap_read_folio_cached(struct folio *folio, swp_entry_t entry);
int swap_duplicate(swp_entry_t entry);
/*
 * What a swap-in of @entry would read now: the page of its cached folio,
 * or what the last swap write landed in its slot.  An observer's read
 * (the checker's): no lock, no scheduling point.
 */
u64 swap_entry_data(swp_entry_t entry);
void swap_free_nr(swp_entry_t entry, unsigned int nr);
bool folio_free_swap(struct folio *folio);
bool swap_evict_folio(struct folio *folio);
/*
 * The swap writes a reclaim pass submitted, as the bios __swap_writepage()
 * submits: each folio, and each of its pages as the device read it at its
 * first step with the slot it goes to, landing there when the device
 * completes the folio's write (swap_io_end()).  Like struct folio_io it
 * holds no reference on the folio: PG_writeback alone keeps the folio,
 * and so its slots, until then.  Pages and slots are recorded at
 * submission, as a bio holds its pages and sectors: a slot freed under
 * the write must not steer it.  No more pages, nor folios, than the
 * folio a pass begins with.
 */
struct swap_io {
	unsigned int nr_folios;
	unsigned int nr_pages;
	struct swap_io_folio {
		struct folio *folio;
		unsigned int end;	/* its pages: up to pages[end] */
	} folios[1U << MAX_FOLIO_ORDER];
	struct swap_io_page {
		struct page *page;
		unsigned long offset;	/* its slot */
		u64 data;		/* what the device read */
		u64 fill;
	} pages[1U << MAX_FOLIO_ORDER];
};

/*
 * No write submitted yet.  Some 24 KiB: on the stack of a reclaim pass,
 * which the checker's coroutines give 1 MiB.
 */
static inline void swap_io_init(struct swap_io *io)
{
	io->nr_folios = 0;
	io->nr_pages = 0;
}

void swap_writepage(struct folio *folio, struct swap_io *io);
void swap_io_end(struct swap_io *io);
void swap_io_end_sync(struct swap_io *io);
void free_swap_cache(struct folio *folio);
void free_swap_and_cache_nr(swp_entry_t entry, unsigned int nr);
bool swap_check_leaks(void);
/*
 * The synchronous swap-in's slots (mm/swap_sync.c): whether @nr slots
 * from @entry are alike in having a cached or claimed folio or not
 * (can_swapin_thp()); claim them for @folio (swapcache_prepare(): 0,
 * -ENOENT or -EEXIST with the folio to wait for in *@busy); read @folio
 * from them; give the claim up (swapcache_clear()).
 */
bool swap_range_cache_alike(swp_entry_t entry, unsigned int nr);
int swapcache_prepare(swp_entry_t entry, unsigned int nr,
		      struct folio *folio, struct folio **busy);
void swap_read_folio_direct(struct folio *folio, swp_entry_t entry);
void swapcache_clear(swp_entry_t entry, unsigned int nr);
/* Free slots (get_nr_swap_pages()): 0 without a device. */
unsigned long swap_nr_slots(void);
unsigned long get_nr_swap_pages(void);
bool vm_swap_full(void);

/*
 * mm/pte_batch.c: how many entries from @ptep, @pte first, are the swap
 * entries of consecutive slots with the same bits (swap_pte_batch()).
 */
unsigned int swap_pte_batch(pte_t *ptep, unsigned int max_nr, pte_t pte);

/* mm/vmscan.c */
struct reclaim_stats {
	unsigned long scanned, activated, written, discarded, redirtied;
	unsigned long busy;	/* kept: locked elsewhere, under writeback, or
				 * lazyfree but held beyond its mappings */
	unsigned long swapped;	/* anonymous, written to swap and freed */
};

void shrink_folio(struct folio *folio, struct reclaim_stats *stats);

/* mm/lru_gen.c: reclaim's aging with the multi-gen LRU */
/*
 * BITS_PER_LONG: the kernel's bitmap of a batch's young entries, the
 * most one look-around visits.
 */
#define MIN_LRU_BATCH	(8 * sizeof(unsigned long))
void lru_gen_set_enabled(bool on);
bool lru_gen_enabled(void);
bool lru_gen_look_around(struct vm_area *vma, unsigned long addr, pte_t *pte);
/*
 * One pass over @folio, which the caller isolated with a reference it
 * keeps (isolate_lru_folio()): a folio freed by reclaim goes with it.
 */
void shrink_isolated_folio(struct folio *folio, struct reclaim_stats *stats);
void shrink_swap_cache(struct reclaim_stats *stats);
void shrink_mapping(struct address_space *mapping,
		    struct reclaim_stats *stats);

#endif /* MM_CORE_H */
