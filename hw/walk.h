/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The translation table walker: follows table descriptors from a context's
 * root to the level-3 descriptor of a VA, learning which tables it passed
 * (for the monitors), and performs the hardware Access-flag and dirty
 * updates as a compare-and-swap that restarts the walk when software
 * changed the descriptor (Arm ARM I_YZSVV).
 */
#ifndef HW_WALK_H
#define HW_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu.h"

/* What the agent walking may do on its own. */
struct hw_walker {
	unsigned int cpu;	/* whose walk cache it uses (hw/walkcache.h) */
	bool ha;	/* set AF instead of faulting */
	bool hd;	/* clear AP[2] of a writable-clean entry on a write */
	bool contig;	/* may cache a whole contiguous group */
};

enum hw_walk_intent {
	HW_WALK_READ, HW_WALK_WRITE, HW_WALK_FETCH, HW_WALK_SPECULATIVE
};

/*
 * The level-3 descriptor for @va in @ctx, or NULL and a translation fault
 * in @f when a table descriptor on the way is invalid.  Starts from the
 * last-level table @w's walk cache holds for @va, if any.
 */
uint64_t *hw_walk_tables(const struct hw_walker *w, const struct hw_ctx *ctx,
			 uint64_t va, struct hw_fault *f);
/*
 * The same for an observer (an oracle): the machine learns nothing from
 * it.  NULL when there is no level-3 table for @va.
 */
uint64_t *hw_peek_tables(const struct hw_ctx *ctx, uint64_t va);

/*
 * Walk for an access of @intent.  On success *@ptep is the descriptor and
 * *@desc its value as a TLB may cache it (AF set, AP[2] cleared by a
 * write); A/D updates went to the entry the A/D policy chose.  @origin is
 * the descriptor that filled the contiguous TLB entry a write came
 * through (the fill-origin policy), or NULL.
 */
bool hw_walk(const struct hw_walker *w, const struct hw_ctx *ctx, uint64_t va,
	     enum hw_walk_intent intent, uint64_t *origin, uint64_t **ptep,
	     uint64_t *desc, struct hw_fault *f);

/* Record that @table sits at @level, translating from @va, for @asid. */
void hw_table_learn(const uint64_t *table, int level, uint64_t va,
		    uint16_t asid);

#endif /* HW_WALK_H */
