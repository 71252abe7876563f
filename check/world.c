// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>

#include "ptemon.h"
#include "world.h"

struct chk_world chk_w;

/* Folios live above the table's own PFN range, one block each. */
#define WORLD_FOLIOS	8

void chk_world_init(void)
{
	if (hw_tables_init(4) ||
	    mem_map_init((WORLD_FOLIOS + 2) * (unsigned long)CONT_PTES)) {
		fprintf(stderr, "contpte: out of memory for the machine\n");
		exit(2);
	}
	chk_w.table = NULL;
}

void chk_world_exit(void)
{
	chk_ptemon_exit();
	chk_w.table = NULL;
	mem_map_exit();
	hw_tables_exit();
}

void chk_world_setup(void)
{
	if (chk_w.table)
		hw_table_free((u64 *)chk_w.table);
	chk_w.table = (pte_t *)hw_table_alloc();
	BUG_ON(!chk_w.table);
	chk_w.mm = (struct mm_struct){ .context.id = 1 };
	/* 64 GiB: aligned to every granule's table span. */
	chk_w.va = 1UL << 36;
	chk_w.vma = (struct vm_area_struct){
		.vm_mm = &chk_w.mm,
		.vm_start = chk_w.va,
		.vm_end = chk_w.va + ((unsigned long)PTRS_PER_PTE << PAGE_SHIFT),
		.vm_flags = VM_READ | VM_WRITE,
		.vm_page_prot = PAGE_SHARED,
	};
	spin_lock_init(&chk_w.ptl);
	chk_ptemon_setup();
}

long chk_pte_index(const void *p)
{
	const pte_t *q = p;

	if (!chk_w.table || q < chk_w.table || q >= chk_w.table + PTRS_PER_PTE)
		return -1;
	return q - chk_w.table;
}

struct folio *chk_map_block(unsigned long b, unsigned long f, pte_t pte)
{
	unsigned long pfn = chk_block_pfn(f);
	struct folio *folio = prep_folio(pfn_to_page(pfn), CONFIG_ARM64_CONT_PTE_SHIFT);

	pte = pfn_pte(pfn, pte_pgprot(pte));
	set_ptes(&chk_w.mm, chk_va(b * CONT_PTES), chk_ptep(b * CONT_PTES), pte,
		 CONT_PTES);
	return folio;
}
