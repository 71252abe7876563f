/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The designs argued about on linux-mm, as runtime settings (listed in
 * docs/checker.md).  Zero values are the upstream design.  Callers in
 * core-mm read the caller-side knobs (gup_recheck, teardown, fork,
 * madv_free, deref); the arch layer and its shims read the others.
 */
#ifndef __ASM_CONTPTE_DESIGN_H
#define __ASM_CONTPTE_DESIGN_H

#include <linux/types.h>

enum contpte_lockless {
	LOCKLESS_RETRY,		/* upstream: retry until the block is consistent */
	LOCKLESS_WRAP_PTEP_GET,	/* gather like ptep_get(), no consistency check */
	LOCKLESS_RAW,		/* target entry only, no gathering */
	LOCKLESS_NORECENCY,	/* raw, and callers compare ignoring A/D */
	NR_LOCKLESS
};

enum contpte_gup_recheck {
	GUP_RECHECK_LOCKLESS,	/* ptep_get_lockless() (2026) */
	GUP_RECHECK_PTEP_GET,	/* ptep_get() (mainline up to 2025) */
	GUP_RECHECK_NORECENCY,	/* pte_same_norecency() of raw reads */
	NR_GUP_RECHECK
};

enum contpte_teardown {
	TEARDOWN_BATCH,		/* clear_full_ptes()/get_and_clear_full_ptes() */
	TEARDOWN_UNFOLD,	/* entry by entry, unfolding every block */
	TEARDOWN_FULL,		/* v2 ptep_get_and_clear_full(): no unfold */
	NR_TEARDOWN
};

enum contpte_fork {
	FORK_BATCH,		/* wrprotect_ptes() over folio batches */
	FORK_UNFOLD,		/* ptep_set_wrprotect() entry by entry */
	NR_FORK
};

enum contpte_madv_free {
	LAZYFREE_BATCH,		/* clear_young_dirty_ptes() over folio batches */
	LAZYFREE_UNFOLD,	/* entry by entry: clear, make old and clean, set */
	NR_MADV_FREE
};

enum contpte_access_flags {
	ACCESS_FLAGS_PER_SUBPTE,	/* no-op only if every entry matches */
	ACCESS_FLAGS_GATHERED,		/* no-op if the gathered value matches */
	ACCESS_FLAGS_GENERIC,		/* set_pte_at() + flush if it differs */
	NR_ACCESS_FLAGS
};

enum contpte_fault_flush {
	FAULT_FLUSH_LOCAL,	/* this CPU's TLB only (v6.19 on) */
	FAULT_FLUSH_BROADCAST,	/* every CPU's (up to v6.18) */
	NR_FAULT_FLUSH
};

enum contpte_deref {
	DEREF_PTEP_GET,		/* ptep_get(): one READ_ONCE(), gathered */
	DEREF_PLAIN,		/* *ptep: the target alone, may be reloaded */
	NR_DEREF
};

/*
 * Every field is an enum or a 0/1 flag stored as unsigned int, so that the
 * checker can set any of them from one table row.
 */
struct contpte_design {
	enum contpte_lockless lockless;
	enum contpte_gup_recheck gup_recheck;
	enum contpte_teardown teardown;
	enum contpte_fork fork;
	enum contpte_access_flags access_flags;
	unsigned int convert_no_tlbi;	/* convert-tlbi=off: elide as under BBML2 */
	enum contpte_madv_free madv_free;
	unsigned int no_contpte;	/* contpte=off: the kernel without ARM64_CONTPTE */
	enum contpte_deref deref;	/* how core-mm reads under the PTL */
	enum contpte_fault_flush fault_flush;	/* ptep_set_access_flags()' TLBI */
};

extern struct contpte_design contpte_design;

/* Name tables indexed by the enums, spelled as --design takes them. */
extern const char *const contpte_lockless_names[NR_LOCKLESS];
extern const char *const contpte_gup_recheck_names[NR_GUP_RECHECK];
extern const char *const contpte_teardown_names[NR_TEARDOWN];
extern const char *const contpte_fork_names[NR_FORK];
extern const char *const contpte_access_flags_names[NR_ACCESS_FLAGS];
/* "on" and "off", indexed by a flag that turns something off. */
extern const char *const contpte_on_off_names[2];
extern const char *const contpte_madv_free_names[NR_MADV_FREE];
extern const char *const contpte_deref_names[NR_DEREF];
extern const char *const contpte_fault_flush_names[NR_FAULT_FLUSH];

void contpte_design_reset(void);

#endif /* __ASM_CONTPTE_DESIGN_H */
