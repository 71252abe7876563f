/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every nondeterministic choice of the machine (and of an explorer's
 * scheduler) is taken here, so that a run is a function of its choice
 * sequence and can be replayed exactly.
 */
#ifndef HW_CHOOSER_H
#define HW_CHOOSER_H

#include <stdbool.h>
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

/*
 * Install @c (NULL: always choose 0, the "nothing happens" outcome).  For
 * every kind, 0 is the quiet answer: no fill, no eviction, honour the
 * contiguous hint, the walked entry (or first eligible one), the first
 * matching TLB entry, TLBI not completed early, TTL mismatch ignored.
 */
void hw_set_chooser(const struct hw_chooser *c);
/* A value in [0, @n); n <= 1 returns 0 without asking. */
unsigned int hw_choose(enum hw_choice_kind kind, unsigned int n);

/* One choice as made: what was decided, among how many, and the answer. */
struct hw_choice {
	enum hw_choice_kind kind;
	unsigned int n;
	unsigned int value;
};

/*
 * Seeded PRNG chooser (xorshift64*).  Kinds that ask "does something
 * happen now" (speculative fill, eviction, spurious AF, early TLBI
 * completion) answer non-zero with probability rate[kind]/256, then
 * uniformly among the non-zero answers; the others are uniform
 * (rate 256).
 */
struct hw_prng_chooser {
	struct hw_chooser chooser;
	uint64_t state;
	unsigned int rate[HW_NR_CHOICE_KINDS];
};
void hw_prng_chooser_init(struct hw_prng_chooser *p, uint64_t seed);

/*
 * Scripted chooser: answers from @script in order, then 0.  An item with
 * n != 0 (as recorded) answers the next question, which must have the
 * same kind and n.  An item with n == 0 (as written by hand) answers the
 * next question of its kind; other questions meanwhile get 0.  A
 * mismatch or an out-of-range answer means the run diverged: @diverged
 * is set and 0 answered from then on.
 */
struct hw_script_chooser {
	struct hw_chooser chooser;
	const struct hw_choice *script;
	size_t len, pos;
	bool diverged;
};
void hw_script_chooser_init(struct hw_script_chooser *s,
			    const struct hw_choice *script, size_t len);

/*
 * Recorder: asks @inner (NULL: always 0) and appends every choice to a
 * growing log, so that a run can be replayed with the scripted chooser.
 */
struct hw_recorder {
	struct hw_chooser chooser;
	const struct hw_chooser *inner;
	struct hw_choice *log;
	size_t len, cap;
	bool oom;		/* a choice could not be logged */
};
void hw_recorder_init(struct hw_recorder *r, const struct hw_chooser *inner);
void hw_recorder_reset(struct hw_recorder *r);	/* forget the log */
void hw_recorder_exit(struct hw_recorder *r);

/*
 * Exhaustive enumeration, depth first: each run replays the current
 * prefix of answers and then answers 0, noting how many answers each new
 * choice had.  hw_enum_next() moves to the next run's prefix and returns
 * false when every sequence of answers has been run.
 */
struct hw_enum_chooser {
	struct hw_chooser chooser;
	struct hw_choice *path;
	size_t len, cap, pos;
	bool oom;
};
void hw_enum_init(struct hw_enum_chooser *e);
bool hw_enum_next(struct hw_enum_chooser *e);
void hw_enum_exit(struct hw_enum_chooser *e);

/* Text form of a choice sequence, "kind:value/n ...", for replay tokens. */
size_t hw_choices_format(const struct hw_choice *c, size_t len, char *buf,
			 size_t size);
/* Parse it back into @out (at most @max); returns the count or -1. */
long hw_choices_parse(const char *s, struct hw_choice *out, size_t max);

#endif /* HW_CHOOSER_H */
