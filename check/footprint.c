// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "hw/site.h"
#include "footprint.h"

bool chk_fp_dependent(const struct chk_footprint *a,
		      const struct chk_footprint *b)
{
	unsigned int fa = a->flags, fb = b->flags;

	if ((fa | fb) & CHK_FP_END)
		return true;
	if (fa & fb & CHK_FP_HIDDEN)
		return true;
	if (a->obj && a->obj == b->obj && (a->write || b->write))
		return true;
	if (((fa & CHK_FP_TABLE_WRITE) && (fb & CHK_FP_TABLES_READ)) ||
	    ((fb & CHK_FP_TABLE_WRITE) && (fa & CHK_FP_TABLES_READ)))
		return true;
	if (((fa & CHK_FP_TLB_WRITE) &&
	     (fb & (CHK_FP_TLB_WRITE | CHK_FP_TLB_READ))) ||
	    ((fb & CHK_FP_TLB_WRITE) && (fa & CHK_FP_TLB_READ)))
		return true;
	return ((fa & CHK_FP_ARENA_WRITE) &&
		(fb & (CHK_FP_ARENA_WRITE | CHK_FP_ARENA_READ))) ||
	       ((fb & CHK_FP_ARENA_WRITE) && (fa & CHK_FP_ARENA_READ));
}

void chk_fp_union(struct chk_footprint *into, const struct chk_footprint *fp)
{
	/* The variants of one step start at the same primitive. */
	into->flags |= fp->flags;
	into->write |= fp->write;
	if (!into->obj)
		into->obj = fp->obj;
}

/*
 * The arch API whose calls touch nothing but page-table words (through
 * the primitives) and TLBs (TLBI, DSB), and the TLB flushes.  contpte_try_fold() is not among
 * them: it reads the folio behind the block.
 */
static const char *const arch_api[] = {
	"__ptep_get", "__ptep_get_and_clear", "__get_and_clear_full_ptes",
	"__ptep_test_and_clear_young", "__ptep_clear_flush_young",
	"ptep_get", "ptep_get_lockless", "get_and_clear_full_ptes",
	"get_and_clear_ptes", "ptep_get_and_clear", "ptep_get_and_clear_full",
	"ptep_test_and_clear_young", "ptep_clear_flush_young",
	"clear_flush_young_ptes", "ptep_set_access_flags", "__set_ptes",
	"__pte_clear", "__clear_full_ptes", "___ptep_set_wrprotect",
	"__ptep_set_wrprotect", "__wrprotect_ptes", "__clear_young_dirty_ptes",
	"local_flush_tlb_contpte", "contpte_try_unfold", "set_pte", "set_ptes",
	"pte_clear", "clear_full_ptes", "clear_ptes", "wrprotect_ptes",
	"ptep_set_wrprotect", "clear_young_dirty_ptes", "set_pte_at",
	"ptep_clear_flush", "flush_tlb_all", "flush_tlb_mm",
	"__flush_tlb_page_nosync", "flush_tlb_page_nosync", "flush_tlb_page",
	"__flush_tlb_range", "flush_tlb_range", "local_flush_tlb_page",
	"local_flush_tlb_range", "___flush_tlb_range_nosync",
};

/* Call sites are constants: their class is looked up once. */
#define SITE_SLOTS	1024
static struct {
	const struct hw_site *site;
	bool arch;
} site_class[SITE_SLOTS];

static bool in_arch_api(const struct hw_site *site)
{
	unsigned int h = ((uintptr_t)site >> 4) % SITE_SLOTS, i, n;

	for (n = 0; n < SITE_SLOTS; n++, h = (h + 1) % SITE_SLOTS) {
		if (site_class[h].site == site)
			return site_class[h].arch;
		if (!site_class[h].site)
			break;
	}
	for (i = 0; site->callee && i < sizeof(arch_api) / sizeof(arch_api[0]);
	     i++)
		if (!strcmp(site->callee, arch_api[i]))
			break;
	/* A full table only costs the look-up. */
	if (n < SITE_SLOTS) {
		site_class[h].site = site;
		site_class[h].arch = site->callee && i < sizeof(arch_api) /
						      sizeof(arch_api[0]);
	}
	return site->callee && i < sizeof(arch_api) / sizeof(arch_api[0]);
}

static void on_enter(void *arg, const struct hw_site *site)
{
	struct chk_fp_watch *w = arg;

	if (hw_this_cpu < CHK_MAX_THREADS && !in_arch_api(site))
		w->impure[hw_this_cpu]++;
}

void chk_fp_watch_start(struct chk_fp_watch *w)
{
	chk_fp_watch_reset(w);
	hw_site_set_enter_hook(on_enter, w);
}

void chk_fp_watch_stop(void)
{
	hw_site_set_enter_hook(NULL, NULL);
}

void chk_fp_watch_reset(struct chk_fp_watch *w)
{
	memset(w, 0, sizeof(*w));
}

static bool names_tables(enum hw_mem_op op, const void *p)
{
	return (op < HW_NR_MEM_OPS && p && hw_is_table_mem(p)) ||
	       op == HW_SYNC_TLBI || op == HW_SYNC_DSB;
}

void chk_fp_arrive(struct chk_fp_watch *w, unsigned int t, enum hw_mem_op op,
		   const void *p)
{
	struct chk_fp_thread *ft = &w->t[t];
	unsigned int top = hw_site_depth(t), d;

	ft->op = op;
	ft->p = p;
	ft->at_point = true;
	ft->depth = 0;
	/* The outermost call of the run of arch calls the point is in. */
	if (!names_tables(op, p) || !top || top > HW_SITE_DEPTH)
		return;
	for (d = top; d && in_arch_api(hw_site_frame(t, d - 1)); d--)
		;
	if (d == top)
		return;
	ft->depth = d + 1;
	ft->serial = hw_site_serial(t, d);
}

void chk_fp_start(struct chk_fp_watch *w, unsigned int t)
{
	w->t[t].impure = w->impure[t];
	w->t[t].generation = hw_tables_generation();
}

/* The step never left the arch call its point was in. */
static bool stayed_in_arch(const struct chk_fp_watch *w, unsigned int t)
{
	const struct chk_fp_thread *ft = &w->t[t];
	unsigned int d = ft->depth;

	return d && w->impure[t] == ft->impure && hw_site_depth(t) >= d &&
	       hw_site_depth(t) <= HW_SITE_DEPTH &&
	       hw_site_serial(t, d - 1) == ft->serial;
}

void chk_fp_end(struct chk_fp_watch *w, unsigned int t, bool finished,
		struct chk_footprint *fp)
{
	const struct chk_fp_thread *ft = &w->t[t];

	*fp = (struct chk_footprint){ 0 };
	if (ft->at_point) {
		switch (ft->op) {
		case HW_SYNC_TLBI:
		case HW_SYNC_DSB:
			fp->flags |= CHK_FP_TLB_WRITE;
			break;
		case HW_SYNC_LOCK:
		case HW_SYNC_UNLOCK:
		case HW_SYNC_ATOMIC:
			fp->obj = ft->p;
			fp->write = true;
			break;
		default:
			/* A user access through the MMU names no word. */
			fp->obj = ft->p;
			fp->write = ft->op != HW_MEM_READ;
			if (!ft->p || !hw_is_table_mem(ft->p))
				break;
			fp->flags |= CHK_FP_ARENA_READ;
			if (fp->write)
				fp->flags |= CHK_FP_TABLE_WRITE | CHK_FP_TLB_READ;
			break;
		}
	}
	if (!ft->at_point || finished || !stayed_in_arch(w, t))
		fp->flags |= CHK_FP_HIDDEN | CHK_FP_TABLES_READ |
			     CHK_FP_TLB_WRITE | CHK_FP_ARENA_READ;
	if (hw_tables_generation() != ft->generation)
		fp->flags |= CHK_FP_ARENA_WRITE;
}
