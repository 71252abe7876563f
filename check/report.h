/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Counterexamples: the replay token of a run, and the run itself replayed
 * with the machine's event log on, printed per thread with decoded
 * entries, then as one interleaved timeline (GenMC's layout: events named
 * (thread, index)), as text or JSON.
 */
#ifndef CHECK_REPORT_H
#define CHECK_REPORT_H

#include <stdio.h>

#include "token.h"

/*
 * Replay @t (parsed from @token) with the event log on and print what
 * happened: the violation, each thread's events, the timeline, @explored
 * and the token; as JSON, the counterexample object of --json
 * (docs/checker.md, "Counterexamples and replay tokens").  Returns NULL,
 * or why the token does not replay (chk_token_replay()); the replay's
 * result, its trace released, in @out if not NULL.
 */
const char *chk_print_run(FILE *f, const struct chk_token *t,
			  const char *token, unsigned long explored, bool json,
			  struct chk_result *out);

/* A JSON string literal of @s. */
void chk_json_string(FILE *f, const char *s);

#endif /* CHECK_REPORT_H */
