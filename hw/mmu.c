// SPDX-License-Identifier: GPL-2.0-only
/*
 * An EL0 load, store or instruction fetch on one CPU (docs/hw.md, "An
 * access"):
 * TLB lookup, multi-hit resolution, permission check from the cached
 * entry, table walk with hardware A/D updates on a miss, fill, and the
 * access itself, with the chooser's background behaviours around it.
 */
#include "ad.h"
#include "chooser.h"
#include "desc.h"
#include "event.h"
#include "machine.h"
#include "mem.h"
#include "mmu.h"
#include "phys.h"
#include "stats.h"
#include "tlb.h"
#include "violation.h"
#include "walk.h"

#define MAX_HITS	4

/* What an access does: what it needs of the translation and the frame. */
enum hw_access_kind { HW_LOAD, HW_STORE, HW_FETCH };

static const char *const kind_names[] = {
	[HW_LOAD] = "load", [HW_STORE] = "store", [HW_FETCH] = "fetch",
};

const char *const hw_fault_kind_names[HW_NR_FAULT_KINDS] = {
	[HW_FAULT_NONE] = "none",
	[HW_FAULT_TRANSLATION] = "translation",
	[HW_FAULT_ACCESS_FLAG] = "access-flag",
	[HW_FAULT_PERMISSION] = "permission",
	[HW_FAULT_TLB_CONFLICT] = "tlb-conflict",
	[HW_FAULT_EXTERNAL] = "external",
};

static bool agents[HW_MAX_CPUS];
static hw_access_fn access_fn;
static void *access_arg;

void hw_set_access_observer(hw_access_fn fn, void *arg)
{
	access_fn = fn;
	access_arg = arg;
}

void hw_cpu_set_agent(unsigned int cpu, bool agent)
{
	agents[cpu] = agent;
}

bool hw_cpu_is_agent(unsigned int cpu)
{
	return agents[cpu] && hw_cfg.agent == HW_AGENT_SMMU;
}

static struct hw_walker walker_of(unsigned int cpu)
{
	if (hw_cpu_is_agent(cpu))
		return (struct hw_walker){ .cpu = cpu, .ha = false,
					   .hd = false };
	return (struct hw_walker){ .cpu = cpu, .ha = hw_cfg.ha,
				   .hd = hw_cfg.hd, .contig = true };
}

static bool raise_fault(unsigned int cpu, struct hw_fault *f,
			enum hw_fault_kind kind)
{
	struct hw_event ev = { .kind = HW_EV_FAULT, .cpu = cpu, .old = f->va,
			       .new = f->write, .note = hw_fault_kind_names[kind] };

	f->kind = kind;
	hw_count(faults);
	hw_event_add(&ev);
	return false;
}

/*
 * N3: the contiguous bit is a hint the implementation may ignore.  Where
 * the chooser decides, the entry is filled undecided and the question
 * is asked when the answer first shows (hw/tlb.h).
 */
static unsigned int fill_shift(const struct hw_walker *w, uint64_t d,
			       bool *undecided)
{
	*undecided = false;
	if (!w->contig || !(d & HW_DESC_CONT))
		return hw_cfg.page_shift;
	switch (hw_cfg.contig_fill) {
	case HW_FILL_HONOUR:
		return hw_group_shift();
	case HW_FILL_IGNORE:
		return hw_cfg.page_shift;
	default:
		*undecided = true;
		return hw_cfg.page_shift;
	}
}

/*
 * Cache the walk's result.  A group entry built from one member of a
 * misprogrammed group is how "consistent with one of the programmed
 * values" (RJQQTC) shows up.
 */
static void fill(unsigned int cpu, const struct hw_walker *w,
		 const struct hw_ctx *ctx, uint64_t va, uint64_t *ptep,
		 uint64_t d, struct hw_tlb_entry *e)
{
	bool undecided;
	unsigned int shift = fill_shift(w, d, &undecided);
	uint64_t mask = (1ull << shift) - 1;

	*e = (struct hw_tlb_entry){
		.global = !(d & HW_DESC_NG), .asid = ctx->asid,
		.undecided = undecided, .size_shift = shift, .va = va & ~mask,
		.oa = hw_desc_oa(d) & ~mask, .desc = d, .src = ptep,
		.epoch = hw_phys_epoch(), .seq = hw_seq_next(),
	};
	hw_tlb_insert(cpu, e);
}

static uint64_t oa_at(const struct hw_tlb_entry *e, uint64_t va)
{
	return e->oa + ((va - e->va) >> hw_cfg.page_shift << hw_cfg.page_shift);
}

/*
 * N6 when the entries may not agree: a changed Contiguous bit at BBM level
 * 1 or 2 yields one of the entries or, unless the machine is
 * BBML2_NOABORT, a TLB conflict abort (RNGLXZ, IHYQMB).
 */
static int pick_or_abort(unsigned int cpu, uint64_t va,
			 const struct hw_tlb_entry *h, unsigned int n)
{
	bool abort_ok = hw_cfg.bbm != HW_BBM_2_NOABORT;
	unsigned int k;

	switch (hw_cfg.conflict) {
	case HW_CONFLICT_ABORT:
		k = abort_ok ? n : hw_choose(HW_CHOICE_MULTI_HIT, n);
		break;
	case HW_CONFLICT_PICK:
		k = hw_choose(HW_CHOICE_MULTI_HIT, n);
		break;
	default:
		k = hw_choose(HW_CHOICE_MULTI_HIT, n + abort_ok);
		break;
	}
	if (k < n)
		return k;
	hw_count(conflict_aborts);
	hw_tlb_report(HW_ORACLE_TLB_CONFLICT, "TLB conflict abort (IHYQMB)",
		      cpu, va, h, n);
	return -1;
}

/*
 * N6: several entries translate @va.  Entries that agree on output address,
 * attributes and permissions may all be used (docs/hw.md, "An access", step
 * 2), whatever their size: for a Cont=1 descriptor a page entry or a group
 * entry is the implementation's choice (N3), and AF is always set in a TLB.
 * Only a size change that comes with a changed Contiguous bit is a
 * block-size change.  A differing output address or attributes can only
 * come from a skipped break-before-make, where the result may be an
 * amalgamation (RFVQCK), as may a changed Contiguous bit without FEAT_BBM
 * (RNGLXZ): both are violations.  Permissions that differ under a
 * consistent Contiguous bit (A/D or permission skew) yield one of the
 * entries at every level, without an abort (RJQQTC).  The execute-never
 * bits count among the permissions here: changing them needs no
 * break-before-make, so mprotect() between PROT_READ and
 * PROT_READ|PROT_EXEC may leave an entry of each in a TLB until its flush.
 * Returns the entry to use, or -1 for an abort.
 */
static int resolve_multi_hit(unsigned int cpu, uint64_t va,
			     const struct hw_tlb_entry *h, unsigned int n)
{
	bool unpredictable = false, resized = false, perms = false;
	unsigned int i;
	uint64_t diff;

	for (i = 1; i < n; i++) {
		diff = h[i].desc ^ h[0].desc;
		unpredictable |= oa_at(&h[i], va) != oa_at(&h[0], va) ||
				 (diff & HW_DESC_ATTRS & ~HW_DESC_XN);
		resized |= (diff & HW_DESC_CONT) &&
			   h[i].size_shift != h[0].size_shift;
		perms |= diff & (HW_DESC_AP2 | HW_DESC_DBM | HW_DESC_XN);
	}
	if (!unpredictable && !resized && !perms)
		return 0;
	hw_count(multi_hits);
	if (unpredictable || (resized && hw_cfg.bbm == HW_BBM_0)) {
		hw_tlb_report(HW_ORACLE_TLB_CONFLICT,
			      "TLB multi-hit without an architected result (RNGLXZ, RFVQCK)",
			      cpu, va, h, n);
		return 0;
	}
	if (resized)
		return pick_or_abort(cpu, va, h, n);
	return hw_choose(HW_CHOICE_MULTI_HIT, n);
}

/* The access itself, through entry @e; @hit: a cached entry. */
static bool perform(unsigned int cpu, const struct hw_tlb_entry *e,
		    uint64_t va, enum hw_access_kind kind, uint64_t *value,
		    bool hit, struct hw_fault *f, uint16_t asid)
{
	uint64_t pfn = oa_at(e, va) >> hw_cfg.page_shift;
	bool write = kind == HW_STORE;
	struct hw_event ev = { .kind = HW_EV_ACCESS, .cpu = cpu, .ptep = e->src,
			       .old = va, .note = kind_names[kind] };
	static const char *const stale[] = {
		[HW_LOAD] = "load through a stale TLB entry from a freed or reused frame",
		[HW_STORE] = "store through a stale TLB entry to a freed or reused frame",
		[HW_FETCH] = "fetch through a stale TLB entry from a freed or reused frame",
	};

	if (!hw_frame_exists(pfn))
		return raise_fault(cpu, f, HW_FAULT_EXTERNAL);
	if (hit && (!hw_frame_in_use(pfn) || hw_frame_generation(pfn) > e->epoch))
		hw_tlb_report(HW_ORACLE_STALE_TLB, stale[kind], cpu, va, e, 1);
	if (write)
		hw_frame_store(pfn, *value);
	else
		*value = hw_frame_data(pfn);
	ev.new = *value;
	hw_event_add(&ev);
	if (access_fn)
		access_fn(access_arg, &(struct hw_access_rec){
			.cpu = cpu, .asid = asid, .va = va, .pfn = pfn,
			.value = *value, .write = write,
			.fetch = kind == HW_FETCH });
	return true;
}

/* EL0 permission of a cached entry (hw/walk.c, walk_permits()). */
static bool permits(uint64_t d, enum hw_access_kind kind)
{
	if (kind == HW_FETCH)
		return !(d & HW_DESC_UXN);
	return (d & HW_DESC_AP1) && (kind != HW_STORE || hw_desc_writable(d));
}

bool hw_spurious_af(uint64_t *ptep)
{
	uint64_t v = __atomic_load_n(ptep, __ATOMIC_SEQ_CST);

	if (!hw_desc_is_page(v) || (v & HW_DESC_AF) ||
	    !hw_ad_try(ptep, v, v | HW_DESC_AF))
		return false;
	hw_count(spurious_af);
	return true;
}

static bool spec_fill(unsigned int cpu, const struct hw_ctx *ctx, uint64_t va)
{
	struct hw_walker w = walker_of(cpu);
	struct hw_tlb_entry e;
	struct hw_fault f;
	uint64_t *ptep, d;

	if (hw_tlb_lookup(cpu, ctx->asid, va, &e, 1))
		return false;
	if (!hw_walk(&w, ctx, va, HW_WALK_SPECULATIVE, NULL, &ptep, &d, &f))
		return false;
	fill(cpu, &w, ctx, va, ptep, d, &e);
	hw_count(spec_fills);
	return true;
}

bool hw_spec_fill(unsigned int cpu, const struct hw_ctx *ctx, uint64_t va)
{
	bool held = hw_tlb_step_begin(cpu), filled;

	filled = spec_fill(cpu, ctx, va);
	hw_tlb_step_end(cpu, held);
	return filled;
}

/*
 * The entries of @g a spurious AF would change (N5): pages whose Access
 * flag is clear.  On any other entry it does nothing.
 */
static unsigned int af_candidates(uint64_t *g, uint64_t **out)
{
	unsigned int i, n = 0;
	uint64_t d;

	for (i = 0; i < hw_cfg.cont_ptes; i++) {
		d = __atomic_load_n(&g[i], __ATOMIC_SEQ_CST);
		if (hw_desc_is_page(d) && !(d & HW_DESC_AF))
			out[n++] = &g[i];
	}
	return n;
}

/*
 * The pages of the group at @gva whose entries @g a speculative fill
 * would cache (N1): none the TLB translates already, and only entries a
 * walk takes without a fault (a page, and its Access flag set or set by
 * the walker).  A fill of any other page does nothing.  A sibling of an
 * undecided entry's page is offered without asking its size: if the
 * entry turns out the group's, spec_fill() finds the page cached.
 */
static unsigned int fill_candidates(unsigned int cpu,
				    const struct hw_walker *w,
				    const struct hw_ctx *ctx, uint64_t gva,
				    const uint64_t *g, uint64_t *out)
{
	unsigned int i, n = 0;
	uint64_t va, d;

	for (i = 0; i < hw_cfg.cont_ptes; i++) {
		va = gva + ((uint64_t)i << hw_cfg.page_shift);
		d = __atomic_load_n(&g[i], __ATOMIC_SEQ_CST);
		if (hw_desc_is_page(d) && ((d & HW_DESC_AF) || w->ha) &&
		    !hw_tlb_holds(cpu, ctx->asid, va))
			out[n++] = va;
	}
	return n;
}

/*
 * N7, N2, N5 and N1, within the contiguous group of the access.  N5 and
 * N1 are offered only where they change something: an answer that does
 * nothing is the run of no event with one event less left of the bound,
 * so enumerating it would only repeat executions.  A walk to the group
 * takes no scheduling point, so nothing changes between the candidates
 * it finds and the event; but a spurious AF's update is one, where
 * another CPU may replace the table, so the fill walks again after it.
 */
static void background(unsigned int cpu, const struct hw_walker *w,
		       const struct hw_ctx *ctx, uint64_t va)
{
	uint64_t gva = va & ~((1ull << hw_group_shift()) - 1), *ptep, *g;
	uint64_t *af[HW_MAX_CONT_PTES], fill[HW_MAX_CONT_PTES];
	struct hw_fault f;
	unsigned int k, n;

	hw_tlb_background(cpu);
	ptep = hw_walk_tables(w, ctx, va, &f);
	if (!ptep)
		return;
	g = hw_group_of(ptep);
	n = w->ha ? af_candidates(g, af) : 0;
	k = hw_choose(HW_CHOICE_SPURIOUS_AF, 1 + n);
	if (k) {
		hw_spurious_af(af[k - 1]);
		ptep = hw_walk_tables(w, ctx, va, &f);
		if (!ptep)
			return;
		g = hw_group_of(ptep);
	}
	n = fill_candidates(cpu, w, ctx, gva, g, fill);
	k = hw_choose(HW_CHOICE_SPEC_FILL, 1 + n);
	if (k)
		spec_fill(cpu, ctx, fill[k - 1]);
}

static const enum hw_walk_intent walk_intent[] = {
	[HW_LOAD] = HW_WALK_READ, [HW_STORE] = HW_WALK_WRITE,
	[HW_FETCH] = HW_WALK_FETCH,
};

/* One step of an access, from the background behaviours to the access. */
static bool step(unsigned int cpu, const struct hw_ctx *ctx, uint64_t va,
		 enum hw_access_kind kind, uint64_t *value,
		 struct hw_fault *fault)
{
	struct hw_walker w = walker_of(cpu);
	struct hw_tlb_entry hits[MAX_HITS], e;
	uint64_t *origin = NULL, *ptep, d;
	bool write = kind == HW_STORE;
	unsigned int n;
	int k;

	background(cpu, &w, ctx, va);

	n = hw_tlb_lookup(cpu, ctx->asid, va, hits, MAX_HITS);
	if (n) {
		k = resolve_multi_hit(cpu, va, hits, n < MAX_HITS ? n : MAX_HITS);
		if (k < 0)
			return raise_fault(cpu, fault, HW_FAULT_TLB_CONFLICT);
		e = hits[k];
		if (permits(e.desc, kind)) {
			hw_count(tlb_hits);
			return perform(cpu, &e, va, kind, value, true, fault,
				       ctx->asid);
		}
		/*
		 * Permissions come from the cached entry even if memory now
		 * allows more (a spurious fault, RGPPYH): a fetch through an
		 * entry cached with UXN set faults though software has
		 * cleared it since.  Only a write to a writable-clean entry
		 * goes on: the dirty update is made in memory by a fresh
		 * walk, so a DBM that software cleared meanwhile is seen
		 * (herd STRx+STCLRptex+db+dbm forbids upgrading the cached
		 * copy).
		 */
		if (!write || !w.hd || !(e.desc & HW_DESC_AP1) ||
		    !hw_desc_writable_clean(e.desc))
			return raise_fault(cpu, fault, HW_FAULT_PERMISSION);
		hw_tlb_drop(cpu, e.seq);
		if (e.size_shift > hw_cfg.page_shift)
			origin = e.src;
	}
	if (!hw_walk(&w, ctx, va, walk_intent[kind], origin, &ptep, &d, fault))
		return raise_fault(cpu, fault, fault->kind);
	fill(cpu, &w, ctx, va, ptep, d, &e);
	return perform(cpu, &e, va, kind, value, false, fault, ctx->asid);
}

static bool access(unsigned int cpu, const struct hw_ctx *ctx, uint64_t va,
		   enum hw_access_kind kind, uint64_t *value,
		   struct hw_fault *fault)
{
	bool held, done;

	*fault = (struct hw_fault){ .va = va, .write = kind == HW_STORE,
				    .fetch = kind == HW_FETCH };
	hw_sched_point(kind == HW_STORE ? HW_MEM_WRITE : HW_MEM_READ, NULL);
	held = hw_tlb_step_begin(cpu);
	done = step(cpu, ctx, va, kind, value, fault);
	hw_tlb_step_end(cpu, held);
	return done;
}

bool hw_access(unsigned int cpu, const struct hw_ctx *ctx, uint64_t va,
	       bool write, uint64_t *value, struct hw_fault *fault)
{
	return access(cpu, ctx, va, write ? HW_STORE : HW_LOAD, value, fault);
}

bool hw_fetch(unsigned int cpu, const struct hw_ctx *ctx, uint64_t va,
	      uint64_t *value, struct hw_fault *fault)
{
	return access(cpu, ctx, va, HW_FETCH, value, fault);
}

static void learn_tree(const uint64_t *table, int level, uint64_t va,
		       uint16_t asid)
{
	unsigned int i;
	uint64_t d, *child;

	hw_table_learn(table, level, va, asid);
	if (level == HW_LEAF_LEVEL)
		return;
	for (i = 0; i < hw_level_entries(level); i++) {
		d = __atomic_load_n(&table[i], __ATOMIC_SEQ_CST);
		child = (d & 3) == 3 ? hw_table_va(hw_desc_oa(d)) : NULL;
		if (child)
			learn_tree(child, level + 1,
				   va + ((uint64_t)i << hw_level_shift(level)),
				   asid);
	}
}

void hw_ctx_activate(const struct hw_ctx *ctx)
{
	uint64_t *root = hw_table_va(ctx->root_pa);

	hw_tlb_revive(ctx->asid);
	if (root)
		learn_tree(root, hw_start_level(), 0, ctx->asid);
}

void hw_ctx_retire(const struct hw_ctx *ctx)
{
	hw_tlb_retire(ctx->asid);
}
