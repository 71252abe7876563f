// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker finds the problems of the designs argued about on linux-mm
 * that `contpte list known` names (docs/checker.md, "Known problems
 * found"): the default run of each scenario of a row, with the row's
 * settings, reports the row's oracle, with a replay token that reproduces
 * it.  The upstream design is clean on the same scenarios
 * (tests/check_catalogue.c).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <asm/contpte_linked.h>

#include "check/known.h"
#include "check/scenarios.h"
#include "lib/chktest.h"
#include "lib/ktap.h"

#define MAX_WORDS	32

/* The space-separated words of @s in @buf, pointed to by @w. */
static unsigned int split(const char *s, char *buf, size_t size,
			  const char **w)
{
	unsigned int n = 0;
	char *save, *t;

	snprintf(buf, size, "%s", s);
	for (t = strtok_r(buf, " ", &save); t && n < MAX_WORDS;
	     t = strtok_r(NULL, " ", &save))
		w[n++] = t;
	return n;
}

/* @oracle is one of the comma-separated @set. */
static bool one_of(const char *oracle, const char *set)
{
	size_t n = strlen(oracle);
	const char *p;

	for (p = set; (p = strstr(p, oracle)); p += n)
		if ((p == set || p[-1] == ',') && (!p[n] || p[n] == ','))
			return true;
	return false;
}

static void expect_known(const struct chk_known *k)
{
	const char *design[MAX_WORDS], *scn[MAX_WORDS];
	char dbuf[256], sbuf[512];
	unsigned int nd, ns, i;

	nd = split(k->design, dbuf, sizeof(dbuf), design);
	ns = split(k->scenarios, sbuf, sizeof(sbuf), scn);
	for (i = 0; i < ns; i++) {
		const struct chk_scenario *s = chk_find_scenario(scn[i]);
		struct chk_result r;

		if (!s) {
			ktap_fail(__FILE__, __LINE__, "%s: no scenario %s",
				  k->design, scn[i]);
			continue;
		}
		r = chktest_explore_default(s, 0, design, nd, NULL, ~0ul);
		if (r.violations != 1 ||
		    !one_of(chk_oracle_name(r.viol.oracle), k->oracle)) {
			ktap_fail(__FILE__, __LINE__, "%s on %s: %s, not %s",
				  k->design, scn[i],
				  r.violations ? chk_oracle_name(r.viol.oracle) :
						"clean",
				  k->oracle);
		} else {
			ASSERT_TRUE(r.have_trace);
			chktest_assert_replays(scn[i], &r);
		}
		chk_result_release(&r);
	}
}

static struct chk_result explore(const char *name, enum chk_mode mode,
				 unsigned int mute)
{
	return chktest_explore(name, mode,
			       mode == CHK_RANDOM ? 20000 : 200000, mute);
}

static void expect_clean(const char *name, unsigned int mute)
{
	struct chk_result r = explore(name, CHK_EXHAUSTIVE, mute);

	EXPECT_EQ(r.violations, 0);
	EXPECT_TRUE(r.exhausted);
	chk_result_release(&r);
}

TEST(every_known_problem_is_found)
{
	unsigned int i;

	for (i = 0; i < chk_nr_known; i++) {
		const char *why = chk_known[i].needs ?
				  contpte_lacks(chk_known[i].needs) : NULL;

		if (why)
			ktap_diag("%s: not checked: %s", chk_known[i].design,
				  why);
		else
			expect_known(&chk_known[i]);
	}
}

TEST(teardown_full_misses_dirty_without_losing_data)
{
	static const char *const small[] = {
		"teardown=full", "hw:cont-ptes=4", NULL };
	struct chk_result r;

	/*
	 * Every other outcome, in the whole space of a 4-entry group (240,000
	 * schedules at 16): no store is ever lost.
	 */
	chktest_settings(small);
	r = explore("teardown-hw-dirty", CHK_EXHAUSTIVE, 1u << CHK_AD_CONTRACT);
	EXPECT_EQ(r.violations, 0);
	EXPECT_TRUE(r.exhausted);
	chk_result_release(&r);
}

/*
 * With a lockless read that does not gather either, the plain reads lose
 * nothing: every decision core-mm takes on access and dirty comes from a
 * primitive that gathers (get-and-clear, clear-flush-young, the folio
 * batch) or reads every entry, and the reloads a compiler may make differ
 * only in access and dirty, on which nothing before them was decided.
 * Scenarios whose oracles see a lost store, a stale pin or a starved
 * fault, at the random budget of the default run.
 */
TEST(plain_deref_with_a_raw_lockless_read_loses_nothing)
{
	static const char *const kv[] = {
		"deref=plain", "lockless=raw", NULL };
	static const char *const names[] = {
		"fault-recheck", "fork-write", "madv-free-fork",
		"reclaim-write", "file-writeback", "combined",
	};
	struct chk_result r;
	unsigned int i;

	chktest_settings(kv);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		r = chktest_explore(names[i], CHK_RANDOM, 5000, 0);
		EXPECT_EQ(r.violations, 0);
		chk_result_release(&r);
	}
}

TEST(upstream_clean_on_the_same_scenarios)
{
	static const char *const smmu[] = { "hw:agent=smmu", NULL };
	static const char *const none[] = { NULL };
	static const char *const no_hafdbs[] = { "hw:ha=0", "hw:hd=0", NULL };

	chktest_settings(none);
	expect_clean("lockless-refold", 0);
	expect_clean("lockless-agrees", 0);
	expect_clean("teardown-hw-dirty", 0);
	chktest_settings(smmu);
	expect_clean("agent-sibling-dirty", 0);
	chktest_settings(no_hafdbs);
	expect_clean("fault-no-hw-dirty", 0);
}
