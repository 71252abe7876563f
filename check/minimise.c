// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shortening a violating choice sequence: cut the tail, then set choices
 * to 0 ("keep running the same thread", "nothing happens") one by one,
 * keeping every change after which the same oracle still breaks.  The
 * result is canonicalised by a last replay, whose log is the trace kept.
 */
#include <stdlib.h>

#include "exec.h"

/*
 * Minimising replays the violating run many times over: at most this
 * many replays, and this many steps in all (a livelock replays to
 * CHK_MAX_STEPS each time; a loop without scheduling points, stopped by
 * the watchdog, counts as HANG_STEPS).
 */
#define MINIMISE_BUDGET		4000
#define MINIMISE_STEPS		(40ul * CHK_MAX_STEPS)
#define HANG_STEPS		(4ul * CHK_MAX_STEPS)

/* What minimising may still spend, in replays and in steps. */
struct budget {
	unsigned int replays;
	unsigned long steps;
};

/*
 * Replay @v (zeros beyond) and report whether @oracle breaks again, or
 * false once the budget is spent.
 */
static bool breaks_again(struct chk_exec *ex, const struct hw_choice *v,
			 size_t len, enum chk_oracle oracle,
			 unsigned int bound, struct budget *b)
{
	unsigned long cost;

	if (!b->replays || !b->steps)
		return false;
	chk_exec_run(ex, v, len, bound);
	cost = ex->hung ? HANG_STEPS : chk_exec_cost(ex);
	b->replays--;
	b->steps = cost < b->steps ? b->steps - cost : 0;
	return ex->verdict.violated && ex->verdict.viol.oracle == oracle;
}

/* The shortest prefix of @v (zeros beyond) that still breaks @oracle. */
static size_t shortest_prefix(struct chk_exec *ex, const struct hw_choice *v,
			      size_t len, enum chk_oracle oracle,
			      unsigned int bound, struct budget *b)
{
	size_t lo = 0, hi = len;

	while (lo < hi && b->replays && b->steps) {
		size_t mid = lo + (hi - lo) / 2;

		if (breaks_again(ex, v, mid, oracle, bound, b))
			hi = mid;
		else
			lo = mid + 1;
	}
	/* Only lengths seen to break ever became @hi. */
	return hi;
}

void chk_minimise(struct chk_exec *ex, struct chk_result *r,
		  unsigned int bound)
{
	enum chk_oracle oracle = r->viol.oracle;
	struct budget b = { MINIMISE_BUDGET, MINIMISE_STEPS };
	struct budget last = { 1, ~0ul };
	size_t len = ex->choices.len, i;
	struct hw_choice *v = malloc((len + 1) * sizeof(*v));

	if (!v)
		return;
	for (i = 0; i < len; i++)
		v[i] = (struct hw_choice){ HW_CHOICE_ANY, 0,
					   ex->choices.log[i].value };
	ex->choices.lenient = true;
	len = shortest_prefix(ex, v, len, oracle, bound, &b);
	for (i = len; i-- > 0 && b.replays && b.steps;) {
		unsigned int keep = v[i].value;

		if (!keep)
			continue;
		v[i].value = 0;
		if (!breaks_again(ex, v, len, oracle, bound, &b))
			v[i].value = keep;
	}
	breaks_again(ex, v, len, oracle, bound, &last);
	ex->choices.lenient = false;
	if (ex->verdict.violated && ex->verdict.viol.oracle == oracle)
		r->viol = ex->verdict.viol;
	free(v);
}
