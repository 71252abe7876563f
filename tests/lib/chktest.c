// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/report.h"
#include "check/token.h"
#include "check/scenarios.h"
#include "check/settings.h"
#include "chktest.h"
#include "ktap.h"

void chktest_settings(const char *const *kv)
{
	chk_settings_default();
	for (; *kv; kv++) {
		const char *err = !strncmp(*kv, "hw:", 3) ? chk_set_hw(*kv + 3) :
							    chk_set_design(*kv);

		if (err) {
			ktap_fail(__FILE__, __LINE__, "%s", err);
			ktap_abort_test();
		}
	}
}

struct chk_result chktest_explore(const char *name, enum chk_mode mode,
				  unsigned long executions, unsigned int mute)
{
	const struct chk_scenario *s = chk_find_scenario(name);
	struct chk_options o = {
		.mode = mode, .bound = s ? s->bound : 0,
		.reduction = s ? s->reduction : CHK_REDUCE_AUTO,
		.executions = executions, .seed = ktap_seed, .mute = mute,
	};
	struct chk_result r;

	if (!s || !chk_explore(s, &o, &r)) {
		ktap_fail(__FILE__, __LINE__, "cannot run %s", name);
		ktap_abort_test();
	}
	ktap_info("%s: %lu executions, %lu violations%s%s %s", name,
		  r.executions, r.violations, r.violations ? ": " : "",
		  r.violations ? chk_oracle_name(r.viol.oracle) : "",
		  r.violations ? r.viol.message : "");
	return r;
}

struct chk_result chktest_explore_default(const struct chk_scenario *s,
					  unsigned int machine,
					  const char *const *design,
					  unsigned int nr_design,
					  const char *hw, unsigned long cap)
{
	struct chk_options o = {
		.mode = s->mode, .bound = s->bound, .seed = ktap_seed,
		.reduction = s->reduction,
		.executions = s->executions < cap ? s->executions : cap,
	};
	const char *err = chk_settings_apply(s, machine, design, nr_design,
					     &hw, hw ? 1 : 0);
	struct chk_result r;

	if (err || !chk_explore(s, &o, &r)) {
		ktap_fail(__FILE__, __LINE__, "cannot run %s: %s", s->name,
			  err ? err : "out of memory");
		ktap_abort_test();
	}
	ktap_info("%s on machine %u: %lu executions, %lu violations%s%s",
		  s->name, machine, r.executions, r.violations,
		  r.violations ? ": " : "",
		  r.violations ? chk_oracle_name(r.viol.oracle) : "");
	return r;
}

/*
 * Whether @hw leaves @s's machine @machine as it is: check_catalogue
 * searches that machine already, in the same mode and bound with a
 * budget at least as large, so a capped search there repeats it.
 * Leaves the settings changed.
 */
static bool hw_changes_nothing(const struct chk_scenario *s,
			       unsigned int machine, const char *hw)
{
	char own[64], with[64];

	if (!hw || chk_settings_apply(s, machine, NULL, 0, NULL, 0))
		return false;
	chk_settings_encode(own, sizeof(own));
	if (chk_settings_apply(s, machine, NULL, 0, &hw, 1))
		return false;
	chk_settings_encode(with, sizeof(with));
	return !strcmp(own, with);
}

void chktest_expect_catalogue_clean(const char *hw, unsigned long cap)
{
	const struct chk_scenario *s;
	unsigned int i, m;

	for (i = 0; i < chk_nr_scenarios; i++) {
		s = chk_scenarios[i];
		for (m = 0; m < chk_machines(s); m++) {
			struct chk_result r;

			if (chk_machine_repeats(s, m, NULL, 0, &hw, hw ? 1 : 0) ||
			    hw_changes_nothing(s, m, hw))
				continue;
			r = chktest_explore_default(s, m, NULL, 0, hw, cap);

			if (r.violations)
				ktap_fail(__FILE__, __LINE__,
					  "%s on machine %u with %s: %s: %s",
					  s->name, m, hw ? hw : "defaults",
					  chk_oracle_name(r.viol.oracle),
					  r.viol.message);
			chk_result_release(&r);
		}
	}
}

void chktest_assert_replays(const char *name, const struct chk_result *r)
{
	char *token = chk_token_format(chk_find_scenario(name), r);
	struct chk_result again;
	struct chk_token t;

	ASSERT_TRUE(token);
	ktap_info("replay %s", token);
	ASSERT_EQ(chk_token_parse(token, &t), NULL);
	EXPECT_EQ(chk_token_replay(&t, &again), NULL);
	ASSERT_EQ(again.violations, 1);
	EXPECT_EQ(again.viol.oracle, r->viol.oracle);
	EXPECT_EQ(strcmp(again.viol.message, r->viol.message), 0);
	chk_result_release(&again);
	chk_token_release(&t);
	free(token);
}

void chktest_expect_finding(const struct chk_scenario *s,
			    unsigned long executions, enum chk_oracle oracle,
			    const char *text)
{
	static const char *const none[] = { NULL };
	struct chk_options o = { .mode = s->mode, .executions = executions,
				 .bound = s->bound, .seed = ktap_seed };
	struct chk_result r, again;

	chktest_settings(none);
	ASSERT_TRUE(chk_explore(s, &o, &r));
	ktap_info("%s: %s", chk_oracle_name(r.viol.oracle), r.viol.message);
	ASSERT_EQ(r.violations, 1);
	EXPECT_EQ(r.viol.oracle, oracle);
	EXPECT_TRUE(strstr(r.viol.message, text));
	ASSERT_TRUE(r.have_trace);
	ASSERT_TRUE(chk_replay(s, r.trace.c, r.trace.len, r.bound, true,
			       &again));
	EXPECT_EQ(again.violations, 1);
	EXPECT_EQ(again.viol.oracle, oracle);
	EXPECT_EQ(strcmp(again.viol.message, r.viol.message), 0);
	chk_result_release(&again);
	chk_result_release(&r);
}

char *chktest_report(const struct chk_scenario *s, const struct chk_result *r,
		     struct chk_result *again)
{
	struct chk_token t = { .scn = s, .bound = r->bound,
			       .values = r->trace.c, .len = r->trace.len };
	char token[64], *text = NULL;
	size_t size;
	FILE *f;

	t.digest = hw_choices_digest(t.values, t.len);
	snprintf(token, sizeof(token), "c2:%s", s->name);
	f = open_memstream(&text, &size);
	if (!f)
		return NULL;
	EXPECT_EQ(chk_print_run(f, &t, token, 1, false, false, again), NULL);
	fclose(f);
	return text;
}
