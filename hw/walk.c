// SPDX-License-Identifier: GPL-2.0-only
#include <pthread.h>

#include "ad.h"
#include "chooser.h"
#include "desc.h"
#include "mem.h"
#include "stats.h"
#include "walk.h"
#include "walkcache.h"

static pthread_mutex_t learn_lock = PTHREAD_MUTEX_INITIALIZER;

static inline uint64_t load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

void hw_table_learn(const uint64_t *table, int level, uint64_t va,
		    uint16_t asid)
{
	struct hw_table_info *info = hw_table_info(table);

	if (!info || __atomic_load_n(&info->known, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&learn_lock);
	if (!info->known) {
		info->level = level;
		info->va = va;
		info->asid = asid;
		__atomic_store_n(&info->known, true, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&learn_lock);
}

static bool fault(struct hw_fault *f, enum hw_fault_kind kind, int level)
{
	f->kind = kind;
	f->level = level;
	return false;
}

/*
 * @w: the walker whose walk cache serves and learns the last-level table,
 * NULL for an observer's walk (which also learns nothing about tables).
 */
static uint64_t *walk_tables(const struct hw_walker *w,
			     const struct hw_ctx *ctx, uint64_t va,
			     struct hw_fault *f, bool learn)
{
	uint64_t *table = hw_table_va(ctx->root_pa), d, *from = NULL;
	int level = hw_start_level();
	unsigned int span;

	if (w) {
		uint64_t *leaf = hw_wc_lookup(w->cpu, ctx->asid, va);

		if (leaf)
			return leaf + hw_level_index(va, HW_LEAF_LEVEL);
	}

	if (!table) {
		fault(f, HW_FAULT_TRANSLATION, level);
		return NULL;
	}
	for (;; level++) {
		/* The VA range the whole table translates (at most 48 bits). */
		span = hw_level_shift(level) + __builtin_ctz(hw_level_entries(level));
		if (learn)
			hw_table_learn(table, level, va & ~((1ull << span) - 1),
				       ctx->asid);
		if (level == HW_LEAF_LEVEL) {
			if (w)
				hw_wc_fill(w->cpu, ctx->asid, va, table, from);
			return table + hw_level_index(va, level);
		}
		from = table + hw_level_index(va, level);
		d = load(from);
		/* No block mappings in this machine: only table descriptors. */
		table = (d & 3) == 3 ? hw_table_va(hw_desc_oa(d)) : NULL;
		if (!table) {
			fault(f, HW_FAULT_TRANSLATION, level);
			return NULL;
		}
	}
}

uint64_t *hw_walk_tables(const struct hw_walker *w, const struct hw_ctx *ctx,
			 uint64_t va, struct hw_fault *f)
{
	return walk_tables(w, ctx, va, f, true);
}

uint64_t *hw_peek_tables(const struct hw_ctx *ctx, uint64_t va)
{
	struct hw_fault f;

	return walk_tables(NULL, ctx, va, &f, false);
}

/*
 * A sibling @delta entries from the walked descriptor @d may take its A/D
 * update if it is a valid member of the same correctly programmed group:
 * hardware treats the group as one translation (RJQQTC; docs/hw.md, "A/D
 * target policies").
 */
static bool ad_eligible(uint64_t s, uint64_t d, long delta)
{
	return hw_desc_is_page(s) &&
	       !((s ^ d) & (HW_DESC_ATTRS | HW_DESC_DBM | HW_DESC_CONT)) &&
	       hw_desc_oa(s) == hw_desc_oa(d) + ((uint64_t)delta << hw_cfg.page_shift);
}

static unsigned int ad_candidates(uint64_t *ptep, uint64_t d, uint64_t **out)
{
	uint64_t *g = hw_group_of(ptep);
	unsigned int i, n = 1;

	out[0] = ptep;
	for (i = 0; i < hw_cfg.cont_ptes; i++)
		if (g + i != ptep && ad_eligible(load(g + i), d, g + i - ptep))
			out[n++] = g + i;
	return n;
}

static uint64_t *ad_fixed(uint64_t **cand, unsigned int n, uint64_t *want)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (cand[i] == want)
			return want;
	return cand[0];
}

/* N4: the entry of @ptep's group that receives an update (ad-policy). */
static uint64_t *ad_target(uint64_t **cand, unsigned int n, uint64_t *origin)
{
	uint64_t *g = hw_group_of(cand[0]);

	switch (hw_cfg.ad_policy) {
	case HW_AD_FILL_ORIGIN:
		return origin ? ad_fixed(cand, n, origin) : cand[0];
	case HW_AD_FIRST:
		return ad_fixed(cand, n, g);
	case HW_AD_LAST:
		return ad_fixed(cand, n, g + hw_cfg.cont_ptes - 1);
	case HW_AD_RANDOM:
	case HW_AD_ENUMERATE:
		return cand[hw_choose(HW_CHOICE_AD_TARGET, n)];
	default:
		return cand[0];
	}
}

/*
 * Set AF and/or clear AP[2] in *@t for the walk of @ptep, which read @d;
 * *@seen is what @ptep holds as far as this walk knows (@d, or @d with
 * the walk's own update).  A sibling is read again and must still be a
 * member of the group: on threads software may have cleared it since the
 * walk chose it, and an update of a descriptor no longer valid would
 * either write A/D into it or report a dirty state that no descriptor in
 * memory holds.  And the walked entry must still hold what the walk
 * read, or the update would outlive a break of it whose invalidation
 * completed (RDDMVT).
 */
static bool ad_cas(uint64_t *t, uint64_t *ptep, uint64_t d, uint64_t *seen,
		   bool af, bool dirty)
{
	uint64_t v = t == ptep ? *seen : load(t), new = v;

	if (t != ptep && !ad_eligible(v, d, t - ptep))
		return false;

	if (af)
		new |= HW_DESC_AF;
	if (dirty)
		new &= ~HW_DESC_AP2;
	if (new == v)
		return true;
	if (!hw_ad_try_for(t, v, new, ptep, *seen))
		return false;
	if (t == ptep)
		*seen = new;
	return true;
}

/*
 * Perform the updates a walk of @ptep (value @d) needs.  Within a
 * contiguous group the policy picks the entry; "enumerate" also lets AF
 * and dirty land on different entries, which the architecture does not
 * forbid.  False when a descriptor changed under the walk.
 */
static bool ad_apply(uint64_t *ptep, uint64_t d, bool af, bool dirty,
		     uint64_t *origin)
{
	uint64_t *cand[HW_MAX_CONT_PTES];
	uint64_t *taf, *tdirty, seen = d;
	unsigned int n = 1;

	cand[0] = ptep;
	if ((d & HW_DESC_CONT) && hw_cfg.ad_policy != HW_AD_FAULTING)
		n = ad_candidates(ptep, d, cand);
	taf = tdirty = ad_target(cand, n, origin);
	if (af && dirty && hw_cfg.ad_policy == HW_AD_ENUMERATE)
		tdirty = ad_target(cand, n, origin);
	if (taf == tdirty)
		return ad_cas(taf, ptep, d, &seen, af, dirty);
	if (af && !ad_cas(taf, ptep, d, &seen, true, false))
		return false;
	return !dirty || ad_cas(tdirty, ptep, d, &seen, false, true);
}

/*
 * EL0 permission for @intent: a load or store needs AP[1], a store AP[2]
 * clear or DBM with HD; an instruction fetch needs UXN clear and nothing
 * of AP (AP[1] governs data accesses only, which is what makes an EL0
 * execute-only page; SCTLR_EL1.WXN, which Linux leaves clear, is not
 * modelled).  A speculative walk checks nothing: its fill is checked
 * when an access uses it.
 */
static bool walk_permits(uint64_t d, enum hw_walk_intent intent, bool hd)
{
	switch (intent) {
	case HW_WALK_FETCH:
		return !(d & HW_DESC_UXN);
	case HW_WALK_SPECULATIVE:
		return true;
	default:
		return (d & HW_DESC_AP1) &&
		       (intent != HW_WALK_WRITE || hw_desc_may_write(d, hd));
	}
}

bool hw_walk(const struct hw_walker *w, const struct hw_ctx *ctx, uint64_t va,
	     enum hw_walk_intent intent, uint64_t *origin, uint64_t **ptep,
	     uint64_t *desc, struct hw_fault *f)
{
	bool write = intent == HW_WALK_WRITE;
	bool need_af, need_dirty;
	uint64_t d;

	hw_count(walks);
	for (;;) {
		*ptep = hw_walk_tables(w, ctx, va, f);
		if (!*ptep)
			return false;
		d = load(*ptep);
		if (!hw_desc_is_page(d))
			return fault(f, HW_FAULT_TRANSLATION, HW_LEAF_LEVEL);
		need_af = !(d & HW_DESC_AF);
		if (need_af && !w->ha)
			return fault(f, HW_FAULT_ACCESS_FLAG, HW_LEAF_LEVEL);
		/* Permissions as they will be after the update (QEMU order). */
		if (!walk_permits(d, intent, w->hd))
			return fault(f, HW_FAULT_PERMISSION, HW_LEAF_LEVEL);
		need_dirty = write && w->hd && hw_desc_writable_clean(d);
		if (!(need_af || need_dirty) ||
		    ad_apply(*ptep, d, need_af, need_dirty, origin))
			break;
		hw_count(walk_restarts);
	}
	*desc = d | HW_DESC_AF;
	if (need_dirty)
		*desc &= ~HW_DESC_AP2;
	return true;
}
