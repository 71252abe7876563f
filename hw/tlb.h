/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-CPU TLBs: a small fixed array of entries per CPU, each a page or
 * a whole contiguous group, tagged by ASID unless global.  Entries are
 * only ever created from descriptors that did not fault, so never with
 * AF == 0 (Arm ARM IWZCBG).  TLB maintenance arrives through hw/tlbi.h; a
 * TLBI is pending on every CPU it targets until it is applied there, which
 * the chooser may do early (N7) and the issuer's DSB forces.
 *
 * Whether a walk of a Cont=1 descriptor fills a page entry or a group
 * entry (N3) is asked when the answer first shows, not at the fill: the
 * entry is "undecided", a page entry to whatever looks at its own page,
 * until a lookup of a sibling page (or several entries hitting one VA)
 * or a TLBI that removes the group but not the page asks.  An entry gone
 * before that (a TLBI of its page, an eviction) never asks: both answers
 * lead to the same machine, and an exhaustive search runs it once.
 */
#ifndef HW_TLB_H
#define HW_TLB_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu.h"
#include "tlbi.h"
#include "violation.h"

#define HW_MAX_CPUS		8
#define HW_TLB_ENTRIES		32
#define HW_MAX_PENDING_TLBI	256

struct hw_tlb_entry {
	bool valid;
	bool global;		/* nG == 0: matches every ASID */
	uint16_t asid;
	bool undecided;		/* N3 not asked yet: a page entry until then */
	unsigned int size_shift;	/* page or contiguous-group span */
	uint64_t va;		/* first VA of the span */
	uint64_t oa;		/* first output address of the span */
	uint64_t desc;		/* descriptor as cached (after A/D updates) */
	uint64_t *src;		/* descriptor whose walk filled it */
	uint64_t epoch;		/* hw_phys_epoch() at the fill */
	uint64_t seq;		/* machine sequence number of the fill */
};

static inline bool hw_tlb_entry_covers(const struct hw_tlb_entry *e,
				       uint16_t asid, uint64_t va)
{
	return e->valid && (e->global || e->asid == asid) &&
	       ((va ^ e->va) >> e->size_shift) == 0;
}

/*
 * Copy up to @max entries of @cpu's TLB that translate @va in @asid into
 * @out; returns how many match (possibly more than @max).  An undecided
 * entry of @va's group is decided first if that changes the answer: its
 * group covers @va but its page does not, or several entries match.
 */
unsigned int hw_tlb_lookup(unsigned int cpu, uint16_t asid, uint64_t va,
			   struct hw_tlb_entry *out, unsigned int max);
/*
 * Whether an entry of @cpu translates @va in @asid whatever the undecided
 * entries turn out to be (they count for their own page only); asks
 * nothing.
 */
bool hw_tlb_holds(unsigned int cpu, uint16_t asid, uint64_t va);
/* Insert, evicting a victim the chooser names when the TLB is full. */
void hw_tlb_insert(unsigned int cpu, const struct hw_tlb_entry *e);
/* Remove the entry filled at @seq, if still there. */
void hw_tlb_drop(unsigned int cpu, uint64_t seq);

/*
 * One step of @cpu: a lookup or walk, the fill and the access it makes.
 * TLB maintenance completes on @cpu only between two steps, so the DSB
 * that waits for a TLBI also waits for the accesses that used a
 * translation it invalidates, and no fill from a walk that read the old
 * descriptor lands after it (Arm ARM RDDMVT step 4).  Coroutines get that
 * from switching only at scheduling points (hw_sched_hooked()); on real
 * threads a step holds the CPU's lock, which completing a TLBI there
 * takes.  Pass what begin returned to end.
 */
bool hw_tlb_step_begin(unsigned int cpu);
void hw_tlb_step_end(unsigned int cpu, bool held);

/* N7 and N2 for @cpu: early TLBI completion, then a possible eviction. */
void hw_tlb_background(unsigned int cpu);

/* Whether @t invalidates a translation of [va, va + 2^shift) for @asid. */
bool hw_tlbi_covers(const struct hw_tlbi *t, uint64_t va, unsigned int shift,
		    uint16_t asid, bool global);

/* The simulated TLBs as hw/tlbi.h's back end. */
extern const struct hw_tlb_backend hw_tlb_backend;

/*
 * Report @oracle's violation @what by @cpu at @va: the @n entries @e of
 * its TLB involved, and the descriptor the first was filled from as
 * memory holds it now.
 */
void hw_tlb_report(enum hw_oracle oracle, const char *what, unsigned int cpu,
		   uint64_t va, const struct hw_tlb_entry *e, unsigned int n);

/* Inspection for tests and traces. */
unsigned int hw_tlb_count(unsigned int cpu);
const struct hw_tlb_entry *hw_tlb_slot(unsigned int cpu, unsigned int i);
unsigned int hw_tlbi_pending(unsigned int cpu);

/*
 * The address space of @asid is gone (its mm's last user exited): no
 * access runs under @asid again, and arm64 leaves what TLBs hold of it
 * in place, so those entries no longer count as translations in use.
 * hw_tlb_revive(): a new context takes @asid, and they count again.  The
 * kernel hands an ASID out again only after a rollover invalidated every
 * TLB; the machine's contexts take theirs back at once, so whatever the
 * last owner's teardown left cached (it invalidates the ASID when it
 * frees the tables) is the new owner's to trip over.
 */
void hw_tlb_retire(uint16_t asid);
void hw_tlb_revive(uint16_t asid);

/*
 * Frames [@pfn, @pfn + @nr) go back to the allocator.  An entry of a
 * context not retired that still translates to one of them is reported
 * (stale-tlb) without waiting for an access to use it: the kernel frees
 * a page only after the invalidation of its last translation completed
 * (tlb_flush_mmu() before the gather's pages go; try_to_unmap_flush()
 * before shrink_folio_list() frees).  An undecided entry whose group
 * covers one of the frames and whose page does not is decided first (N3).
 */
void hw_tlb_frames_freed(uint64_t pfn, uint64_t nr);

/*
 * With every CPU quiet (the end of a run): each entry of @ctx, in every
 * TLB, that gives more than @ctx's tables do now is reported (stale-tlb),
 * and counted.  More is another frame, a descriptor no longer valid, or
 * write (over a read-only descriptor, not a writable-clean one), EL0
 * access or execute the descriptor no longer gives: every change that
 * takes one away is invalidated, and waited for, before the call that
 * made it returns.  What the kernel leaves cached on purpose
 * gives less: a read-only translation of an entry made writable in place
 * (the spurious fault puts it right), a young one of an entry made old
 * (ptep_test_and_clear_young() does not flush).  An undecided entry
 * counts for its own page (asking here would branch every execution that
 * leaves one).
 */
unsigned int hw_tlb_sweep(const struct hw_ctx *ctx);

/* Empty every TLB and forget pending invalidations. */
void hw_tlb_reset(void);

#endif /* HW_TLB_H */
