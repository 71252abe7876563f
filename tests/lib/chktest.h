/* SPDX-License-Identifier: GPL-2.0-only */
/* What the checker's tests share: settings by name, replay of a token. */
#ifndef TESTS_CHKTEST_H
#define TESTS_CHKTEST_H

#include "check/explore.h"

/*
 * The upstream design on the default machine, then each "KNOB=VALUE"
 * (design) or "hw:KNOB=VALUE" (machine) of the NULL-terminated @kv.
 */
void chktest_settings(const char *const *kv);

/*
 * Explore scenario @name in @mode (@executions runs at most, the
 * scenario's own bound, seeded from the test's seed) with the oracles of
 * @mute (1u << oracle each) ignored; the test fails if the scenario
 * cannot run.
 */
struct chk_result chktest_explore(const char *name, enum chk_mode mode,
				  unsigned long executions, unsigned int mute);

/*
 * Scenario @s as `contpte check` runs it by default, with the @nr_design
 * "KNOB=VALUE" design settings @design, on its machine @machine
 * (chk_machines()) with "KNOB=VALUE" @hw (or NULL) over it, in its own
 * mode and bound, at most @cap executions; the test fails if the settings
 * or the run fail.
 */
struct chk_result chktest_explore_default(const struct chk_scenario *s,
					  unsigned int machine,
					  const char *const *design,
					  unsigned int nr_design,
					  const char *hw, unsigned long cap);

/*
 * Every scenario of the catalogue on each of its machines, by
 * chktest_explore_default(), clean; with @hw, only the machines @hw
 * changes (check_catalogue searches the others).
 */
void chktest_expect_catalogue_clean(const char *hw, unsigned long cap);

/*
 * The replay token of @r, found on scenario @name, replays to the same
 * oracle and message, from its text form.
 */
void chktest_assert_replays(const char *name, const struct chk_result *r);

/*
 * Explore @s, a scenario not in the catalogue, in its own mode and bound
 * (random unless it says otherwise) for @executions runs at most on the
 * default settings: exactly one violation of @oracle, whose message
 * contains @text, and its minimised choices replay to the same oracle and
 * message.
 */
void chktest_expect_finding(const struct chk_scenario *s,
			    unsigned long executions, enum chk_oracle oracle,
			    const char *text);

/*
 * The counterexample of @r, found on @s, as `contpte check` prints it
 * (chk_print_run() of its minimised choices, with "c2:NAME" for a token):
 * text to free(), the replay's result in @again.  The test fails if the
 * run does not replay.
 */
char *chktest_report(const struct chk_scenario *s, const struct chk_result *r,
		     struct chk_result *again);

#endif /* TESTS_CHKTEST_H */
