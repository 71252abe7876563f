// SPDX-License-Identifier: GPL-2.0-only
/*
 * The monitors watch descriptor writes in tables a walker can reach (a
 * table nobody has walked cannot have filled a TLB): a break-before-make
 * automaton per descriptor, and the consistency of contiguous groups.
 */
#include <pthread.h>
#include <stdlib.h>

#include "desc.h"
#include "machine.h"
#include "mem.h"
#include "monitor.h"
#include "phys.h"
#include "stats.h"
#include "tlb.h"
#include "walk.h"

/* A descriptor broken (made invalid) and not yet cleaned by a TLBI. */
struct unclean {
	uint64_t *ptep;
	uint64_t old;		/* the last valid value, maybe still in TLBs */
	uint64_t va;
	uint16_t asid;
	bool global;
	uint64_t seq;		/* when broken */
};

/* A group part-way through a permission change, awaiting its flush. */
struct skewed {
	uint64_t *group;
	uint64_t va;
	uint16_t asid;
	bool global;
	uint64_t seq;
};

#define RING_SIZE	256

static pthread_mutex_t mon_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hw_write_rec ring[RING_SIZE];
static unsigned int ring_next, ring_len;
static struct unclean *unclean;
static unsigned int nr_unclean, cap_unclean;
static struct skewed *skewed;
static unsigned int nr_skewed, cap_skewed;

/* Grow *@a (of @size-byte items) to hold one more; false if out of memory. */
static bool grow(void **a, unsigned int n, unsigned int *cap, size_t size)
{
	void *p;

	if (n < *cap)
		return true;
	p = realloc(*a, (*cap ? *cap * 2 : 64) * size);
	if (!p)
		return false;
	*a = p;
	*cap = *cap ? *cap * 2 : 64;
	return true;
}

static inline uint64_t load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

/*
 * A descriptor a TLB may hold a translation from.  With HA=0 an AF=0
 * entry is never cached (IWZCBG) so it is a break; with HA=1 a walk can
 * set AF again and re-cache the old output address, so it is not.
 */
static bool live(uint64_t d)
{
	return hw_desc_is_page(d) && (hw_cfg.ha || (d & HW_DESC_AF));
}

static bool same_contents(uint64_t a, uint64_t b)
{
	uint64_t pa = hw_desc_pfn(a), pb = hw_desc_pfn(b);

	return hw_frame_exists(pa) && hw_frame_exists(pb) &&
	       hw_frame_data(pa) == hw_frame_data(pb) &&
	       hw_frame_fill(pa) == hw_frame_fill(pb);
}

/* RWHZWS: the changes that need a break-before-make sequence. */
static bool needs_bbm(uint64_t old, uint64_t new)
{
	uint64_t diff = old ^ new;

	if (hw_desc_oa(diff) &&
	    (hw_desc_may_write(old, hw_cfg.hd) ||
	     hw_desc_may_write(new, hw_cfg.hd) || !same_contents(old, new)))
		return true;
	if (diff & (HW_DESC_ATTRINDX | HW_DESC_SH))
		return true;
	/* A block-size change; FEAT_BBML1/2 lift this (RKHRBC, RKFLJB). */
	if ((diff & HW_DESC_CONT) && hw_cfg.bbm == HW_BBM_0)
		return true;
	/* A global entry that may overlap non-global ones in a TLB. */
	return (old & HW_DESC_NG) && !(new & HW_DESC_NG);
}

static struct unclean *unclean_find(const uint64_t *p)
{
	unsigned int i;

	for (i = 0; i < nr_unclean; i++)
		if (unclean[i].ptep == p)
			return &unclean[i];
	return NULL;
}

static void init_violation(struct hw_violation *v, enum hw_oracle oracle,
			   const char *what, uint64_t va)
{
	*v = (struct hw_violation){
		.oracle = oracle, .what = what, .cpu = hw_this_cpu, .va = va,
	};
}

/* The break-before-make automaton of one descriptor (Casemate-style). */
static bool bbm_write(uint64_t *p, const struct hw_table_info *info,
		      uint64_t va, uint64_t old, uint64_t new, uint64_t seq,
		      struct hw_violation *v)
{
	struct unclean *u;
	bool bad;

	if (live(old) && live(new)) {
		if (!needs_bbm(old, new))
			return false;
		init_violation(v, HW_ORACLE_BBM,
			       "valid-to-valid change needs break-before-make (RWHZWS)",
			       va);
		hw_violation_add(v, "old", p, old, va);
		hw_violation_add(v, "new", p, new, va);
		return true;
	}
	if (live(old)) {
		if (!grow((void **)&unclean, nr_unclean, &cap_unclean,
			  sizeof(*unclean)))
			return false;
		unclean[nr_unclean++] = (struct unclean){
			.ptep = p, .old = old, .va = va, .asid = info->asid,
			.global = !(old & HW_DESC_NG), .seq = seq,
		};
		return false;
	}
	u = live(new) ? unclean_find(p) : NULL;
	if (!u)
		return false;
	bad = needs_bbm(u->old, new);
	if (bad) {
		init_violation(v, HW_ORACLE_BBM,
			       "entry re-made before a completed TLBI of its break (RDDMVT)",
			       va);
		hw_violation_add(v, "broken", p, u->old, va);
		hw_violation_add(v, "new", p, new, va);
	}
	*u = unclean[--nr_unclean];
	return bad;
}

enum group_state {
	G_NONE,			/* no valid Cont=1 member: not a group */
	G_CONSISTENT,
	G_TRANSIENT,		/* some members invalid, the rest consistent */
	G_AD_SKEW,		/* only AF and dirty (AP[2] with DBM) differ */
	G_PERM_SKEW,		/* write permission differs: RJQQTC, one of them */
	G_MISPROGRAMMED,	/* Cont, output address or attributes differ */
};

/*
 * Classify the group values @v against the first valid Cont=1 member
 * (@ref); @bad gets the member that decided a skew or misprogramming.
 */
static enum group_state classify(const uint64_t *v, unsigned int *ref,
				 unsigned int *bad)
{
	unsigned int i, n = hw_cfg.cont_ptes, ps = hw_cfg.page_shift;
	bool invalid = false, ad = false, perm = false;
	uint64_t base, diff;

	for (i = 0; i < n; i++)
		if (hw_desc_is_page(v[i]) && (v[i] & HW_DESC_CONT))
			break;
	if (i == n)
		return G_NONE;
	*ref = *bad = i;
	base = hw_desc_oa(v[i]) - ((uint64_t)i << ps);
	if (base & ((1ull << hw_group_shift()) - 1))
		return G_MISPROGRAMMED;
	for (i = 0; i < n; i++) {
		if (!hw_desc_is_page(v[i])) {
			invalid = true;
			continue;
		}
		diff = v[i] ^ v[*ref];
		if ((diff & (HW_DESC_ATTRS | HW_DESC_CONT)) ||
		    hw_desc_oa(v[i]) != base + ((uint64_t)i << ps)) {
			*bad = i;
			return G_MISPROGRAMMED;
		}
		if ((diff & HW_DESC_DBM) ||
		    ((diff & HW_DESC_AP2) && !(v[i] & v[*ref] & HW_DESC_DBM))) {
			perm = true;
			*bad = i;
		} else if (diff & (HW_DESC_AF | HW_DESC_AP2)) {
			ad = true;
		}
	}
	if (perm)
		return G_PERM_SKEW;
	if (invalid)
		return G_TRANSIENT;
	return ad ? G_AD_SKEW : G_CONSISTENT;
}

static void load_group(const uint64_t *g, uint64_t *v)
{
	unsigned int i;

	for (i = 0; i < hw_cfg.cont_ptes; i++)
		v[i] = load(g + i);
}

static struct skewed *skewed_find(const uint64_t *g)
{
	unsigned int i;

	for (i = 0; i < nr_skewed; i++)
		if (skewed[i].group == g)
			return &skewed[i];
	return NULL;
}

/* Note (or forget) @g as part-way through a permission change. */
static void skewed_note(uint64_t *g, bool skew, uint64_t va, uint16_t asid,
			uint64_t d, uint64_t seq)
{
	struct skewed *s = skewed_find(g);

	if (!skew) {
		if (s)
			*s = skewed[--nr_skewed];
		return;
	}
	if (s || !grow((void **)&skewed, nr_skewed, &cap_skewed,
		       sizeof(*skewed)))
		return;
	skewed[nr_skewed++] = (struct skewed){
		.group = g, .va = va, .asid = asid,
		.global = !(d & HW_DESC_NG), .seq = seq,
	};
}

static void add_members(struct hw_violation *v, uint64_t *g,
			const uint64_t *vals, unsigned int ref,
			unsigned int bad, uint64_t gva)
{
	hw_violation_add(v, "member", g + ref, vals[ref],
			 gva + ((uint64_t)ref << hw_cfg.page_shift));
	if (bad != ref)
		hw_violation_add(v, "member", g + bad, vals[bad],
				 gva + ((uint64_t)bad << hw_cfg.page_shift));
}

/*
 * Contiguous-group consistency after @p changed from @old to @new.  A
 * group that becomes misprogrammed is a violation: "bbm" when a member was
 * re-made while siblings still held the old block (the whole group must
 * be broken first), "misprogrammed" when it was changed in place.
 */
static bool group_write(uint64_t *p, const struct hw_table_info *info,
			uint64_t va, uint64_t old, uint64_t new, uint64_t seq,
			struct hw_violation *v)
{
	uint64_t vals[HW_MAX_CONT_PTES], *g = hw_group_of(p);
	uint64_t gva = va & ~((1ull << hw_group_shift()) - 1);
	unsigned int ref, bad, r2, b2;
	enum group_state now;

	load_group(g, vals);
	vals[p - g] = new;
	now = classify(vals, &ref, &bad);
	skewed_note(g, now == G_PERM_SKEW, gva, info->asid, new, seq);
	switch (now) {
	case G_TRANSIENT:
		hw_count(group_transient);
		return false;
	case G_AD_SKEW:
		hw_count(group_ad_skew);
		return false;
	case G_PERM_SKEW:
		hw_count(group_perm_skew);
		return false;
	case G_MISPROGRAMMED:
		break;
	default:
		return false;
	}
	hw_count(group_misprogrammed);
	vals[p - g] = old;
	if (classify(vals, &r2, &b2) == G_MISPROGRAMMED)
		return false;	/* already reported when it happened */
	vals[p - g] = new;
	if (live(old))
		init_violation(v, HW_ORACLE_MISPROGRAMMED,
			       "contiguous group misprogrammed in place (RNGLXZ, RJQQTC)",
			       va);
	else
		init_violation(v, HW_ORACLE_BBM,
			       "contiguous group re-made before all of it was broken",
			       va);
	add_members(v, g, vals, ref, bad, gva);
	if (p - g != ref && p - g != bad)
		hw_violation_add(v, "new", p, new, va);
	return true;
}

/* A table descriptor written into a known table makes its target known. */
static void learn_child(const uint64_t *p, const struct hw_table_info *info,
			uint64_t new)
{
	uint64_t *child;
	uint64_t idx = p - hw_table_base(p);

	if ((new & 3) != 3)
		return;
	child = hw_table_va(hw_desc_oa(new));
	if (child)
		hw_table_learn(child, info->level + 1,
			       info->va + (idx << hw_level_shift(info->level)),
			       info->asid);
}

static void ring_add(uint64_t seq, uint64_t *p, uint64_t old, uint64_t new,
		     bool by_hw)
{
	ring[ring_next] = (struct hw_write_rec){
		.seq = seq, .cpu = hw_this_cpu, .ptep = p,
		.old = old, .new = new, .by_hw = by_hw,
	};
	ring_next = (ring_next + 1) % RING_SIZE;
	if (ring_len < RING_SIZE)
		ring_len++;
}

static void mon_write(void *arg, uint64_t *p, uint64_t old, uint64_t new,
		      bool by_hw)
{
	struct hw_table_info *info = hw_table_info(p);
	uint64_t seq = hw_seq_next(), va;
	struct hw_violation v;
	bool report = false;

	pthread_mutex_lock(&mon_lock);
	ring_add(seq, p, old, new, by_hw);
	/* The hardware only sets AF and clears AP[2]: nothing to check. */
	if (by_hw || !info || !__atomic_load_n(&info->known, __ATOMIC_ACQUIRE))
		goto out;
	if (info->level < HW_LEAF_LEVEL) {
		learn_child(p, info, new);
		goto out;
	}
	va = info->va + ((uint64_t)(p - hw_table_base(p)) << hw_cfg.page_shift);
	report = bbm_write(p, info, va, old, new, seq, &v);
	if (!report && hw_desc_is_page(new))
		report = group_write(p, info, va, old, new, seq, &v);
out:
	pthread_mutex_unlock(&mon_lock);
	if (report)
		hw_violation_report(&v);
}

static const struct hw_write_observer observer = { .fn = mon_write };

/*
 * Forget breaks @t cleans; return a violation for a group it covers that
 * is still only part-way through a permission change (D21194 allows a
 * whole-block change in place, followed by this flush, but no part).
 */
static bool tlbi_done_locked(const struct hw_tlbi *t, uint64_t seq,
			     const struct hw_unordered *u,
			     struct hw_violation *v)
{
	uint64_t vals[HW_MAX_CONT_PTES];
	unsigned int i, ref, bad;
	struct skewed s;
	bool report = false;

	for (i = nr_unclean; i--;)
		if (unclean[i].seq < seq &&
		    hw_tlbi_covers(t, unclean[i].va, hw_cfg.page_shift,
				   unclean[i].asid, unclean[i].global) &&
		    !hw_unordered_covers(u, unclean[i].va, hw_cfg.page_shift,
					 unclean[i].asid, unclean[i].global))
			unclean[i] = unclean[--nr_unclean];
	for (i = nr_skewed; i--;) {
		s = skewed[i];
		if (s.seq > seq ||
		    !hw_tlbi_covers(t, s.va, hw_group_shift(), s.asid, s.global) ||
		    hw_unordered_covers(u, s.va, hw_group_shift(), s.asid,
					s.global))
			continue;
		skewed[i] = skewed[--nr_skewed];
		load_group(s.group, vals);
		if (report || classify(vals, &ref, &bad) != G_PERM_SKEW)
			continue;
		init_violation(v, HW_ORACLE_MISPROGRAMMED,
			       "permissions of part of a contiguous group changed (RJQQTC)",
			       s.va + ((uint64_t)bad << hw_cfg.page_shift));
		add_members(v, s.group, vals, ref, bad, s.va);
		report = true;
	}
	return report;
}

void hw_mon_tlbi_done(const struct hw_tlbi *t, uint64_t seq,
		      const struct hw_unordered *u)
{
	struct hw_violation v;
	bool report;

	pthread_mutex_lock(&mon_lock);
	report = tlbi_done_locked(t, seq, u, &v);
	pthread_mutex_unlock(&mon_lock);
	if (report)
		hw_violation_report(&v);
}

static bool involved(const struct hw_violation *v, const uint64_t *p)
{
	unsigned int i;

	for (i = 0; i < v->nr_entries; i++)
		if (v->entries[i].ptep &&
		    hw_group_of(v->entries[i].ptep) == hw_group_of(p))
			return true;
	return false;
}

void hw_mon_provenance(struct hw_violation *v)
{
	struct hw_write_rec found[HW_VIOLATION_WRITES];
	unsigned int i, n = 0, at;

	pthread_mutex_lock(&mon_lock);
	for (i = 0; i < ring_len && n < HW_VIOLATION_WRITES; i++) {
		at = (ring_next + RING_SIZE - 1 - i) % RING_SIZE;
		if (involved(v, ring[at].ptep))
			found[n++] = ring[at];
	}
	pthread_mutex_unlock(&mon_lock);
	/* Oldest first. */
	for (i = 0; i < n; i++)
		v->writes[i] = found[n - 1 - i];
	v->nr_writes = n;
}

void hw_monitors_reset(void)
{
	pthread_mutex_lock(&mon_lock);
	ring_next = ring_len = 0;
	nr_unclean = nr_skewed = 0;
	pthread_mutex_unlock(&mon_lock);
	hw_remove_write_observer(&observer);
	hw_add_write_observer(&observer);
}
