// SPDX-License-Identifier: GPL-2.0-only
/*
 * Core-mm paths on two real threads, as the checker's stress mode runs
 * them: reclaim's reverse-map walk while fork() builds and publishes
 * children, and reclaim's page-cache lookups while faults fill the cache.
 * The outcome is the same on every schedule; ThreadSanitizer sees the
 * unordered accesses these once made.  With real threads a fault also
 * lands in reclaim's deferred-flush window, which the catalogue keeps
 * away from; that one report is let through, nothing else.
 */
#include <pthread.h>

#include "lib/mmfix.h"

MM_VARIANTS

#define NR_BLOCKS	2
#define STORE_ROUNDS	64

static struct {
	struct mm_model *mm;
	struct address_space file;
	bool done;		/* the other thread finished */
	unsigned int children;
	unsigned int failed_stores;
} tt;

/* The thread running as CPU 1 is through. */
static void *cpu1_done(void)
{
	__atomic_store_n(&tt.done, true, __ATOMIC_RELEASE);
	return NULL;
}

/* @cpu1 on a thread of its own; @cpu0 (@arg) here, again until it is done. */
static void race(void *(*cpu1)(void *), void (*cpu0)(void *), void *arg)
{
	pthread_t tid;

	tt.done = false;
	ASSERT_EQ(pthread_create(&tid, NULL, cpu1, NULL), 0);
	while (!__atomic_load_n(&tt.done, __ATOMIC_ACQUIRE))
		cpu0(arg);
	pthread_join(tid, NULL);
}

static void *fork_children(void *arg)
{
	hw_this_cpu = 1;
	while (tt.children < MM_POOL_SIZE - 1 && dup_mm(tt.mm))
		tt.children++;
	return cpu1_done();
}

static void age(void *folio)
{
	folio_referenced(folio, false);
}

/* Every child fork() makes while aging walks it maps the block too. */
TEST(rmap_walk_sees_children_fork_publishes)
{
	unsigned long nr = NR_BLOCKS * CONT_PTES;
	struct mm_model *mm;
	struct folio *folio;

	tt.mm = mm_alloc();
	fix_mmap_anon(tt.mm, 0, nr, cont_order());
	fix_fill(tt.mm, 0, nr, 700);
	folio = fix_folio(tt.mm, fix_va(0));
	tt.children = 0;
	race(fork_children, age, folio);
	EXPECT_EQ(tt.children, MM_POOL_SIZE - 1);
	EXPECT_EQ(folio_mapcount(folio), MM_POOL_SIZE * CONT_PTES);
	for_each_live_mm(mm)
		EXPECT_TRUE(fix_check(mm, 0, nr, 700));
	fix_teardown();
	EXPECT_EQ(fix_nr_violations, 0);
}

static u64 store_value(unsigned int round, unsigned long page)
{
	return 0x5000 + round * 0x100 + page;
}

static void *store_rounds(void *arg)
{
	unsigned int round;
	unsigned long i;

	hw_this_cpu = 1;
	for (round = 0; round < STORE_ROUNDS; round++)
		for (i = 0; i < NR_BLOCKS * CONT_PTES; i++)
			if (user_store(tt.mm, fix_va(i), store_value(round, i)))
				tt.failed_stores++;
	return cpu1_done();
}

static void shrink(void *stats)
{
	shrink_mapping(&tt.file, stats);
}

/* Reclaim evicting and looking up folios that faults cache meanwhile. */
TEST(shrink_mapping_vs_faults_filling_the_cache)
{
	unsigned long nr = NR_BLOCKS * CONT_PTES, i;
	struct reclaim_stats stats = { 0 };

	ASSERT_EQ(address_space_init(&tt.file, nr, cont_order(), false), 0);
	tt.mm = mm_alloc();
	ASSERT_TRUE(do_mmap(tt.mm, fix_va(0), nr << PAGE_SHIFT,
			    VM_READ | VM_WRITE | VM_SHARED, 0, &tt.file, 0));
	tt.failed_stores = 0;
	race(store_rounds, shrink, &stats);
	EXPECT_EQ(tt.failed_stores, 0);
	ktap_info("scanned %lu, written %lu, discarded %lu", stats.scanned,
		  stats.written, stats.discarded);
	fix_mmput_all();
	filemap_write_and_wait(&tt.file);
	for (i = 0; i < nr; i++)
		EXPECT_EQ(tt.file.store[i], store_value(STORE_ROUNDS - 1, i));
	address_space_release(&tt.file);
	EXPECT_TRUE(mm_check_leaks(0, 0));
	/*
	 * A fault may map a page again between reclaim's unmap and its
	 * deferred DSB (try_to_unmap_flush()), which the machine reports as
	 * bbm by the letter of RDDMVT and Linux relies on (see
	 * tests/mm_deferred_flush.c); nothing else may be reported.
	 */
	EXPECT_EQ(fix_nr_violations, fix_nr_early_remakes);
}
