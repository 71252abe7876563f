// SPDX-License-Identifier: GPL-2.0-only
/*
 * agent=smmu: a per-descriptor walker (an SMMU without HTTU, or a CPU
 * without DBM) faults on its own entry where a HAFDBS CPU does not.
 */
#include "lib/hwas.h"

HW_VARIANTS

static struct hwas as;

#define PFN(i)	(block_pfn(1) + (i))
#define CONT	HW_DESC_CONT
#define SMMU	1

/* A folded group whose A/D state is held by entry 0 only. */
static void map_group_young_at_0(uint64_t flags)
{
	hw_cfg.agent = HW_AGENT_SMMU;
	hw_cpu_set_agent(SMMU, true);
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN(0), flags | CONT);
	hw_mem_write(hwas_ptep(&as, 0), *hwas_ptep(&as, 0) | HW_DESC_AF);
}

TEST(old_entry_faults_for_the_agent_only)
{
	map_group_young_at_0(HWAS_CLEAN);
	EXPECT_TRUE(hw_cpu_is_agent(SMMU));
	EXPECT_EQ(hwas_try(&as, SMMU, 3, false), HW_FAULT_ACCESS_FLAG);
	EXPECT_FALSE(*hwas_ptep(&as, 3) & HW_DESC_AF);
	EXPECT_EQ(hwas_try(&as, 0, 3, false), HW_FAULT_NONE);
}

TEST(writable_clean_entry_faults_for_the_agent_only)
{
	map_group_young_at_0(HWAS_CLEAN | HWAS_AF);
	EXPECT_EQ(hwas_try(&as, SMMU, 2, true), HW_FAULT_PERMISSION);
	EXPECT_TRUE(*hwas_ptep(&as, 2) & HW_DESC_AP2);
	EXPECT_EQ(hwas_try(&as, 0, 2, true), HW_FAULT_NONE);
}

/* A dirty sibling makes the group dirty for a CPU, not for the agent. */
TEST(agent_judges_its_own_entry_not_the_group)
{
	hw_cfg.contig_fill = HW_FILL_HONOUR;
	map_group_young_at_0(HWAS_CLEAN | HWAS_AF);
	hwas_write(&as, 0, 0, 1);	/* CPU: entry 0 dirty, group entry cached */
	EXPECT_EQ(hwas_try(&as, 0, 2, true), HW_FAULT_NONE);
	EXPECT_EQ(hwas_try(&as, SMMU, 2, true), HW_FAULT_PERMISSION);
	/* Software's fix-up of the agent's own entry lets it through. */
	hw_mem_write(hwas_ptep(&as, 2), *hwas_ptep(&as, 2) & ~HW_DESC_AP2);
	EXPECT_EQ(hwas_try(&as, SMMU, 2, true), HW_FAULT_NONE);
}

TEST(agent_never_caches_contiguous_entries)
{
	hw_cfg.contig_fill = HW_FILL_HONOUR;
	map_group_young_at_0(HWAS_DIRTY | HWAS_AF);
	hwas_read(&as, SMMU, 1);
	hwas_read(&as, 0, 1);
	EXPECT_EQ(hw_stats.tlb_fills[0], 1);
	EXPECT_EQ(hw_stats.tlb_fills[1], 1);
	EXPECT_EQ(hw_tlb_slot(SMMU, 0)->size_shift, hw_cfg.page_shift);
}

TEST(marking_needs_agent_smmu)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hw_cpu_set_agent(SMMU, true);
	EXPECT_FALSE(hw_cpu_is_agent(SMMU));
	hwas_map(&as, 0, 1, PFN(0), HWAS_CLEAN);
	EXPECT_EQ(hwas_try(&as, SMMU, 0, true), HW_FAULT_NONE);
}
