// SPDX-License-Identifier: GPL-2.0-only
/*
 * Translation on the simulated MMU: table walk, hardware A/D updates as a
 * compare-and-swap that restarts, permissions from the cached entry.
 */
#include "lib/hwas.h"

HW_VARIANTS

static struct hwas as;

#define PFN(i)	(block_pfn(1) + (i))

TEST(read_sets_af_and_fills_tlb)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_CLEAN);
	hw_frame_set_data(PFN(0), 42);
	EXPECT_EQ(hwas_read(&as, 0, 0), 42);
	EXPECT_TRUE(*hwas_ptep(&as, 0) & HW_DESC_AF);
	EXPECT_TRUE(*hwas_ptep(&as, 0) & HW_DESC_AP2);	/* a read leaves it clean */
	EXPECT_EQ(hw_tlb_count(0), 1);
	EXPECT_EQ(hw_stats.hw_af_updates, 1);
	/* The second read hits: no walk, no descriptor write. */
	EXPECT_EQ(hwas_read(&as, 0, 0), 42);
	EXPECT_EQ(hw_stats.walks, 1);
	EXPECT_EQ(hw_stats.tlb_hits, 1);
}

TEST(af_clear_without_ha_faults_and_is_not_cached)
{
	hw_cfg.ha = hw_cfg.hd = false;
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_DIRTY);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_ACCESS_FLAG);
	EXPECT_FALSE(hw_spec_fill(0, &as.ctx, hwas_va(&as, 0)));
	EXPECT_EQ(hw_tlb_count(0), 0);
	EXPECT_EQ(*hwas_ptep(&as, 0) & HW_DESC_AF, 0);
}

TEST(write_to_writable_clean_sets_dirty_in_memory)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_CLEAN);
	hwas_write(&as, 0, 0, 7);
	EXPECT_EQ(*hwas_ptep(&as, 0) & (HW_DESC_AP2 | HW_DESC_AF), HW_DESC_AF);
	EXPECT_EQ(hw_frame_data(PFN(0)), 7);
	EXPECT_EQ(hw_frame_version(PFN(0)), 1);
}

TEST(write_without_hd_faults_on_writable_clean)
{
	hw_cfg.hd = false;
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_CLEAN | HWAS_AF);
	EXPECT_EQ(hwas_try(&as, 0, 0, true), HW_FAULT_PERMISSION);
	EXPECT_TRUE(*hwas_ptep(&as, 0) & HW_DESC_AP2);
}

/* A read fills a writable-clean entry; software write-protects; a write. */
TEST(write_after_wrprotect_through_clean_entry_faults)
{
	uint64_t d;

	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_CLEAN);
	hwas_read(&as, 0, 0);
	d = *hwas_ptep(&as, 0);
	hw_mem_write(hwas_ptep(&as, 0), d & ~HW_DESC_DBM);
	EXPECT_EQ(hwas_try(&as, 0, 0, true), HW_FAULT_PERMISSION);
	EXPECT_TRUE(*hwas_ptep(&as, 0) & HW_DESC_AP2);
	EXPECT_EQ(hw_frame_version(PFN(0)), 0);
	EXPECT_EQ(hw_stats.hw_dirty_updates, 0);
}

/* Stale entries stay usable until a completed TLBI. */
TEST(stale_entry_used_until_completed_tlbi)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_DIRTY | HWAS_AF);
	hw_frame_set_data(PFN(0), 5);
	EXPECT_EQ(hwas_read(&as, 0, 0), 5);
	hw_mem_write(hwas_ptep(&as, 0), 0);
	EXPECT_EQ(hwas_read(&as, 0, 0), 5);
	hwas_tlbi(1, HW_TLBI_VALE1, 1, hwas_va(&as, 0), 1, false);
	EXPECT_EQ(hwas_read(&as, 0, 0), 5);
	hwas_dsb(1);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_TRANSLATION);
}

/* An RO->RW upgrade without TLBI: the cached read-only entry still rules. */
TEST(spurious_permission_fault_from_stale_readonly_entry)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_RO | HWAS_AF);
	hwas_read(&as, 0, 0);
	hw_mem_write(hwas_ptep(&as, 0), hwas_desc(PFN(0), HWAS_DIRTY | HWAS_AF));
	EXPECT_EQ(hwas_try(&as, 0, 0, true), HW_FAULT_PERMISSION);
	EXPECT_EQ(hwas_try(&as, 1, 0, true), HW_FAULT_NONE);
}

TEST(missing_upper_level_is_a_translation_fault)
{
	struct hw_fault f;
	uint64_t v;

	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_DIRTY | HWAS_AF);
	/* A VA outside the one linked leaf table. */
	EXPECT_FALSE(hw_access(0, &as.ctx, as.va ^ (1ull << 44), false, &v, &f));
	EXPECT_EQ(f.kind, HW_FAULT_TRANSLATION);
	EXPECT_TRUE(f.level < HW_LEAF_LEVEL);
	EXPECT_EQ(hwas_try(&as, 0, 1, false), HW_FAULT_TRANSLATION);
}

TEST(kernel_only_entry_faults_at_el0)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_DIRTY | HWAS_AF);
	hw_mem_write(hwas_ptep(&as, 0), *hwas_ptep(&as, 0) & ~HW_DESC_AP1);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_PERMISSION);
}

/* EL0 execution needs UXN clear, and nothing of AP[1] (execute-only). */
TEST(fetch_needs_uxn_clear_not_el0_access)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_RO | HW_DESC_PXN | HW_DESC_UXN);
	hwas_map(&as, 1, 1, PFN(1), HWAS_RO | HW_DESC_PXN);
	/* A fetch that faults on permission leaves AF alone; a load sets it. */
	EXPECT_EQ(hwas_try_fetch(&as, 0, 0), HW_FAULT_PERMISSION);
	EXPECT_FALSE(*hwas_ptep(&as, 0) & HW_DESC_AF);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_NONE);
	EXPECT_TRUE(*hwas_ptep(&as, 0) & HW_DESC_AF);
	EXPECT_EQ(hwas_try_fetch(&as, 0, 1), HW_FAULT_NONE);
	EXPECT_TRUE(*hwas_ptep(&as, 1) & HW_DESC_AF);
	EXPECT_TRUE(*hwas_ptep(&as, 1) & HW_DESC_AP2);	/* never dirtied */
	hw_mem_write(hwas_ptep(&as, 1), *hwas_ptep(&as, 1) & ~HW_DESC_AP1);
	hwas_tlbi(0, HW_TLBI_VMALLE1, 0, 0, 0, true);
	EXPECT_EQ(hwas_try_fetch(&as, 0, 1), HW_FAULT_NONE);
	EXPECT_EQ(hwas_try(&as, 0, 1, false), HW_FAULT_PERMISSION);
}

TEST(fetch_without_ha_takes_the_access_flag_fault)
{
	hw_cfg.ha = hw_cfg.hd = false;
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_RO | HW_DESC_PXN | HW_DESC_UXN);
	EXPECT_EQ(hwas_try_fetch(&as, 0, 0), HW_FAULT_ACCESS_FLAG);
}

/*
 * UXN comes from the cached entry: set in memory after a fill, a fetch
 * still runs until the TLBI; cleared, it still faults (RGPPYH).
 */
TEST(fetch_permission_from_cached_entry)
{
	uint64_t rx = HWAS_RO | HWAS_AF | HW_DESC_PXN;

	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), rx);
	hwas_map(&as, 1, 1, PFN(1), rx | HW_DESC_UXN);
	EXPECT_EQ(hwas_try_fetch(&as, 0, 0), HW_FAULT_NONE);
	EXPECT_EQ(hwas_try_fetch(&as, 0, 1), HW_FAULT_PERMISSION);
	EXPECT_EQ(hwas_try(&as, 0, 1, false), HW_FAULT_NONE);
	hw_mem_write(hwas_ptep(&as, 0), hwas_desc(PFN(0), rx | HW_DESC_UXN));
	hw_mem_write(hwas_ptep(&as, 1), hwas_desc(PFN(1), rx));
	EXPECT_EQ(hwas_try_fetch(&as, 0, 0), HW_FAULT_NONE);
	EXPECT_EQ(hwas_try_fetch(&as, 0, 1), HW_FAULT_PERMISSION);
	EXPECT_EQ(hwas_try_fetch(&as, 1, 1), HW_FAULT_NONE);
	hwas_tlbi(0, HW_TLBI_VMALLE1, 0, 0, 0, true);
	EXPECT_EQ(hwas_try_fetch(&as, 0, 0), HW_FAULT_PERMISSION);
	EXPECT_EQ(hwas_try_fetch(&as, 0, 1), HW_FAULT_NONE);
}

/*
 * A fetch through a group entry uses that entry's UXN for every page of
 * the group, whatever a sibling's descriptor now says.
 */
TEST(fetch_through_group_entry_uses_its_uxn)
{
	uint64_t rx = HWAS_RO | HWAS_AF | HW_DESC_PXN | HW_DESC_CONT;
	unsigned int i, n = hw_cfg.cont_ptes;

	hw_cfg.contig_fill = HW_FILL_HONOUR;
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, n, PFN(0), rx | HW_DESC_UXN);
	EXPECT_EQ(hwas_try_fetch(&as, 0, 0), HW_FAULT_PERMISSION);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_NONE);
	EXPECT_EQ(hw_tlb_count(0), 1);
	/* Break, make with UXN clear, no TLBI yet: the group still rules. */
	for (i = 0; i < n; i++)
		hw_mem_write(hwas_ptep(&as, i), 0);
	hwas_map(&as, 0, n, PFN(0), rx);
	EXPECT_EQ(hwas_try_fetch(&as, 0, n - 1), HW_FAULT_PERMISSION);
	EXPECT_EQ(hwas_try_fetch(&as, 1, n - 1), HW_FAULT_NONE);
	hwas_tlbi(0, HW_TLBI_VMALLE1, 0, 0, 0, true);
	EXPECT_EQ(hwas_try_fetch(&as, 0, 1), HW_FAULT_NONE);
	EXPECT_EQ(hw_tlb_count(0), 1);
}

/* Software changes the descriptor between the walk's read and its CAS. */
static unsigned int cas_points;

static void change_under_walk(void *arg, enum hw_mem_op op, const void *p)
{
	uint64_t *ptep = arg;

	if (op != HW_MEM_CMPXCHG || p != ptep || cas_points++)
		return;
	/* New output address, still AF=0: the restarted walk must use it. */
	__atomic_store_n(ptep, hwas_desc(PFN(1), HWAS_CLEAN), __ATOMIC_SEQ_CST);
}

TEST(af_update_restarts_walk_when_descriptor_changed)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_CLEAN);
	hw_frame_set_data(PFN(0), 100);
	hw_frame_set_data(PFN(1), 101);
	cas_points = 0;
	hw_set_sched_hook(change_under_walk, hwas_ptep(&as, 0));
	EXPECT_EQ(hwas_read(&as, 0, 0), 101);
	hw_set_sched_hook(NULL, NULL);
	EXPECT_EQ(hw_stats.walk_restarts, 1);
	EXPECT_EQ(*hwas_ptep(&as, 0), hwas_desc(PFN(1), HWAS_CLEAN | HWAS_AF));
}

TEST(access_outside_data_memory_is_an_external_abort)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, hw_phys_frames() + 3, HWAS_DIRTY | HWAS_AF);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_EXTERNAL);
}
