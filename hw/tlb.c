// SPDX-License-Identifier: GPL-2.0-only
#include <pthread.h>
#include <string.h>

#include "chooser.h"
#include "config.h"
#include "event.h"
#include "machine.h"
#include "monitor.h"
#include "stats.h"
#include "tlb.h"

/* A TLBI not yet applied on every CPU it targets. */
struct pending {
	struct hw_tlbi t;
	unsigned int issuer;
	uint32_t cpus;		/* CPUs still holding what it removes */
	uint64_t seq;
	bool ttl_bad;		/* level hint wrong: not guaranteed to act */
	bool skip;		/* ... and this implementation does not (N8) */
};

/*
 * One lock for TLB contents and pending TLBIs.  It is never held across a
 * scheduling point or a call to the chooser, so coroutines and the stress
 * mode's threads can both use the machine.
 */
static pthread_mutex_t tlb_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hw_tlb_entry tlbs[HW_MAX_CPUS][HW_TLB_ENTRIES];
static struct pending pending[HW_MAX_PENDING_TLBI];
static unsigned int nr_pending;

static unsigned int nr_cpus(void)
{
	return hw_cfg.nr_cpus < HW_MAX_CPUS ? hw_cfg.nr_cpus : HW_MAX_CPUS;
}

static bool tlbi_all_asids(enum hw_tlbi_op op)
{
	return op == HW_TLBI_VAAE1 || op == HW_TLBI_VAALE1;
}

/*
 * By-VA and range operations remove every entry whose span overlaps the
 * invalidated pages, so one page's TLBI kills a whole contiguous entry
 * but leaves its page-sized siblings.  Walk caches are not modelled, so
 * the last-level forms act like the others.
 */
bool hw_tlbi_covers(const struct hw_tlbi *t, uint64_t va, unsigned int shift,
		    uint16_t asid, bool global)
{
	uint64_t lo = t->va, hi = t->va + (t->pages << hw_cfg.page_shift);

	switch (t->op) {
	case HW_TLBI_VMALLE1:
		return true;
	case HW_TLBI_ASIDE1:
		return !global && asid == t->asid;
	default:
		break;
	}
	if (!global && !tlbi_all_asids(t->op) && asid != t->asid)
		return false;
	return va < hi && lo < va + (1ull << shift);
}

static void log_tlb(enum hw_event_kind kind, unsigned int cpu,
		    const struct hw_tlb_entry *e)
{
	struct hw_event ev = {
		.kind = kind, .cpu = cpu, .ptep = e->src,
		.old = e->va, .new = e->desc,
	};

	hw_event_add(&ev);
}

static void tlb_remove(unsigned int cpu, struct hw_tlb_entry *e)
{
	log_tlb(HW_EV_TLB_EVICT, cpu, e);
	e->valid = false;
}

unsigned int hw_tlb_lookup(unsigned int cpu, uint16_t asid, uint64_t va,
			   struct hw_tlb_entry *out, unsigned int max)
{
	unsigned int i, n = 0;

	pthread_mutex_lock(&tlb_lock);
	for (i = 0; i < HW_TLB_ENTRIES; i++) {
		if (!hw_tlb_entry_covers(&tlbs[cpu][i], asid, va))
			continue;
		if (n < max)
			out[n] = tlbs[cpu][i];
		n++;
	}
	pthread_mutex_unlock(&tlb_lock);
	return n;
}

static int free_slot(unsigned int cpu)
{
	int i;

	for (i = 0; i < HW_TLB_ENTRIES; i++)
		if (!tlbs[cpu][i].valid)
			return i;
	return -1;
}

void hw_tlb_insert(unsigned int cpu, const struct hw_tlb_entry *e)
{
	unsigned int victim = 0;
	int slot;

	pthread_mutex_lock(&tlb_lock);
	slot = free_slot(cpu);
	pthread_mutex_unlock(&tlb_lock);
	/* Full: which entry makes room is the implementation's business (N2). */
	if (slot < 0)
		victim = hw_choose(HW_CHOICE_EVICT, HW_TLB_ENTRIES);

	pthread_mutex_lock(&tlb_lock);
	slot = free_slot(cpu);
	if (slot < 0) {
		slot = victim;
		tlb_remove(cpu, &tlbs[cpu][slot]);
		hw_count(evictions);
	}
	tlbs[cpu][slot] = *e;
	tlbs[cpu][slot].valid = true;
	log_tlb(HW_EV_TLB_FILL, cpu, e);
	pthread_mutex_unlock(&tlb_lock);
	hw_count(tlb_fills[e->size_shift > hw_cfg.page_shift]);
}

void hw_tlb_drop(unsigned int cpu, uint64_t seq)
{
	unsigned int i;

	pthread_mutex_lock(&tlb_lock);
	for (i = 0; i < HW_TLB_ENTRIES; i++)
		if (tlbs[cpu][i].valid && tlbs[cpu][i].seq == seq)
			tlb_remove(cpu, &tlbs[cpu][i]);
	pthread_mutex_unlock(&tlb_lock);
}

/* Apply @p on @cpu if it is still pending there (tlb_lock held). */
static void pending_apply(struct pending *p, unsigned int cpu)
{
	struct hw_tlb_entry *e;
	unsigned int i;

	if (!(p->cpus & (1u << cpu)))
		return;
	p->cpus &= ~(1u << cpu);
	if (p->skip)
		return;
	for (i = 0; i < HW_TLB_ENTRIES; i++) {
		e = &tlbs[cpu][i];
		if (e->valid && hw_tlbi_covers(&p->t, e->va, e->size_shift,
					       e->asid, e->global)) {
			tlb_remove(cpu, e);
			hw_count(tlb_invalidated);
		}
	}
}

static void pending_apply_all(struct pending *p)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpus(); cpu++)
		pending_apply(p, cpu);
}

static void pending_remove(unsigned int i)
{
	memmove(pending + i, pending + i + 1,
		(--nr_pending - i) * sizeof(*pending));
}

/*
 * Retire into @out the first pending TLBI of @issuer that its DSB waits
 * for: all of them for DSB ISH, the local ones for DSB NSH (which still
 * completes the local part of a broadcast one).  tlb_lock held.
 */
static bool retire_next(unsigned int issuer, bool ish, struct pending *out)
{
	struct pending *p;
	unsigned int i;

	for (i = 0; i < nr_pending; i++) {
		p = &pending[i];
		if (p->issuer != issuer)
			continue;
		if (!ish && p->t.broadcast) {
			pending_apply(p, issuer);
			continue;
		}
		pending_apply_all(p);
		*out = *p;
		pending_remove(i);
		return true;
	}
	return false;
}

/* Software may rely on @p having acted everywhere (RDDMVT step 4). */
static void pending_done(const struct pending *p)
{
	if (!p->ttl_bad && (p->t.broadcast || nr_cpus() == 1))
		hw_mon_tlbi_done(&p->t, p->seq);
}

static void tlb_backend_tlbi(void *arg, unsigned int cpu,
			     const struct hw_tlbi *t)
{
	struct pending p = {
		.t = *t, .issuer = cpu, .seq = hw_seq_next(),
		.cpus = t->broadcast ? (1u << nr_cpus()) - 1 : 1u << cpu,
	};
	struct pending oldest;

	/* FEAT_TTL: a wrong level hint need not invalidate anything (N8). */
	p.ttl_bad = t->ttl && t->ttl != HW_LEAF_LEVEL;
	if (p.ttl_bad && hw_choose(HW_CHOICE_TTL, 2)) {
		p.skip = true;
		hw_count(tlbi_ttl_skipped);
	}

	pthread_mutex_lock(&tlb_lock);
	if (nr_pending == HW_MAX_PENDING_TLBI) {
		/* Completing early is always allowed; make room that way. */
		oldest = pending[0];
		pending_apply_all(&oldest);
		pending_remove(0);
		pthread_mutex_unlock(&tlb_lock);
		pending_done(&oldest);
		pthread_mutex_lock(&tlb_lock);
	}
	pending[nr_pending++] = p;
	pthread_mutex_unlock(&tlb_lock);
}

static void tlb_backend_dsb(void *arg, unsigned int cpu, enum hw_dsb kind)
{
	struct pending p;
	bool more;

	/* The store-only forms do not wait for TLB maintenance. */
	if (kind == HW_DSB_ISHST || kind == HW_DSB_NSHST)
		return;
	do {
		pthread_mutex_lock(&tlb_lock);
		more = retire_next(cpu, kind == HW_DSB_ISH, &p);
		pthread_mutex_unlock(&tlb_lock);
		if (more)
			pending_done(&p);
	} while (more);
}

const struct hw_tlb_backend hw_tlb_backend = {
	.tlbi = tlb_backend_tlbi, .dsb = tlb_backend_dsb,
};

/* N7: before the issuer's DSB, each target CPU applies a TLBI whenever. */
static void early_completions(unsigned int cpu)
{
	unsigned int i, n;
	uint64_t seq;

	pthread_mutex_lock(&tlb_lock);
	n = nr_pending;
	pthread_mutex_unlock(&tlb_lock);
	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&tlb_lock);
		if (i >= nr_pending || !(pending[i].cpus & (1u << cpu))) {
			pthread_mutex_unlock(&tlb_lock);
			continue;
		}
		seq = pending[i].seq;
		pthread_mutex_unlock(&tlb_lock);
		if (!hw_choose(HW_CHOICE_TLBI_DONE, 2))
			continue;
		pthread_mutex_lock(&tlb_lock);
		if (i < nr_pending && pending[i].seq == seq) {
			pending_apply(&pending[i], cpu);
			hw_count(tlbi_early);
		}
		pthread_mutex_unlock(&tlb_lock);
	}
}

/* N2: any entry may be evicted at any time. */
static void maybe_evict(unsigned int cpu)
{
	unsigned int n = hw_tlb_count(cpu), k, i;

	k = hw_choose(HW_CHOICE_EVICT, n + 1);
	if (!k)
		return;
	pthread_mutex_lock(&tlb_lock);
	for (i = 0; i < HW_TLB_ENTRIES; i++) {
		if (tlbs[cpu][i].valid && !--k) {
			tlb_remove(cpu, &tlbs[cpu][i]);
			hw_count(evictions);
			break;
		}
	}
	pthread_mutex_unlock(&tlb_lock);
}

void hw_tlb_background(unsigned int cpu)
{
	early_completions(cpu);
	maybe_evict(cpu);
}

unsigned int hw_tlb_count(unsigned int cpu)
{
	unsigned int i, n = 0;

	pthread_mutex_lock(&tlb_lock);
	for (i = 0; i < HW_TLB_ENTRIES; i++)
		n += tlbs[cpu][i].valid;
	pthread_mutex_unlock(&tlb_lock);
	return n;
}

const struct hw_tlb_entry *hw_tlb_slot(unsigned int cpu, unsigned int i)
{
	return &tlbs[cpu][i];
}

unsigned int hw_tlbi_pending(unsigned int cpu)
{
	unsigned int i, n = 0;

	pthread_mutex_lock(&tlb_lock);
	for (i = 0; i < nr_pending; i++)
		n += !!(pending[i].cpus & (1u << cpu));
	pthread_mutex_unlock(&tlb_lock);
	return n;
}

void hw_tlb_reset(void)
{
	pthread_mutex_lock(&tlb_lock);
	memset(tlbs, 0, sizeof(tlbs));
	nr_pending = 0;
	pthread_mutex_unlock(&tlb_lock);
}
