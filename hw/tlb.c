// SPDX-License-Identifier: GPL-2.0-only
#include <pthread.h>
#include <string.h>

#include "chooser.h"
#include "config.h"
#include "desc.h"
#include "event.h"
#include "machine.h"
#include "mem.h"
#include "monitor.h"
#include "order.h"
#include "stats.h"
#include "tlb.h"
#include "violation.h"
#include "walk.h"
#include "walkcache.h"

/* A TLBI not yet applied on every CPU it targets. */
struct pending {
	struct hw_tlbi t;
	unsigned int issuer;
	uint32_t cpus;		/* CPUs still holding what it removes */
	uint64_t seq;
	bool ttl_bad;		/* level hint wrong: not guaranteed to act */
	bool skip;		/* ... and this implementation does not (N8) */
	struct hw_unordered unordered;	/* pages it need not act on */
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
static unsigned int nr_undecided[HW_MAX_CPUS];
/* Valid entries, read without tlb_lock by a free's quick look. */
static unsigned int nr_valid[HW_MAX_CPUS];
/* ASIDs whose address space is gone (hw_tlb_retire()), a bit each. */
static uint64_t retired[(1u << 16) / 64];

/*
 * Each CPU's step (hw_tlb_step_begin()) on real threads.  Taken before
 * tlb_lock, and never while holding another CPU's, so TLBI completion
 * that takes them one at a time cannot deadlock.
 */
static pthread_mutex_t step_lock[HW_MAX_CPUS] = {
	[0 ... HW_MAX_CPUS - 1] = PTHREAD_MUTEX_INITIALIZER,
};

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
 * but leaves its page-sized siblings.  On leaf entries the last-level
 * forms act like the others; only walk caches tell them apart
 * (hw/walkcache.h).
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

/* Add the @n entries @e of @holder's TLB to @v, and report it. */
static void tlb_report(struct hw_violation *v, unsigned int holder,
		       const struct hw_tlb_entry *e, unsigned int n)
{
	struct hw_violation_entry *ve;
	unsigned int i;

	for (i = 0; i < n; i++) {
		hw_violation_add(v, "tlb", e[i].src, e[i].desc, e[i].va);
		ve = &v->entries[v->nr_entries - 1];
		ve->size_shift = e[i].size_shift;
		ve->cpu = holder;
		ve->seq = e[i].seq;
	}
	/* What memory says now, next to what the TLB still believes. */
	if (e[0].src)
		hw_violation_add(v, "memory", e[0].src,
				 __atomic_load_n(e[0].src, __ATOMIC_SEQ_CST),
				 v->va);
	hw_violation_report(v);
}

void hw_tlb_report(enum hw_oracle oracle, const char *what, unsigned int cpu,
		   uint64_t va, const struct hw_tlb_entry *e, unsigned int n)
{
	struct hw_violation v = { .oracle = oracle, .what = what, .cpu = cpu,
				  .va = va };

	tlb_report(&v, cpu, e, n);
}

static void tlb_remove(unsigned int cpu, struct hw_tlb_entry *e)
{
	log_tlb(HW_EV_TLB_EVICT, cpu, e);
	e->valid = false;
	nr_undecided[cpu] -= e->undecided;
	__atomic_store_n(&nr_valid[cpu], nr_valid[cpu] - 1, __ATOMIC_RELAXED);
}

/*
 * The undecided entry @e as the group's: what a fill honouring the
 * Contiguous bit would have made of the same walk.
 */
static struct hw_tlb_entry as_group(const struct hw_tlb_entry *e)
{
	struct hw_tlb_entry g = *e;
	uint64_t mask = (1ull << hw_group_shift()) - 1;

	g.size_shift = hw_group_shift();
	g.va &= ~mask;
	g.oa &= ~mask;
	return g;
}

/*
 * N3 for the entry in @cpu's slot @i filled at @seq, unless it is gone or
 * decided meanwhile: 0 makes it the group's, as a fill honouring the
 * Contiguous bit would have (logged as the group's fill, the one a trace
 * shows a sibling's access using), 1 leaves it a page entry.
 */
static void decide(unsigned int cpu, unsigned int i, uint64_t seq)
{
	bool group = hw_choose(HW_CHOICE_FILL_SIZE, 2) == 0;
	struct hw_tlb_entry *e = &tlbs[cpu][i];

	pthread_mutex_lock(&tlb_lock);
	if (e->valid && e->seq == seq && e->undecided) {
		if (group) {
			*e = as_group(e);
			log_tlb(HW_EV_TLB_FILL, cpu, e);
			hw_count_n(tlb_fills[0], -1ull);
			hw_count(tlb_fills[1]);
		}
		e->undecided = false;
		nr_undecided[cpu]--;
	}
	pthread_mutex_unlock(&tlb_lock);
}

/*
 * Decide every undecided entry of @cpu for which @tells(@e, @arg) holds:
 * where the two sizes would act differently.  The question is asked
 * outside tlb_lock, as every choice is.
 */
static void decide_where(unsigned int cpu,
			 bool (*tells)(const struct hw_tlb_entry *e,
				       const void *arg),
			 const void *arg)
{
	unsigned int i;
	uint64_t seq = 0;

	for (;;) {
		pthread_mutex_lock(&tlb_lock);
		for (i = 0; nr_undecided[cpu] && i < HW_TLB_ENTRIES; i++) {
			if (tlbs[cpu][i].valid && tlbs[cpu][i].undecided &&
			    tells(&tlbs[cpu][i], arg)) {
				seq = tlbs[cpu][i].seq;
				break;
			}
		}
		pthread_mutex_unlock(&tlb_lock);
		if (!seq)
			return;
		decide(cpu, i, seq);
		seq = 0;
	}
}

struct probe {
	uint16_t asid;
	uint64_t va;
	bool all;		/* several entries match: decide every one */
};

/* A lookup of a sibling page, or one several entries answer. */
static bool lookup_tells(const struct hw_tlb_entry *e, const void *arg)
{
	const struct probe *p = arg;
	struct hw_tlb_entry g = as_group(e);

	return hw_tlb_entry_covers(&g, p->asid, p->va) &&
	       (p->all || !hw_tlb_entry_covers(e, p->asid, p->va));
}

static unsigned int lookup(unsigned int cpu, uint16_t asid, uint64_t va,
			   struct hw_tlb_entry *out, unsigned int max,
			   bool *undecided)
{
	unsigned int i, n = 0;

	*undecided = false;
	pthread_mutex_lock(&tlb_lock);
	for (i = 0; i < HW_TLB_ENTRIES; i++) {
		if (!hw_tlb_entry_covers(&tlbs[cpu][i], asid, va))
			continue;
		*undecided |= tlbs[cpu][i].undecided;
		if (n < max)
			out[n] = tlbs[cpu][i];
		n++;
	}
	pthread_mutex_unlock(&tlb_lock);
	return n;
}

unsigned int hw_tlb_lookup(unsigned int cpu, uint16_t asid, uint64_t va,
			   struct hw_tlb_entry *out, unsigned int max)
{
	struct probe p = { .asid = asid, .va = va };
	unsigned int n;
	bool undecided;

	decide_where(cpu, lookup_tells, &p);
	n = lookup(cpu, asid, va, out, max, &undecided);
	/* Whether a multi-hit is one depends on the sizes (RNGLXZ). */
	if (n < 2 || !undecided)
		return n;
	p.all = true;
	decide_where(cpu, lookup_tells, &p);
	return lookup(cpu, asid, va, out, max, &undecided);
}

bool hw_tlb_holds(unsigned int cpu, uint16_t asid, uint64_t va)
{
	struct hw_tlb_entry e;
	bool undecided;

	return lookup(cpu, asid, va, &e, 1, &undecided) != 0;
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
	nr_undecided[cpu] += e->undecided;
	__atomic_store_n(&nr_valid[cpu], nr_valid[cpu] + 1, __ATOMIC_RELAXED);
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

bool hw_tlb_step_begin(unsigned int cpu)
{
	if (hw_sched_hooked())
		return false;
	pthread_mutex_lock(&step_lock[cpu]);
	return true;
}

void hw_tlb_step_end(unsigned int cpu, bool held)
{
	if (held)
		pthread_mutex_unlock(&step_lock[cpu]);
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
	hw_wc_tlbi(cpu, &p->t);
	for (i = 0; i < HW_TLB_ENTRIES; i++) {
		e = &tlbs[cpu][i];
		if (e->valid && hw_tlbi_covers(&p->t, e->va, e->size_shift,
					       e->asid, e->global) &&
		    !hw_unordered_covers(&p->unordered, e->va, e->size_shift,
					 e->asid, e->global)) {
			tlb_remove(cpu, e);
			hw_count(tlb_invalidated);
		}
	}
}

/* A TLBI that removes the entry's group but not its page. */
static bool tlbi_tells(const struct hw_tlb_entry *e, const void *arg)
{
	const struct hw_tlbi *t = arg;
	struct hw_tlb_entry g = as_group(e);

	return hw_tlbi_covers(t, g.va, g.size_shift, e->asid, e->global) &&
	       !hw_tlbi_covers(t, e->va, e->size_shift, e->asid, e->global);
}

/*
 * Whether @p still removes something from @cpu's TLB when applied there,
 * its operation in @t (tlb_lock held).
 */
static bool pending_acts(const struct pending *p, unsigned int cpu,
			 struct hw_tlbi *t)
{
	*t = p->t;
	return (p->cpus & (1u << cpu)) && !p->skip;
}

/* The index of the TLBI issued at @seq, or -1 once retired (tlb_lock held). */
static int pending_find(uint64_t seq)
{
	unsigned int i;

	for (i = 0; i < nr_pending; i++)
		if (pending[i].seq == seq)
			return i;
	return -1;
}

/*
 * Apply the TLBI issued at @seq on @cpu between two of its steps: a step
 * whose walk read the old descriptor has filled and accessed by now, and
 * the fill goes with the rest (RDDMVT step 4).
 */
static void apply_on(uint64_t seq, unsigned int cpu)
{
	bool held = hw_tlb_step_begin(cpu);
	struct hw_tlbi t;
	bool acts;
	int i;

	pthread_mutex_lock(&tlb_lock);
	i = pending_find(seq);
	acts = i >= 0 && pending_acts(&pending[i], cpu, &t);
	pthread_mutex_unlock(&tlb_lock);
	if (acts)
		decide_where(cpu, tlbi_tells, &t);
	pthread_mutex_lock(&tlb_lock);
	i = pending_find(seq);
	if (i >= 0)
		pending_apply(&pending[i], cpu);
	pthread_mutex_unlock(&tlb_lock);
	hw_tlb_step_end(cpu, held);
}

static void pending_remove(unsigned int i)
{
	memmove(pending + i, pending + i + 1,
		(--nr_pending - i) * sizeof(*pending));
}

/* Software may rely on @p having acted everywhere (RDDMVT step 4). */
static void pending_done(const struct pending *p)
{
	if (!p->ttl_bad && (p->t.broadcast || nr_cpus() == 1))
		hw_mon_tlbi_done(&p->t, p->seq, &p->unordered);
}

/*
 * Complete the TLBI issued at @seq on @cpus, the CPUs it was still
 * pending on, and retire it.  A concurrent completion of the same TLBI
 * (one making room, and its issuer's DSB) applies nothing twice, and
 * only the one that retires it reports it done.
 */
static void complete(uint64_t seq, uint32_t cpus)
{
	struct pending p;
	unsigned int cpu;
	int i;

	for (cpu = 0; cpu < nr_cpus(); cpu++)
		if (cpus & (1u << cpu))
			apply_on(seq, cpu);
	pthread_mutex_lock(&tlb_lock);
	i = pending_find(seq);
	if (i >= 0) {
		p = pending[i];
		pending_remove(i);
	}
	pthread_mutex_unlock(&tlb_lock);
	if (i >= 0)
		pending_done(&p);
}

/*
 * The first pending TLBI of @issuer that its DSB still acts on, in @seq,
 * and in @cpus where: everywhere it is pending for DSB ISH and for a
 * local TLBI; for a broadcast one at DSB NSH, its local part only, which
 * then stays pending elsewhere (@retire false).  tlb_lock held.
 */
static bool dsb_next(unsigned int issuer, bool ish, uint64_t *seq,
		     uint32_t *cpus, bool *retire)
{
	struct pending *p;
	unsigned int i;

	for (i = 0; i < nr_pending; i++) {
		p = &pending[i];
		if (p->issuer != issuer)
			continue;
		*seq = p->seq;
		*retire = ish || !p->t.broadcast;
		*cpus = *retire ? p->cpus : p->cpus & (1u << issuer);
		if (*cpus || *retire)
			return true;
	}
	return false;
}

static void tlb_backend_tlbi(void *arg, unsigned int cpu,
			     const struct hw_tlbi *t)
{
	struct pending p = {
		.t = *t, .issuer = cpu, .seq = hw_seq_next(),
		.cpus = t->broadcast ? (1u << nr_cpus()) - 1 : 1u << cpu,
	};
	uint64_t oldest;
	uint32_t cpus;

	/*
	 * A walk may read what the issuer stored before it without a DSB
	 * as it was before the store, and fill that again (hw/order.h).
	 */
	hw_order_tlbi(cpu, t, &p.unordered);
	/* FEAT_TTL: a wrong level hint need not invalidate anything (N8). */
	p.ttl_bad = t->ttl && t->ttl != HW_LEAF_LEVEL;
	if (p.ttl_bad && hw_choose(HW_CHOICE_TTL, 2)) {
		p.skip = true;
		hw_count(tlbi_ttl_skipped);
	}

	pthread_mutex_lock(&tlb_lock);
	while (nr_pending == HW_MAX_PENDING_TLBI) {
		/* Completing early is always allowed; make room that way. */
		oldest = pending[0].seq;
		cpus = pending[0].cpus;
		pthread_mutex_unlock(&tlb_lock);
		complete(oldest, cpus);
		pthread_mutex_lock(&tlb_lock);
	}
	pending[nr_pending++] = p;
	pthread_mutex_unlock(&tlb_lock);
}

/*
 * The DSB returns once what it waits for has completed on every CPU,
 * which includes the accesses that used what it invalidated.
 */
static void tlb_backend_dsb(void *arg, unsigned int cpu, enum hw_dsb kind)
{
	uint64_t seq;
	uint32_t cpus;
	bool more, retire;

	/* The store-only forms do not wait for TLB maintenance. */
	if (kind == HW_DSB_ISHST || kind == HW_DSB_NSHST)
		return;
	do {
		pthread_mutex_lock(&tlb_lock);
		more = dsb_next(cpu, kind == HW_DSB_ISH, &seq, &cpus, &retire);
		pthread_mutex_unlock(&tlb_lock);
		if (more && retire)
			complete(seq, cpus);
		else if (more)
			apply_on(seq, cpu);
	} while (more);
}

const struct hw_tlb_backend hw_tlb_backend = {
	.tlbi = tlb_backend_tlbi, .dsb = tlb_backend_dsb,
};

/* N7: before the issuer's DSB, each target CPU applies a TLBI whenever. */
static void early_completions(unsigned int cpu)
{
	struct hw_tlbi t;
	bool acts;
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
		acts = pending_acts(&pending[i], cpu, &t);
		pthread_mutex_unlock(&tlb_lock);
		if (!hw_choose(HW_CHOICE_TLBI_DONE, 2))
			continue;
		if (acts)
			decide_where(cpu, tlbi_tells, &t);
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

/* tlb_lock held. */
static bool asid_retired(uint16_t asid)
{
	return retired[asid / 64] & (1ull << (asid % 64));
}

void hw_tlb_retire(uint16_t asid)
{
	pthread_mutex_lock(&tlb_lock);
	retired[asid / 64] |= 1ull << (asid % 64);
	pthread_mutex_unlock(&tlb_lock);
}

void hw_tlb_revive(uint16_t asid)
{
	pthread_mutex_lock(&tlb_lock);
	retired[asid / 64] &= ~(1ull << (asid % 64));
	pthread_mutex_unlock(&tlb_lock);
}

/* Frames [pfn, pfn + nr), as physical addresses. */
struct frames {
	uint64_t pa, end;
};

/* @e is of a live context and translates to one of @arg's frames. */
static bool maps_frames(const struct hw_tlb_entry *e, const void *arg)
{
	const struct frames *f = arg;

	return e->valid && (e->global || !asid_retired(e->asid)) &&
	       e->oa < f->end && f->pa < e->oa + (1ull << e->size_shift);
}

/* The entry's group translates to one of the frames and its page not. */
static bool free_tells(const struct hw_tlb_entry *e, const void *arg)
{
	struct hw_tlb_entry g = as_group(e);

	return maps_frames(&g, arg) && !maps_frames(e, arg);
}

/*
 * An entry of @cpu that translates to one of the frames in *@stale;
 * whether an undecided entry must be asked its size first, in *@ask.
 * One pass under tlb_lock, none for an empty TLB (the allocator's
 * setup frees every frame).
 */
static bool find_stale(unsigned int cpu, const struct frames *f,
		       struct hw_tlb_entry *stale, bool *ask)
{
	const struct hw_tlb_entry *e;
	unsigned int i;
	bool found = false;

	*ask = false;
	if (!__atomic_load_n(&nr_valid[cpu], __ATOMIC_RELAXED))
		return false;
	pthread_mutex_lock(&tlb_lock);
	for (i = 0; i < HW_TLB_ENTRIES && !found; i++) {
		e = &tlbs[cpu][i];
		if (!e->valid)
			continue;
		if (maps_frames(e, f)) {
			*stale = *e;
			found = true;
		} else if (e->undecided && free_tells(e, f)) {
			*ask = true;
		}
	}
	pthread_mutex_unlock(&tlb_lock);
	return found;
}

/* Reported by the CPU that frees, at the VA @holder's entry @e has. */
static void report_freed(unsigned int holder, const struct hw_tlb_entry *e,
			 const struct frames *f)
{
	uint64_t pa = f->pa > e->oa ? f->pa : e->oa;
	struct hw_violation v = {
		.oracle = HW_ORACLE_STALE_TLB, .cpu = hw_this_cpu,
		.what = "frame freed while a TLB of a live context still translates to it",
		.va = e->va + pa - e->oa,
	};

	tlb_report(&v, holder, e, 1);
}

void hw_tlb_frames_freed(uint64_t pfn, uint64_t nr)
{
	struct frames f = { .pa = pfn << hw_cfg.page_shift,
			    .end = (pfn + nr) << hw_cfg.page_shift };
	struct hw_tlb_entry stale;
	unsigned int cpu;
	bool found, ask;

	for (cpu = 0; cpu < nr_cpus(); cpu++) {
		found = find_stale(cpu, &f, &stale, &ask);
		if (!found && ask) {
			decide_where(cpu, free_tells, &f);
			found = find_stale(cpu, &f, &stale, &ask);
		}
		if (found)
			report_freed(cpu, &stale, &f);
	}
}

/*
 * What @e gives at @va that the descriptor at @ptep (NULL: no table) does
 * not, or NULL.  Each is something an access through @e does not fault
 * on: the frame, validity, write (AP[2] clear over a read-only
 * descriptor: AP[2] set, DBM clear), EL0 access (AP[1]), execute (UXN).
 * The Access flag and the rest may differ, and so may the dirty state:
 * a writable translation over a writable-clean descriptor (DBM, AP[2]
 * set) is one whose dirty bit software cleaned or lost, or one the
 * hardware put in another member of the contiguous group (RJQQTC), and
 * the A/D oracles, which see what that loses, judge it.
 */
static const char *gives_more(const struct hw_tlb_entry *e, uint64_t va,
			      const uint64_t *ptep)
{
	uint64_t d = ptep ? __atomic_load_n(ptep, __ATOMIC_SEQ_CST) : 0;

	if (!(d & HW_DESC_VALID))
		return "TLB entry left at the end of the run over a descriptor no longer valid";
	if (hw_desc_oa(d) != e->oa + (va - e->va))
		return "TLB entry left at the end of the run to a frame the descriptor no longer maps";
	if (!(e->desc & HW_DESC_AP2) && (d & HW_DESC_AP2) &&
	    !(d & HW_DESC_DBM))
		return "TLB entry left at the end of the run writable over a read-only descriptor";
	if ((e->desc & HW_DESC_AP1) && !(d & HW_DESC_AP1))
		return "TLB entry left at the end of the run with EL0 access the descriptor no longer gives";
	if (!(e->desc & HW_DESC_UXN) && (d & HW_DESC_UXN))
		return "TLB entry left at the end of the run executable over a descriptor that is not";
	return NULL;
}

/* Whether @cpu's entry @e of @ctx gives more than the tables anywhere. */
static bool sweep_entry(const struct hw_ctx *ctx, unsigned int cpu,
			const struct hw_tlb_entry *e)
{
	uint64_t va, end = e->va + (1ull << e->size_shift), *ptep;
	const char *what;

	for (va = e->va; va < end; va += 1ull << hw_cfg.page_shift) {
		ptep = hw_peek_tables(ctx, va);
		what = gives_more(e, va, ptep);
		if (what) {
			hw_tlb_report(HW_ORACLE_STALE_TLB, what, cpu, va, e, 1);
			return true;
		}
	}
	return false;
}

unsigned int hw_tlb_sweep(const struct hw_ctx *ctx)
{
	struct hw_tlb_entry e;
	unsigned int cpu, i, n = 0;
	bool mine;

	for (cpu = 0; cpu < nr_cpus(); cpu++)
		for (i = 0; i < HW_TLB_ENTRIES; i++) {
			pthread_mutex_lock(&tlb_lock);
			e = tlbs[cpu][i];
			mine = e.valid && !e.global && e.asid == ctx->asid &&
			       !asid_retired(e.asid);
			pthread_mutex_unlock(&tlb_lock);
			n += mine && sweep_entry(ctx, cpu, &e);
		}
	return n;
}

void hw_tlb_reset(void)
{
	pthread_mutex_lock(&tlb_lock);
	memset(tlbs, 0, sizeof(tlbs));
	memset(retired, 0, sizeof(retired));
	memset(nr_undecided, 0, sizeof(nr_undecided));
	memset(nr_valid, 0, sizeof(nr_valid));
	nr_pending = 0;
	pthread_mutex_unlock(&tlb_lock);
	hw_wc_reset();
}
