// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core-mm scenarios of the catalogue: each is clean on the upstream
 * design and the default machine (the designs that break one are
 * tests/check_known.c's), and so are the designs that should be.  Also
 * what a design costs: fork=unfold against fork=batch, the GUP-fast
 * recheck's fallbacks.
 */

#include "check/scenarios.h"
#include "hw/stats.h"
#include "lib/chktest.h"
#include "lib/ktap.h"
#include "lib/linked.h"
#include "mm/core.h"

#define RANDOM_RUNS	3000
/*
 * The catalogue sweep's cap under ASan: a scenario's own budget (the
 * plain build runs it whole, check_cli) cut to the first 2,000 runs,
 * which keeps .ci/run inside its thirty minutes.
 */
#define CATALOGUE_RUNS	2000

static struct chk_result run(const char *name, unsigned int mute)
{
	return chktest_explore(name, CHK_RANDOM, RANDOM_RUNS, mute);
}

static void expect_clean(const char *name, unsigned int mute)
{
	struct chk_result r = run(name, mute);

	EXPECT_EQ(r.violations, 0);
	EXPECT_EQ(r.executions, RANDOM_RUNS);
	chk_result_release(&r);
}

/* The sequential run of @name (every choice 0): its TLBIs. */
static uint64_t sequential_tlbis(const char *name)
{
	struct chk_result r;

	ASSERT_TRUE(chk_replay(chk_find_scenario(name), NULL, 0, 0, true, &r));
	EXPECT_EQ(r.violations, 0);
	chk_result_release(&r);
	return hw_stats_tlbi_total(&hw_stats);
}

/* Every scenario, as `contpte check` runs it, is clean (at most 2000 runs). */
TEST(catalogue_clean_on_upstream)
{
	chktest_expect_catalogue_clean(NULL, CATALOGUE_RUNS);
}

/*
 * Eliding the TLBI in contpte_convert() is break-before-make at bbm=0
 * (`contpte list known`), and allowed under BBML2_NOABORT.
 */
TEST(convert_without_tlbi_is_clean_under_bbml2_noabort)
{
	static const char *const noabort[] = {
		"convert-tlbi=off", "hw:bbm=2-noabort", NULL };

	REQUIRE_CONTPTE(CONTPTE_BBML2_ELISION);
	chktest_settings(noabort);
	expect_clean("mprotect-partial", 0);
	expect_clean("munmap-partial", 0);
}

/* The GUP-fast pins and their fallbacks are safe with every recheck. */
TEST(every_gup_recheck_keeps_pins_safe)
{
	static const char *const kv[][2] = {
		{ "gup-recheck=ptep_get", NULL },
		{ "gup-recheck=norecency", NULL },
		{ "lockless=wrap-ptep_get", NULL },
	};
	unsigned int i;

	for (i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
		chktest_settings(kv[i]);
		expect_clean("gup-fast-zap", 0);
		expect_clean("fork-cow-pin", 0);
	}
}

/* GUP-fast fallbacks over a run of gup-fast-zap under @kv. */
static unsigned long gup_fallbacks(const char *const *kv)
{
	struct chk_result r;

	chktest_settings(kv);
	gup_stats = (struct gup_stats){ 0 };
	r = run("gup-fast-zap", 0);
	EXPECT_EQ(r.violations, 0);
	chk_result_release(&r);
	return gup_stats.fast_fallbacks;
}

/*
 * The recheck of the 2026 design compares gathered values, so the Access
 * flag the hardware sets anywhere in the block sends GUP-fast to the slow
 * path; the norecency pair ignores A/D and falls back only when the entry
 * really changed (munmap), which the norecency RFC claimed as a side
 * effect.
 */
TEST(norecency_recheck_falls_back_less)
{
	static const char *const lockless[] = { "gup-recheck=lockless", NULL };
	static const char *const norecency[] = {
		"gup-recheck=norecency", NULL };
	unsigned long l = gup_fallbacks(lockless);
	unsigned long n = gup_fallbacks(norecency);

	ktap_info("GUP-fast fallbacks: lockless %lu, norecency %lu", l, n);
	EXPECT_TRUE(n < l);
}

/*
 * fork=unfold write-protects entry by entry, unfolding the block with a
 * TLBI; fork=batch write-protects it in place and flushes once.
 */
TEST(fork_unfold_costs_tlbis_that_batch_does_not)
{
	static const char *const batch[] = { "fork=batch", NULL };
	static const char *const unfold[] = { "fork=unfold", NULL };
	uint64_t b, u;

	chktest_settings(batch);
	b = sequential_tlbis("fault-recheck");
	chktest_settings(unfold);
	u = sequential_tlbis("fault-recheck");
	ktap_info("fault-recheck sequential TLBIs: batch %llu, unfold %llu",
		  (unsigned long long)b, (unsigned long long)u);
	EXPECT_TRUE(u > b);
	chktest_settings(unfold);
	expect_clean("fault-recheck", 0);
	expect_clean("fork-cow-pin", 0);
}
