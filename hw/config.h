/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Configuration of the simulated machine: translation granule, contiguous
 * group size and the architectural options software can observe.  Every
 * value is a runtime setting so that one binary compares machines.
 */
#ifndef HW_CONFIG_H
#define HW_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

enum hw_granule { HW_GRANULE_4K, HW_GRANULE_16K, HW_GRANULE_64K, HW_NR_GRANULES };

/* FEAT_BBM support level; 2-noabort is Linux's BBML2_NOABORT (BBML3). */
enum hw_bbm { HW_BBM_0, HW_BBM_1, HW_BBM_2, HW_BBM_2_NOABORT, HW_NR_BBM };

/* Which entry of a contiguous group receives a hardware A/D update. */
enum hw_ad_policy {
	HW_AD_FAULTING, HW_AD_FILL_ORIGIN, HW_AD_FIRST, HW_AD_LAST,
	HW_AD_RANDOM, HW_AD_ENUMERATE, HW_NR_AD_POLICIES
};

/* Whether a walk of a Cont=1 descriptor fills a group-sized TLB entry. */
enum hw_contig_fill { HW_FILL_HONOUR, HW_FILL_IGNORE, HW_FILL_CHOOSE, HW_NR_FILL };

/* Outcome of a TLB lookup that hits several disagreeing entries. */
enum hw_conflict { HW_CONFLICT_CHOOSE, HW_CONFLICT_ABORT, HW_CONFLICT_PICK, HW_NR_CONFLICT };

enum hw_agent { HW_AGENT_NONE, HW_AGENT_SMMU, HW_NR_AGENTS };

struct hw_config {
	enum hw_granule granule;
	unsigned int page_shift;	/* derived from granule */
	unsigned int ptrs_per_table;	/* descriptors in one table page */
	unsigned int cont_ptes;		/* entries in one contiguous group */
	bool ha;			/* TCR_EL1.HA: hardware Access flag */
	bool hd;			/* TCR_EL1.HD: hardware dirty state */
	enum hw_bbm bbm;
	enum hw_ad_policy ad_policy;
	enum hw_contig_fill contig_fill;
	enum hw_conflict conflict;
	enum hw_agent agent;
	unsigned int nr_cpus;
};

extern struct hw_config hw_cfg;

/* Name tables, indexed by the enums above, spelled as --hw takes them. */
extern const char *const hw_granule_names[HW_NR_GRANULES];
extern const char *const hw_bbm_names[HW_NR_BBM];
extern const char *const hw_ad_policy_names[HW_NR_AD_POLICIES];
extern const char *const hw_contig_fill_names[HW_NR_FILL];
extern const char *const hw_conflict_names[HW_NR_CONFLICT];
extern const char *const hw_agent_names[HW_NR_AGENTS];

/* Reset to the default machine (docs/hw.md) with the given granule. */
void hw_config_default(enum hw_granule granule);

/* The largest contiguous group of any granule (16K: 128 entries). */
#define HW_MAX_CONT_PTES	128

/*
 * Override the contiguous group size; @n must be a power of two between 2
 * and HW_MAX_CONT_PTES, within the table.  Returns false (and changes
 * nothing) otherwise.
 */
bool hw_config_set_cont_ptes(unsigned int n);

/* The architectural group size for a granule (Arm ARM: 16/128/32). */
unsigned int hw_granule_cont_ptes(enum hw_granule granule);

/*
 * Translation geometry: 48-bit input addresses, level 3 holds pages and
 * every other level holds table descriptors (no block mappings).  4K and
 * 16K walks start at level 0, 64K at level 1.
 */
#define HW_VA_BITS	48
#define HW_LEAF_LEVEL	3

static inline int hw_start_level(void)
{
	return hw_cfg.granule == HW_GRANULE_64K ? 1 : 0;
}

static inline unsigned int hw_level_shift(int level)
{
	return hw_cfg.page_shift + (HW_LEAF_LEVEL - level) * (hw_cfg.page_shift - 3);
}

/* Entries in a table at @level: the start level may use fewer. */
static inline unsigned int hw_level_entries(int level)
{
	unsigned int bits = HW_VA_BITS - hw_level_shift(level);

	if (bits > hw_cfg.page_shift - 3)
		bits = hw_cfg.page_shift - 3;
	return 1u << bits;
}

static inline unsigned int hw_level_index(uint64_t va, int level)
{
	return (va >> hw_level_shift(level)) & (hw_level_entries(level) - 1);
}

#endif /* HW_CONFIG_H */
