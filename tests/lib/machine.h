/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test fixtures: a fresh machine per test (granule variants), a user and a
 * kernel address space each with one leaf table, folios at chosen PFNs,
 * and readers of the machine's event log.
 */
#ifndef TESTS_MACHINE_H
#define TESTS_MACHINE_H

#include <linux/mm.h>

#include "hw/ad.h"
#include "hw/config.h"
#include "hw/event.h"
#include "hw/stats.h"
#include "ktap.h"

struct granule_variant {
	enum hw_granule granule;
	unsigned int cont_ptes;		/* 0: the granule's own */
};

/* 4K, 16K, 64K, and 4K with a 4-entry group as the checker uses. */
#define MACHINE_VARIANTS						\
	static const struct granule_variant __gv[] = {			\
		{ HW_GRANULE_4K, 0 }, { HW_GRANULE_16K, 0 },		\
		{ HW_GRANULE_64K, 0 }, { HW_GRANULE_4K, 4 },		\
	};								\
	static const struct ktap_variant __machine_variants[] = {	\
		{ "4k", machine_setup, &__gv[0] },			\
		{ "16k", machine_setup, &__gv[1] },			\
		{ "64k", machine_setup, &__gv[2] },			\
		{ "4k-cont4", machine_setup, &__gv[3] },		\
	};								\
	KTAP_VARIANTS(__machine_variants)

void machine_setup(const struct ktap_variant *v);

/* One address space with one leaf table mapping [va, va + table span). */
struct test_as {
	struct mm_struct mm;
	struct vm_area_struct vma;
	pte_t *table;
	unsigned long va;
};

extern struct test_as tas;	/* user mm, ASID 1 */
extern struct test_as kas;	/* init_mm */

static inline pte_t *tptep(struct test_as *as, unsigned long i)
{
	return as->table + i;
}

static inline unsigned long tva(struct test_as *as, unsigned long i)
{
	return as->va + (i << PAGE_SHIFT);
}

/* The PFN a test maps at block-relative index 0 of block @b. */
unsigned long block_pfn(unsigned long b);

/* A folio of 2^order pages starting at @pfn. */
struct folio *make_folio(unsigned long pfn, unsigned int order);
/* A folio covering @nr blocks starting at block_pfn(@b). */
struct folio *make_block_folio(unsigned long b, unsigned int nr_blocks);

/* User protections: writable-clean and young; the same but old; read-only. */
#define TPROT_RW	PAGE_SHARED
#define TPROT_OLD	__pgprot(pgprot_val(PAGE_SHARED) & ~PTE_AF)
#define TPROT_RO	PAGE_READONLY

/*
 * Map block @b of @as (entries b*CONT_PTES..) to block_pfn(b) by
 * set_ptes(nr = CONT_PTES), which creates it folded.
 */
void map_block(struct test_as *as, unsigned long b, pgprot_t prot);
/* The same, entry by entry with set_ptes(nr = 1): folds on the last one. */
void map_block_by_entry(struct test_as *as, unsigned long b, pgprot_t prot);

/* Index of the first entry of block @b. */
static inline unsigned long bidx(unsigned long b)
{
	return b * CONT_PTES;
}

/* Hardware sets AF / dirty in entry @i (as a walker would). */
void hw_young(struct test_as *as, unsigned long i);
void hw_dirty(struct test_as *as, unsigned long i);

/* Raw entries. */
static inline pteval_t raw(struct test_as *as, unsigned long i)
{
	return pte_val(__ptep_get(tptep(as, i)));
}

bool block_all_cont(struct test_as *as, unsigned long b);
bool block_none_cont(struct test_as *as, unsigned long b);

/*
 * Break-before-make check of the event log since @from for block @b (writes
 * before the first clear are ignored): every entry of the block written to
 * zero, then (if @want_tlbi) exactly one broadcast invalidation covering
 * the block completed by a DSB ISH, then every entry rewritten; no entry
 * is made before that.  Returns true when the log shows it.
 */
bool log_shows_bbm(struct test_as *as, unsigned long b, size_t from,
		   bool want_tlbi);

/* Count TLBI events in the log since @from. */
unsigned int log_count_tlbi(size_t from);

/* Nothing changed the block's entries since @from (event log). */
bool log_block_untouched(struct test_as *as, unsigned long b, size_t from);

/* Assert no WARN fired; every test ends with it. */
#define ASSERT_NO_WARN()	ASSERT_EQ(warn_count(), 0)

#endif /* TESTS_MACHINE_H */
