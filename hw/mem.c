// SPDX-License-Identifier: GPL-2.0-only
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "config.h"
#include "convert.h"
#include "event.h"
#include "mem.h"
#include "stats.h"
#include "violation.h"
#include "walkcache.h"

_Thread_local unsigned int hw_this_cpu;

static hw_sched_fn sched_fn;
static void *sched_arg;

void hw_set_sched_hook(hw_sched_fn fn, void *arg)
{
	sched_fn = fn;
	sched_arg = arg;
}

void hw_sched_point(enum hw_mem_op op, const void *p)
{
	if (sched_fn)
		sched_fn(sched_arg, op, p);
}

bool hw_sched_hooked(void)
{
	return sched_fn != NULL;
}

/*
 * Between two scheduling points a coroutine's store and its observers are
 * one event.  Real threads get that from this lock: a write holds it
 * exclusively from the store to its last observer, a read shares it, so
 * no thread reads a descriptor the monitors have not heard of yet, and
 * they hear of writes in the order the writes took effect.
 */
static pthread_rwlock_t pt_lock = PTHREAD_RWLOCK_INITIALIZER;

bool hw_pt_lock(bool write)
{
	if (hw_sched_hooked())
		return false;
	if (write)
		pthread_rwlock_wrlock(&pt_lock);
	else
		pthread_rwlock_rdlock(&pt_lock);
	return true;
}

void hw_pt_unlock(bool held)
{
	if (held)
		pthread_rwlock_unlock(&pt_lock);
}

static struct hw_write_observer observers[HW_MAX_OBSERVERS];
static unsigned int nr_observers;

bool hw_add_write_observer(const struct hw_write_observer *obs)
{
	if (nr_observers == HW_MAX_OBSERVERS)
		return false;
	observers[nr_observers++] = *obs;
	return true;
}

void hw_remove_write_observer(const struct hw_write_observer *obs)
{
	unsigned int i;

	for (i = 0; i < nr_observers; i++) {
		if (observers[i].fn == obs->fn && observers[i].arg == obs->arg) {
			observers[i] = observers[--nr_observers];
			return;
		}
	}
}

void hw_notify_write(uint64_t *p, uint64_t old, uint64_t new, bool by_hw)
{
	unsigned int i;

	for (i = 0; i < nr_observers; i++)
		observers[i].fn(observers[i].arg, p, old, new, by_hw);
}

static struct {
	hw_release_fn fn;
	void *arg;
} release_obs[HW_MAX_OBSERVERS];
static unsigned int nr_release_obs;

bool hw_add_release_observer(hw_release_fn fn, void *arg)
{
	if (nr_release_obs == HW_MAX_OBSERVERS)
		return false;
	release_obs[nr_release_obs].fn = fn;
	release_obs[nr_release_obs++].arg = arg;
	return true;
}

void hw_remove_release_observer(hw_release_fn fn, void *arg)
{
	unsigned int i;

	for (i = 0; i < nr_release_obs; i++) {
		if (release_obs[i].fn == fn && release_obs[i].arg == arg) {
			release_obs[i] = release_obs[--nr_release_obs];
			return;
		}
	}
}

void hw_notify_release(const void *lock)
{
	unsigned int i;

	for (i = 0; i < nr_release_obs; i++)
		release_obs[i].fn(release_obs[i].arg, lock);
}

static void log_pte(enum hw_event_kind kind, const uint64_t *p,
		    uint64_t old, uint64_t new, const struct hw_site *at)
{
	struct hw_event ev = {
		.kind = kind, .cpu = hw_this_cpu,
		.ptep = (uint64_t *)p, .old = old, .new = new, .at = at,
	};

	hw_event_add(&ev);
}

/* Bookkeeping common to every software write of a descriptor. */
static void pte_written(uint64_t *p, uint64_t old, uint64_t new,
			const struct hw_site *at)
{
	log_pte(HW_EV_PTE_WRITE, p, old, new, at);
	hw_convert_note(p, old, new);
	hw_notify_write(p, old, new, false);
}

/*
 * An access to the table arena that does not fall inside a live table: a
 * loop run off the end of its table into a guard slot, or a table already
 * freed.  It is reported at that access, with the kernel code that made
 * it, and not performed.  Out of line: the report is large, and every
 * page-table access checks.
 */
static void __attribute__((noinline, noreturn))
report_outside_tables(const uint64_t *p, enum hw_mem_op op,
		      const struct hw_site *at)
{
	static const char *const what[] = {
		[HW_MEM_READ] = "page-table read outside every live table",
		[HW_MEM_WRITE] = "page-table write outside every live table",
		[HW_MEM_XCHG] = "page-table exchange outside every live table",
		[HW_MEM_CMPXCHG] = "page-table compare-and-swap outside every live table",
	};
	/* Named by its physical address, the same from run to run. */
	struct hw_violation v = {
		.oracle = HW_ORACLE_BOOKKEEPING, .what = what[op],
		.cpu = hw_this_cpu, .va = hw_table_pa(p), .fatal = true,
	};

	hw_site_format(v.where, sizeof(v.where), at);
	hw_violation_report(&v);
	/* Nobody took the run over: the access must not happen. */
	abort();
}

static void check_inside_tables(const uint64_t *p, enum hw_mem_op op,
				const struct hw_site *at)
{
	if (!hw_table_info(p))
		report_outside_tables(p, op, at);
}

uint64_t hw_mem_read_at(const uint64_t *p, const struct hw_site *at)
{
	bool table = hw_is_table_mem(p), held;
	uint64_t v;

	hw_sched_point(HW_MEM_READ, p);
	if (table)
		check_inside_tables(p, HW_MEM_READ, at);
	held = table && hw_pt_lock(false);
	v = __atomic_load_n(p, __ATOMIC_SEQ_CST);
	hw_pt_unlock(held);
	if (table) {
		hw_count(pte_ops[HW_MEM_READ]);
		log_pte(HW_EV_PTE_READ, p, v, v, at);
	}
	return v;
}

/* A plain store or an exchange: both return what they replaced. */
static uint64_t exchange(uint64_t *p, uint64_t v, enum hw_mem_op op,
			 const struct hw_site *at)
{
	bool table = hw_is_table_mem(p), held;
	uint64_t old;

	hw_sched_point(op, p);
	if (table)
		check_inside_tables(p, op, at);
	held = table && hw_pt_lock(true);
	old = __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
	if (table) {
		hw_count(pte_ops[op]);
		pte_written(p, old, v, at);
	}
	hw_pt_unlock(held);
	return old;
}

void hw_mem_write_at(uint64_t *p, uint64_t v, const struct hw_site *at)
{
	exchange(p, v, HW_MEM_WRITE, at);
}

uint64_t hw_mem_xchg_at(uint64_t *p, uint64_t v, const struct hw_site *at)
{
	return exchange(p, v, HW_MEM_XCHG, at);
}

uint64_t hw_mem_cmpxchg_at(uint64_t *p, uint64_t old, uint64_t new,
			   const struct hw_site *at)
{
	bool table = hw_is_table_mem(p), held, ok;
	uint64_t found = old;

	hw_sched_point(HW_MEM_CMPXCHG, p);
	if (table)
		check_inside_tables(p, HW_MEM_CMPXCHG, at);
	held = table && hw_pt_lock(true);
	ok = __atomic_compare_exchange_n(p, &found, new, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	if (table) {
		hw_count(pte_ops[HW_MEM_CMPXCHG]);
		if (ok) {
			pte_written(p, old, new, at);
		} else {
			hw_count(cmpxchg_failed);
			log_pte(HW_EV_PTE_CMPXCHG_FAIL, p, found, new, at);
		}
	}
	hw_pt_unlock(held);
	return found;
}

/*
 * The table arena: max_tables slots of one granule each, aligned to the
 * granule so that table and contiguous-group alignment hold for pointers,
 * with a guard slot before and after each table.  A loop that runs off
 * either end of its table reaches a guard first, so the bad access is the
 * one reported, before it touches another table.
 */
static struct {
	pthread_mutex_t lock;
	char *map, *base;
	size_t map_len;
	unsigned int table_shift;	/* a table is a granule: 1 << shift bytes */
	unsigned int max, used, *free_stack, nr_free;
	bool *live;
	uint64_t *born;		/* generation of each slot's allocation */
	struct hw_table_info *info;
	uint64_t generation;	/* allocations and frees */
} arena = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Granule-sized positions in the arena: guard, table 0, guard, ... */
static size_t arena_positions(unsigned int max_tables)
{
	return 2 * (size_t)max_tables + 1;
}

/*
 * Whether a slot holds a table: written under the arena's lock, read
 * without it by every walk and page-table access (the off-table check),
 * which may race a free on real threads.
 */
static bool slot_live(unsigned int slot)
{
	return __atomic_load_n(&arena.live[slot], __ATOMIC_RELAXED);
}

static void set_slot_live(unsigned int slot, bool live)
{
	__atomic_store_n(&arena.live[slot], live, __ATOMIC_RELAXED);
}

static size_t table_bytes(void)
{
	return (size_t)1 << arena.table_shift;
}

static char *slot_base(unsigned int slot)
{
	return arena.base + (2 * (size_t)slot + 1) * table_bytes();
}

void hw_tables_exit(void)
{
	if (arena.map)
		munmap(arena.map, arena.map_len);
	free(arena.free_stack);
	free(arena.live);
	free(arena.born);
	free(arena.info);
	arena.map = arena.base = NULL;
	arena.free_stack = NULL;
	arena.live = NULL;
	arena.born = NULL;
	arena.info = NULL;
	arena.max = arena.used = arena.nr_free = 0;
}

int hw_tables_init(unsigned int max_tables)
{
	size_t bytes = (size_t)1 << hw_cfg.page_shift;
	unsigned int i;

	hw_tables_exit();
	arena.table_shift = hw_cfg.page_shift;
	arena.map_len = bytes * (arena_positions(max_tables) + 1);
	arena.map = mmap(NULL, arena.map_len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (arena.map == MAP_FAILED) {
		arena.map = NULL;
		return -1;
	}
	arena.base = (char *)(((uintptr_t)arena.map + bytes - 1) & ~(bytes - 1));
	arena.free_stack = calloc(max_tables, sizeof(*arena.free_stack));
	arena.live = calloc(max_tables, sizeof(*arena.live));
	arena.born = calloc(max_tables, sizeof(*arena.born));
	arena.info = calloc(max_tables, sizeof(*arena.info));
	if (!arena.free_stack || !arena.live || !arena.born || !arena.info) {
		hw_tables_exit();
		return -1;
	}
	arena.max = max_tables;
	/* Hand out low slots first so table addresses are reproducible. */
	for (i = 0; i < max_tables; i++)
		arena.free_stack[i] = max_tables - 1 - i;
	arena.nr_free = max_tables;
	return 0;
}

uint64_t *hw_table_alloc(void)
{
	uint64_t *t = NULL;
	unsigned int slot;

	pthread_mutex_lock(&arena.lock);
	if (arena.nr_free) {
		slot = arena.free_stack[--arena.nr_free];
		set_slot_live(slot, true);
		/*
		 * Only the flag: a walker may still test it through a stale
		 * pointer (stress mode), and the rest is written before it is
		 * set again (hw_table_learn()) and read only after it is.
		 */
		__atomic_store_n(&arena.info[slot].known, false,
				 __ATOMIC_RELEASE);
		arena.used++;
		arena.generation++;
		__atomic_store_n(&arena.born[slot], arena.generation,
				 __ATOMIC_RELAXED);
		t = (uint64_t *)slot_base(slot);
		memset(t, 0, table_bytes());
	}
	pthread_mutex_unlock(&arena.lock);
	return t;
}

/* The live table @p points into, or -1 (a guard, a free slot, elsewhere). */
static int live_slot(const void *p)
{
	size_t pos;

	if (!hw_is_table_mem(p))
		return -1;
	pos = ((const char *)p - arena.base) >> arena.table_shift;
	if (!(pos & 1) || !slot_live(pos / 2))
		return -1;
	return pos / 2;
}

void hw_table_free(uint64_t *table)
{
	int slot = live_slot(table);

	if (slot < 0 || (char *)table != slot_base(slot))
		abort();
	hw_wc_table_freed(table);
	pthread_mutex_lock(&arena.lock);
	set_slot_live(slot, false);
	arena.used--;
	arena.generation++;
	arena.free_stack[arena.nr_free++] = slot;
	pthread_mutex_unlock(&arena.lock);
}

void hw_tables_free_all(void)
{
	unsigned int slot;

	/* No CPU walks any more: what the walk caches hold goes too. */
	hw_wc_reset();
	for (slot = 0; slot < arena.max; slot++)
		if (slot_live(slot))
			hw_table_free((uint64_t *)slot_base(slot));
	/*
	 * Low slots first again: which slot a table gets is a function of
	 * the run, not of the runs before it, so a replay builds the same
	 * physical addresses.
	 */
	for (slot = 0; slot < arena.max; slot++)
		arena.free_stack[slot] = arena.max - 1 - slot;
}

bool hw_is_table_mem(const void *p)
{
	const char *c = p;

	return arena.base && c >= arena.base &&
	       c < arena.base + arena_positions(arena.max) * table_bytes();
}

uint64_t hw_table_pa(const void *table)
{
	return HW_TABLE_PA_BASE + ((const char *)table - arena.base);
}

uint64_t *hw_table_va(uint64_t pa)
{
	const char *p;

	if (pa < HW_TABLE_PA_BASE || !arena.base)
		return NULL;
	p = arena.base + (pa - HW_TABLE_PA_BASE);
	return live_slot(p) < 0 ? NULL : (uint64_t *)p;
}

unsigned int hw_tables_in_use(void)
{
	return arena.used;
}

uint64_t hw_tables_generation(void)
{
	return arena.generation;
}

unsigned int hw_tables_slots(void)
{
	return arena.max;
}

uint64_t *hw_table_at(unsigned int slot)
{
	return slot < arena.max && slot_live(slot) ?
	       (uint64_t *)slot_base(slot) : NULL;
}

struct hw_table_info *hw_table_info(const void *p)
{
	int slot = live_slot(p);

	return slot < 0 ? NULL : &arena.info[slot];
}

uint64_t hw_table_born(const void *table)
{
	int slot = live_slot(table);

	return slot < 0 ? 0 :
	       __atomic_load_n(&arena.born[slot], __ATOMIC_RELAXED);
}

uint64_t *hw_table_base(const void *p)
{
	int slot = live_slot(p);

	return slot < 0 ? NULL : (uint64_t *)slot_base(slot);
}

bool hw_desc_va(const void *p, uint16_t *asid, uint64_t *va)
{
	const struct hw_table_info *info = hw_table_info(p);

	if (!info || !__atomic_load_n(&info->known, __ATOMIC_ACQUIRE) ||
	    info->level != HW_LEAF_LEVEL)
		return false;
	*asid = info->asid;
	*va = info->va + ((uint64_t)((const uint64_t *)p - hw_table_base(p)) <<
			  hw_cfg.page_shift);
	return true;
}
