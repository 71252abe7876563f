/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixture for the core-mm tests: a fresh machine with data frames, the
 * page allocator and the mm pool, on 4K and 64K granules.  Violations of
 * the mm's and the machine's oracles are collected in one place.
 */
#ifndef TESTS_MMFIX_H
#define TESTS_MMFIX_H

#include "hw/config.h"
#include "hw/stats.h"
#include "ktap.h"
#include "mm/core.h"
#include "mm/oracle.h"
#include "mm/user.h"

struct mm_variant {
	enum hw_granule granule;
};

#define MM_VARIANTS							\
	static const struct mm_variant __mv[] = {			\
		{ HW_GRANULE_4K }, { HW_GRANULE_64K },			\
	};								\
	static const struct ktap_variant __mm_variants[] = {		\
		{ "4k", mmfix_setup, &__mv[0] },			\
		{ "64k", mmfix_setup, &__mv[1] },			\
	};								\
	KTAP_VARIANTS(__mm_variants)

void mmfix_setup(const struct ktap_variant *v);

/* User mappings start here: aligned for every folio order and granule. */
#define FIX_BASE	(1UL << 36)

static inline unsigned long fix_va(unsigned long page)
{
	return FIX_BASE + (page << PAGE_SHIFT);
}

/* The folio order of one contiguous block. */
static inline unsigned int cont_order(void)
{
	return __builtin_ctz(CONT_PTES);
}

/* Violations seen since setup, and the oracle of the last one. */
extern unsigned int fix_nr_violations;
/*
 * Of those, entries re-made while their break's TLBI was issued and not
 * yet complete: the window of a deferred flush, as tests/mm_deferred_flush.c
 * shows it on its own.
 */
extern unsigned int fix_nr_early_remakes;
extern const char *fix_last_oracle;
unsigned int fix_violations_of(const char *oracle);

/* An anonymous private RW mapping of @nr pages at page @first. */
struct vm_area *fix_mmap_anon(struct mm_model *mm, unsigned long first,
			      unsigned long nr, unsigned int order);

/* Store/load through the MMU; the test fails if the access does. */
void fix_store(struct mm_model *mm, unsigned long va, u64 value);
u64 fix_load(struct mm_model *mm, unsigned long va);
/*
 * A file's pages [@first, @first + @nr) mapped at the same pages of @mm,
 * as reads map them once read(2) has cached the file: each block in one
 * run where fault-around reaches it whole (4K pages), else page by page
 * (folded by the last).
 */
void fix_fault_in_file(struct mm_model *mm, unsigned long first,
		       unsigned long nr);
/* Store @seed + i to page i of [first, first + nr). */
void fix_fill(struct mm_model *mm, unsigned long first, unsigned long nr,
	      u64 seed);
/* True if page i of the range reads @seed + i. */
bool fix_check(struct mm_model *mm, unsigned long first, unsigned long nr,
	       u64 seed);

/* The folio mapped at @va, or NULL. */
struct folio *fix_folio(struct mm_model *mm, unsigned long va);
/* Entries with PTE_CONT among @nr pages from @va. */
unsigned long fix_nr_cont(struct mm_model *mm, unsigned long va,
			  unsigned long nr);

/* Page @page of @mm holds a swap entry: its slot, or 0. */
unsigned long fix_swap_slot(struct mm_model *mm, unsigned long page);
/* One reclaim pass over @folio, its entries aged first. */
void fix_reclaim(struct mm_model *mm, struct folio *folio,
		 struct reclaim_stats *stats);

static inline u64 fix_tlbi(void)
{
	return hw_stats_tlbi_total(&hw_stats);
}

/* TLBI operations one range flush of @pages issues (FEAT_TLBIRANGE). */
unsigned int fix_range_tlbis(unsigned long pages);

/* mmput() every live mm. */
void fix_mmput_all(void);
/* The same, then check that nothing leaked (no file may be alive). */
void fix_teardown(void);

#endif /* TESTS_MMFIX_H */
