// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine on real threads, as the checker's stress mode runs it: a
 * DSB after a broadcast TLBI returns only once the accesses that used a
 * translation it invalidates have completed, and no fill from a walk that
 * read the old descriptor lands after it (Arm ARM RDDMVT step 4).  A store
 * that lands after the write-protecting thread's DSB returned, or a
 * writable entry left in a TLB then, breaks the rule.
 */
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include "lib/hwas.h"

HW_VARIANTS

#define STORER		1
#define FLUSHER		0
#define ROUNDS		50
/* Stores through the TLB before the write-protect starts, per round. */
#define WARM_STORES	8
/* Long enough for a DSB that does not wait to return meanwhile. */
#define PAUSE_US	2000

#define PFN_BASE	block_pfn(1)

static struct hwas as;

static struct {
	bool pause;		/* the storer stops inside its first fill */
	bool walked;		/* ... and is there now */
	bool tlbi_issued;
	bool dsb_done;
	unsigned long stores;
} st;

#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELEASE)

static void wait_for(const bool *flag)
{
	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE))
		sched_yield();
}

/*
 * With the storer's TLB full, the victim question (of HW_TLB_ENTRIES
 * slots; a background eviction is asked among the entries and "none")
 * comes between the walk and the fill: hold the storer there until the
 * flusher's TLBI is out, and a while longer.
 */
static unsigned int pausing_choose(void *arg, enum hw_choice_kind kind,
				   unsigned int n)
{
	if (kind != HW_CHOICE_EVICT || n != HW_TLB_ENTRIES ||
	    hw_this_cpu != STORER ||
	    !LOAD(st.pause) || LOAD(st.walked))
		return 0;
	STORE(st.walked, true);
	wait_for(&st.tlbi_issued);
	usleep(PAUSE_US);
	return 0;
}

static const struct hw_chooser pausing = { pausing_choose, NULL };

static void map_group(uint64_t perm)
{
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN_BASE, perm | HW_DESC_CONT |
		 HWAS_AF);
}

/* Write-protect the group, TLBI it everywhere, DSB ISH; the version then. */
static uint64_t write_protect(void)
{
	map_group(HWAS_RO);
	hwas_tlbi(FLUSHER, HW_TLBI_VAE1, 1, hwas_va(&as, 0), hw_cfg.cont_ptes,
		  false);
	STORE(st.tlbi_issued, true);
	hwas_dsb(FLUSHER);
	return hw_frame_version(PFN_BASE);
}

/* Fill every slot of the storer's TLB with pages beyond the group. */
static void fill_storers_tlb(void)
{
	unsigned int i;

	hwas_map(&as, hw_cfg.cont_ptes, HW_TLB_ENTRIES, block_pfn(2),
		 HWAS_DIRTY | HWAS_AF);
	for (i = 0; i < HW_TLB_ENTRIES; i++)
		hwas_read(&as, STORER, hw_cfg.cont_ptes + i);
	ASSERT_EQ(hw_tlb_count(STORER), HW_TLB_ENTRIES);
}

static void *pinned_storer(void *arg)
{
	enum hw_fault_kind *kinds = arg;

	hw_this_cpu = STORER;
	kinds[0] = hwas_try(&as, STORER, 0, true);
	wait_for(&st.dsb_done);
	kinds[1] = hwas_try(&as, STORER, 0, true);
	return NULL;
}

TEST(dsb_waits_for_a_fill_from_an_old_walk)
{
	enum hw_fault_kind kinds[2];
	uint64_t before, at_dsb;
	pthread_t t;

	hwas_init(&as, NULL, 1, 1ull << 36);
	map_group(HWAS_DIRTY);
	fill_storers_tlb();
	hw_set_chooser(&pausing);
	st = (typeof(st)){ .pause = true };
	before = hw_frame_version(PFN_BASE);
	ASSERT_EQ(pthread_create(&t, NULL, pinned_storer, kinds), 0);
	wait_for(&st.walked);
	at_dsb = write_protect();
	STORE(st.dsb_done, true);
	pthread_join(t, NULL);
	hw_set_chooser(NULL);

	/* The store read the writable descriptor, so it completes... */
	EXPECT_EQ(kinds[0], HW_FAULT_NONE);
	/* ... before the DSB returned, and caches nothing past it. */
	EXPECT_EQ(at_dsb, before + 1);
	EXPECT_EQ(hw_frame_version(PFN_BASE), at_dsb);
	EXPECT_EQ(kinds[1], HW_FAULT_PERMISSION);
}

/* Store until the flusher's DSB returned, then once more. */
static void *looping_storer(void *arg)
{
	enum hw_fault_kind *last = arg;

	hw_this_cpu = STORER;
	while (!LOAD(st.dsb_done))
		if (hwas_try(&as, STORER, 0, true) == HW_FAULT_NONE)
			__atomic_add_fetch(&st.stores, 1, __ATOMIC_RELEASE);
	*last = hwas_try(&as, STORER, 0, true);
	return NULL;
}

/* One race of stores through a cached entry against a write-protect. */
static bool race_once(void)
{
	enum hw_fault_kind last;
	uint64_t at_dsb;
	pthread_t t;

	map_group(HWAS_DIRTY);
	hwas_tlbi(FLUSHER, HW_TLBI_VMALLE1, 0, 0, 0, true);
	st = (typeof(st)){ 0 };
	if (pthread_create(&t, NULL, looping_storer, &last))
		return false;
	while (LOAD(st.stores) < WARM_STORES)
		sched_yield();
	at_dsb = write_protect();
	STORE(st.dsb_done, true);
	pthread_join(t, NULL);
	return hw_frame_version(PFN_BASE) == at_dsb &&
	       last == HW_FAULT_PERMISSION;
}

TEST(no_store_lands_after_the_dsb)
{
	unsigned int i, bad = 0;

	hwas_init(&as, NULL, 1, 1ull << 36);
	for (i = 0; i < ROUNDS; i++)
		bad += !race_once();
	EXPECT_EQ(bad, 0);
}
