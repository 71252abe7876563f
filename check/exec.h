/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One execution of a scenario, as the explorer's parts share it: the
 * scheduler (sched.c) runs the threads as coroutines and asks the choice
 * engine which one runs at every scheduling point; the verdict
 * (verdict.c) collects what the oracles report; the modes (random.c,
 * exhaustive.c, stress.c) and the minimiser (minimise.c) drive runs of
 * it.  Everything an execution is lives in struct chk_exec, passed
 * around; the only pointer to it without an argument is the one the
 * oracles' entry points (chk_fail()) and the fault handlers reach.
 */
#ifndef CHECK_EXEC_H
#define CHECK_EXEC_H

#include "hw/chooser.h"
#include "hw/mem.h"
#include "coro.h"
#include "explore.h"

#define CHK_MAX_LOCKS		32
/* An execution longer than this is a livelock, not a long run. */
#define CHK_MAX_STEPS		200000
/* A choice sequence longer than this is a livelock too. */
#define CHK_MAX_CHOICES		(1ul << 22)

/*
 * What a search strategy hears of the scheduler: a thread reached a
 * scheduling point (the primitive it is about to make); a spinning thread
 * was made to yield; a thread was chosen to take its next step, at choice
 * @node of the log (-1: nothing was asked), and may refuse it (false: the
 * execution is pruned); a thread ran to its end; the threads are over
 * (all ended, or a violation stopped them), before the final checks.  Any
 * may be NULL.
 */
struct chk_strategy {
	void (*step)(void *arg, unsigned int t, enum hw_mem_op op,
		     const void *p);
	void (*yield)(void *arg, unsigned int t);
	bool (*run)(void *arg, unsigned int t, long node);
	void (*finished)(void *arg, unsigned int t);
	void (*end)(void *arg);
	void *arg;
};

/* Violations of one execution; shared by the stress mode's threads. */
struct chk_verdict {
	bool violated;
	struct chk_violation viol;	/* the gravest one */
	unsigned int mute;		/* ignored: 1u << oracle each */
	/*
	 * The thread the next report is about, when not the one running
	 * (a machine monitor names the CPU that made the access);
	 * CHK_NO_THREAD: the one running.
	 */
	unsigned int blame;
};

struct chk_exec {
	const struct chk_scenario *scn;
	struct chk_coro main, co[CHK_MAX_THREADS];
	unsigned int cur, next;
	bool finished[CHK_MAX_THREADS];
	/* Spinning on a lock: blocked until its release count moves on. */
	const void *last_lock[CHK_MAX_THREADS];
	const void *blocked_on[CHK_MAX_THREADS];
	unsigned long blocked_gen[CHK_MAX_THREADS];
	struct { const void *p; unsigned long gen; } locks[CHK_MAX_LOCKS];
	unsigned int nr_locks;
	unsigned long steps, run_len, main_steps;
	/*
	 * Threads made to yield since a thread not among them last took a
	 * step that may write (sched.c, pick_thread()): one bit each.
	 */
	unsigned int spinning;
	size_t setup_events;
	size_t final_events;	/* logged before the final checks */

	/* Every choice, the scheduler's and the machine's. */
	struct hw_choices choices;
	/* The last scheduling question asked: which of these threads. */
	unsigned int opt[CHK_MAX_THREADS], nr_opt;
	struct chk_strategy strategy;
	bool pruned;		/* the strategy stopped it: no outcome */

	struct chk_verdict verdict;
	/*
	 * The world's own checks once every thread ended, before the
	 * scenario's final checks, which may reclaim, fault or exit and so
	 * undo what these would see: set by the world's setup, or NULL.
	 */
	void (*world_end)(void);

	/*
	 * Faults in the code under check: an execution is running (its
	 * setup, threads and final checks), the explorer's own context is
	 * running its setup or final checks (@world_fn, on @world's stack),
	 * and the steps taken, which the watchdog watches.
	 */
	bool running, in_main;
	struct chk_coro world;
	void (*world_fn)(void);
	unsigned long progress;
	bool hung;		/* the watchdog stopped this execution */
	bool stress;		/* the threads are real threads */
};

/*
 * Make @ex the execution of @s: coroutine stacks, the machine's hooks
 * (scheduling, choices, violations, faults), the scenario's init.  False
 * when out of memory.  chk_exec_end() undoes it.
 */
bool chk_exec_begin(struct chk_exec *ex, const struct chk_scenario *s,
		    unsigned int mute);
void chk_exec_end(struct chk_exec *ex);

/* Forget the last execution; the next follows @script with @budget. */
void chk_exec_reset(struct chk_exec *ex, const struct hw_choice *script,
		    size_t len, unsigned int budget);

/*
 * One execution following @script (@len answers), the rest answered by
 * the engine's policy, with @budget preemptions and hardware events.
 */
void chk_exec_run(struct chk_exec *ex, const struct hw_choice *script,
		  size_t len, unsigned int budget);

/* What the last execution cost to run, in steps (for the minimiser). */
unsigned long chk_exec_cost(const struct chk_exec *ex);

/* The execution under way (for entry points without an argument). */
struct chk_exec *chk_exec_running(void);

/* The thread whose step it is (CHK_NO_THREAD in the setup and checks). */
static inline unsigned int chk_exec_thread(const struct chk_exec *ex)
{
	return ex->cur;
}

/* verdict.c: the handlers the machine, core-mm and the shims report to. */
void chk_verdict_install(struct chk_exec *ex);
void chk_verdict_remove(void);
void chk_verdict_reset(struct chk_verdict *v);
/*
 * A violation after which the code under check must not go on: leave
 * the execution from wherever it is.
 */
void chk_fail_fatal(enum chk_oracle oracle, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

/* sched.c: leave the scenario's threads for good (a violation). */
void chk_exec_abandon(struct chk_exec *ex) __attribute__((noreturn));
/* sched.c: leave the execution from a thread or the setup and checks. */
void chk_exec_leave(struct chk_exec *ex) __attribute__((noreturn));

/* stress.c: the stress mode's run, on real threads. */
void chk_explore_stress(struct chk_exec *ex, const struct chk_options *o,
			struct chk_result *r);

/* minimise.c: shorten the violating run @ex just made, into @r. */
void chk_minimise(struct chk_exec *ex, struct chk_result *r,
		  unsigned int bound);

/* random.c, exhaustive.c: the other modes. */
void chk_explore_random(struct chk_exec *ex, const struct chk_options *o,
			struct chk_result *r);
void chk_explore_exhaustive(struct chk_exec *ex, const struct chk_options *o,
			    struct chk_result *r);

/* The first unit of work of @o's shard, and the distance between two. */
static inline unsigned long chk_shard_first(const struct chk_options *o)
{
	return o->shards > 1 ? o->shard : 0;
}

static inline unsigned long chk_shard_step(const struct chk_options *o)
{
	return o->shards > 1 ? o->shards : 1;
}

/* Another process found a violation before @pos. */
static inline bool chk_shard_beaten(const struct chk_options *o, uint64_t pos)
{
	return o->best && __atomic_load_n(o->best, __ATOMIC_RELAXED) < pos;
}

/* A violation at @pos: the other processes need not go past it. */
void chk_shard_found(const struct chk_options *o, uint64_t pos);

/* explore.c: a violating run found: count, minimise, keep its trace. */
void chk_found(struct chk_exec *ex, struct chk_result *r, unsigned int bound);
/*
 * Between two executions: report progress now and then; false (and
 * @r->interrupted set) if the search is to stop.
 */
bool chk_progress(const struct chk_options *o, struct chk_result *r);

#endif /* CHECK_EXEC_H */
