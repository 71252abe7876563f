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

#include "explore.h"

/*
 * "c1:SCENARIO:SETTINGS:BOUND:CHOICES" from @r's trace and the current
 * settings; NULL when out of memory.  Free with free().
 */
char *chk_token_format(const struct chk_scenario *s,
		       const struct chk_result *r);

struct chk_token {
	const struct chk_scenario *scn;
	unsigned int bound;
	uint32_t *values;
	size_t len;
};

/*
 * Parse @token and apply its settings.  Returns NULL, or a message naming
 * what is wrong.  Free @t->values with free().
 */
const char *chk_token_parse(const char *token, struct chk_token *t);

/*
 * Replay @t (parsed from @token) with the event log on and print what
 * happened: the violation, each thread's events, the timeline, @explored
 * and the token; as JSON, the counterexample object of --json
 * (docs/checker.md, "Counterexamples and replay tokens").
 * Returns false if the token does not replay (a choice out of range).
 */
bool chk_print_run(FILE *f, const struct chk_token *t, const char *token,
		   unsigned long explored, bool json);

/* A JSON string literal of @s. */
void chk_json_string(FILE *f, const char *s);

#endif /* CHECK_REPORT_H */
