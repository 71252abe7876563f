// SPDX-License-Identifier: GPL-2.0-only
/*
 * Address spaces and their VMAs.  mm_structs come from a fixed pool so
 * that setting one up and tearing it down allocates nothing; the pool slot
 * gives the ASID.  A VMA lives in a slot of its mm that stays put while
 * it is in use (the kernel's VMA object); the mm's tree is the set of
 * attached slots, walked in address order.
 *
 * The tree changes as v6.12's mm/mmap.c and mm/vma.c change it: under
 * mmap_lock for writing, each VMA changed marked for the per-VMA lock
 * first (vma_start_write()), and linked into or out of the reverse map
 * under its locks (vma_prepare()).  munmap() takes its VMAs out of the
 * tree, downgrades mmap_lock and zaps them under it for reading; exit
 * zaps under mmap_lock for reading and takes it for writing only to free
 * the VMAs and tables.  The reverse map may find a VMA until it is
 * unlinked, whatever the mm's locks.
 */
#include <string.h>

#include <asm/el0.h>
#include <linux/userfaultfd_k.h>

#include "core.h"
#include "oracle.h"

struct mm_model mm_pool[MM_POOL_SIZE];

void mm_pool_init(void)
{
	memset(mm_pool, 0, sizeof(mm_pool));
	anon_vma_pool_init();
	deferred_split_init();
	mmlist_init();
	tlb_ubc_reset();
	gup_fast_reset();
	lru_gen_set_enabled(false);
}

static void vma_set_state(struct vm_area *vma, enum vma_state state)
{
	if (state == VMA_DETACHED)
		vma_assert_write_locked(vma);
	__atomic_store_n(&vma->state, state, __ATOMIC_RELEASE);
}

/*
 * Bounds are read without mmap_lock: by lock_vma_under_rcu(), and by the
 * reverse map's walks, which hold only the rmap locks.  So a new range of
 * a VMA the reverse map reaches is a scheduling point: a walk may look
 * there before the change it is part of is whole (a split's new VMA not
 * linked yet, a merged one not unlinked), unless the changer holds the
 * rmap locks as vma_prepare() takes them.
 */
static void vma_set_range(struct vm_area *vma, unsigned long start,
			  unsigned long end)
{
	__atomic_store_n(&vma->vma.vm_start, start, __ATOMIC_RELAXED);
	__atomic_store_n(&vma->vma.vm_end, end, __ATOMIC_RELAXED);
	if (__atomic_load_n(&vma->rmap_linked, __ATOMIC_ACQUIRE))
		hw_sched_point(HW_SYNC_ATOMIC, &vma->vma.vm_end);
}

/* A new mm in @anon_vma's fork() family, or in a family of its own. */
struct mm_model *mm_alloc_family(struct anon_vma *anon_vma)
{
	struct mm_model *mm;
	unsigned int i;

	for (mm = mm_pool; mm < mm_pool + MM_POOL_SIZE; mm++) {
		if (mm_live(mm))
			continue;
		memset(mm, 0, sizeof(*mm));
		mm->mm.context.id = mm_nr(mm) + 1;
		mm->mm.owner = mm;
		INIT_LIST_HEAD(&mm->mmlist);
		init_rwsem(&mm->mmap_lock);
		init_rwsem(&mm->uffd.map_changing_lock);
		spin_lock_init(&mm->page_table_lock);
		for (i = 0; i < MM_MAX_VMAS; i++) {
			mm->vmas[i].vma.vm_mm = &mm->mm;
			mm->vmas[i].vm_lock_seq = ~0U;
		}
		mm->anon_vma = anon_vma ? anon_vma_get(anon_vma) :
					  anon_vma_alloc();
		if (!mm->anon_vma)
			return NULL;
		if (pgd_alloc(mm)) {
			anon_vma_put(mm->anon_vma);
			return NULL;
		}
		activate_mm(&mm->mm);
		mm->users = 1;
		__atomic_store_n(&mm->live, true, __ATOMIC_RELEASE);
		return mm;
	}
	return NULL;
}

struct mm_model *mm_alloc(void)
{
	return mm_alloc_family(NULL);
}

struct vm_area *vma_next(struct mm_model *mm, struct vm_area *prev)
{
	struct vm_area *vma, *next = NULL;

	for (vma = mm->vmas; vma < mm->vmas + MM_MAX_VMAS; vma++) {
		if (vma_state(vma) != VMA_ATTACHED ||
		    (prev && vma->vma.vm_start <= prev->vma.vm_start))
			continue;
		if (!next || vma->vma.vm_start < next->vma.vm_start)
			next = vma;
	}
	return next;
}

static struct vm_area *vma_in_state(struct mm_model *mm, unsigned long addr,
				    enum vma_state state)
{
	struct vm_area *vma;

	for (vma = mm->vmas; vma < mm->vmas + MM_MAX_VMAS; vma++)
		if (vma_state(vma) == state && addr >= vma->vma.vm_start &&
		    addr < vma->vma.vm_end)
			return vma;
	return NULL;
}

struct vm_area *find_vma_unlocked(struct mm_model *mm, unsigned long addr)
{
	return vma_in_state(mm, addr, VMA_ATTACHED);
}

struct vm_area *find_vma(struct mm_model *mm, unsigned long addr)
{
	mmap_assert_locked(mm);
	return find_vma_unlocked(mm, addr);
}

bool vma_unmap_in_flight(struct mm_model *mm, unsigned long addr)
{
	return vma_in_state(mm, addr, VMA_DETACHED);
}

/*
 * arm64's protection_map (v6.12, arch/arm64/mm/mmap.c): private writable
 * pages start read-only (COW); VM_EXEC clears UXN, and PXN stays set in
 * every user protection.  Without FEAT_EPAN (the model's CPUs) exec-only
 * is not honoured: VM_EXEC alone maps readable, PAGE_READONLY_EXEC, as
 * do_page_fault() lets a read fault through in a VM_EXEC VMA.
 */
pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	bool exec = vm_flags & VM_EXEC;

	if (!(vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return PAGE_NONE;
	if ((vm_flags & (VM_WRITE | VM_SHARED)) == (VM_WRITE | VM_SHARED))
		return exec ? PAGE_SHARED_EXEC : PAGE_SHARED;
	return exec ? PAGE_READONLY_EXEC : PAGE_READONLY;
}

/*
 * A shared, writable mapping of a file with writeback starts read-only
 * (vma_wants_writenotify()): the first write to each page faults, which
 * dirties the folio before the entry becomes writable (do_wp_page() ->
 * wp_page_reuse()), so a writable entry always maps a dirty folio, and
 * writeback, having cleaned the entries, sees every later write fault
 * again.  Shared anonymous memory (shmem) is never written back: it
 * write-notifies only while registered for uffd-wp, whose protection a
 * later change of the entries must not undo.
 */
static bool vma_wants_writenotify(const struct vm_area *vma)
{
	unsigned long f = vma->vma.vm_flags;

	if ((f & (VM_SHARED | VM_WRITE)) != (VM_SHARED | VM_WRITE))
		return false;
	/* uffd-wp tracking needs the write faults too (v6.12). */
	if (userfaultfd_wp(&vma->vma))
		return true;
	return vma->mapping && !vma->mapping->shmem;
}

void vma_set_page_prot(struct vm_area *vma)
{
	unsigned long f = vma->vma.vm_flags;

	if (vma_wants_writenotify(vma))
		f &= ~VM_WRITE;
	vma->vma.vm_page_prot = vm_get_page_prot(f);
}

static bool range_free(struct mm_model *mm, unsigned long start,
		       unsigned long end)
{
	struct vm_area *vma;

	for (vma = mm->vmas; vma < mm->vmas + MM_MAX_VMAS; vma++)
		if (vma_state(vma) != VMA_FREE && start < vma->vma.vm_end &&
		    end > vma->vma.vm_start)
			return false;
	return true;
}

/*
 * A free slot, marked for writing: a fault that found the VMA it held
 * before and still has its lock is waited for, and later ones are kept
 * out until mmap_lock is released.  mmap_lock held for writing.
 */
static struct vm_area *vma_alloc(struct mm_model *mm)
{
	struct vm_area *vma;

	for (vma = mm->vmas; vma < mm->vmas + MM_MAX_VMAS; vma++) {
		if (vma_state(vma) != VMA_FREE)
			continue;
		vma_start_write(vma);
		return vma;
	}
	return NULL;
}

/* Fill a slot from @src (its locks and state stay) and attach it. */
static void vma_fill(struct vm_area *vma, const struct vm_area *src,
		     struct mm_model *mm)
{
	vma->vma.vm_mm = &mm->mm;
	vma->vma.vm_flags = src->vma.vm_flags;
	vma->vma.vm_page_prot = src->vma.vm_page_prot;
	vma_set_range(vma, src->vma.vm_start, src->vma.vm_end);
	vma->order = src->order;
	vma->mapping = src->mapping;
	vma->pgoff = src->pgoff;
}

/* Into the reverse map and the tree (vma_link()). */
static void vma_link(struct vm_area *vma)
{
	vma_link_rmap(vma);
	vma_set_state(vma, VMA_ATTACHED);
}

struct vm_area *vma_dup(struct mm_model *mm, struct vm_area *src)
{
	struct vm_area *vma = vma_alloc(mm);

	if (vma) {
		vma_fill(vma, src, mm);
		vma_link(vma);
	}
	return vma;
}

/*
 * Map [@addr, @addr + @len) (MAP_FIXED_NOREPLACE).  Anonymous faults use
 * folios of @order; @mapping (a file, or shmem for shared anonymous
 * memory) is mapped from page @pgoff.
 */
struct vm_area *do_mmap(struct mm_model *mm, unsigned long addr,
			unsigned long len, unsigned long vm_flags,
			unsigned int order, struct address_space *mapping,
			unsigned long pgoff)
{
	struct vm_area new = {
		.vma = { .vm_start = addr, .vm_end = addr + len,
			 .vm_flags = vm_flags },
		.order = order, .mapping = mapping,
		/* Anonymous memory counts pages from its first address. */
		.pgoff = mapping ? pgoff : addr >> PAGE_SHIFT,
	};
	struct vm_area *vma = NULL;

	if ((addr | len) & ~PAGE_MASK || !len || order > MAX_FOLIO_ORDER ||
	    ((vm_flags & VM_SHARED) && !mapping))
		return NULL;
	vma_set_page_prot(&new);
	mmap_write_lock(mm);
	if (range_free(mm, addr, addr + len))
		vma = vma_alloc(mm);
	if (vma) {
		vma_fill(vma, &new, mm);
		vma_link(vma);
	}
	mmap_write_unlock(mm);
	return vma;
}

/*
 * __split_vma(): both halves marked for writing and the reverse map
 * locked while the bounds change, so that a walk of it sees the VMA
 * whole or both halves.
 */
static int split_vma(struct mm_model *mm, unsigned long addr)
{
	struct vm_area *vma = find_vma(mm, addr), *new;

	if (!vma || vma->vma.vm_start == addr)
		return 0;
	new = vma_alloc(mm);
	if (!new)
		return -1;
	vma_start_write(vma);
	vma_fill(new, vma, mm);
	vma_set_range(new, addr, vma->vma.vm_end);
	new->pgoff += (addr - vma->vma.vm_start) >> PAGE_SHIFT;
	vma_rmap_lock_write(vma);
	vma_set_range(vma, vma->vma.vm_start, addr);
	/* vma_link_rmap(), the lock held: a walk may look meanwhile. */
	__atomic_store_n(&new->rmap_linked, true, __ATOMIC_RELEASE);
	vma_set_state(new, VMA_ATTACHED);
	vma_rmap_unlock_write(vma);
	return 0;
}

/* @next continues @vma exactly: one VMA could map both (is_mergeable_vma()). */
static bool vma_continues(const struct vm_area *vma,
			  const struct vm_area *next)
{
	return vma && next && vma->vma.vm_end == next->vma.vm_start &&
	       vma->vma.vm_flags == next->vma.vm_flags &&
	       vma->mapping == next->mapping && vma->order == next->order &&
	       vma->pgoff + ((vma->vma.vm_end - vma->vma.vm_start) >>
			     PAGE_SHIFT) == next->pgoff;
}

/*
 * @vma takes over @next's range (vma_merge_existing_range()): both marked
 * for writing, the bounds changed and @next unlinked under the reverse
 * map's locks (vma_prepare(), vma_complete()), so that a walk sees the two
 * or the one, never an address twice.  The entries stay as they are.
 */
static void vma_absorb(struct vm_area *vma, struct vm_area *next)
{
	vma_start_write(vma);
	vma_start_write(next);
	vma_set_state(next, VMA_DETACHED);
	vma_rmap_lock_write(vma);
	vma_set_range(vma, vma->vma.vm_start, next->vma.vm_end);
	__atomic_store_n(&next->rmap_linked, false, __ATOMIC_RELEASE);
	vma_rmap_unlock_write(vma);
	vma_set_state(next, VMA_FREE);
}

struct vm_area *vma_modify_flags(struct mm_model *mm, struct vm_area *vma,
				 unsigned long flags)
{
	struct vm_area *prev = vma->vma.vm_start ?
			       find_vma(mm, vma->vma.vm_start - 1) : NULL;
	struct vm_area *next = find_vma(mm, vma->vma.vm_end);

	vm_flags_reset(vma, flags);
	if (vma_continues(vma, next))
		vma_absorb(vma, next);
	if (!vma_continues(prev, vma))
		return vma;
	vma_absorb(prev, vma);
	return prev;
}

/*
 * The VMAs inside [@start, @end), in address order; returns how many.
 */
unsigned int vmas_collect(struct mm_model *mm, unsigned long start,
			  unsigned long end, struct vm_area **vmas)
{
	struct vm_area *vma;
	unsigned int n = 0;

	for_each_vma(mm, vma) {
		if (vma->vma.vm_start < start || vma->vma.vm_end > end)
			continue;
		vmas[n++] = vma;
	}
	return n;
}

/*
 * Take mmap_lock for writing and make [@start, @start + @len) whole VMAs,
 * as munmap() and mprotect() begin.  On failure (unaligned range, no room
 * for a split) the lock is not held and -1 is returned.
 */
int mmap_write_lock_range(struct mm_model *mm, unsigned long start,
			  unsigned long len)
{
	if ((start | len) & ~PAGE_MASK)
		return -1;
	mmap_write_lock(mm);
	if (split_vma(mm, start) || split_vma(mm, start + len)) {
		mmap_write_unlock(mm);
		return -1;
	}
	return 0;
}

/*
 * free_pgtables() of an unmapped range: its PTE tables that no VMA left
 * in the tree reaches into (floor: the end of the one before, ceiling:
 * the start of the one after, 0 for none).
 */
static void free_vma_tables(struct mmu_gather *tlb, unsigned long start,
			    unsigned long end)
{
	unsigned long floor = 0, ceiling = 0;
	struct vm_area *vma;

	for_each_vma(tlb->mm, vma) {
		if (vma->vma.vm_end <= start && vma->vma.vm_end > floor)
			floor = vma->vma.vm_end;
		if (vma->vma.vm_start >= end &&
		    (!ceiling || vma->vma.vm_start < ceiling))
			ceiling = vma->vma.vm_start;
	}
	free_pte_tables(tlb, start, end, floor, ceiling);
}

/*
 * do_vmi_align_munmap(): the VMAs leave the tree under mmap_lock for
 * writing, so no fault or lookup finds them any more; with @unlock the
 * zap runs with mmap_lock downgraded to reading, which is released at the
 * end.  The reverse map still finds the VMAs until they are unlinked
 * (free_pgtables()), before the gather's flush; the slots go last.
 */
void do_vmi_munmap(struct mm_model *mm, unsigned long start,
		   unsigned long end, bool unlock)
{
	struct vm_area *vmas[MM_MAX_VMAS];
	struct mmu_gather tlb;
	unsigned int i, n;

	n = vmas_collect(mm, start, end, vmas);
	for (i = 0; i < n; i++) {
		vma_start_write(vmas[i]);
		vma_set_state(vmas[i], VMA_DETACHED);
	}
	if (unlock)
		mmap_write_downgrade(mm);
	tlb_gather_mmu(&tlb, mm);
	for (i = 0; i < n; i++)
		unmap_page_range(&tlb, vmas[i], vmas[i]->vma.vm_start,
				 vmas[i]->vma.vm_end);
	for (i = 0; i < n; i++)
		vma_unlink_rmap(vmas[i]);
	free_vma_tables(&tlb, start, end);
	tlb_finish_mmu(&tlb);
	for (i = 0; i < n; i++)
		vma_set_state(vmas[i], VMA_FREE);
	if (unlock)
		mmap_read_unlock(mm);
}

int do_munmap(struct mm_model *mm, unsigned long start, unsigned long len)
{
	if (mmap_write_lock_range(mm, start, len))
		return -1;
	do_vmi_munmap(mm, start, start + len, true);
	return 0;
}

/*
 * copy_vma(): @vma's copy at @addr, same page offset (the reverse map
 * finds its folios there as at the old address), linked into the reverse
 * map and the tree; NULL if the range is taken or no slot is free.
 * mmap_lock held for writing.
 */
struct vm_area *copy_vma(struct vm_area *vma, unsigned long addr)
{
	struct mm_model *mm = mm_model(vma->vma.vm_mm);
	unsigned long len = vma->vma.vm_end - vma->vma.vm_start;
	struct vm_area *new;

	if (!range_free(mm, addr, addr + len))
		return NULL;
	new = vma_alloc(mm);
	if (!new)
		return NULL;
	vma_fill(new, vma, mm);
	vma_set_range(new, addr, addr + len);
	vma_link(new);
	return new;
}

/*
 * exit_mmap(): zap everything with a fullmm gather under mmap_lock for
 * reading; then, for writing, unlink the VMAs from the reverse map, flush
 * the ASID once the tables are known to go, free the tables (the kernel
 * queues them on the gather, freed after its flush) and the VMAs.
 */
void exit_mmap(struct mm_model *mm)
{
	struct vm_area *vmas[MM_MAX_VMAS], *vma;
	struct mmu_gather tlb;
	unsigned int i, n = 0;
	long rss, swapents;

	retire_mm(&mm->mm);
	mmap_read_lock(mm);
	tlb_gather_mmu_fullmm(&tlb, mm);
	for_each_vma(mm, vma) {
		unmap_page_range(&tlb, vma, vma->vma.vm_start, vma->vma.vm_end);
		vmas[n++] = vma;
	}
	mmap_read_unlock(mm);
	mmap_write_lock(mm);
	for (i = 0; i < n; i++)
		vma_unlink_rmap(vmas[i]);
	tlb.freed_tables = true;
	tlb_finish_mmu(&tlb);
	rss = __atomic_load_n(&mm->rss, __ATOMIC_RELAXED);
	swapents = get_mm_swapents(mm);
	if (rss || swapents)
		mm_report("bookkeeping", 0,
			  "mm %u exits with rss %ld, swap entries %ld",
			  mm_nr(mm), rss, swapents);
	/* No walk of a dying mm remains: every grace period is over. */
	tlb_table_rcu(mm, true);
	free_pgtables(mm);
	for (i = 0; i < n; i++)
		vma_set_state(vmas[i], VMA_FREE);
	mmap_write_unlock(mm);
}

bool mmget_not_zero(struct mm_model *mm)
{
	int users = __atomic_load_n(&mm->users, __ATOMIC_RELAXED);

	do {
		if (!users)
			return false;
	} while (!__atomic_compare_exchange_n(&mm->users, &users, users + 1,
					      false, __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	return true;
}

void mmput(struct mm_model *mm)
{
	if (__atomic_sub_fetch(&mm->users, 1, __ATOMIC_ACQ_REL))
		return;
	mmlist_check_exit(mm);
	exit_mmap(mm);
	mmlist_del(mm);
	anon_vma_put(mm->anon_vma);
	__atomic_store_n(&mm->live, false, __ATOMIC_RELEASE);
}
