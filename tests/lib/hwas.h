/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Walkable address spaces for the machine's own tests: a root-to-leaf
 * chain of tables for one VA range, raw user descriptors, and fixtures
 * that add data frames and a freshly reset machine to machine_setup().
 */
#ifndef TESTS_HWAS_H
#define TESTS_HWAS_H

#include "hw/chooser.h"
#include "hw/desc.h"
#include "hw/machine.h"
#include "hw/mmu.h"
#include "hw/phys.h"
#include "hw/tlb.h"
#include "hw/violation.h"
#include "machine.h"

struct hwas {
	struct hw_ctx ctx;
	uint64_t *leaf;		/* level-3 table */
	uint64_t va;		/* first VA the leaf table translates */
};

/* machine_setup(), then data frames for every PFN and hw_machine_reset(). */
void hwas_setup(const struct ktap_variant *v);

#define HW_VARIANTS							\
	static const struct granule_variant __gv[] = {			\
		{ HW_GRANULE_4K, 0 }, { HW_GRANULE_16K, 0 },		\
		{ HW_GRANULE_64K, 0 }, { HW_GRANULE_4K, 4 },		\
	};								\
	static const struct ktap_variant __hw_variants[] = {		\
		{ "4k", hwas_setup, &__gv[0] },				\
		{ "16k", hwas_setup, &__gv[1] },			\
		{ "64k", hwas_setup, &__gv[2] },			\
		{ "4k-cont4", hwas_setup, &__gv[3] },			\
	};								\
	KTAP_VARIANTS(__hw_variants)

/*
 * Link @leaf (NULL: a new table) under fresh upper-level tables so that
 * it translates @va for @asid, and activate the context.
 */
void hwas_init(struct hwas *as, uint64_t *leaf, uint16_t asid, uint64_t va);
/* The same for the fixture's user address space (tas). */
void hwas_attach_tas(struct hwas *as);

static inline uint64_t *hwas_ptep(struct hwas *as, unsigned int i)
{
	return as->leaf + i;
}

static inline uint64_t hwas_va(struct hwas *as, unsigned int i)
{
	return as->va + ((uint64_t)i << hw_cfg.page_shift);
}

/* A user page descriptor (valid, nG, EL0, inner shareable) for @pfn. */
#define HWAS_AF		HW_DESC_AF
#define HWAS_CLEAN	(HW_DESC_DBM | HW_DESC_AP2)	/* writable-clean */
#define HWAS_DIRTY	HW_DESC_DBM			/* writable-dirty */
#define HWAS_RO		HW_DESC_AP2
uint64_t hwas_desc(uint64_t pfn, uint64_t flags);

/* Write entries [first, first + n) as one contiguous run from @pfn. */
void hwas_map(struct hwas *as, unsigned int first, unsigned int n,
	      uint64_t pfn, uint64_t flags);

/*
 * By @cpu: DSB ISHST, a broadcast TLBI of @op for @pages from @va, then
 * (@dsb) DSB ISH.
 */
void hwas_tlbi(unsigned int cpu, enum hw_tlbi_op op, uint16_t asid,
	       uint64_t va, uint64_t pages, bool dsb);

/* DSB ISH by @cpu. */
void hwas_dsb(unsigned int cpu);

/* An access by @cpu that must succeed / must fault with @kind. */
uint64_t hwas_read(struct hwas *as, unsigned int cpu, unsigned int i);
void hwas_write(struct hwas *as, unsigned int cpu, unsigned int i,
		uint64_t value);
enum hw_fault_kind hwas_try(struct hwas *as, unsigned int cpu,
			    unsigned int i, bool write);
/* An instruction fetch by @cpu: HW_FAULT_NONE, or how it faulted. */
enum hw_fault_kind hwas_try_fetch(struct hwas *as, unsigned int cpu,
				  unsigned int i);

/* Print every recorded violation (with -v). */
void hwas_dump_violations(void);

#endif /* TESTS_HWAS_H */
