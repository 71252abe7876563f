// SPDX-License-Identifier: GPL-2.0-only
#include <pthread.h>
#include <string.h>

#include "config.h"
#include "machine.h"
#include "mem.h"
#include "stats.h"
#include "tlb.h"
#include "violation.h"
#include "walkcache.h"

struct wc_entry {
	bool valid;
	uint16_t asid;
	uint64_t va;		/* first VA the table translates */
	uint64_t *table;	/* the last-level table */
	uint64_t born;		/* hw_table_born() of it at the fill */
	uint64_t *from;		/* the table descriptor the walk read */
	uint64_t desc;		/* its value then */
	uint64_t seq;		/* when filled */
};

/*
 * A CPU's cache is used by its own walks and changed by TLBIs applied on
 * it; on the stress mode's threads those may run at once.
 */
static struct {
	pthread_mutex_t lock;
	struct wc_entry e[HW_WALK_CACHE_ENTRIES];
	unsigned int next;	/* the entry the next fill replaces */
} wc[HW_MAX_CPUS] = {
	[0 ... HW_MAX_CPUS - 1] = { .lock = PTHREAD_MUTEX_INITIALIZER },
};

/* The VA span of one last-level table. */
static unsigned int span_shift(void)
{
	return hw_level_shift(HW_LEAF_LEVEL - 1);
}

static bool wc_covers(const struct wc_entry *e, uint16_t asid, uint64_t va)
{
	return e->valid && e->asid == asid &&
	       ((va ^ e->va) >> span_shift()) == 0;
}

/*
 * @what: the walk, or the free, that found @e stale.  The rule broken is
 * the one of the last-level forms and of the level hint (hw/walkcache.h).
 */
static void report_stale(unsigned int cpu, uint64_t va,
			 const struct wc_entry *e, const char *what)
{
	struct hw_violation v = {
		.oracle = HW_ORACLE_STALE_TLB, .what = what, .cpu = cpu,
		.va = va,
	};

	v.entries[0] = (struct hw_violation_entry){
		.role = "tlb", .ptep = e->from, .desc = e->desc, .va = e->va,
		.size_shift = span_shift(), .cpu = cpu, .seq = e->seq,
	};
	v.nr_entries = 1;
	hw_violation_add(&v, "memory", e->from,
			 __atomic_load_n(e->from, __ATOMIC_SEQ_CST), e->va);
	hw_violation_report(&v);
}

uint64_t *hw_wc_lookup(unsigned int cpu, uint16_t asid, uint64_t va)
{
	struct wc_entry *e, stale = { .valid = false };
	uint64_t *table = NULL;
	unsigned int i;

	pthread_mutex_lock(&wc[cpu].lock);
	for (i = 0; i < HW_WALK_CACHE_ENTRIES; i++) {
		e = &wc[cpu].e[i];
		if (!wc_covers(e, asid, va))
			continue;
		if (hw_table_born(e->table) == e->born) {
			table = e->table;
			hw_count(walk_cache_hits);
		} else {
			stale = *e;
			e->valid = false;
		}
		break;
	}
	pthread_mutex_unlock(&wc[cpu].lock);
	if (stale.valid)
		report_stale(cpu, va, &stale,
			     "walk through a walk-cache entry to a page table freed since");
	return table;
}

void hw_wc_fill(unsigned int cpu, uint16_t asid, uint64_t va,
		uint64_t *table, uint64_t *from)
{
	uint64_t born = hw_table_born(table);
	struct wc_entry *e;

	/* Freed under the walk (stress mode): nothing to keep. */
	if (!born)
		return;
	pthread_mutex_lock(&wc[cpu].lock);
	e = &wc[cpu].e[wc[cpu].next];
	wc[cpu].next = (wc[cpu].next + 1) % HW_WALK_CACHE_ENTRIES;
	*e = (struct wc_entry){
		.valid = true, .asid = asid,
		.va = va & ~((1ull << span_shift()) - 1), .table = table,
		.born = born, .from = from,
		.desc = __atomic_load_n(from, __ATOMIC_SEQ_CST),
		.seq = hw_seq_next(),
	};
	pthread_mutex_unlock(&wc[cpu].lock);
}

/*
 * Whether @t is guaranteed to remove a table entry: not a last-level form,
 * and no level hint, which names the leaf's level (FEAT_TTL: an entry of
 * another level need not be invalidated).
 */
static bool removes_tables(const struct hw_tlbi *t)
{
	switch (t->op) {
	case HW_TLBI_VALE1:
	case HW_TLBI_VAALE1:
	case HW_TLBI_RVALE1:
		return false;
	default:
		return !t->ttl;
	}
}

void hw_wc_tlbi(unsigned int cpu, const struct hw_tlbi *t)
{
	struct wc_entry *e;
	unsigned int i;

	if (!removes_tables(t))
		return;
	pthread_mutex_lock(&wc[cpu].lock);
	for (i = 0; i < HW_WALK_CACHE_ENTRIES; i++) {
		e = &wc[cpu].e[i];
		if (e->valid && hw_tlbi_covers(t, e->va, span_shift(), e->asid,
					       false))
			e->valid = false;
	}
	pthread_mutex_unlock(&wc[cpu].lock);
}

void hw_wc_table_freed(const uint64_t *table)
{
	uint64_t born = hw_table_born(table);
	struct wc_entry *e, stale;
	unsigned int cpu, i;

	for (cpu = 0; cpu < HW_MAX_CPUS; cpu++) {
		stale.valid = false;
		pthread_mutex_lock(&wc[cpu].lock);
		for (i = 0; i < HW_WALK_CACHE_ENTRIES; i++) {
			e = &wc[cpu].e[i];
			if (e->valid && e->table == table && e->born == born) {
				stale = *e;
				e->valid = false;
			}
		}
		pthread_mutex_unlock(&wc[cpu].lock);
		if (stale.valid)
			report_stale(cpu, stale.va, &stale,
				     "page table freed while a walk cache still holds it");
	}
}

void hw_wc_reset(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < HW_MAX_CPUS; cpu++) {
		pthread_mutex_lock(&wc[cpu].lock);
		memset(wc[cpu].e, 0, sizeof(wc[cpu].e));
		wc[cpu].next = 0;
		pthread_mutex_unlock(&wc[cpu].lock);
	}
}
