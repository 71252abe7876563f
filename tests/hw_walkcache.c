// SPDX-License-Identifier: GPL-2.0-only
/*
 * Walk caches: a CPU keeps the last-level table a walk reached, and only
 * TLB maintenance that is not limited to the last level, with no level
 * hint, removes it.  A table freed while an entry holds it is stale-tlb.
 */
#include "hw/mem.h"
#include "hw/stats.h"
#include "lib/hwas.h"

HW_VARIANTS

static struct hwas as;

#define PFN(i)	(block_pfn(1) + (i))

/* The level-2 descriptor that links the leaf table in. */
static uint64_t *leaf_link(void)
{
	uint64_t *table = hw_table_va(as.ctx.root_pa), d;
	int level;

	for (level = hw_start_level(); level < HW_LEAF_LEVEL - 1; level++) {
		d = table[hw_level_index(as.va, level)];
		table = hw_table_va(hw_desc_oa(d));
	}
	return table + hw_level_index(as.va, HW_LEAF_LEVEL - 1);
}

/* CPU 1 walks page 0; then a last-level TLBI removes its leaf entry. */
static void cache_the_walk(void)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_DIRTY | HWAS_AF);
	hw_frame_set_data(PFN(0), 9);
	EXPECT_EQ(hwas_read(&as, 1, 0), 9);
	hwas_tlbi(0, HW_TLBI_VALE1, 1, hwas_va(&as, 0), 1, true);
}

/*
 * Unlink and free the leaf table as free_pte_tables() does: the entries
 * cleared, the link cleared, then @op (with level hint @ttl) over the
 * table's span and DSB ISH, then the free.
 */
static void free_leaf(enum hw_tlbi_op op, unsigned int ttl)
{
	unsigned int span = hw_level_shift(HW_LEAF_LEVEL - 1);
	struct hw_tlbi t = { .op = op, .broadcast = true, .asid = 1,
			     .va = as.va, .ttl = ttl,
			     .pages = 1ull << (span - hw_cfg.page_shift) };

	hw_mem_write(hwas_ptep(&as, 0), 0);
	hw_mem_write(leaf_link(), 0);
	hw_dsb(HW_DSB_ISHST);
	hw_tlbi(&t);
	hw_dsb(HW_DSB_ISH);
	hw_table_free(as.leaf);
}

/*
 * The link cleared without an invalidation: CPU 1 still walks from the
 * table it cached, CPU 0 (which never walked there) faults.
 */
TEST(second_walk_starts_from_the_cached_table)
{
	uint64_t hits;

	cache_the_walk();
	hw_mem_write(leaf_link(), 0);
	hits = hw_stats.walk_cache_hits;
	EXPECT_EQ(hwas_read(&as, 1, 0), 9);
	EXPECT_TRUE(hw_stats.walk_cache_hits > hits);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_TRANSLATION);
	EXPECT_EQ(hw_violations_count(), 0);
}

TEST(table_freed_after_a_last_level_range_tlbi_is_stale)
{
	cache_the_walk();
	free_leaf(HW_TLBI_RVALE1, 0);
	/* Reported at the free, once: the entry is gone after it. */
	EXPECT_EQ(hw_violations_of(HW_ORACLE_STALE_TLB), 1);
	EXPECT_EQ(hwas_try(&as, 1, 0, false), HW_FAULT_TRANSLATION);
	EXPECT_EQ(hw_violations_count(), 1);
}

TEST(table_freed_after_a_range_tlbi_is_not_walked)
{
	cache_the_walk();
	free_leaf(HW_TLBI_RVAE1, 0);
	EXPECT_EQ(hwas_try(&as, 1, 0, false), HW_FAULT_TRANSLATION);
	EXPECT_EQ(hw_violations_count(), 0);
}

/* FEAT_TTL: the hint names the leaf's level, not the table entry's. */
TEST(level_hint_leaves_the_table_entry)
{
	cache_the_walk();
	free_leaf(HW_TLBI_RVAE1, HW_LEAF_LEVEL);
	EXPECT_EQ(hwas_try(&as, 1, 0, false), HW_FAULT_TRANSLATION);
	EXPECT_EQ(hw_violations_of(HW_ORACLE_STALE_TLB), 1);
}

TEST(asid_tlbi_removes_the_table_entry)
{
	cache_the_walk();
	free_leaf(HW_TLBI_ASIDE1, 0);
	EXPECT_EQ(hwas_try(&as, 1, 0, false), HW_FAULT_TRANSLATION);
	EXPECT_EQ(hw_violations_count(), 0);
}

/* The table freed and allocated again is another table to the cache. */
TEST(table_reused_at_the_same_address_is_stale)
{
	uint64_t *leaf;

	cache_the_walk();
	leaf = as.leaf;
	free_leaf(HW_TLBI_VALE1, 0);
	EXPECT_TRUE(hw_table_alloc() == leaf);
	hw_mem_write(leaf_link(), hw_table_pa(leaf) | 3);
	hw_mem_write(leaf, hwas_desc(PFN(1), HWAS_DIRTY | HWAS_AF));
	hw_frame_set_data(PFN(1), 11);
	EXPECT_EQ(hwas_read(&as, 1, 0), 11);
	EXPECT_EQ(hw_violations_of(HW_ORACLE_STALE_TLB), 1);
}
