// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cost model: profiles, overrides, the prediction as counts times
 * costs, and the calibration of each profile's broadcast TLBI on its
 * machine's published fork() order-9 figure.
 */
#include <string.h>

#include "check/settings.h"
#include "lib/ktap.h"
#include "bench/run.h"

TEST(profiles_and_overrides)
{
	struct bench_cost c;

	bench_cost_default(&c);
	EXPECT_TRUE(!strcmp(c.profile, "altra"));
	EXPECT_EQ(bench_cost_set(&c, "m2"), NULL);
	EXPECT_TRUE(!strcmp(c.profile, "m2"));
	EXPECT_EQ(bench_cost_set(&c, "tlbi=250.5"), NULL);
	EXPECT_EQ(c.ns[BENCH_COST_TLBI] * 2, 501);
	EXPECT_TRUE(!strcmp(c.profile, "m2, tlbi=250.5"));
	EXPECT_EQ(bench_cost_set(&c, "altra"), NULL);
	EXPECT_TRUE(!strcmp(c.profile, "altra"));
}

TEST(bad_costs_name_what_is_valid)
{
	struct bench_cost c;

	bench_cost_default(&c);
	EXPECT_TRUE(strstr(bench_cost_set(&c, "zz"), "altra or m2"));
	EXPECT_TRUE(strstr(bench_cost_set(&c, "frob=1"), "tlbi-local"));
	EXPECT_TRUE(strstr(bench_cost_set(&c, "tlbi="), "tlbi="));
	EXPECT_TRUE(strstr(bench_cost_set(&c, "tlbi=-1"), "0 or more"));
	EXPECT_TRUE(strstr(bench_cost_set(&c, "dsb=1x"), "dsb=1x"));
}

TEST(prediction_is_counts_times_costs)
{
	struct bench_cost c = { .profile = "test" };
	struct bench_counts n = { 0 };
	int k;

	for (k = 0; k < BENCH_NR_COSTS; k++)
		c.ns[k] = 1 << k;
	n.tlbi[HW_TLBI_RVALE1][1] = 3;		/* 3 x 1 */
	n.tlbi[HW_TLBI_VALE1][0] = 5;		/* 5 x 2 */
	n.dsb[HW_DSB_ISH] = 7;			/* 7 x 4 */
	n.pte[HW_MEM_READ] = 11;		/* 11 x 8 */
	n.pte[HW_MEM_XCHG] = 13;		/* 13 x 16 */
	n.faults = 17;				/* 17 x 32 */
	EXPECT_EQ(bench_cost_predict(&c, &n, 19),	/* 19 x 64 */
		  3 + 10 + 28 + 88 + 208 + 544 + 1216);
}

/* Predicted contpte-basic over no-contpte, fork() of 8192 order-9 pages. */
static double fork_ratio(const char *profile)
{
	struct bench_counts base, basic;
	struct bench_job j = { .pages = 8192, .order = 9 };
	struct bench_cost c;
	unsigned long ops;

	bench_cost_default(&c);
	ASSERT_EQ(bench_cost_set(&c, profile), NULL);
	ASSERT_TRUE(bench_count_once(&bench_fork, &bench_fork.designs[0], &j,
				     &base, &ops));
	ASSERT_TRUE(bench_count_once(&bench_fork, &bench_fork.designs[1], &j,
				     &basic, &ops));
	return bench_cost_predict(&c, &basic, 8192) /
	       bench_cost_predict(&c, &base, 8192);
}

TEST(each_profile_reproduces_its_fork_order_9_figure)
{
	double r;

	chk_settings_default();
	ASSERT_TRUE(bench_world_init(8192));
	r = fork_ratio("altra");
	ktap_info("altra: %.3f", r);
	EXPECT_TRUE(r > 20.487 * 0.99 && r < 20.487 * 1.01);
	r = fork_ratio("m2");
	ktap_info("m2: %.3f", r);
	EXPECT_TRUE(r > 5.694 * 0.99 && r < 5.694 * 1.01);
}
