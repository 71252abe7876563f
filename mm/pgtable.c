// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page-table pages: a multi-level tree allocated on demand, walked without
 * locks (the upper levels are only ever populated while the mm lives), and
 * one PTL per PTE table.
 */
#include <string.h>

#include <linux/align.h>

#include "core.h"
#include "oracle.h"

static unsigned int nr_pgtables;

static void *pgtable_get(void)
{
	void *table = pgtable_alloc();

	if (table)
		__atomic_fetch_add(&nr_pgtables, 1, __ATOMIC_RELAXED);
	return table;
}

static void pgtable_put(void *table)
{
	pgtable_free(table);
	__atomic_fetch_sub(&nr_pgtables, 1, __ATOMIC_RELAXED);
}

unsigned int pgtables_in_use(void)
{
	return __atomic_load_n(&nr_pgtables, __ATOMIC_RELAXED);
}

int pgd_alloc(struct mm_model *mm)
{
	mm->mm.pgd = pgtable_get();
	if (!mm->mm.pgd)
		return -1;
	mm->upper[0] = mm->mm.pgd;
	mm->nr_upper = 1;
	return 0;
}

static pgd_t *table_entry(void *table, unsigned long addr, int level)
{
	return (pgd_t *)table + pgtable_level_index(addr, level);
}

unsigned long pte_table_span(void)
{
	return (unsigned long)PTRS_PER_PTE << PAGE_SHIFT;
}

unsigned long pte_table_end(unsigned long addr, unsigned long end)
{
	unsigned long boundary = ALIGN_DOWN(addr, pte_table_span()) +
				 pte_table_span();

	return boundary - 1 < end - 1 ? boundary : end;
}

/* A free ptdesc slot (page_table_lock held), or NULL. */
static struct ptdesc *ptdesc_alloc(struct mm_model *mm)
{
	struct ptdesc *pt;

	for (pt = mm->ptdescs; pt < mm->ptdescs + MM_MAX_PTE_TABLES; pt++)
		if (!pt->table)
			return pt;
	return NULL;
}

/* Populate *@pgdp with a new table unless another thread did. */
static pgd_t __pte_alloc(struct mm_model *mm, pgd_t *pgdp, unsigned long addr,
			 bool leaf)
{
	void *table = pgtable_get();
	struct ptdesc *pt = NULL;

	if (!table)
		return __pgd(0);
	spin_lock(&mm->page_table_lock);
	if (leaf)
		pt = ptdesc_alloc(mm);
	if (!pgd_none(READ_ONCE(*pgdp)) || (leaf && !pt) ||
	    (!leaf && mm->nr_upper == MM_MAX_UPPER_TABLES)) {
		pgtable_put(table);
	} else {
		if (leaf) {
			spin_lock_init(&pt->ptl);
			/* pte_lockptr() looks it up without the lock. */
			__atomic_store_n(&pt->table, table, __ATOMIC_RELEASE);
		} else {
			mm->upper[mm->nr_upper++] = table;
		}
		WRITE_ONCE(*pgdp, __pgd_table(table));
	}
	spin_unlock(&mm->page_table_lock);
	return READ_ONCE(*pgdp);
}

/*
 * The entry of the level above the leaves that maps @addr's PTE table,
 * upper tables allocated on the way if @alloc; NULL if one is missing.
 */
static pgd_t *walk_to_pmd(struct mm_model *mm, unsigned long addr, bool alloc)
{
	void *table = mm->mm.pgd;
	pgd_t *pgdp;
	pgd_t pgd;
	int level;

	for (level = pgtable_start_level();; level++) {
		pgdp = table_entry(table, addr, level);
		if (level + 1 == PGTABLE_LEAF_LEVEL)
			return pgdp;
		pgd = READ_ONCE(*pgdp);
		if (pgd_none(pgd)) {
			if (!alloc)
				return NULL;
			pgd = __pte_alloc(mm, pgdp, addr, false);
			if (pgd_none(pgd))
				return NULL;
		}
		table = pgd_table_va(pgd);
	}
}

static pte_t *walk_to_pte(struct mm_model *mm, unsigned long addr, bool alloc)
{
	pgd_t *pmdp = walk_to_pmd(mm, addr, alloc);
	pgd_t pmd;

	if (!pmdp)
		return NULL;
	pmd = READ_ONCE(*pmdp);
	if (pgd_none(pmd)) {
		if (!alloc)
			return NULL;
		pmd = __pte_alloc(mm, pmdp, addr, true);
		if (pgd_none(pmd))
			return NULL;
	}
	return (pte_t *)pgd_table_va(pmd) +
	       pgtable_level_index(addr, PGTABLE_LEAF_LEVEL);
}

/* The entry for @addr, or NULL if no PTE table covers it (no lock taken). */
pte_t *pte_offset_map(struct mm_model *mm, unsigned long addr)
{
	return walk_to_pte(mm, addr, false);
}

/* The same, allocating missing tables; NULL when out of tables. */
pte_t *pte_alloc_map(struct mm_model *mm, unsigned long addr)
{
	return walk_to_pte(mm, addr, true);
}

/* The PTL of @pte's table, or NULL once the table was freed. */
static spinlock_t *pte_lockptr_of(struct mm_model *mm, pte_t *pte)
{
	pte_t *table = (pte_t *)ALIGN_DOWN((unsigned long)pte, PAGE_SIZE);
	struct ptdesc *pt;

	for (pt = mm->ptdescs; pt < mm->ptdescs + MM_MAX_PTE_TABLES; pt++)
		if (__atomic_load_n(&pt->table, __ATOMIC_ACQUIRE) == table)
			return &pt->ptl;
	return NULL;
}

/* A caller that holds what keeps @pte's table (its VMA) in the tree. */
spinlock_t *pte_lockptr(struct mm_model *mm, pte_t *pte)
{
	spinlock_t *ptl = pte_lockptr_of(mm, pte);

	BUG_ON(!ptl);
	return ptl;
}

/*
 * __pte_offset_map_lock(): the table was found without a lock, so once
 * its PTL is held it must still be the one the tree maps there (a
 * munmap() may have freed it meanwhile); if not, look again, which finds
 * none: pte_offset_map() fails.
 */
pte_t *pte_offset_map_lock(struct mm_model *mm, unsigned long addr,
			   spinlock_t **ptlp)
{
	pgd_t *pmdp;
	pgd_t pmd;
	pte_t *pte;

	for (;;) {
		pmdp = walk_to_pmd(mm, addr, false);
		if (!pmdp || pgd_none(pmd = READ_ONCE(*pmdp)))
			return NULL;
		pte = (pte_t *)pgd_table_va(pmd) +
		      pgtable_level_index(addr, PGTABLE_LEAF_LEVEL);
		*ptlp = pte_lockptr_of(mm, pte);
		if (!*ptlp)
			continue;
		spin_lock(*ptlp);
		/* pmd_same(pmdval, pmdp_get_lockless(pmd)): one read. */
		if (pgd_val(READ_ONCE(*pmdp)) == pgd_val(pmd))
			return pte;
		spin_unlock(*ptlp);
	}
}

/* The entry mapping @va, read under its PTL (none if there is no table). */
pte_t mm_read_pte(struct mm_model *mm, unsigned long va)
{
	spinlock_t *ptl;
	pte_t *ptep = pte_offset_map_lock(mm, va, &ptl);
	pte_t pte;

	if (!ptep)
		return __pte(0);
	pte = ptep_get(ptep);
	spin_unlock(ptl);
	return pte;
}

/*
 * free_pte_range(): the PTE table at @addr leaves the tree now, and is
 * freed by @tlb after its flush, once no GUP-fast walk that may have read
 * the entry above it is still running (tlb_remove_table()).  Only tables
 * no VMA maps any more get here (free_pgd_range()'s floor and ceiling).
 */
static void free_pte_table(struct mmu_gather *tlb, unsigned long addr)
{
	struct mm_model *mm = tlb->mm;
	pgd_t *pmdp = walk_to_pmd(mm, addr, false);
	struct ptdesc *pt;
	pte_t *table;
	pgd_t pmd;

	if (!pmdp || pgd_none(pmd = READ_ONCE(*pmdp)))
		return;
	table = pgd_table_va(pmd);
	addr = ALIGN_DOWN(addr, pte_table_span());
	mm_check_table_empty(table, &addr);
	/* No fault can populate it again: no VMA covers it (pmd_clear()). */
	WRITE_ONCE(*pmdp, __pgd(0));
	for (pt = mm->ptdescs; pt < mm->ptdescs + MM_MAX_PTE_TABLES; pt++)
		if (pt->table == table)
			__atomic_store_n(&pt->table, NULL, __ATOMIC_RELEASE);
	/*
	 * pte_free_tlb(): a page of the span joins the range, so that the
	 * flush runs even when the zap found nothing present, and with
	 * freed_tables its TLBI also removes walk-cache entries of the span.
	 */
	tlb_remove_tlb_entries(tlb, NULL, 1, addr);
	tlb->freed_tables = true;
	tlb_remove_table(tlb, table);
}

/*
 * free_pgd_range() at the last level: the PTE tables of [@start, @end)
 * whose whole span lies within [@floor, @ceiling), the gap between the
 * VMAs left on either side.
 */
void free_pte_tables(struct mmu_gather *tlb, unsigned long start,
		     unsigned long end, unsigned long floor,
		     unsigned long ceiling)
{
	unsigned long span = pte_table_span(), addr;

	start = ALIGN_DOWN(start, span);
	if (start < floor)
		start += span;
	for (addr = start; addr < end && addr + span - 1 <= ceiling - 1;
	     addr += span)
		free_pte_table(tlb, addr);
}

void pte_free(void *table)
{
	pgtable_put(table);
}

/*
 * Free the whole tree, root included.  Only after every entry was cleared
 * and the TLBs flushed (exit_mmap()).
 */
void free_pgtables(struct mm_model *mm)
{
	struct ptdesc *pt;
	unsigned int i;

	for (pt = mm->ptdescs; pt < mm->ptdescs + MM_MAX_PTE_TABLES; pt++) {
		if (!pt->table)
			continue;
		mm_check_table_empty(pt->table, NULL);
		pgtable_put(pt->table);
	}
	for (i = 0; i < mm->nr_upper; i++)
		pgtable_put(mm->upper[i]);
	mm->mm.pgd = NULL;
	memset(mm->ptdescs, 0, sizeof(mm->ptdescs));
	mm->nr_upper = 0;
}
