// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exhaustive mode: depth first over the tree of dpor.h, every execution
 * in which at most --bound preemptions happen (a switch away from a
 * thread that could go on) and hardware events (fill, eviction, spurious
 * AF, early TLBI completion) count against the same bound; with partial-
 * order reduction or without (chk_options.reduction).
 *
 * A search splits into parts, the subtrees under the first choices of
 * the tree, taken in order: part p belongs to shard p % shards.  A shard
 * runs one execution of every other part, to learn where the next part
 * starts, and all of its own; the parts of all shards are every execution
 * of the search, once.  A plain search is cut where its shards need it.
 * The reduced search without a bound is cut the same way however many
 * shards there are, one process included, and its cut choices take every
 * thread (chk_dpor_split()), so that no part's races change another's;
 * its classes are counted part by part.  Under a bound it has no sleep
 * sets, so that the parts would repeat each other's classes: it runs
 * whole, in one process.
 */
#include "dpor.h"

/* Parts per shard: enough that the slow ones even out. */
#define PARTS_PER_SHARD	64
/* Parts of a reduced search: 64 a shard for 16 shards, 8 for 128. */
#define REDUCED_PARTS	1024
#define LAST_CHOICE	((size_t)-1)

/*
 * How many choices the parts are made of: the fewest first choices of
 * @ex's first execution that have enough combinations of answers.
 */
static size_t part_depth(const struct chk_exec *ex, uint64_t want)
{
	const struct hw_choices *c = &ex->choices;
	uint64_t parts = 1;
	size_t d;

	for (d = 0; d < c->len && parts < want; d++)
		parts *= c->log[d].n;
	return d;
}

void chk_explore_exhaustive(struct chk_exec *ex, const struct chk_options *o,
			    struct chk_result *r)
{
	bool reduce = o->reduction == CHK_REDUCE_DPOR ||
		      (o->reduction == CHK_REDUCE_AUTO && o->bound == CHK_NO_BOUND);
	/* Under a bound the reduced search has no sleep sets: one part. */
	bool whole = reduce && o->bound != CHK_NO_BOUND;
	unsigned int shards = whole ? 1 : chk_shard_step(o);
	unsigned int shard = whole ? 0 : chk_shard_first(o);
	unsigned long classes = 0;	/* of the parts before this one */
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
		if (depth == LAST_CHOICE && reduce && !whole) {
			depth = part_depth(ex, REDUCED_PARTS);
			chk_dpor_split(d, depth);
		} else if (depth == LAST_CHOICE) {
			depth = shards > 1 ?
				part_depth(ex, (uint64_t)PARTS_PER_SHARD * shards) : 0;
		}
		mine = part % shards == shard;
		if (mine && !in_part &&
		    !chk_result_add_part(r, (struct chk_part){ .part = part }))
			break;
		if (mine) {
			r->executions++;
			r->parts[r->nr_parts - 1].executions++;
			r->parts[r->nr_parts - 1].classes = chk_dpor_classes(d);
			r->classes = classes + chk_dpor_classes(d);
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
			classes = r->classes;
			chk_dpor_classes_reset(d);
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
