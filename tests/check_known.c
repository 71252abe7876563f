// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker finds the problems argued about on linux-mm, each with its
 * oracle (docs/checker.md's known problems), a replay token that
 * reproduces it, and the upstream design clean on the same scenarios.
 */
#include <string.h>

#include "check/scenarios.h"
#include "lib/chktest.h"
#include "lib/ktap.h"

static struct chk_result explore(const char *name, enum chk_mode mode,
				 unsigned int mute)
{
	return chktest_explore(name, mode,
			       mode == CHK_RANDOM ? 20000 : 200000, mute);
}

static void expect_found(const char *name, enum chk_oracle oracle)
{
	struct chk_result r = explore(name, CHK_EXHAUSTIVE, 0);

	ASSERT_EQ(r.violations, 1);
	EXPECT_EQ(r.viol.oracle, oracle);
	ASSERT_TRUE(r.have_trace);
	chktest_assert_replays(name, &r);
	chk_result_release(&r);
}

static void expect_clean(const char *name, unsigned int mute)
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
	expect_found("lockless-refold", CHK_LOCKLESS_GARBAGE);
}

TEST(teardown_full_misses_dirty_without_losing_data)
{
	static const char *const kv[] = { "teardown=full", NULL };
	static const char *const small[] = {
		"teardown=full", "hw:cont-ptes=4", NULL };
	struct chk_result r;

	chktest_settings(kv);
	expect_found("teardown-hw-dirty", CHK_AD_CONTRACT);
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

TEST(gathered_access_flags_starve_smmu)
{
	static const char *const kv[] = {
		"access-flags=gathered", "hw:agent=smmu", NULL };

	chktest_settings(kv);
	expect_found("agent-sibling-dirty", CHK_LIVENESS);
}

TEST(raw_lockless_disagrees_with_ptep_get)
{
	static const char *const kv[] = { "lockless=raw", NULL };

	chktest_settings(kv);
	expect_found("lockless-agrees", CHK_AD_CONTRACT);
}

TEST(norecency_with_generic_access_flags_loses_dirty)
{
	static const char *const kv[] = {
		"lockless=norecency", "access-flags=generic",
		"hw:ha=0", "hw:hd=0", NULL };

	chktest_settings(kv);
	expect_found("fault-no-hw-dirty", CHK_DATA_LOSS);
}

/*
 * deref=plain: core-mm reads under the PTL with a plain load of the target
 * entry.  Beside the upstream lockless read, which gathers, the fault
 * path's recheck never matches once a sibling holds an access or dirty
 * bit the target lacks, and the access faults for ever.
 */
TEST(plain_deref_beside_gathering_lockless_read_starves_faults)
{
	static const char *const kv[] = { "deref=plain", NULL };

	chktest_settings(kv);
	expect_found("fault-recheck", CHK_LIVENESS);
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
