// SPDX-License-Identifier: GPL-2.0-only
/*
 * The explorer's entry points: a search in one of the modes, and the
 * replay of one recorded run.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec.h"

const char *const chk_mode_names[CHK_NR_MODES] = {
	[CHK_RANDOM] = "random",
	[CHK_EXHAUSTIVE] = "exhaustive",
	[CHK_STRESS] = "stress",
};

const char *const chk_reduction_names[CHK_NR_REDUCTIONS] = {
	[CHK_REDUCE_AUTO] = "auto",
	[CHK_REDUCE_DPOR] = "dpor",
	[CHK_REDUCE_NONE] = "none",
};

#define PROGRESS_EVERY		1024

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

bool chk_progress(const struct chk_options *o, struct chk_result *r)
{
	if (o->stop && *o->stop) {
		r->interrupted = true;
		return false;
	}
	if (o->progress && !(r->executions % PROGRESS_EVERY))
		o->progress(o->progress_arg, r->executions);
	return true;
}

void chk_shard_found(const struct chk_options *o, uint64_t pos)
{
	uint64_t seen;

	if (!o->best)
		return;
	seen = __atomic_load_n(o->best, __ATOMIC_RELAXED);
	while (pos < seen &&
	       !__atomic_compare_exchange_n(o->best, &seen, pos, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

/* The first @len choices of the engine's log of the last run. */
static void keep_log(const struct chk_exec *ex, struct chk_result *r,
		     size_t len)
{
	r->trace.c = malloc((len + 1) * sizeof(*r->trace.c));
	if (!r->trace.c)
		return;
	if (len)
		memcpy(r->trace.c, ex->choices.log, len * sizeof(*r->trace.c));
	r->trace.len = len;
	r->have_trace = true;
}

/* The log without its trailing zeros, which a replay makes anyway. */
static void keep_trace(const struct chk_exec *ex, struct chk_result *r)
{
	size_t len = ex->choices.len;

	while (len && !ex->choices.log[len - 1].value)
		len--;
	keep_log(ex, r, len);
}

void chk_found(struct chk_exec *ex, struct chk_result *r, unsigned int bound)
{
	r->violations++;
	r->viol = ex->verdict.viol;
	chk_minimise(ex, r, bound);
	keep_trace(ex, r);
	r->bound = bound;
}

bool chk_explore(const struct chk_scenario *s, const struct chk_options *o,
		 struct chk_result *r)
{
	struct chk_exec *ex = calloc(1, sizeof(*ex));
	double t0 = now();
	bool ok;

	*r = (struct chk_result){ 0 };
	if (!ex)
		return false;
	hw_choices_init(&ex->choices, HW_ANSWER_ZERO, o->seed);
	ok = chk_exec_begin(ex, s, o->mute);
	if (ok) {
		switch (o->mode) {
		case CHK_EXHAUSTIVE:
			chk_explore_exhaustive(ex, o, r);
			break;
		case CHK_STRESS:
			chk_explore_stress(ex, o, r);
			break;
		default:
			chk_explore_random(ex, o, r);
			break;
		}
		chk_exec_end(ex);
	}
	hw_choices_exit(&ex->choices);
	free(ex);
	r->seconds = now() - t0;
	return ok;
}

bool chk_replay(const struct chk_scenario *s, const struct hw_choice *values,
		size_t len, unsigned int bound, bool strict,
		struct chk_result *r)
{
	struct chk_exec *ex = calloc(1, sizeof(*ex));
	double t0 = now();
	bool ok;

	*r = (struct chk_result){ 0 };
	if (!ex)
		return false;
	hw_choices_init(&ex->choices, HW_ANSWER_ZERO, 0);
	ex->choices.lenient = !strict;
	ok = chk_exec_begin(ex, s, 0);
	if (ok) {
		chk_exec_run(ex, values, len, bound);
		r->executions = 1;
		r->setup_events = ex->setup_events;
		r->final_events = ex->final_events;
		if (ex->verdict.violated) {
			r->violations = 1;
			r->viol = ex->verdict.viol;
		}
		ok = !ex->choices.diverged;
		r->replayed = ex->choices.pos;
		keep_log(ex, r, ex->choices.len);
		chk_exec_end(ex);
	}
	hw_choices_exit(&ex->choices);
	free(ex);
	r->seconds = now() - t0;
	return ok;
}

bool chk_result_add_part(struct chk_result *r, struct chk_part p)
{
	struct chk_part *g = realloc(r->parts, (r->nr_parts + 1) * sizeof(*g));

	if (!g)
		return false;
	r->parts = g;
	r->parts[r->nr_parts++] = p;
	return true;
}

void chk_result_release(struct chk_result *r)
{
	free(r->trace.c);
	free(r->parts);
	r->trace = (struct chk_trace){ 0 };
	r->parts = NULL;
	r->nr_parts = 0;
	r->have_trace = false;
}
