// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>

#include "hw/desc.h"
#include "hw/machine.h"
#include "hw/mem.h"
#include "hw/phys.h"
#include "hw/walkcache.h"
#include "contblock.h"
#include "explore.h"
#include "ptemon.h"
#include "world.h"

struct chk_world chk_w;

/* Folios live above the table's own PFN range, one block each. */
#define WORLD_FOLIOS	8
/* One table per level: four for the 4K and 16K granules, three for 64K. */
#define WORLD_TABLES	(HW_LEAF_LEVEL + 1)

static uint64_t *tables[WORLD_TABLES];
static unsigned int nr_tables;

static unsigned long world_frames(void)
{
	return (WORLD_FOLIOS + 2) * (unsigned long)CONT_PTES;
}

static pte_t *world_table_of(const void *lock)
{
	return lock == &chk_w.ptl ? chk_w.table : NULL;
}

void chk_world_init(void)
{
	if (hw_tables_init(WORLD_TABLES) || mem_map_init(world_frames()) ||
	    hw_phys_init(world_frames())) {
		fprintf(stderr, "contpte: out of memory for the machine\n");
		exit(CHK_EXIT_NOMEM);
	}
	if (hw_cfg.nr_cpus < CHK_MAX_THREADS)
		hw_cfg.nr_cpus = CHK_MAX_THREADS;
	chk_w.table = NULL;
	chk_cont_block_start(world_table_of);
}

static void free_tables(void)
{
	/* The run is over: no CPU walks, what its walk caches hold goes. */
	hw_wc_reset();
	chk_w.table = NULL;
	while (nr_tables)
		hw_table_free(tables[--nr_tables]);
}

void chk_world_exit(void)
{
	chk_cont_block_stop();
	chk_ptemon_exit();
	free_tables();
	hw_phys_exit();
	mem_map_exit();
	hw_tables_exit();
}

static uint64_t *new_table(void)
{
	uint64_t *t = hw_table_alloc();

	BUG_ON(!t || nr_tables == WORLD_TABLES);
	tables[nr_tables++] = t;
	return t;
}

/*
 * A TTBR0 write with an empty root, then the chain of tables down to the
 * leaf translating chk_w.va: each table descriptor written into a table a
 * walker can reach makes its target reachable, so the monitors watch the
 * leaf from the start without scanning the tree.
 */
static void build_tables(void)
{
	uint64_t *t = new_table(), *next;
	int level;

	chk_w.ctx = (struct hw_ctx){ .asid = ASID(&chk_w.mm),
				     .root_pa = hw_table_pa(t) };
	hw_ctx_activate(&chk_w.ctx);
	for (level = hw_start_level(); level < HW_LEAF_LEVEL; level++) {
		next = new_table();
		hw_mem_write(t + hw_level_index(chk_w.va, level),
			     hw_table_pa(next) | HW_DESC_VALID | HW_DESC_TABLE);
		t = next;
	}
	chk_w.table = (pte_t *)t;
}

/*
 * The data left by an earlier execution's stores would make the monitors'
 * "same contents" judgement depend on it, and a replay differ.
 */
static void clear_frames(void)
{
	unsigned long pfn;

	for (pfn = 0; pfn < world_frames(); pfn++)
		hw_frame_set_data(pfn, 0);
}

void chk_world_setup(void)
{
	free_tables();
	hw_machine_reset();
	clear_frames();
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
	build_tables();
	spin_lock_init(&chk_w.ptl);
	chk_ptemon_setup();
	chk_cont_block_reset();
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
