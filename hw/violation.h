/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Architectural violations the machine's monitors detect, as structured
 * records: which oracle (by the names of docs/checker.md), where, the
 * descriptors or TLB entries involved and the descriptor writes that led
 * there.  Each is recorded and handed to an installable handler.
 */
#ifndef HW_VIOLATION_H
#define HW_VIOLATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum hw_oracle {
	HW_ORACLE_BBM,			/* break-before-make not followed */
	HW_ORACLE_MISPROGRAMMED,	/* contiguous group inconsistent */
	HW_ORACLE_TLB_CONFLICT,		/* multi-hit: abort or unpredictable */
	HW_ORACLE_STALE_TLB,		/* stale translation to a freed/reused frame */
	HW_ORACLE_BOOKKEEPING,		/* an access outside every live table */
	HW_NR_ORACLES
};

extern const char *const hw_oracle_names[HW_NR_ORACLES];

/* A descriptor, or a TLB entry and the descriptor it was filled from. */
struct hw_violation_entry {
	const char *role;	/* "old", "new", "member", "tlb", "memory" */
	uint64_t *ptep;
	uint64_t desc;		/* the value (a TLB entry: as cached) */
	uint64_t va;		/* what it translates (a TLB entry: its base) */
	unsigned int size_shift;	/* TLB entries: log2 of the span */
	unsigned int cpu;	/* TLB entries: whose TLB */
	uint64_t seq;		/* TLB entries: when filled */
};

/* A descriptor write, by software or by the hardware's A/D update. */
struct hw_write_rec {
	uint64_t seq;
	unsigned int cpu;
	uint64_t *ptep;
	uint64_t old, new;
	bool by_hw;
};

#define HW_VIOLATION_ENTRIES	6
#define HW_VIOLATION_WRITES	8

struct hw_violation {
	enum hw_oracle oracle;
	const char *what;	/* static text */
	char where[224];	/* the kernel code that made the access, or "" */
	/*
	 * The access was not performed and the code that made it cannot go
	 * on: the handler must not return (a checker abandons the run).
	 */
	bool fatal;
	unsigned int cpu;
	uint64_t va;
	uint64_t seq;		/* machine sequence number when detected */
	unsigned int nr_entries;
	struct hw_violation_entry entries[HW_VIOLATION_ENTRIES];
	unsigned int nr_writes;	/* most recent writes to the groups involved */
	struct hw_write_rec writes[HW_VIOLATION_WRITES];
};

typedef void (*hw_violation_fn)(void *arg, const struct hw_violation *v);

/* Install the handler every violation is handed to (NULL: record only). */
void hw_set_violation_handler(hw_violation_fn fn, void *arg);

/* Total violations since the last clear, overall and per oracle. */
unsigned int hw_violations_count(void);
unsigned int hw_violations_of(enum hw_oracle oracle);
/* The first HW_MAX_VIOLATIONS are kept. */
#define HW_MAX_VIOLATIONS	64
const struct hw_violation *hw_violation_get(unsigned int i);
void hw_violations_clear(void);

/* Multi-line text: oracle, CPU, VA, decoded entries, the writes. */
size_t hw_violation_format(const struct hw_violation *v, char *buf,
			   size_t size);

/* For monitors: add an entry, then report (provenance is filled in). */
void hw_violation_add(struct hw_violation *v, const char *role, uint64_t *ptep,
		      uint64_t desc, uint64_t va);
void hw_violation_report(struct hw_violation *v);

#endif /* HW_VIOLATION_H */
