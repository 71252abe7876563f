// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stress mode: the same threads on real pthreads, primitives as C11
 * atomics, hardware choices random (each thread its own generator), no
 * replay token.  The machine makes each CPU's access one step under that
 * CPU's lock (docs/hw.md), so a DSB still waits for the accesses that used
 * what it invalidated.
 */
#include <pthread.h>

#include "exec.h"

struct stress_arg {
	const struct chk_scenario *s;
	unsigned int t;
	uint64_t seed;
};

/* Each thread's generator for the machine's choices. */
static _Thread_local uint64_t stress_rng;

static unsigned int stress_choose(void *arg, enum hw_choice_kind kind,
				  unsigned int n)
{
	const struct hw_choices *c = arg;

	return hw_choices_random(&stress_rng, c->rate, kind, n);
}

static void *stress_thread(void *p)
{
	struct stress_arg *a = p;

	hw_this_cpu = a->t;
	stress_rng = a->seed;
	a->s->thread(a->t);
	return NULL;
}

/* The threads of one execution, on real threads. */
static void run_threads(struct chk_exec *ex, uint64_t seed)
{
	const struct chk_scenario *s = ex->scn;
	struct stress_arg arg[CHK_MAX_THREADS];
	pthread_t tid[CHK_MAX_THREADS];
	unsigned int t, started;

	ex->stress = true;
	for (started = 0; started < s->nr_threads; started++) {
		arg[started] = (struct stress_arg){ s, started, seed ^ started };
		if (pthread_create(&tid[started], NULL, stress_thread,
				   &arg[started]))
			break;
	}
	for (t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	ex->stress = false;
}

void chk_explore_stress(struct chk_exec *ex, const struct chk_options *o,
			struct chk_result *r)
{
	const struct chk_scenario *s = ex->scn;
	const struct hw_chooser chooser = { stress_choose, &ex->choices };
	unsigned long i;

	hw_set_sched_hook(NULL, NULL);
	hw_set_chooser(&chooser);
	for (i = 0; i < o->executions; i++) {
		chk_exec_reset(ex, NULL, 0, 0);
		s->setup();
		run_threads(ex, o->seed ^ (i << 8));
		r->executions++;
		if (!ex->verdict.violated && ex->world_end)
			ex->world_end();
		if (!ex->verdict.violated && s->finish)
			s->finish();
		/* The flag is this execution's: the next one resets it. */
		if (ex->verdict.violated) {
			r->violations = 1;
			r->viol = ex->verdict.viol;
			break;
		}
		if (!chk_progress(o, r))
			break;
	}
	hw_set_chooser(&ex->choices.chooser);
}
