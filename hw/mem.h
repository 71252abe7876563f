/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared memory of the simulated machine as software sees it.
 *
 * Every 64-bit access software makes to shared memory goes through the four
 * primitives below (the kernel shims route READ_ONCE, WRITE_ONCE, xchg and
 * cmpxchg here).  They are sequentially consistent C11 atomics; before each
 * one the scheduling hook runs, so an explorer can switch threads at every
 * primitive, and after each write to page-table memory the write observers
 * run (monitors, event log, counters).
 *
 * Page-table memory is one arena of granule-sized, granule-aligned tables.
 * A table has a physical address so that upper-level descriptors can point
 * at it and the table walker can follow them.
 */
#ifndef HW_MEM_H
#define HW_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "site.h"

/*
 * Scheduling points: the four memory primitives, then synchronisation,
 * then an atomic on an object other than page-table memory that another
 * CPU's protocol depends on (a folio's reference or pin count).
 */
enum hw_mem_op {
	HW_MEM_READ, HW_MEM_WRITE, HW_MEM_XCHG, HW_MEM_CMPXCHG,
	HW_NR_MEM_OPS,
	HW_SYNC_TLBI = HW_NR_MEM_OPS, HW_SYNC_DSB, HW_SYNC_LOCK, HW_SYNC_UNLOCK,
	HW_SYNC_ATOMIC,
};

/*
 * @at names the kernel code making the access (the shims pass their call
 * site); NULL when unknown.  An access that falls in the table arena but
 * outside every live table is reported as a fatal violation at that
 * access and never performed.
 */
uint64_t hw_mem_read_at(const uint64_t *p, const struct hw_site *at);
void hw_mem_write_at(uint64_t *p, uint64_t v, const struct hw_site *at);
uint64_t hw_mem_xchg_at(uint64_t *p, uint64_t v, const struct hw_site *at);
/* Returns the value found; the store happened iff it equals @old. */
uint64_t hw_mem_cmpxchg_at(uint64_t *p, uint64_t old, uint64_t new,
			   const struct hw_site *at);

static inline uint64_t hw_mem_read(const uint64_t *p)
{
	return hw_mem_read_at(p, NULL);
}

static inline void hw_mem_write(uint64_t *p, uint64_t v)
{
	hw_mem_write_at(p, v, NULL);
}

static inline uint64_t hw_mem_xchg(uint64_t *p, uint64_t v)
{
	return hw_mem_xchg_at(p, v, NULL);
}

static inline uint64_t hw_mem_cmpxchg(uint64_t *p, uint64_t old, uint64_t new)
{
	return hw_mem_cmpxchg_at(p, old, new, NULL);
}

/*
 * Scheduling hook: called before every primitive with the operation and
 * the address.  Installed by an explorer; NULL means run straight through.
 */
typedef void (*hw_sched_fn)(void *arg, enum hw_mem_op op, const void *p);
void hw_set_sched_hook(hw_sched_fn fn, void *arg);
/* Invoke the scheduling hook (also used by TLBI, DSB and lock primitives). */
void hw_sched_point(enum hw_mem_op op, const void *p);
/*
 * With a hook, CPUs are coroutines that switch only at scheduling points,
 * so what the machine does between two of them is atomic.  Without one
 * they may be real threads, and the machine has to make it so.
 */
bool hw_sched_hooked(void);

/*
 * Make a page-table access and what the write observers hear of it one
 * event on real threads (@write: exclusive, for a store and its
 * notification; otherwise shared, for a load).  No-op for coroutines.
 * Pass what lock returned to unlock; observers must not take it again.
 */
bool hw_pt_lock(bool write);
void hw_pt_unlock(bool held);

/*
 * Write observers see every change of a page-table descriptor, by software
 * or by the hardware's own A/D updates (@by_hw), after it took effect.
 */
struct hw_write_observer {
	void (*fn)(void *arg, uint64_t *p, uint64_t old, uint64_t new, bool by_hw);
	void *arg;
};
#define HW_MAX_OBSERVERS 8
bool hw_add_write_observer(const struct hw_write_observer *obs);
void hw_remove_write_observer(const struct hw_write_observer *obs);
void hw_notify_write(uint64_t *p, uint64_t old, uint64_t new, bool by_hw);

/*
 * Release observers hear of every lock about to be released, while its
 * holder still holds it: what the holder leaves behind is final (the
 * contiguous blocks of a page table at its PTL's release).
 */
typedef void (*hw_release_fn)(void *arg, const void *lock);
bool hw_add_release_observer(hw_release_fn fn, void *arg);
void hw_remove_release_observer(hw_release_fn fn, void *arg);
void hw_notify_release(const void *lock);

/* The CPU running the calling thread (software side), set by its runner. */
extern _Thread_local unsigned int hw_this_cpu;

/* Page-table memory. */
int hw_tables_init(unsigned int max_tables);
void hw_tables_exit(void);
uint64_t *hw_table_alloc(void);		/* zeroed; NULL when exhausted */
void hw_table_free(uint64_t *table);
/* Take every table back (a run cut short left some behind). */
void hw_tables_free_all(void);
/* In the arena: a table, a guard slot around one, or a free slot. */
bool hw_is_table_mem(const void *p);
/* The physical address of @p in the arena (a table or a guard). */
uint64_t hw_table_pa(const void *p);
uint64_t *hw_table_va(uint64_t pa);	/* NULL if @pa is not a live table */
unsigned int hw_tables_in_use(void);
/* Bumped by every table allocation and free: the arena's layout changed. */
uint64_t hw_tables_generation(void);
/* The arena's slots, and the live table at slot @slot (NULL: none). */
unsigned int hw_tables_slots(void);
uint64_t *hw_table_at(unsigned int slot);

/*
 * What the machine has learned about a table: the level it sits at, the
 * first VA it translates and the ASID of the context it was reached from.
 * A table becomes known when a walker passes through it or when a table
 * descriptor pointing at it is written into a known table; until then no
 * walker can have read it, so nothing derived from it can be in a TLB.
 * Reset when the table is allocated.
 */
struct hw_table_info {
	bool known;
	int level;
	uint16_t asid;
	uint64_t va;
};

/* The record of the live table containing @p, or NULL. */
struct hw_table_info *hw_table_info(const void *p);
/*
 * When the live table containing @p was allocated (hw_tables_generation()
 * then, never 0), or 0: no live table.  A table freed and allocated again
 * comes back with another.
 */
uint64_t hw_table_born(const void *p);
/* Base of the live table containing @p, or NULL. */
uint64_t *hw_table_base(const void *p);
/*
 * The VA and ASID the level-3 descriptor @p translates, if the machine
 * knows its table.
 */
bool hw_desc_va(const void *p, uint16_t *asid, uint64_t *va);

/* Physical addresses of tables live above all data frames. */
#define HW_TABLE_PA_BASE	(1ull << 40)

#endif /* HW_MEM_H */
