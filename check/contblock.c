// SPDX-License-Identifier: GPL-2.0-only
#include <linux/mm.h>

#include "hw/mem.h"
#include "contblock.h"
#include "explore.h"

/* Blocks written since they were last checked. */
#define TOUCHED		64

static struct {
	pte_t *(*table_of)(const void *lock);
	unsigned int nr;
	pte_t *block[TOUCHED];
	/* More than that: check every block of a released table. */
	bool overflow;
} cb;

static pte_t *block_of(const uint64_t *p)
{
	return (pte_t *)((uintptr_t)p & ~(sizeof(pte_t) * CONT_PTES - 1));
}

static void touched(void *arg, uint64_t *p, uint64_t old, uint64_t new,
		    bool by_hw)
{
	pte_t *b = block_of(p);
	unsigned int i;

	/* The hardware only ever sets access and dirty state. */
	if (by_hw || !hw_sched_hooked())
		return;
	for (i = 0; i < cb.nr; i++)
		if (cb.block[i] == b)
			return;
	if (cb.nr == TOUCHED)
		cb.overflow = true;
	else
		cb.block[cb.nr++] = b;
}

/* Everything but the output address, access and dirty state. */
static pteval_t attrs(pte_t pte)
{
	pteval_t ignore = PTE_ADDR_MASK | PTE_AF | PTE_DIRTY;

	/* With write permission AP[2] is the hardware dirty state. */
	if (pte_write(pte))
		ignore |= PTE_RDONLY;
	return pte_val(pte) & ~ignore;
}

static struct folio *folio_of(unsigned long pfn)
{
	return pfn < max_mapnr ? page_folio(pfn_to_page(pfn)) : NULL;
}

static void report(pte_t *b, unsigned int i, const char *what, pte_t pte)
{
	uint64_t va = 0;
	u16 asid = 0;

	hw_desc_va(b, &asid, &va);
	chk_fail(CHK_CONT_BLOCK,
		 "cpu%u: the contiguous block at va %#llx (asid %u) %s at entry %u (%#llx) when its PTL is released",
		 hw_this_cpu, (unsigned long long)va, asid, what, i,
		 (unsigned long long)pte_val(pte));
}

/* What is wrong with block @b, at which entry, or NULL. */
static const char *block_fault(const pte_t *e, unsigned int *bad)
{
	unsigned long base;
	struct folio *folio;
	unsigned int i, ref;

	/*
	 * Only a valid entry may carry PTE_CONT: set_ptes() strips it from
	 * everything it writes, so a non-present entry (a migration entry,
	 * PROT_NONE) with it was written behind the layer's back.
	 */
	for (i = 0; i < CONT_PTES; i++) {
		*bad = i;
		if (!pte_valid(e[i]) && pte_cont(e[i]))
			return "has an entry that is not valid but carries PTE_CONT";
	}
	for (ref = 0; ref < CONT_PTES && !pte_valid_cont(e[ref]); ref++)
		;
	if (ref == CONT_PTES)
		return NULL;
	/*
	 * pte_mkcont() sets the descriptor's type bits too: PTE_CONT written
	 * on a PROT_NONE entry makes it valid, a mapping EL0 cannot use but
	 * EL1 can, no longer pte_protnone().  A user block is PTE_USER.
	 */
	*bad = ref;
	if (!pte_user(e[ref]))
		return "is valid but not accessible to EL0 (an invalid entry made valid)";
	base = pte_pfn(e[ref]) - ref;
	if (base & (CONT_PTES - 1))
		return "maps a misaligned run of frames";
	folio = folio_of(base);
	for (i = 0; i < CONT_PTES; i++) {
		*bad = i;
		if (!pte_valid_cont(e[i]))
			return "has an entry that is not valid and contiguous";
		if (pte_pfn(e[i]) != base + i)
			return "maps frames out of sequence";
		if (attrs(e[i]) != attrs(e[ref]))
			return "has entries that differ in more than access and dirty state";
		if (!folio || folio_of(base + i) != folio)
			return "maps more than one folio";
	}
	return NULL;
}

static void check_block(pte_t *b)
{
	pte_t e[CONT_PTES];
	unsigned int i;
	const char *what;

	for (i = 0; i < CONT_PTES; i++)
		e[i] = __pte(__atomic_load_n(&pte_val(b[i]), __ATOMIC_SEQ_CST));
	what = block_fault(e, &i);
	if (what)
		report(b, i, what, e[i]);
}

static void released(void *arg, const void *lock)
{
	pte_t *table = cb.table_of ? cb.table_of(lock) : NULL;
	unsigned int i;

	if (!table || !hw_sched_hooked())
		return;
	if (cb.overflow) {
		for (i = 0; i < PTRS_PER_PTE; i += CONT_PTES)
			check_block(table + i);
		return;
	}
	for (i = 0; i < cb.nr;) {
		if (cb.block[i] < table || cb.block[i] >= table + PTRS_PER_PTE) {
			i++;
			continue;
		}
		check_block(cb.block[i]);
		cb.block[i] = cb.block[--cb.nr];
	}
}

static const struct hw_write_observer observer = { touched, NULL };

void chk_cont_block_start(pte_t *(*table_of)(const void *lock))
{
	cb.table_of = table_of;
	BUG_ON(!hw_add_write_observer(&observer));
	BUG_ON(!hw_add_release_observer(released, NULL));
}

void chk_cont_block_stop(void)
{
	hw_remove_release_observer(released, NULL);
	hw_remove_write_observer(&observer);
	cb.table_of = NULL;
}

void chk_cont_block_reset(void)
{
	cb.nr = 0;
	cb.overflow = false;
}
