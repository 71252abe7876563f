/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The explorer: runs the threads of a scenario as coroutines on one OS
 * thread, with a scheduling decision at every primitive of the machine
 * (hw_set_sched_hook), and every decision, scheduling or hardware, taken
 * through one chooser so that an execution is a function of its choice
 * sequence.  Modes: random walks from a seed, depth-first enumeration of
 * every schedule within a preemption bound, replay of a choice sequence,
 * and stress on real threads.
 */
#ifndef CHECK_EXPLORE_H
#define CHECK_EXPLORE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/chooser.h"
#include "oracles.h"

#define CHK_MAX_THREADS		4
/*
 * The exit status of a run that cannot go on for want of memory (not 2:
 * that is bad input).
 */
#define CHK_EXIT_NOMEM		3

enum chk_mode { CHK_RANDOM, CHK_EXHAUSTIVE, CHK_STRESS, CHK_NR_MODES };

/*
 * The exhaustive search: with partial-order reduction, plain, or (auto)
 * reduced without a bound, where it is the only way through, and plain
 * with one, where it saves few executions for what it costs each.
 */
enum chk_reduction { CHK_REDUCE_AUTO, CHK_REDUCE_DPOR, CHK_REDUCE_NONE,
		     CHK_NR_REDUCTIONS };
extern const char *const chk_reduction_names[CHK_NR_REDUCTIONS];

/* The largest preemption bound a command line or token may give. */
#define CHK_MAX_BOUND		64
/* No bound on preemptions and hardware events. */
#define CHK_NO_BOUND		(~0u)
extern const char *const chk_mode_names[CHK_NR_MODES];

/*
 * A scenario: threads on CPUs 0..nr_threads-1 (thread t runs on CPU t),
 * a setup run before each execution and a finish run after the last
 * thread, both outside the threads (no scheduling points there).
 */
struct chk_scenario {
	const char *name;
	const char *desc;
	unsigned int nr_threads;
	const char *thread_names[CHK_MAX_THREADS];
	void (*init)(void);		/* once per run of the scenario */
	void (*setup)(void);
	void (*thread)(unsigned int t);
	void (*finish)(void);		/* end-of-execution oracles, or NULL */
	void (*exit)(void);		/* once, after the last execution */
	/*
	 * Defaults for `contpte check` with no options: the machine this
	 * scenario needs for its bug classes ("KNOB=VALUE" hardware
	 * settings over the default machine, NULL-terminated, or NULL),
	 * which --hw overrides, and how to explore.
	 */
	const char *const *hw;
	/*
	 * Further machines it runs on by default, one "KNOB=VALUE" over @hw
	 * each (NULL-terminated, or NULL): where the code under test takes
	 * another path on another machine (scenarios.h).
	 */
	const char *const *also;
	enum chk_mode mode;
	unsigned long executions;
	unsigned int bound;
	/*
	 * Exhaustive: CHK_REDUCE_AUTO (0, dpor only without a bound), or
	 * CHK_REDUCE_DPOR for a search whose bug sits deeper than bound 1
	 * and that the reduction makes whole at bound 2.
	 */
	enum chk_reduction reduction;
};

struct chk_violation {
	enum chk_oracle oracle;
	unsigned int thread;		/* where: CHK_NO_THREAD, the checks */
	size_t event;			/* events logged by then, if logging */
	char message[512];
};

/* A run's choices, as the engine logged them. */
struct chk_trace {
	struct hw_choice *c;
	size_t len;
};

/* How one execution of an exhaustive search ended. */
struct chk_outcome {
	enum chk_oracle oracle;		/* CHK_NR_ORACLES: none broken */
	uint64_t state;			/* machine memory after the threads */
	uint64_t trace;			/* its equivalence class, hashed */
};

/* A subtree of an exhaustive search, as one process ran it. */
struct chk_part {
	uint32_t part;
	unsigned long executions;
	bool complete;
	unsigned long classes;	/* of a reduced search */
};

/*
 * An exhaustive search's position: part @part's execution @i.  A part has
 * fewer than 2^40 executions (the most --executions allows), and there
 * are fewer than 2^24 parts (a few times 64 a shard, 1024 shards at most).
 */
#define CHK_POSITION_BITS	40

static inline uint64_t chk_position(uint64_t part, uint64_t i)
{
	return part << CHK_POSITION_BITS | i;
}

static inline uint64_t chk_position_part(uint64_t pos)
{
	return pos >> CHK_POSITION_BITS;
}

static inline uint64_t chk_position_index(uint64_t pos)
{
	return pos & ((1ull << CHK_POSITION_BITS) - 1);
}

struct chk_options {
	enum chk_mode mode;
	unsigned long executions;	/* random, stress; cap for exhaustive */
	unsigned int bound;		/* exhaustive: preemptions allowed */
	enum chk_reduction reduction;	/* exhaustive */
	uint64_t seed;
	/*
	 * Oracles whose violations are ignored (1u << oracle each; 0:
	 * none), to ask what else breaks once the first one is known.
	 */
	unsigned int mute;
	/* Called now and then with the executions done so far. */
	void (*progress)(void *arg, unsigned long done);
	void *progress_arg;
	/* Set (by a signal handler): stop after the execution under way. */
	const volatile sig_atomic_t *stop;
	/*
	 * Run part @shard of @shards of the search (0 of 0 or 1: all of it):
	 * random runs i with i % @shards == @shard, plain exhaustive
	 * searches the subtrees of the same rank.  @best, shared by the
	 * processes of one search (or NULL), holds the position of the first
	 * violation any of them found, UINT64_MAX before: a process stops
	 * once its work lies beyond it.
	 */
	unsigned int shard, shards;
	uint64_t *best;
	/*
	 * Exhaustive: called with the outcome of every execution that is
	 * not pruned, and then the search goes on past violations (none is
	 * minimised): what the reduced and the plain search find, compared.
	 */
	void (*outcome)(void *arg, const struct chk_outcome *o);
	void *outcome_arg;
};

struct chk_result {
	unsigned long executions;
	unsigned long classes;		/* exhaustive: equivalence classes, 0:
					 * not counted (the plain search) */
	bool reduced;			/* exhaustive: by partial-order reduction */
	/*
	 * Where the violation lies in the search's own order, the same
	 * however the search is split: random, the run's index; exhaustive,
	 * chk_position() of its part and its execution within the part.
	 */
	uint64_t position;
	/* Exhaustive: the parts this process ran, in order. */
	struct chk_part *parts;
	size_t nr_parts;
	bool exhausted;			/* exhaustive: every schedule was run */
	bool interrupted;		/* stopped by chk_options.stop */
	unsigned long violations;	/* executions that broke an oracle */
	double seconds;
	struct chk_violation viol;	/* the first one */
	struct chk_trace trace;		/* its minimised choices (not stress) */
	unsigned int bound;		/* the preemption bound it ran under */
	bool have_trace;
	size_t setup_events;		/* replay: events logged by the setup */
	size_t final_events;		/* replay: ... before the final checks */
	size_t replayed;		/* replay: scripted choices it made */
};

/*
 * Explore @s under @o.  The run stops at the first violation, minimises
 * its choice sequence and leaves it in @r->trace.  Returns false if the
 * machine could not be set up (out of memory).
 */
bool chk_explore(const struct chk_scenario *s, const struct chk_options *o,
		 struct chk_result *r);

/*
 * Run @s once following @values (choices beyond them: 0) with @bound
 * preemptions allowed, as recorded.  With @strict, a value out of range
 * for its choice is an error (false).  The machine's event log, if the
 * caller enabled it, holds the run; @r->trace every choice it made
 * (release @r), @r->replayed how many of @values it used.
 */
bool chk_replay(const struct chk_scenario *s, const struct hw_choice *values,
		size_t len, unsigned int bound, bool strict,
		struct chk_result *r);

/* Append part @p to @r->parts; false when out of memory. */
bool chk_result_add_part(struct chk_result *r, struct chk_part p);

void chk_result_release(struct chk_result *r);

/*
 * Report a broken oracle.  The first violation of an execution ends it:
 * from a scenario thread this does not return.
 */
void chk_fail(enum chk_oracle oracle, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* True once the current execution has a violation. */
bool chk_failed(void);

/* The scenario thread running now (CHK_NO_THREAD outside threads). */
#define CHK_NO_THREAD	(~0u)
unsigned int chk_current_thread(void);

#endif /* CHECK_EXPLORE_H */
