// SPDX-License-Identifier: GPL-2.0-only
/*
 * Random mode schedules by PCT: a shallow bug that a uniform choice at
 * every step did not hit in 100,000 runs (the wrap-ptep_get garbage) is
 * found within a few hundred, the search is a function of its seed, and
 * the counterexample's token replays it exactly.
 */
#include <string.h>

#include "check/scenarios.h"
#include "lib/chktest.h"
#include "lib/ktap.h"

/* About one run in fifty hits it; the seed is fixed so the test is too. */
#define SEED		1
#define EXECUTIONS	2000

static struct chk_result run_random(const char *name, uint64_t seed)
{
	struct chk_options o = {
		.mode = CHK_RANDOM, .executions = EXECUTIONS, .seed = seed,
	};
	struct chk_result r;

	if (!chk_explore(chk_find_scenario(name), &o, &r)) {
		ktap_fail(__FILE__, __LINE__, "cannot run %s", name);
		ktap_abort_test();
	}
	ktap_info("%s, seed %llu: %lu executions, %lu violations", name,
		  (unsigned long long)seed, r.executions, r.violations);
	return r;
}

TEST(random_mode_finds_wrap_ptep_get_garbage)
{
	static const char *const kv[] = { "lockless=wrap-ptep_get", NULL };
	struct chk_result r;

	chktest_settings(kv);
	r = run_random("lockless-refold", SEED);
	ASSERT_EQ(r.violations, 1);
	EXPECT_EQ(r.viol.oracle, CHK_LOCKLESS_GARBAGE);
	EXPECT_TRUE(r.executions < EXECUTIONS);
	ASSERT_TRUE(r.have_trace);
	chktest_assert_replays("lockless-refold", &r);
	chk_result_release(&r);
}

TEST(random_search_is_a_function_of_its_seed)
{
	static const char *const kv[] = { "lockless=wrap-ptep_get", NULL };
	struct chk_result a, b;

	chktest_settings(kv);
	a = run_random("lockless-refold", SEED);
	b = run_random("lockless-refold", SEED);
	EXPECT_EQ(a.executions, b.executions);
	ASSERT_EQ(a.trace.len, b.trace.len);
	EXPECT_EQ(memcmp(a.trace.c, b.trace.c, a.trace.len * sizeof(*a.trace.c)), 0);
	chk_result_release(&a);
	chk_result_release(&b);
}

/* Over many seeds the hit rate stays near PCT's, far above uniform's 0. */
TEST(random_mode_hits_often_across_seeds)
{
	static const char *const kv[] = { "lockless=wrap-ptep_get", NULL };
	unsigned long total = 0;
	unsigned int i, found = 0;
	struct chk_result r;

	chktest_settings(kv);
	for (i = 0; i < 10; i++) {
		r = run_random("lockless-refold", 1 + i * 100003ull);
		found += r.violations;
		total += r.executions;
		chk_result_release(&r);
	}
	ktap_info("found in %u of 10 searches, %lu executions", found, total);
	EXPECT_EQ(found, 10);
	EXPECT_TRUE(total < 10 * 500);
}
