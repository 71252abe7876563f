/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine's event log: an ordered record of what happened to page-table
 * memory and TLBs, for tests that assert sequences (break-before-make) and
 * for counterexample traces.  Off unless enabled; bounded in size.
 */
#ifndef HW_EVENT_H
#define HW_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "site.h"
#include "tlbi.h"

enum hw_event_kind {
	HW_EV_PTE_READ,		/* software read of a descriptor */
	HW_EV_PTE_WRITE,	/* software store, xchg or successful cmpxchg */
	HW_EV_PTE_CMPXCHG_FAIL,	/* software cmpxchg that found another value */
	HW_EV_HW_UPDATE,	/* hardware AF/dirty update of a descriptor */
	HW_EV_TLBI,
	HW_EV_DSB,
	HW_EV_ISB,
	HW_EV_TLB_FILL,
	HW_EV_TLB_EVICT,
	HW_EV_FAULT,
	HW_EV_ACCESS,		/* a load or store that completed */
	HW_EV_NOTE,		/* free text from a higher layer */
	HW_EV_CALL,		/* an outermost call of the API, its arguments */
	HW_EV_RETURN,		/* ... and what it returned */
	HW_EV_LOCK,		/* an attempt to take a lock */
	HW_EV_UNLOCK,
	HW_NR_EVENT_KINDS
};

extern const char *const hw_event_kind_names[HW_NR_EVENT_KINDS];

struct hw_event {
	uint64_t seq;
	enum hw_event_kind kind;
	unsigned int cpu;
	uint64_t *ptep;		/* descriptor events */
	uint64_t old, new;	/* descriptor values, or access VA/value */
	struct hw_tlbi tlbi;	/* HW_EV_TLBI */
	enum hw_dsb dsb;	/* HW_EV_DSB */
	const char *note;	/* HW_EV_NOTE and fault reasons (static text) */
	/*
	 * Software's events: the innermost call in progress when it was
	 * made (filled in by hw_event_add()), or for a call or return the
	 * call itself; the primitive's own site, if it gave one.
	 */
	const struct hw_site *site, *at;
	struct hw_value args[HW_MAX_ARGS];	/* call: arguments; return: [0] */
	unsigned int nr_args;			/* return: 0 when void */
	const void *lock;			/* lock and unlock */
};

void hw_event_log_enable(size_t capacity);
void hw_event_log_disable(void);
void hw_event_log_clear(void);
bool hw_event_log_enabled(void);
size_t hw_event_log_count(void);
const struct hw_event *hw_event_log_get(size_t i);
size_t hw_event_log_dropped(void);

void hw_event_add(const struct hw_event *ev);

#endif /* HW_EVENT_H */
