// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker finds the problems of the designs argued about on linux-mm
 * (docs/checker.md, "Known problems found"), each with its oracle, a
 * replay token that reproduces it, and the upstream design clean on the
 * same scenarios.
 */
#include <string.h>

#include "check/scenarios.h"
#include "lib/chktest.h"
#include "lib/ktap.h"

static struct chk_result explore(const char *name, enum chk_mode mode,
				 const char *mute)
{
	return chktest_explore(name, mode,
			       mode == CHK_RANDOM ? 20000 : 200000, mute);
}

static void expect_found(const char *name, const char *oracle)
{
	struct chk_result r = explore(name, CHK_EXHAUSTIVE, NULL);

	ASSERT_EQ(r.violations, 1);
	EXPECT_EQ(strcmp(r.viol.oracle, oracle), 0);
	ASSERT_TRUE(r.have_trace);
	chktest_assert_replays(name, &r);
	chk_result_release(&r);
}

static void expect_clean(const char *name, const char *mute)
{
	struct chk_result r = explore(name, CHK_EXHAUSTIVE, mute);

	EXPECT_EQ(r.violations, 0);
	EXPECT_TRUE(r.exhausted);
	chk_result_release(&r);
}

TEST(wrap_ptep_get_returns_garbage)
{
	static const char *const kv[] = { "lockless=wrap-ptep_get", NULL };

	chktest_settings(kv);
	expect_found("lockless-refold", "lockless-garbage");
}

TEST(teardown_full_misses_dirty_without_losing_data)
{
	static const char *const kv[] = { "teardown=full", NULL };
	static const char *const small[] = {
		"teardown=full", "hw:cont-ptes=4", NULL };
	struct chk_result r;

	chktest_settings(kv);
	expect_found("teardown-hw-dirty", "ad-contract");
	/*
	 * Every other outcome, in the whole space of a 4-entry group (240,000
	 * schedules at 16): no store is ever lost.
	 */
	chktest_settings(small);
	r = explore("teardown-hw-dirty", CHK_EXHAUSTIVE, "ad-contract");
	EXPECT_EQ(r.violations, 0);
	EXPECT_TRUE(r.exhausted);
	chk_result_release(&r);
}

TEST(gathered_access_flags_starve_smmu)
{
	static const char *const kv[] = {
		"access-flags=gathered", "hw:agent=smmu", NULL };

	chktest_settings(kv);
	expect_found("agent-sibling-dirty", "liveness");
}

TEST(raw_lockless_disagrees_with_ptep_get)
{
	static const char *const kv[] = { "lockless=raw", NULL };

	chktest_settings(kv);
	expect_found("lockless-agrees", "ad-contract");
}

TEST(norecency_with_generic_access_flags_loses_dirty)
{
	static const char *const kv[] = {
		"lockless=norecency", "access-flags=generic",
		"hw:ha=0", "hw:hd=0", NULL };

	chktest_settings(kv);
	expect_found("fault-no-hw-dirty", "data-loss");
}

TEST(upstream_clean_on_the_same_scenarios)
{
	static const char *const smmu[] = { "hw:agent=smmu", NULL };
	static const char *const none[] = { NULL };
	static const char *const no_hafdbs[] = { "hw:ha=0", "hw:hd=0", NULL };

	chktest_settings(none);
	expect_clean("lockless-refold", NULL);
	expect_clean("lockless-agrees", NULL);
	expect_clean("teardown-hw-dirty", NULL);
	chktest_settings(smmu);
	expect_clean("agent-sibling-dirty", NULL);
	chktest_settings(no_hafdbs);
	expect_clean("fault-no-hw-dirty", NULL);
}
