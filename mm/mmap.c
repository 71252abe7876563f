// SPDX-License-Identifier: GPL-2.0-only
/*
 * Address spaces and their VMAs.  mm_structs come from a fixed pool so
 * that setting one up and tearing it down allocates nothing; the pool slot
 * gives the ASID.
 */
#include <string.h>

#include <asm/el0.h>

#include "core.h"
#include "oracle.h"

struct mm_model mm_pool[MM_POOL_SIZE];

void mm_pool_init(void)
{
	memset(mm_pool, 0, sizeof(mm_pool));
}

struct mm_model *mm_alloc(void)
{
	struct mm_model *mm;

	for (mm = mm_pool; mm < mm_pool + MM_POOL_SIZE; mm++) {
		if (mm_live(mm))
			continue;
		memset(mm, 0, sizeof(*mm));
		mm->mm.context.id = mm - mm_pool + 1;
		mm->mm.owner = mm;
		init_rwsem(&mm->mmap_lock);
		spin_lock_init(&mm->page_table_lock);
		if (pgd_alloc(mm))
			return NULL;
		activate_mm(&mm->mm);
		__atomic_store_n(&mm->live, true, __ATOMIC_RELEASE);
		return mm;
	}
	return NULL;
}

struct vm_area *find_vma(struct mm_model *mm, unsigned long addr)
{
	unsigned int i;

	for (i = 0; i < mm->nr_vmas; i++)
		if (addr >= mm->vmas[i].vma.vm_start &&
		    addr < mm->vmas[i].vma.vm_end)
			return &mm->vmas[i];
	return NULL;
}

/* arm64's protection_map: private writable pages start read-only (COW). */
pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	if (!(vm_flags & (VM_READ | VM_WRITE)))
		return PAGE_NONE;
	if ((vm_flags & (VM_WRITE | VM_SHARED)) == (VM_WRITE | VM_SHARED))
		return PAGE_SHARED;
	return PAGE_READONLY;
}

/*
 * A shared, writable mapping of a file with writeback starts read-only
 * (vma_wants_writenotify()): the first write to each page faults, which
 * dirties the folio before the entry becomes writable (do_wp_page() ->
 * wp_page_reuse()), so a writable entry always maps a dirty folio, and
 * writeback, having cleaned the entries, sees every later write fault
 * again.  Shared anonymous memory (shmem) is never written back.
 */
static bool vma_wants_writenotify(const struct vm_area *vma)
{
	unsigned long f = vma->vma.vm_flags;

	return (f & (VM_SHARED | VM_WRITE)) == (VM_SHARED | VM_WRITE) &&
	       vma->mapping && !vma->mapping->shmem;
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
	unsigned int i;

	for (i = 0; i < mm->nr_vmas; i++)
		if (start < mm->vmas[i].vma.vm_end &&
		    end > mm->vmas[i].vma.vm_start)
			return false;
	return true;
}

static struct vm_area *vma_insert_slot(struct mm_model *mm,
				       unsigned long start)
{
	unsigned int i = 0;

	while (i < mm->nr_vmas && mm->vmas[i].vma.vm_start < start)
		i++;
	memmove(&mm->vmas[i + 1], &mm->vmas[i],
		(mm->nr_vmas - i) * sizeof(mm->vmas[0]));
	mm->nr_vmas++;
	return &mm->vmas[i];
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
	struct vm_area *vma = NULL;

	if ((addr | len) & ~PAGE_MASK || !len || order > MAX_FOLIO_ORDER ||
	    ((vm_flags & VM_SHARED) && !mapping))
		return NULL;
	down_write(&mm->mmap_lock);
	if (mm->nr_vmas < MM_MAX_VMAS && range_free(mm, addr, addr + len)) {
		vma = vma_insert_slot(mm, addr);
		*vma = (struct vm_area){
			.vma = {
				.vm_mm = &mm->mm,
				.vm_start = addr,
				.vm_end = addr + len,
				.vm_flags = vm_flags,
			},
			.order = order,
			.mapping = mapping,
			.pgoff = pgoff,
		};
		vma_set_page_prot(vma);
	}
	up_write(&mm->mmap_lock);
	return vma;
}

static int split_vma(struct mm_model *mm, unsigned long addr)
{
	struct vm_area *vma = find_vma(mm, addr), *new;

	if (!vma || vma->vma.vm_start == addr)
		return 0;
	if (mm->nr_vmas == MM_MAX_VMAS)
		return -1;
	new = vma_insert_slot(mm, addr);
	/* The slot after the original: copy it, then cut both halves. */
	*new = *(new - 1);
	(new - 1)->vma.vm_end = addr;
	new->pgoff += (addr - new->vma.vm_start) >> PAGE_SHIFT;
	new->vma.vm_start = addr;
	return 0;
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
	down_write(&mm->mmap_lock);
	if (split_vma(mm, start) || split_vma(mm, start + len)) {
		up_write(&mm->mmap_lock);
		return -1;
	}
	return 0;
}

void remove_vma_range(struct mm_model *mm, unsigned long start,
		      unsigned long end)
{
	unsigned int i = 0;

	while (i < mm->nr_vmas) {
		struct vm_area *vma = &mm->vmas[i];

		if (vma->vma.vm_start >= start && vma->vma.vm_end <= end) {
			memmove(vma, vma + 1,
				(mm->nr_vmas - i - 1) * sizeof(*vma));
			mm->nr_vmas--;
		} else {
			i++;
		}
	}
}

int do_munmap(struct mm_model *mm, unsigned long start, unsigned long len)
{
	unsigned long end = start + len;
	struct mmu_gather tlb;
	unsigned int i;

	if (mmap_write_lock_range(mm, start, len))
		return -1;
	tlb_gather_mmu(&tlb, mm);
	for (i = 0; i < mm->nr_vmas; i++) {
		struct vm_area *vma = &mm->vmas[i];

		if (vma->vma.vm_start >= start && vma->vma.vm_end <= end)
			unmap_page_range(&tlb, vma, vma->vma.vm_start,
					 vma->vma.vm_end);
	}
	tlb_finish_mmu(&tlb);
	remove_vma_range(mm, start, end);
	up_write(&mm->mmap_lock);
	return 0;
}

/*
 * Tear the address space down: zap everything with a fullmm gather, flush
 * the ASID once the tables are known to go, then free the tables.
 */
void exit_mmap(struct mm_model *mm)
{
	struct mmu_gather tlb;
	unsigned int i;

	down_write(&mm->mmap_lock);
	tlb_gather_mmu_fullmm(&tlb, mm);
	for (i = 0; i < mm->nr_vmas; i++)
		unmap_page_range(&tlb, &mm->vmas[i], mm->vmas[i].vma.vm_start,
				 mm->vmas[i].vma.vm_end);
	tlb.freed_tables = true;
	tlb_finish_mmu(&tlb);
	if (mm->rss)
		mm_report("bookkeeping", 0, "mm %u exits with rss %ld",
			  ASID(&mm->mm), mm->rss);
	free_pgtables(mm);
	mm->nr_vmas = 0;
	up_write(&mm->mmap_lock);
}

void mmput(struct mm_model *mm)
{
	exit_mmap(mm);
	__atomic_store_n(&mm->live, false, __ATOMIC_RELEASE);
}
