/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The oracles the core-mm model can decide (docs/checker.md, "Oracles"),
 * reported as structured violation records to an installable handler (the
 * checker's), by the names `contpte list oracles` prints.
 */
#ifndef MM_ORACLE_H
#define MM_ORACLE_H

#include <linux/types.h>
#include <asm/pgtable-types.h>

struct mm_violation {
	const char *oracle;	/* "data-loss", "gup-pin", "bookkeeping", ... */
	unsigned int cpu;
	unsigned long va;	/* 0 when no address applies */
	char message[384];
};

typedef void (*mm_violation_fn)(void *arg, const struct mm_violation *v);

/* NULL restores the default handler, which prints to stderr. */
void mm_set_violation_handler(mm_violation_fn fn, void *arg);
unsigned long mm_violation_count(void);
void mm_violation_count_reset(void);

void mm_report(const char *oracle, unsigned long va, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * What core-mm tells an observer (a checker's oracles) about changes user
 * space can see: a fork, from before its first entry is copied (@done
 * false) until its flush completed (@done true), a range whose
 * mappings go (munmap, exit, MADV_DONTNEED) or whose contents may be
 * dropped (MADV_FREE), before any entry of it changes, and a user access
 * the fault handler refused.
 */
struct mm_model;

struct mm_observer {
	void (*fork)(void *arg, struct mm_model *parent,
		     struct mm_model *child, bool done);
	void (*unmap)(void *arg, struct mm_model *mm, unsigned long start,
		      unsigned long end);
	/*
	 * UFFDIO_WRITEPROTECT of [@start, @end): protected (@protect) once
	 * its entries changed and its flush completed, before it releases
	 * its locks; resolved before the resolve changes any entry.
	 */
	void (*uffd_wp)(void *arg, struct mm_model *mm, unsigned long start,
			unsigned long end, bool protect);
	/*
	 * The fault at @va answered SIGSEGV, told while the fault still
	 * holds the lock it found the VMA under, so the VMA is as the
	 * handler saw it.  @fault_flags: FAULT_FLAG_WRITE for a store,
	 * FAULT_FLAG_INSTRUCTION for a fetch, neither for a load.
	 */
	void (*refused)(void *arg, struct mm_model *mm, unsigned long va,
			unsigned int fault_flags);
	void *arg;
};

/* One observer at a time; NULL removes it. */
void mm_set_observer(const struct mm_observer *obs);
void mm_notify_fork(struct mm_model *parent, struct mm_model *child,
		    bool done);
void mm_notify_unmap(struct mm_model *mm, unsigned long start,
		     unsigned long end);
void mm_notify_uffd_wp(struct mm_model *mm, unsigned long start,
		       unsigned long end, bool protect);
void mm_notify_refused(struct mm_model *mm, unsigned long va,
		       unsigned int fault_flags);

/*
 * A PTE table that leaves the tree (munmap's free_pgtables(), exit) must
 * hold no entry: every VMA over it was zapped, so an entry left is one
 * written outside every VMA (a loop run past its block) or never zapped,
 * and would be freed with the table.  @va: the address it translated
 * from, or NULL if unknown.  Reads as an observer; reports and returns
 * false on the first entry left.
 */
bool mm_check_table_empty(const pte_t *table, const unsigned long *va);

/*
 * End-of-run bookkeeping: every frame back in the allocator but the zero
 * page and @cached (page-cache frames still owned by live files), every
 * table back but @tables.  Reports and returns false on a leak.
 */
bool mm_check_leaks(unsigned long cached, unsigned int tables);

#endif /* MM_ORACLE_H */
