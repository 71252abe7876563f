/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One search split between processes: --jobs N runs its N shards in N
 * processes of this machine; --shard I/N runs one, and `contpte merge`
 * puts the --json outputs of all back together.  Either way the result is
 * the one process's: the executions it would have run, the first
 * violation it would have found in its own order, and its token.
 */
#ifndef TOOLS_JOBS_H
#define TOOLS_JOBS_H

#include "results.h"

/*
 * Run @s under @o as @jobs processes (shards 0..@jobs-1 of @o's search)
 * into @out (its scenario, mode and settings filled in).  False if the
 * processes could not be started or did not report.
 */
bool jobs_run(const struct chk_scenario *s, const struct chk_options *o,
	      unsigned int jobs, struct outcome *out);

/*
 * The one search of the @n shards @in (all of one scenario) into @out,
 * at most their budget of executions; false when out of memory.
 */
bool jobs_merge(const struct outcome *in, unsigned int n,
		struct outcome *out);

#endif /* TOOLS_JOBS_H */
