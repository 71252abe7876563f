// SPDX-License-Identifier: GPL-2.0-only
#include "config.h"

struct hw_config hw_cfg;

const char *const hw_granule_names[HW_NR_GRANULES] = {
	[HW_GRANULE_4K] = "4k", [HW_GRANULE_16K] = "16k", [HW_GRANULE_64K] = "64k",
};

const char *const hw_bbm_names[HW_NR_BBM] = {
	[HW_BBM_0] = "0", [HW_BBM_1] = "1", [HW_BBM_2] = "2",
	[HW_BBM_2_NOABORT] = "2-noabort",
};

const char *const hw_ad_policy_names[HW_NR_AD_POLICIES] = {
	[HW_AD_FAULTING] = "faulting", [HW_AD_FILL_ORIGIN] = "fill-origin",
	[HW_AD_FIRST] = "first", [HW_AD_LAST] = "last",
	[HW_AD_RANDOM] = "random", [HW_AD_ENUMERATE] = "enumerate",
};

const char *const hw_contig_fill_names[HW_NR_FILL] = {
	[HW_FILL_HONOUR] = "honour", [HW_FILL_IGNORE] = "ignore",
	[HW_FILL_CHOOSE] = "choose",
};

const char *const hw_conflict_names[HW_NR_CONFLICT] = {
	[HW_CONFLICT_CHOOSE] = "choose", [HW_CONFLICT_ABORT] = "abort",
	[HW_CONFLICT_PICK] = "pick",
};

const char *const hw_agent_names[HW_NR_AGENTS] = {
	[HW_AGENT_NONE] = "none", [HW_AGENT_SMMU] = "smmu",
};

/* Arm ARM: 16 x 4K, 128 x 16K and 32 x 64K descriptors per contiguous set. */
unsigned int hw_granule_cont_ptes(enum hw_granule granule)
{
	static const unsigned int cont[HW_NR_GRANULES] = { 16, 128, 32 };

	return cont[granule];
}

static void hw_config_set_granule(enum hw_granule granule)
{
	static const unsigned int shift[HW_NR_GRANULES] = { 12, 14, 16 };

	hw_cfg.granule = granule;
	hw_cfg.page_shift = shift[granule];
	/* A table occupies one granule of 8-byte descriptors. */
	hw_cfg.ptrs_per_table = 1u << (shift[granule] - 3);
	hw_cfg.cont_ptes = hw_granule_cont_ptes(granule);
}

void hw_config_default(enum hw_granule granule)
{
	hw_cfg = (struct hw_config) {
		.ha = true,
		.hd = true,
		.bbm = HW_BBM_0,
		.ad_policy = HW_AD_RANDOM,
		.contig_fill = HW_FILL_CHOOSE,
		.conflict = HW_CONFLICT_CHOOSE,
		.agent = HW_AGENT_NONE,
		.nr_cpus = 2,
	};
	hw_config_set_granule(granule);
}

bool hw_config_set_cont_ptes(unsigned int n)
{
	if (n < 2 || n > hw_cfg.ptrs_per_table || n > HW_MAX_CONT_PTES ||
	    (n & (n - 1)))
		return false;
	hw_cfg.cont_ptes = n;
	return true;
}
