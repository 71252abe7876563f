// SPDX-License-Identifier: GPL-2.0-only
/*
 * The upstream design is clean on every machine the command line
 * accepts: each hardware knob's every value, over each scenario's own
 * machine, in the scenario's own mode and bound, with a small budget of
 * executions (`make regtest` runs the full ones).  A value a machine
 * has already leaves it as check_catalogue searches it, with more
 * executions, and is not searched again.  And every scenario's own
 * machine is valid.
 */
#include <stdio.h>
#include <string.h>

#include "check/scenarios.h"
#include "check/settings.h"
#include "hw/config.h"
#include "lib/chktest.h"
#include "lib/ktap.h"

/*
 * Executions a run: every knob value repeats the whole catalogue under
 * ASan, the longest test of make check, which this keeps inside its ten
 * minutes, and .ci/run inside its thirty, as the catalogue grows (on 215
 * scenarios, 2 cores: 200 took 700 of make check's 765 s, 120 left the
 * suite at 599 s; on 232, 80 took 612 of its 992 CPU seconds).  A smoke
 * run of every machine: make regtest runs full budgets.
 */
#define CAP		24

/* Every value of hardware knob @name. */
static void expect_clean_on_every(const char *name)
{
	const struct chk_knob *k = NULL;
	char kv[64];
	unsigned int i, v;

	for (i = 0; i < chk_nr_hw_knobs; i++)
		if (!strcmp(chk_hw_knobs[i].name, name))
			k = &chk_hw_knobs[i];
	ASSERT_TRUE(k);
	if (!k->nr_values) {
		/* cont-ptes: every group size the command line accepts. */
		for (v = CHK_MIN_CONT_PTES; v <= 128; v *= 2) {
			snprintf(kv, sizeof(kv), "%s=%u", name, v);
			chktest_expect_catalogue_clean(kv, CAP);
		}
		return;
	}
	for (v = 0; v < k->nr_values; v++) {
		snprintf(kv, sizeof(kv), "%s=%s", name, k->values[v]);
		chktest_expect_catalogue_clean(kv, CAP);
	}
}

TEST(every_scenario_machine_is_valid)
{
	unsigned int i, m;

	for (i = 0; i < chk_nr_scenarios; i++) {
		for (m = 0; m < chk_machines(chk_scenarios[i]); m++)
			EXPECT_EQ(chk_settings_apply(chk_scenarios[i], m, NULL,
						     0, NULL, 0), NULL);
		EXPECT_TRUE(chk_settings_apply(chk_scenarios[i], m, NULL, 0,
					       NULL, 0));
	}
}

/*
 * No CPU manages the dirty state without the Access flag: ha=0 takes hd
 * with it, hd=1 brings ha back, and a machine that asks for both at once
 * is refused, as is a replay token that names one.
 */
TEST(no_machine_manages_dirty_without_the_access_flag)
{
	const struct chk_scenario *sw = chk_find_scenario("fork-write-sw-flags");
	const char *ha0[] = { "ha=0" }, *hd1[] = { "hd=1" };
	const char *both[] = { "hd=1", "ha=0" };
	const char *err;
	char enc[64];

	ASSERT_TRUE(sw);
	ASSERT_EQ(chk_settings_apply(NULL, 0, NULL, 0, ha0, 1), NULL);
	EXPECT_FALSE(hw_cfg.ha);
	EXPECT_FALSE(hw_cfg.hd);
	ASSERT_EQ(chk_settings_apply(sw, 0, NULL, 0, NULL, 0), NULL);
	EXPECT_FALSE(hw_cfg.ha || hw_cfg.hd);
	ASSERT_EQ(chk_settings_apply(sw, 0, NULL, 0, hd1, 1), NULL);
	EXPECT_TRUE(hw_cfg.ha && hw_cfg.hd);
	err = chk_settings_apply(NULL, 0, NULL, 0, both, 2);
	ASSERT_TRUE(err);
	EXPECT_TRUE(strstr(err, "ha=0 with hd=1"));
	/* The token's ha digit cleared, its hd digit left set. */
	chk_settings_default();
	chk_settings_encode(enc, sizeof(enc));
	enc[chk_nr_design_knobs] = '0';
	EXPECT_FALSE(chk_settings_decode(enc, strlen(enc)));
}

TEST(clean_with_and_without_hardware_access_flag)
{
	expect_clean_on_every("ha");
}

TEST(clean_with_and_without_hardware_dirty)
{
	expect_clean_on_every("hd");
}

TEST(clean_wherever_the_hardware_puts_access_and_dirty)
{
	expect_clean_on_every("ad-policy");
}

TEST(clean_at_every_bbm_level)
{
	expect_clean_on_every("bbm");
}

TEST(clean_whatever_size_a_contiguous_walk_fills)
{
	expect_clean_on_every("contig-fill");
}

TEST(clean_whatever_a_tlb_conflict_does)
{
	expect_clean_on_every("conflict");
}

TEST(clean_with_and_without_an_agent)
{
	expect_clean_on_every("agent");
}

TEST(clean_on_every_granule)
{
	expect_clean_on_every("granule");
}

TEST(clean_at_every_group_size)
{
	expect_clean_on_every("cont-ptes");
}
