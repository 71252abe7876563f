// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exhaustive mode: depth first over the tree of dpor.h, every execution
 * in which at most --bound preemptions happen (a switch away from a
 * thread that could go on) and hardware events (fill, eviction, spurious
 * AF, early TLBI completion) count against the same bound; with partial-
 * order reduction or without (chk_options.reduction).
 *
 * A plain search splits into parts, the subtrees under the first choices
 * of the tree, taken in order: part p belongs to shard p % shards.  A
 * shard runs one execution of every other part, to learn where the next
 * part starts, and all of its own; the parts of all shards are every
 * execution of the search, once.  The reduced search runs whole, in one
 * process: which threads a choice explores depends on the races found
 * in every subtree.
 */
#include "dpor.h"

/* Parts per shard: enough that the slow ones even out. */
#define PARTS_PER_SHARD	64
#define LAST_CHOICE	((size_t)-1)

/*
 * How many choices the parts are made of: the fewest first choices of
 * @ex's first execution that have enough combinations of answers.
 */
static size_t part_depth(const struct chk_exec *ex, unsigned int shards)
{
	const struct hw_choices *c = &ex->choices;
	uint64_t parts = 1;
	size_t d;

	for (d = 0; d < c->len && parts < (uint64_t)PARTS_PER_SHARD * shards;
	     d++)
		parts *= c->log[d].n;
	return d;
}

void chk_explore_exhaustive(struct chk_exec *ex, const struct chk_options *o,
			    struct chk_result *r)
{
	bool reduce = o->reduction == CHK_REDUCE_DPOR ||
		      (o->reduction == CHK_REDUCE_AUTO && o->bound == CHK_NO_BOUND);
	unsigned int shards = reduce ? 1 : chk_shard_step(o);
	unsigned int shard = reduce ? 0 : chk_shard_first(o);
	struct chk_dpor *d = chk_dpor_new(ex, reduce, o->bound,
					   o->outcome != NULL);
	const struct hw_choice *script = NULL;
	size_t len = 0, depth = LAST_CHOICE, pos;
	uint64_t part = 0, in_part = 0;
	struct chk_outcome out;
	bool complete, mine;

	if (!d)
		return;
	r->reduced = reduce;
	chk_dpor_attach(d);
	for (;;) {
		chk_exec_run(ex, script, len, o->bound);
		complete = chk_dpor_done(d);
		if (depth == LAST_CHOICE)
			depth = shards > 1 ? part_depth(ex, shards) : 0;
		mine = part % shards == shard;
		if (mine && !in_part &&
		    !chk_result_add_part(r, (struct chk_part){ .part = part }))
			break;
		if (mine) {
			r->executions++;
			r->parts[r->nr_parts - 1].executions++;
			r->classes = chk_dpor_classes(d);
		}
		if (mine && complete && o->outcome) {
			out.oracle = ex->verdict.violated ?
				     ex->verdict.viol.oracle : CHK_NR_ORACLES;
			out.state = chk_dpor_state(d);
			out.trace = chk_dpor_trace(d);
			o->outcome(o->outcome_arg, &out);
			r->violations += ex->verdict.violated;
		} else if (mine && complete && ex->verdict.violated) {
			r->position = chk_position(part, in_part);
			chk_shard_found(o, r->position);
			chk_dpor_detach(d);
			chk_found(ex, r, o->bound);
			chk_dpor_free(d);
			return;
		}
		in_part++;
		/* Within a part of its own, or on to the next part. */
		if (!chk_dpor_next(d, mine ? LAST_CHOICE : depth, &script, &len,
				   &pos)) {
			r->exhausted = true;
			if (r->nr_parts)
				r->parts[r->nr_parts - 1].complete = true;
			break;
		}
		if (pos < depth) {
			if (mine)
				r->parts[r->nr_parts - 1].complete = true;
			part++;
			in_part = 0;
		}
		if ((o->executions && r->executions >= o->executions) ||
		    chk_shard_beaten(o, chk_position(part, in_part)) ||
		    !chk_progress(o, r))
			break;
	}
	chk_dpor_detach(d);
	chk_dpor_free(d);
}
