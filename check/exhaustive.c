// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exhaustive mode: depth first over the tree of dpor.h, every execution
 * in which at most --bound preemptions happen (a switch away from a
 * thread that could go on) and hardware events (fill, eviction, spurious
 * AF, early TLBI completion) count against the same bound; with partial-
 * order reduction or without (chk_options.reduction).
 */
#include "dpor.h"

void chk_explore_exhaustive(struct chk_exec *ex, const struct chk_options *o,
			    struct chk_result *r)
{
	bool reduce = o->reduction == CHK_REDUCE_DPOR ||
		      (o->reduction == CHK_REDUCE_AUTO && o->bound == CHK_NO_BOUND);
	struct chk_dpor *d = chk_dpor_new(ex, reduce, o->bound,
					   o->outcome != NULL);
	const struct hw_choice *script = NULL;
	struct chk_outcome out;
	size_t len = 0;
	bool complete;

	if (!d)
		return;
	r->reduced = reduce;
	chk_dpor_attach(d);
	for (;;) {
		chk_exec_run(ex, script, len, o->bound);
		complete = chk_dpor_done(d);
		r->executions++;
		r->classes = chk_dpor_classes(d);
		if (complete && o->outcome) {
			out.oracle = ex->verdict.violated ?
				     ex->verdict.viol.oracle : CHK_NR_ORACLES;
			out.state = chk_dpor_state(d);
			out.trace = chk_dpor_trace(d);
			o->outcome(o->outcome_arg, &out);
			r->violations += ex->verdict.violated;
		} else if (complete && ex->verdict.violated) {
			chk_dpor_detach(d);
			chk_found(ex, r, o->bound);
			chk_dpor_free(d);
			return;
		}
		if (!chk_dpor_next(d, &script, &len)) {
			r->exhausted = true;
			break;
		}
		if ((o->executions && r->executions >= o->executions) ||
		    !chk_progress(o, r))
			break;
	}
	chk_dpor_detach(d);
	chk_dpor_free(d);
}
