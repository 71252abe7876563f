// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exhaustive mode: depth first over every choice sequence in which at
 * most --bound preemptions happen (a switch away from a thread that could
 * go on) and hardware events (fill, eviction, spurious AF, early TLBI
 * completion) count against the same bound.
 */
#include "exec.h"

void chk_explore_exhaustive(struct chk_exec *ex, const struct chk_options *o,
			    struct chk_result *r)
{
	chk_exec_run(ex, NULL, 0, o->bound);
	for (;;) {
		r->executions++;
		if (ex->verdict.violated) {
			chk_found(ex, r, o->bound);
			return;
		}
		if (!hw_choices_branch(&ex->choices, o->bound)) {
			r->exhausted = true;
			return;
		}
		if (o->executions && r->executions >= o->executions)
			return;
		chk_progress(o, r);
		chk_exec_run(ex, ex->choices.next, ex->choices.script_len,
			     o->bound);
	}
}
