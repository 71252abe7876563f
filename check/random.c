// SPDX-License-Identifier: GPL-2.0-only
/*
 * Random mode: --executions runs, run i seeded from --seed + i, scheduled
 * by PCT (Burckhardt et al., "A randomized scheduler with probabilistic
 * guarantees of finding bugs", ASPLOS 2010): random thread priorities,
 * the highest-priority runnable thread runs, and at PCT_DEPTH - 1 random
 * steps of the run the running thread drops below every other.  A bug
 * that needs d ordering constraints is hit with probability at least
 * 1/(n k^(d-1)) per run for n threads and k steps, where a uniform choice
 * at every step needs exponentially many.  Hardware choices are random,
 * events rare (HW_EVENT_RATE).  Every decision is a choice of the engine,
 * so tokens replay.
 */
#include <string.h>

#include "exec.h"

#define PCT_DEPTH		3
/* Run length assumed before the first run has measured one. */
#define PCT_MIN_STEPS		16
/*
 * The change points of a run fall anywhere in the longest of the runs
 * before it, up to this one: later runs depend on the first ones alone,
 * so that every process of a split search (chk_options.shards) can run
 * these to learn the length, and run i is the same wherever it runs.
 * Runs are often many times longer than the sequential one (retries,
 * faults, spinning), which is too short a range.
 */
#define PCT_LEARN_RUNS		64
/*
 * Every other random run counts only the steps that change something
 * another thread may see (stores, atomics, locks, TLB maintenance; not
 * plain loads) when it places its change points: most races need a
 * thread held back just before such a step, and there are several times
 * fewer of them, so each change point is that much likelier to fall
 * where it matters (the GUP-fast/fork pin race needs two: one in each).
 */
#define PCT_MODES		2

struct pct {
	struct chk_exec *ex;
	int prio[CHK_MAX_THREADS];
	unsigned long change[PCT_DEPTH - 1];
	int floor;		/* the next priority of a yield */
	unsigned int mode;	/* 1: loads do not count */
	bool learn;		/* this run's length counts in steps[] */
	unsigned long count;	/* steps counted in this run */
	unsigned long steps[PCT_MODES];	/* longest run so far */
};

/* The highest-priority thread among the ones asked about. */
static unsigned int pct_choice(const struct pct *p, unsigned int n)
{
	const unsigned int *opt = p->ex->opt;
	unsigned int i, best = 0;

	for (i = 1; i < n; i++)
		if (p->prio[opt[i]] > p->prio[opt[best]])
			best = i;
	return best;
}

static unsigned int pct_answer(void *arg, enum hw_choice_kind kind,
			       unsigned int n)
{
	struct pct *p = arg;
	struct hw_choices *c = &p->ex->choices;

	if (kind == HW_CHOICE_SCHEDULE)
		return pct_choice(p, n);
	return hw_choices_random(&c->rng, c->rate, kind, n);
}

/* At change point j the running thread takes priority PCT_DEPTH - 1 - j. */
static void pct_step(void *arg, unsigned int t, enum hw_mem_op op,
		     const void *ptr)
{
	struct pct *p = arg;
	unsigned int j;

	if (p->mode && op == HW_MEM_READ)
		return;
	if (++p->count > p->steps[p->mode] && p->learn)
		p->steps[p->mode] = p->count;
	for (j = 0; j < PCT_DEPTH - 1; j++)
		if (p->change[j] == p->count)
			p->prio[t] = PCT_DEPTH - 1 - (int)j;
}

/* A spinning thread waits for the others: PCT lets them run. */
static void pct_yield(void *arg, unsigned int t)
{
	struct pct *p = arg;

	p->prio[t] = p->floor--;
}

/*
 * A new random run: threads get the priorities PCT_DEPTH.. in random
 * order, and the change points fall anywhere in the longest run seen.
 */
static void pct_start(struct pct *p, unsigned int mode)
{
	uint64_t *rng = &p->ex->choices.rng;
	unsigned long len = p->steps[mode] > PCT_MIN_STEPS ?
			    p->steps[mode] : PCT_MIN_STEPS;
	unsigned int t, j;

	p->mode = mode;
	p->count = 0;
	for (t = 0; t < p->ex->scn->nr_threads; t++) {
		j = hw_choices_rand(rng) % (t + 1);
		p->prio[t] = p->prio[j];
		p->prio[j] = PCT_DEPTH + t;
	}
	for (j = 0; j < PCT_DEPTH - 1; j++)
		p->change[j] = 1 + hw_choices_rand(rng) % len;
	p->floor = 0;
	p->ex->strategy = (struct chk_strategy){ .step = pct_step,
						 .yield = pct_yield, .arg = p };
	p->ex->choices.policy = HW_ANSWER_OWNER;
	p->ex->choices.owner = pct_answer;
	p->ex->choices.owner_arg = p;
}

static void pct_stop(struct pct *p)
{
	p->ex->strategy = (struct chk_strategy){ 0 };
	p->ex->choices.policy = HW_ANSWER_ZERO;
}

/* The run after run @i this process runs: its own, or one to learn from. */
static unsigned long next_run(const struct chk_options *o, unsigned long i)
{
	unsigned long step = chk_shard_step(o), first = chk_shard_first(o);

	if (++i < PCT_LEARN_RUNS)
		return i;
	return i + (first + step - i % step) % step;
}

void chk_explore_random(struct chk_exec *ex, const struct chk_options *o,
			struct chk_result *r)
{
	/* Each search learns its run length afresh: a function of its seed. */
	struct pct pct = { .ex = ex };
	unsigned long i;
	bool mine;

	for (i = next_run(o, -1ul); i < o->executions; i = next_run(o, i)) {
		uint64_t x = o->seed + i;

		mine = i % chk_shard_step(o) == chk_shard_first(o);
		if (mine && chk_shard_beaten(o, i))
			break;
		ex->choices.rng = hw_choices_rand(&x);
		pct.learn = i < PCT_LEARN_RUNS;
		pct_start(&pct, i % PCT_MODES);
		chk_exec_run(ex, NULL, 0, CHK_NO_BOUND);
		pct_stop(&pct);
		if (!mine)
			continue;
		r->executions++;
		if (ex->verdict.violated) {
			r->position = i;
			chk_shard_found(o, i);
			chk_found(ex, r, CHK_NO_BOUND);
			break;
		}
		if (!chk_progress(o, r))
			break;
	}
}
