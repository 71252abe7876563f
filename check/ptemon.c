// SPDX-License-Identifier: GPL-2.0-only
#include <pthread.h>
#include <stdlib.h>

#include "explore.h"
#include "ptemon.h"
#include "world.h"

#define LOG_CAP		(1u << 14)

struct pte_write {
	uint64_t clock;
	unsigned long i;
	pte_t new;
};

/* A/D hardware set on an entry or a block that software has not taken. */
struct owed {
	bool *entry;
	bool *block;
	unsigned int *block_resets;	/* entries rewritten without it since */
	bool *reset;
};

/* The lock matters in stress mode only, where threads are real. */
static struct {
	pthread_mutex_t lock;
	struct pte_write log[LOG_CAP];
	unsigned int len;
	uint64_t clock;
	struct owed young, dirty;
	unsigned long nr;
	bool observing;
} mon = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void owed_alloc(struct owed *o, unsigned long nr)
{
	o->entry = calloc(nr, sizeof(*o->entry));
	o->reset = calloc(nr, sizeof(*o->reset));
	o->block = calloc(nr / CONT_PTES, sizeof(*o->block));
	o->block_resets = calloc(nr / CONT_PTES, sizeof(*o->block_resets));
	BUG_ON(!o->entry || !o->reset || !o->block || !o->block_resets);
}

static void owed_free(struct owed *o)
{
	free(o->entry);
	free(o->reset);
	free(o->block);
	free(o->block_resets);
	*o = (struct owed){ 0 };
}

static void owed_clear(struct owed *o)
{
	unsigned long i;

	for (i = 0; i < mon.nr; i++)
		o->entry[i] = o->reset[i] = false;
	for (i = 0; i < mon.nr / CONT_PTES; i++) {
		o->block[i] = false;
		o->block_resets[i] = 0;
	}
}

static void owed_hw_set(struct owed *o, unsigned long i, pte_t new)
{
	unsigned long b = i / CONT_PTES, j;

	o->entry[i] = true;
	if (!pte_cont(new))
		return;
	o->block[b] = true;
	o->block_resets[b] = 0;
	for (j = b * CONT_PTES; j < (b + 1) * CONT_PTES; j++)
		o->reset[j] = false;
}

/* A software store: the entry's own debt is settled by what it wrote. */
static void owed_sw_write(struct owed *o, unsigned long i, bool still_set)
{
	unsigned long b = i / CONT_PTES;

	o->entry[i] = false;
	if (still_set || !o->block[b] || o->reset[i])
		return;
	o->reset[i] = true;
	if (++o->block_resets[b] == CONT_PTES)
		o->block[b] = false;
}

static void observe(void *arg, uint64_t *p, uint64_t old, uint64_t new,
		    bool by_hw)
{
	long i = chk_pte_index(p);
	pte_t o = __pte(old), n = __pte(new);

	if (i < 0)
		return;
	pthread_mutex_lock(&mon.lock);
	mon.clock++;
	if (mon.len < LOG_CAP)
		mon.log[mon.len++] = (struct pte_write){ mon.clock, i, n };
	if (by_hw) {
		if (pte_young(n) && !pte_young(o))
			owed_hw_set(&mon.young, i, n);
		if (pte_dirty(n) && !pte_dirty(o))
			owed_hw_set(&mon.dirty, i, n);
	} else {
		owed_sw_write(&mon.young, i, pte_young(n));
		owed_sw_write(&mon.dirty, i, pte_dirty(n));
	}
	pthread_mutex_unlock(&mon.lock);
}

static const struct hw_write_observer observer = { observe, NULL };

void chk_ptemon_setup(void)
{
	if (!mon.observing) {
		mon.nr = PTRS_PER_PTE;
		owed_alloc(&mon.young, mon.nr);
		owed_alloc(&mon.dirty, mon.nr);
		BUG_ON(!hw_add_write_observer(&observer));
		mon.observing = true;
	}
	mon.len = 0;
	mon.clock = 0;
	owed_clear(&mon.young);
	owed_clear(&mon.dirty);
}

void chk_ptemon_exit(void)
{
	if (!mon.observing)
		return;
	hw_remove_write_observer(&observer);
	owed_free(&mon.young);
	owed_free(&mon.dirty);
	mon.observing = false;
}

uint64_t chk_ptemon_clock(void)
{
	uint64_t c;

	pthread_mutex_lock(&mon.lock);
	c = mon.clock;
	pthread_mutex_unlock(&mon.lock);
	return c;
}

bool chk_ptemon_changed(unsigned long first, unsigned long nr,
			uint64_t from, uint64_t to)
{
	bool changed = false;
	unsigned int k;

	pthread_mutex_lock(&mon.lock);
	for (k = 0; k < mon.len && !changed; k++) {
		const struct pte_write *w = &mon.log[k];

		changed = w->clock > from && w->clock <= to &&
			  w->i >= first && w->i < first + nr;
	}
	pthread_mutex_unlock(&mon.lock);
	return changed;
}

bool chk_ptemon_held(unsigned long i, pte_t start, uint64_t from, uint64_t to,
		     bool (*match)(pte_t v, const void *arg), const void *arg)
{
	bool held = match(start, arg);
	unsigned int k;

	pthread_mutex_lock(&mon.lock);
	for (k = 0; k < mon.len && !held; k++) {
		const struct pte_write *w = &mon.log[k];

		held = w->i == i && w->clock > from && w->clock <= to &&
		       match(w->new, arg);
	}
	pthread_mutex_unlock(&mon.lock);
	return held;
}

static bool owes(const struct owed *o, unsigned long i, pte_t raw)
{
	bool owed;

	if (!pte_valid(raw))
		return false;
	pthread_mutex_lock(&mon.lock);
	owed = pte_cont(raw) ? o->block[i / CONT_PTES] : o->entry[i];
	pthread_mutex_unlock(&mon.lock);
	return owed;
}

bool chk_ptemon_owes_young(unsigned long i, pte_t raw)
{
	return owes(&mon.young, i, raw);
}

bool chk_ptemon_owes_dirty(unsigned long i, pte_t raw)
{
	return owes(&mon.dirty, i, raw);
}

pte_t chk_ptep_get(unsigned long i)
{
	/* The state at the call: the PTL keeps software out meanwhile. */
	pte_t raw = __pte(__atomic_load_n(&pte_val(*chk_ptep(i)),
					  __ATOMIC_SEQ_CST));
	bool young = chk_ptemon_owes_young(i, raw);
	bool dirty = chk_ptemon_owes_dirty(i, raw);
	pte_t pte = ptep_get(chk_ptep(i));

	if (dirty && !pte_dirty(pte))
		chk_fail(CHK_AD_CONTRACT,
			 "ptep_get() of entry %lu under the PTL misses a dirty bit hardware set in its block since the block was last cleared",
			 i);
	if (young && !pte_young(pte))
		chk_fail(CHK_AD_CONTRACT,
			 "ptep_get() of entry %lu under the PTL misses an access flag hardware set in its block since the block was last cleared",
			 i);
	return pte;
}
