// SPDX-License-Identifier: GPL-2.0-only
/*
 * A TLBI acts on what its walkers could see: a descriptor store must be
 * ordered before it by a DSB of the right domain, or the old value may be
 * cached again after the TLBI completed (RDDMVT).
 */
#include "hw/mem.h"
#include "lib/hwas.h"

HW_VARIANTS

static struct hwas as;

#define PFN(i)	(block_pfn(1) + (i))
#define RW	(HWAS_DIRTY | HWAS_AF)

/* CPUs 0 and 1 cache page 0; CPU 0 breaks it. */
static void cache_then_break(void)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), RW);
	hw_frame_set_data(PFN(0), 3);
	EXPECT_EQ(hwas_read(&as, 0, 0), 3);
	EXPECT_EQ(hwas_read(&as, 1, 0), 3);
	hw_mem_write(hwas_ptep(&as, 0), 0);
}

/* CPU 0's TLBI of page 0, broadcast or not, after DSB @before (or none). */
static void invalidate(bool broadcast, int before)
{
	struct hw_tlbi t = { .op = HW_TLBI_VALE1, .broadcast = broadcast,
			     .asid = 1, .va = hwas_va(&as, 0), .pages = 1 };

	if (before >= 0)
		hw_dsb(before);
	hw_tlbi(&t);
	hw_dsb(broadcast ? HW_DSB_ISH : HW_DSB_NSH);
}

/* Page 0 made again with another frame: a bbm violation unless clean. */
static void remake(void)
{
	hw_mem_write(hwas_ptep(&as, 0), hwas_desc(PFN(1), RW));
}

TEST(tlbi_right_after_the_break_leaves_it_unclean)
{
	cache_then_break();
	invalidate(true, -1);
	EXPECT_EQ(hwas_try(&as, 1, 0, false), HW_FAULT_NONE);
	remake();
	EXPECT_EQ(hw_violations_of(HW_ORACLE_BBM), 1);
}

TEST(dsb_ishst_orders_the_break_for_every_cpu)
{
	cache_then_break();
	invalidate(true, HW_DSB_ISHST);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_TRANSLATION);
	EXPECT_EQ(hwas_try(&as, 1, 0, false), HW_FAULT_TRANSLATION);
	remake();
	EXPECT_EQ(hw_violations_count(), 0);
}

/* DSB NSHST orders for this CPU's walks only. */
TEST(dsb_nshst_is_not_enough_for_a_broadcast_tlbi)
{
	cache_then_break();
	invalidate(true, HW_DSB_NSHST);
	EXPECT_EQ(hwas_try(&as, 1, 0, false), HW_FAULT_NONE);
	remake();
	EXPECT_EQ(hw_violations_of(HW_ORACLE_BBM), 1);
}

TEST(dsb_nshst_orders_the_break_for_a_local_tlbi)
{
	cache_then_break();
	invalidate(false, HW_DSB_NSHST);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_TRANSLATION);
	/* CPU 1 was never invalidated. */
	EXPECT_EQ(hwas_try(&as, 1, 0, false), HW_FAULT_NONE);
}

TEST(local_tlbi_right_after_the_break_keeps_the_entry)
{
	cache_then_break();
	invalidate(false, -1);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_NONE);
}

/* The order is the issuer's: another CPU's own flush is not held back. */
TEST(another_cpus_tlbi_after_its_own_dsb_cleans_the_break)
{
	cache_then_break();
	hwas_tlbi(1, HW_TLBI_VALE1, 1, hwas_va(&as, 0), 1, true);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_TRANSLATION);
	remake();
	EXPECT_EQ(hw_violations_count(), 0);
}
