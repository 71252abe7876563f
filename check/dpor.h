/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tree the exhaustive mode walks, depth first: every choice of an
 * execution is a node.  Hardware choices are always enumerated, every
 * answer.  Scheduling choices are enumerated too in the plain search;
 * the reduced search (dynamic partial-order reduction) takes only the
 * threads a race asks for.
 *
 * Each execution is a sequence of steps (footprint.h) ordered by
 * happens-before: program order and the order of dependent steps (vector
 * clocks).  Two steps of different threads race when they are dependent
 * and nothing else orders them; reversing a race needs another thread at
 * the choice before its first step.  Without a bound this is source-DPOR
 * with sleep sets (Abdulla, Aronis, Jonsson, Sagonas, "Optimal dynamic
 * partial order reduction", POPL 2014): the thread added is one that can
 * start the reversed order, and a thread whose step was explored at a
 * node sleeps in its siblings until a dependent step wakes it.  With a
 * preemption bound the first schedule of a class may cost more
 * preemptions than another of the same class, so the thread is added as
 * in classic DPOR, and also at the last context switch before the race,
 * where running it costs no more than the schedule that raced
 * (Coons, Musuvathi, McKinley, "Bounded partial-order reduction", OOPSLA
 * 2013); sleep sets are off.
 *
 * The reduced search counts the equivalence classes (Mazurkiewicz traces
 * with the hardware's answers) of the executions it ran; the plain one
 * does when asked for outcomes, and otherwise runs as lean as before.
 */
#ifndef CHECK_DPOR_H
#define CHECK_DPOR_H

#include "exec.h"

struct chk_dpor;

/*
 * A search of @ex's scenario; NULL when out of memory.  With @state, the
 * machine's memory is hashed when the threads are over (chk_dpor_state()).
 */
struct chk_dpor *chk_dpor_new(struct chk_exec *ex, bool reduce,
			      unsigned int bound, bool state);
void chk_dpor_free(struct chk_dpor *d);

/* Follow the next execution (the scheduler's hooks, the choice policy). */
void chk_dpor_attach(struct chk_dpor *d);
void chk_dpor_detach(struct chk_dpor *d);

/*
 * The execution just run, analysed: races, its class.  False if the
 * reduced search pruned it (it adds nothing new).
 */
bool chk_dpor_done(struct chk_dpor *d);

/*
 * The script of the next execution, depth first, branching at a choice
 * before @limit (SIZE_MAX: any) of the last execution's log, at *@pos;
 * false when every such execution has been run.
 */
bool chk_dpor_next(struct chk_dpor *d, size_t limit,
		   const struct hw_choice **script, size_t *len, size_t *pos);

/* The class of the last execution, hashed (0 if it was pruned). */
uint64_t chk_dpor_trace(const struct chk_dpor *d);

/* Equivalence classes of the executions run so far (0: not counted). */
unsigned long chk_dpor_classes(const struct chk_dpor *d);

/*
 * Make the reduced search a sum of parts that can be searched apart: the
 * choices before @depth take every thread, and a thread explored at one
 * sleeps in its later siblings only if its step there made no hardware
 * choice (one execution of the part tells that step's footprint), so
 * that the races of one part's executions change nothing of another's.
 */
void chk_dpor_split(struct chk_dpor *d, size_t depth);
/* Count classes afresh, from a part's first execution on. */
void chk_dpor_classes_reset(struct chk_dpor *d);

/*
 * The last execution's machine memory when its threads were over (live
 * tables and data frames), hashed.
 */
uint64_t chk_dpor_state(const struct chk_dpor *d);

#endif /* CHECK_DPOR_H */
