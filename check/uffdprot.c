// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the userfaultfd monitor write-protected: per mm, the pages whose
 * entries UFFDIO_WRITEPROTECT protected (an anonymous entry that was none
 * is not: a fault may map it unprotected) and that no resolve, unmap,
 * MADV_DONTNEED, MADV_FREE or exit touched since.  Until the monitor resolves them no store
 * may complete there, whatever the entry says now: an entry that lost
 * PTE_UFFD_WP (a batch that ran across the bit and wrote the first
 * entry's state over the rest) lets a store through as surely as one
 * made writable with the bit still set (permission).  The end-of-run
 * sweep asks chk_uffd_protected() too, so that a protection lost where
 * no store came is found as well (check/mapsweep.c).
 */
#include <string.h>

#include <linux/swapops.h>
#include <linux/userfaultfd_k.h>

#include "explore.h"
#include "mmwatch.h"

#define RANGES		8

struct prot_range {
	struct mm_model *mm;
	unsigned long start, end;
};

static struct {
	unsigned int nr;
	struct prot_range r[RANGES];
} up;

static void up_reset(void)
{
	memset(&up, 0, sizeof(up));
}

static void up_add(struct mm_model *mm, unsigned long start,
		   unsigned long end)
{
	/* Out of room: that range goes unwatched, no false report. */
	if (start < end && up.nr < RANGES)
		up.r[up.nr++] = (struct prot_range){ mm, start, end };
}

/* [@start, @end) of @mm is protected no more. */
static void up_cut(struct mm_model *mm, unsigned long start,
		   unsigned long end)
{
	struct prot_range r;
	unsigned int i;

	for (i = 0; i < up.nr;) {
		r = up.r[i];
		if (r.mm != mm || r.end <= start || r.start >= end) {
			i++;
			continue;
		}
		up.r[i] = up.r[--up.nr];
		up_add(mm, r.start, start < r.end ? start : r.end);
		up_add(mm, end > r.start ? end : r.start, r.end);
	}
}

bool chk_uffd_protected(struct mm_model *mm, unsigned long va)
{
	unsigned int i;

	for (i = 0; i < up.nr; i++)
		if (up.r[i].mm == mm && va >= up.r[i].start &&
		    va < up.r[i].end)
			return true;
	return false;
}

bool chk_uffd_wp_entry(pte_t pte)
{
	if (pte_present(pte))
		return pte_uffd_wp(pte);
	return !pte_none(pte) &&
	       (pte_swp_uffd_wp(pte) || pte_marker_uffd_wp(pte));
}

/*
 * The entry of @mm at @va was protected by UFFDIO_WRITEPROTECT: any entry
 * but none, present, swap, migration or marker, whether or not the walk
 * gave it the bit (a swap entry the walk left without PTE_SWP_UFFD_WP
 * must not go unwatched because of it).
 */
static bool up_entry_protected(struct mm_model *mm, unsigned long va)
{
	return !pte_none(chk_mm_peek_pte(mm, va));
}

static void up_uffd_wp(struct mm_model *mm, unsigned long start,
		       unsigned long end, bool protect)
{
	unsigned long va, run = start;

	up_cut(mm, start, end);
	if (!protect)
		return;
	for (va = start; va < end; va += PAGE_SIZE)
		if (!up_entry_protected(mm, va)) {
			up_add(mm, run, va);
			run = va + PAGE_SIZE;
		}
	up_add(mm, run, end);
}

static void up_access(struct mm_model *mm, const struct hw_access_rec *a)
{
	if (a->write && chk_uffd_protected(mm, a->va))
		chk_fail(CHK_PERMISSION,
			 "cpu%u va %#lx: a store completed where UFFDIO_WRITEPROTECT protected and the monitor did not resolve",
			 a->cpu, (unsigned long)a->va);
}

const struct chk_mm_oracle chk_uffd_protection = {
	.reset = up_reset,
	.access = up_access,
	.unmap = up_cut,
	.uffd_wp = up_uffd_wp,
};
