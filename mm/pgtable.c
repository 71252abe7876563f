// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page-table pages: a multi-level tree allocated on demand, walked without
 * locks (the upper levels are only ever populated while the mm lives), and
 * one PTL per PTE table.
 */
#include <linux/align.h>

#include "core.h"

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

/* The span of VA one PTE table maps. */
static unsigned long pte_table_span(void)
{
	return (unsigned long)PTRS_PER_PTE << PAGE_SHIFT;
}

unsigned long pte_table_end(unsigned long addr, unsigned long end)
{
	unsigned long boundary = ALIGN_DOWN(addr, pte_table_span()) +
				 pte_table_span();

	return boundary - 1 < end - 1 ? boundary : end;
}

/* Populate *@pgdp with a new table unless another thread did. */
static pgd_t __pte_alloc(struct mm_model *mm, pgd_t *pgdp, unsigned long addr,
			 bool leaf)
{
	void *table = pgtable_get();
	struct ptdesc *pt;

	if (!table)
		return __pgd(0);
	spin_lock(&mm->page_table_lock);
	if (!pgd_none(READ_ONCE(*pgdp)) ||
	    (leaf && mm->nr_ptdescs == MM_MAX_PTE_TABLES) ||
	    (!leaf && mm->nr_upper == MM_MAX_UPPER_TABLES)) {
		pgtable_put(table);
	} else {
		if (leaf) {
			pt = &mm->ptdescs[mm->nr_ptdescs++];
			pt->table = table;
			spin_lock_init(&pt->ptl);
		} else {
			mm->upper[mm->nr_upper++] = table;
		}
		WRITE_ONCE(*pgdp, __pgd_table(table));
	}
	spin_unlock(&mm->page_table_lock);
	return READ_ONCE(*pgdp);
}

static pte_t *walk_to_pte(struct mm_model *mm, unsigned long addr, bool alloc)
{
	void *table = mm->mm.pgd;
	pgd_t *pgdp;
	pgd_t pgd;
	int level;

	for (level = pgtable_start_level(); level < PGTABLE_LEAF_LEVEL; level++) {
		pgdp = table_entry(table, addr, level);
		pgd = READ_ONCE(*pgdp);
		if (pgd_none(pgd)) {
			if (!alloc)
				return NULL;
			pgd = __pte_alloc(mm, pgdp, addr,
					  level + 1 == PGTABLE_LEAF_LEVEL);
			if (pgd_none(pgd))
				return NULL;
		}
		table = pgd_table_va(pgd);
	}
	return (pte_t *)table + pgtable_level_index(addr, PGTABLE_LEAF_LEVEL);
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

spinlock_t *pte_lockptr(struct mm_model *mm, pte_t *pte)
{
	pte_t *table = (pte_t *)ALIGN_DOWN((unsigned long)pte, PAGE_SIZE);
	unsigned int i;

	for (i = 0; i < mm->nr_ptdescs; i++)
		if (mm->ptdescs[i].table == table)
			return &mm->ptdescs[i].ptl;
	BUG();
}

pte_t *pte_offset_map_lock(struct mm_model *mm, unsigned long addr,
			   spinlock_t **ptlp)
{
	pte_t *pte = pte_offset_map(mm, addr);

	if (pte) {
		*ptlp = pte_lockptr(mm, pte);
		spin_lock(*ptlp);
	}
	return pte;
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
 * Free the whole tree, root included.  Only after every entry was cleared
 * and the TLBs flushed (exit_mmap()).
 */
void free_pgtables(struct mm_model *mm)
{
	unsigned int i;

	for (i = 0; i < mm->nr_ptdescs; i++)
		pgtable_put(mm->ptdescs[i].table);
	for (i = 0; i < mm->nr_upper; i++)
		pgtable_put(mm->upper[i]);
	mm->mm.pgd = NULL;
	mm->nr_ptdescs = 0;
	mm->nr_upper = 0;
}
