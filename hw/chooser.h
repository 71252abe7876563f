/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every nondeterministic choice of the machine (and of an explorer's
 * scheduler) is taken here, so that a run is a function of its choice
 * sequence and can be replayed exactly.  One engine, struct hw_choices,
 * answers them for every user: the machine's tests and the checker's
 * modes (random, exhaustive, replay, minimising) alike.  It answers from
 * a script first, then by a policy (nothing happens, seeded random, or
 * its owner's), and logs every choice it made.
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

/* In a script: an answer to whatever question comes next. */
#define HW_CHOICE_ANY	HW_NR_CHOICE_KINDS

extern const char *const hw_choice_kind_names[HW_NR_CHOICE_KINDS];

/*
 * Things the hardware may do at any moment (speculative fill, eviction,
 * spurious AF, early TLBI completion): the question is "does it happen
 * now", and answer 0 is "not now".
 */
bool hw_choice_is_event(enum hw_choice_kind kind);

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

/* Out of 256: how often a random answer to an event question is yes. */
#define HW_EVENT_RATE	16

enum hw_choices_policy {
	HW_ANSWER_ZERO,		/* nothing happens: a run is its script */
	HW_ANSWER_RANDOM,	/* seeded, events at rate[kind] in 256 */
	HW_ANSWER_OWNER,	/* the owner's function decides */
};

/*
 * The choice engine.  Script items are answered in order: an item of kind
 * HW_CHOICE_ANY answers the next question whatever it is; an item with
 * n == 0 (written by hand) answers the next question of its kind, other
 * questions meanwhile getting 0; a recorded item (n != 0) must meet a
 * question of the same kind and n.  A scripted answer that does not fit
 * is taken modulo n if @lenient, else the run @diverged: 0 from then on.
 * Beyond the script, @policy answers.  Event questions answered non-zero
 * spend @budget; with none left they are answered 0 and not logged.
 */
struct hw_choices {
	struct hw_chooser chooser;	/* what to install */
	const struct hw_choice *script;
	size_t script_len, pos;
	bool lenient, diverged;
	enum hw_choices_policy policy;
	uint64_t rng;
	unsigned int rate[HW_NR_CHOICE_KINDS];
	unsigned int (*owner)(void *arg, enum hw_choice_kind kind,
			      unsigned int n);
	void *owner_arg;
	unsigned int budget;
	/* Every choice made (a question with n <= 1 is none). */
	struct hw_choice *log;
	size_t len, cap;
	bool oom;		/* a choice could not be logged */
	/* hw_choices_branch()'s script. */
	struct hw_choice *next;
	size_t next_cap;
};

/* Random answers from @seed, events at HW_EVENT_RATE, no script. */
void hw_choices_init(struct hw_choices *c, enum hw_choices_policy policy,
		     uint64_t seed);
void hw_choices_exit(struct hw_choices *c);
/* A new run: follow @script (@len items, may be 0), log emptied. */
void hw_choices_start(struct hw_choices *c, const struct hw_choice *script,
		      size_t len, unsigned int budget);
/*
 * Depth first over every answer sequence: start the run after the logged
 * one (its last choice that has a next answer, moved on; the choices
 * after it dropped) with @budget, its script in @c->next.  False when
 * every sequence has been run.
 */
bool hw_choices_branch(struct hw_choices *c, unsigned int budget);

/* The next 64 random bits of @rng (splitmix64). */
uint64_t hw_choices_rand(uint64_t *rng);
/* A random answer as HW_ANSWER_RANDOM gives it, from @rng. */
unsigned int hw_choices_random(uint64_t *rng, const unsigned int *rate,
			       enum hw_choice_kind kind, unsigned int n);

/*
 * The compact text form of a choice sequence's answers, as in replay
 * tokens: one character per answer ("0-9a-zA-Z" for 0..61, "+N+"
 * beyond), "_N_" for a run of N zeros.  Returns the length written, as
 * snprintf().
 */
size_t hw_choices_encode(char *buf, size_t size, const struct hw_choice *c,
			 size_t len);
/*
 * Parse @s back into answers (HW_CHOICE_ANY items), at most @max in all;
 * NULL and *@len set on success, else a message naming the problem.  Free
 * *@out with free().
 */
const char *hw_choices_decode(const char *s, size_t max,
			      struct hw_choice **out, size_t *len);
/* What the questions of @c were (kinds and sizes, not answers): a hash. */
uint32_t hw_choices_digest(const struct hw_choice *c, size_t len);

#endif /* HW_CHOOSER_H */
