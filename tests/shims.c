// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel shims: marked accesses reach the machine's primitives (and
 * are counted only on page-table memory), every lock attempt and flush is
 * a scheduling point, WARNs reach an installed handler.
 */
#include <linux/spinlock.h>

#include "lib/machine.h"

MACHINE_VARIANTS

static unsigned int sched_calls[HW_SYNC_UNLOCK + 1];

static void count_sched(void *arg, enum hw_mem_op op, const void *p)
{
	sched_calls[op]++;
}

TEST(marked_accesses_reach_the_machine)
{
	pte_t *ptep = tptep(&tas, 3);
	u64 plain = 7;
	pte_t pte;

	hw_set_sched_hook(count_sched, NULL);
	WRITE_ONCE(*ptep, __pte(0x403));
	pte = READ_ONCE(*ptep);
	ASSERT_EQ(pte_val(pte), 0x403);
	ASSERT_EQ(xchg_relaxed(&pte_val(*ptep), 0x407), 0x403);
	ASSERT_EQ(cmpxchg_relaxed(&pte_val(*ptep), 0x407, 0x40f), 0x407);
	ASSERT_EQ(cmpxchg_relaxed(&pte_val(*ptep), 0x407, 0x403), 0x40f);
	/* A 64-bit object outside table memory: a scheduling point, not a PTE op. */
	WRITE_ONCE(plain, READ_ONCE(plain) + 1);
	ASSERT_EQ(plain, 8);
	hw_set_sched_hook(NULL, NULL);

	ASSERT_EQ(sched_calls[HW_MEM_READ], 2);
	ASSERT_EQ(sched_calls[HW_MEM_WRITE], 2);
	ASSERT_EQ(sched_calls[HW_MEM_XCHG], 1);
	ASSERT_EQ(sched_calls[HW_MEM_CMPXCHG], 2);
	ASSERT_EQ(hw_stats.pte_ops[HW_MEM_READ], 1);
	ASSERT_EQ(hw_stats.pte_ops[HW_MEM_WRITE], 1);
	ASSERT_EQ(hw_stats.pte_ops[HW_MEM_XCHG], 1);
	ASSERT_EQ(hw_stats.pte_ops[HW_MEM_CMPXCHG], 2);
	ASSERT_EQ(hw_stats.cmpxchg_failed, 1);
}

TEST(locks_and_flushes_are_scheduling_points)
{
	DEFINE_SPINLOCK(ptl);

	hw_set_sched_hook(count_sched, NULL);
	spin_lock(&ptl);
	ASSERT_TRUE(spin_is_held_by_me(&ptl));
	ASSERT_FALSE(spin_trylock(&ptl));
	spin_unlock(&ptl);
	ASSERT_FALSE(spin_is_locked(&ptl));
	flush_tlb_page(&tas.vma, tva(&tas, 1));
	hw_set_sched_hook(NULL, NULL);

	ASSERT_EQ(sched_calls[HW_SYNC_LOCK], 2);
	ASSERT_EQ(sched_calls[HW_SYNC_UNLOCK], 1);
	ASSERT_EQ(sched_calls[HW_SYNC_TLBI], 1);
	ASSERT_EQ(sched_calls[HW_SYNC_DSB], 2);
	ASSERT_EQ(hw_stats.tlbi[HW_TLBI_VALE1][1], 1);
	ASSERT_NO_WARN();
}

static int handled;

static void count_warn(const char *file, int line, const char *cond)
{
	handled++;
}

TEST(warn_reaches_handler_and_continues)
{
	int once = 0, i;

	set_warn_handler(count_warn);
	for (i = 0; i < 3; i++)
		once += WARN_ON_ONCE(i >= 0);
	ASSERT_TRUE(WARN_ON(1));
	ASSERT_FALSE(WARN_ON(0));
	/* WARN_ON_ONCE evaluates to the condition every time, reports once. */
	ASSERT_EQ(once, 3);
	ASSERT_EQ(handled, 2);
	ASSERT_EQ(warn_count(), 2);
	set_warn_handler(NULL);
}

TEST(set_pte_warns_over_a_block)
{
	set_warn_handler(count_warn);
	map_block(&tas, 1, TPROT_RW);
	set_pte(tptep(&tas, bidx(1)), pfn_pte(block_pfn(1), TPROT_RO));
	ASSERT_EQ(handled, 1);
	set_warn_handler(NULL);
}

TEST(tables_are_aligned_and_addressable)
{
	u64 *t = hw_table_alloc();

	ASSERT_NE((uintptr_t)t, 0);
	ASSERT_EQ((uintptr_t)t & (PAGE_SIZE - 1), 0);
	ASSERT_TRUE(hw_is_table_mem(t + PTRS_PER_PTE - 1));
	ASSERT_EQ((uintptr_t)hw_table_va(hw_table_pa(t)), (uintptr_t)t);
	ASSERT_TRUE(pgd_table(__pgd_table(t)));
	ASSERT_EQ((uintptr_t)pgd_table_va(__pgd_table(t)), (uintptr_t)t);
	hw_table_free(t);
	ASSERT_EQ((uintptr_t)hw_table_va(hw_table_pa(t)), 0);
}
