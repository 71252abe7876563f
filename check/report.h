/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Counterexamples: the run of a replay token replayed with the machine's
 * event log on, and printed as a kernel developer reads it.  Every event
 * names the kernel function and file:line that made it; the API calls a
 * thread made appear with their arguments and what they returned.  By
 * default only the causal slice is printed: the events of the thread that
 * broke the oracle (every thread's writes when the final checks did), the
 * writes its reads read from, and the TLB fills its accesses used, with
 * runs of one loop over a block folded into one line ("read T3[0..15]").
 * The full trace has every event, per thread and interleaved.
 */
#ifndef CHECK_REPORT_H
#define CHECK_REPORT_H

#include <stdio.h>

#include "token.h"

/*
 * Replay @t (parsed from @token) with the event log on and print what
 * happened: the violation, the causal slice (@full: every event, per
 * thread and interleaved), @explored and the token; as JSON, the
 * counterexample object of --json (docs/checker.md, "Counterexamples
 * and replay tokens") with every event.  Returns NULL, or why the token
 * does not replay (chk_token_replay()); the replay's result, its trace
 * released, in @out if not NULL.
 */
const char *chk_print_run(FILE *f, const struct chk_token *t,
			  const char *token, unsigned long explored, bool json,
			  bool full, struct chk_result *out);

/* A JSON string literal of @s. */
void chk_json_string(FILE *f, const char *s);

#endif /* CHECK_REPORT_H */
