/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every nondeterministic choice of the machine (and of an explorer's
 * scheduler) is taken here, so that a run is a function of its choice
 * sequence and can be replayed exactly.
 */
#ifndef HW_CHOOSER_H
#define HW_CHOOSER_H

#include <stddef.h>
#include <stdint.h>

/* What a choice decides (for traces, scripted runs and enumeration). */
enum hw_choice_kind {
	HW_CHOICE_SCHEDULE,	/* which thread runs next (explorer) */
	HW_CHOICE_SPEC_FILL,	/* N1: speculative TLB fill */
	HW_CHOICE_EVICT,	/* N2: TLB eviction */
	HW_CHOICE_FILL_SIZE,	/* N3: contiguous or single-page fill */
	HW_CHOICE_AD_TARGET,	/* N4: entry of a group receiving A/D */
	HW_CHOICE_SPURIOUS_AF,	/* N5: spurious AF set */
	HW_CHOICE_MULTI_HIT,	/* N6: multi-hit outcome */
	HW_CHOICE_TLBI_DONE,	/* N7: remote TLBI completion */
	HW_CHOICE_TTL,		/* N8: TTL-mismatched invalidation */
	HW_CHOICE_OTHER,	/* anything a higher layer needs */
	HW_NR_CHOICE_KINDS
};

extern const char *const hw_choice_kind_names[HW_NR_CHOICE_KINDS];

struct hw_chooser {
	/* Return a value in [0, n); n >= 1. */
	unsigned int (*choose)(void *arg, enum hw_choice_kind kind,
			       unsigned int n);
	void *arg;
};

/* Install @c (NULL: always choose 0, the "nothing happens" outcome). */
void hw_set_chooser(const struct hw_chooser *c);
unsigned int hw_choose(enum hw_choice_kind kind, unsigned int n);

#endif /* HW_CHOOSER_H */
