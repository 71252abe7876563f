/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Replay tokens: everything a run depends on, in one word a user can
 * paste.
 *
 *   c2:SCENARIO:SETTINGS:BOUND:CODE:DIGEST:CHOICES
 *
 * "c2" is the format's version; SETTINGS one base-36 digit per knob
 * (design knobs, then hardware knobs, in `contpte list` order; cont-ptes
 * as log2); BOUND the preemption bound the run had, 0 to CHK_MAX_BOUND,
 * or "u" for none; CODE the first 12 hex digits of the sha256 of the
 * arch/arm64/mm/contpte.c the run was linked with (a kernel tree's, with
 * make KERNEL=DIR); DIGEST eight hex digits, a hash of the questions the
 * run asked (which choice, among how many), so that a token of another
 * version of the scenario, or of other settings, is refused rather than
 * replayed into a different run; CHOICES the answers in the compact form
 * of hw_choices_encode().
 */
#ifndef CHECK_TOKEN_H
#define CHECK_TOKEN_H

#include "explore.h"

struct chk_token {
	const struct chk_scenario *scn;
	unsigned int bound;
	uint32_t digest;
	struct hw_choice *values;
	size_t len;
};

/*
 * The token of @r's trace, found on @s under the current settings; NULL
 * when out of memory.  Free with free().
 */
char *chk_token_format(const struct chk_scenario *s,
		       const struct chk_result *r);

/*
 * Parse @token and apply its settings.  Returns NULL, or a one-line
 * message naming what is wrong.  Free @t with chk_token_release().
 */
const char *chk_token_parse(const char *token, struct chk_token *t);
void chk_token_release(struct chk_token *t);

/*
 * Replay @t once (the machine's event log, if enabled, holds the run)
 * into @r.  Returns NULL, or why the token does not fit its scenario: a
 * choice out of range, choices the run never asked for, or questions
 * other than the ones recorded.
 */
const char *chk_token_replay(const struct chk_token *t, struct chk_result *r);

#endif /* CHECK_TOKEN_H */
