/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hardware Access-flag and dirty-state updates (FEAT_HAFDBS): an atomic
 * read-modify-write of a descriptor in memory, which starts again from the
 * new value if software changed it meanwhile (Arm ARM I_YZSVV).
 */
#ifndef HW_AD_H
#define HW_AD_H

#include <stdbool.h>
#include <stdint.h>

enum hw_ad_result {
	HW_AD_DONE,		/* descriptor now has the requested state */
	HW_AD_INVALID,		/* descriptor invalid: translation fault */
	HW_AD_NO_DBM,		/* dirty requested but DBM clear: permission fault */
};

/*
 * Set AF (@af) and/or clear AP[2] (@dirty) in *@p as the hardware does:
 * AF only on a valid descriptor, AP[2] only when DBM is set.  Independent
 * of HA/HD: the caller decides whether this machine would do it.
 */
enum hw_ad_result hw_ad_update(uint64_t *p, bool af, bool dirty);

/*
 * One compare-and-swap of *@p from @old to @new (a scheduling point), as
 * the walker does it: false if software changed the descriptor since the
 * walk read it, and the walk must restart from the new value.
 */
bool hw_ad_try(uint64_t *p, uint64_t old, uint64_t new);

/*
 * The same for an update a walk of *@walked, which read @seen, sends to
 * another member @p of its contiguous group: it happens only while
 * *@walked still holds @seen, atomically with the compare-and-swap.  The
 * walk is one observer (RDDMVT): once software broke the walked entry
 * and a TLBI and DSB completed, nothing may come of that read, so the
 * walk starts again instead.
 */
bool hw_ad_try_for(uint64_t *p, uint64_t old, uint64_t new,
		   const uint64_t *walked, uint64_t seen);

#endif /* HW_AD_H */
