// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated TLBs: page and contiguous entries, ASID tags, TLB
 * maintenance by page, range, ASID and all, broadcast completion at the
 * issuer's DSB, TTL hints, capacity, counters.
 */
#include "lib/hwas.h"

HW_VARIANTS

static struct hwas as;

#define PFN(i)	(block_pfn(1) + (i))

static void map_group(uint64_t flags)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN(0),
		 flags | HW_DESC_CONT | HWAS_AF);
}

static bool cached(unsigned int cpu, unsigned int i)
{
	struct hw_tlb_entry e;

	return hw_tlb_lookup(cpu, 1, hwas_va(&as, i), &e, 1) != 0;
}

static const struct hw_tlb_entry *only_entry(unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < HW_TLB_ENTRIES; i++)
		if (hw_tlb_slot(cpu, i)->valid)
			return hw_tlb_slot(cpu, i);
	return NULL;
}

TEST(contiguous_fill_covers_the_group)
{
	const struct hw_tlb_entry *e;

	hw_cfg.contig_fill = HW_FILL_HONOUR;
	map_group(HWAS_DIRTY);
	hwas_read(&as, 0, 3);
	ASSERT_EQ(hw_tlb_count(0), 1);
	e = only_entry(0);
	EXPECT_EQ(e->size_shift, hw_group_shift());
	EXPECT_EQ(e->va, hwas_va(&as, 0));
	EXPECT_EQ(e->oa, PFN(0) << hw_cfg.page_shift);
	EXPECT_EQ(e->src, hwas_ptep(&as, 3));
	EXPECT_TRUE(cached(0, hw_cfg.cont_ptes - 1));
	hwas_read(&as, 0, hw_cfg.cont_ptes - 1);
	EXPECT_EQ(hw_stats.walks, 1);
}

TEST(page_tlbi_removes_overlapping_contiguous_entry)
{
	hw_cfg.contig_fill = HW_FILL_HONOUR;
	map_group(HWAS_DIRTY);
	hwas_read(&as, 0, 0);
	ASSERT_TRUE(cached(0, 1));
	hwas_tlbi(0, HW_TLBI_VALE1, 1, hwas_va(&as, 1), 1, true);
	EXPECT_EQ(hw_tlb_count(0), 0);
	EXPECT_EQ(hw_stats.tlb_invalidated, 1);
}

TEST(page_tlbi_leaves_page_sized_siblings)
{
	hw_cfg.contig_fill = HW_FILL_IGNORE;
	map_group(HWAS_DIRTY);
	hwas_read(&as, 0, 0);
	hwas_read(&as, 0, 1);
	ASSERT_EQ(hw_tlb_count(0), 2);
	hwas_tlbi(0, HW_TLBI_VALE1, 1, hwas_va(&as, 1), 1, true);
	EXPECT_TRUE(cached(0, 0));
	EXPECT_FALSE(cached(0, 1));
}

/* The chooser answers @n questions of fill size from @script. */
static void choose_sizes(struct hw_choices *s, const struct hw_choice *script,
			 size_t n)
{
	hw_cfg.contig_fill = HW_FILL_CHOOSE;
	map_group(HWAS_DIRTY);
	hw_choices_init(s, HW_ANSWER_ZERO, 0);
	hw_choices_start(s, script, n, ~0u);
	hw_set_chooser(&s->chooser);
}

/* How many questions of fill size @s answered. */
static unsigned int sizes_asked(const struct hw_choices *s)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < s->len; i++)
		n += s->log[i].kind == HW_CHOICE_FILL_SIZE;
	return n;
}

static void stop_choosing(struct hw_choices *s)
{
	hw_set_chooser(NULL);
	hw_choices_exit(s);
}

/*
 * The size of a fill from a Cont=1 descriptor is asked when a lookup of
 * a sibling page would tell it: "ignore the hint" leaves both pages page
 * entries of their own (a walk each), "honour it" serves the third page
 * from the first page's entry, now the group's.
 */
TEST(fill_size_is_asked_at_a_sibling_lookup)
{
	static const struct hw_choice script[] = {
		{ HW_CHOICE_FILL_SIZE, 0, 1 },	/* page 0's: a page */
		{ HW_CHOICE_FILL_SIZE, 0, 0 },	/* page 1's: the group */
	};
	struct hw_choices s;

	choose_sizes(&s, script, 2);
	hwas_read(&as, 0, 0);
	EXPECT_EQ(sizes_asked(&s), 0);
	EXPECT_TRUE(only_entry(0)->undecided);
	EXPECT_EQ(only_entry(0)->size_shift, hw_cfg.page_shift);
	hwas_read(&as, 0, 1);
	EXPECT_EQ(sizes_asked(&s), 1);
	EXPECT_EQ(hw_stats.walks, 2);
	hwas_read(&as, 0, 2);
	EXPECT_EQ(sizes_asked(&s), 2);
	EXPECT_EQ(hw_stats.walks, 2);
	EXPECT_EQ(hw_stats.tlb_fills[0], 1);
	EXPECT_EQ(hw_stats.tlb_fills[1], 1);
	EXPECT_FALSE(s.diverged);
	stop_choosing(&s);
}

/* A TLBI of a sibling page removes the entry if it is the group's. */
TEST(fill_size_is_asked_at_a_sibling_tlbi)
{
	static const struct hw_choice script[] = {
		{ HW_CHOICE_FILL_SIZE, 0, 1 },	/* a page: it stays */
		{ HW_CHOICE_FILL_SIZE, 0, 0 },	/* the group: it goes */
	};
	struct hw_choices s;

	choose_sizes(&s, script, 2);
	hwas_read(&as, 0, 0);
	hwas_tlbi(1, HW_TLBI_VALE1, 1, hwas_va(&as, 1), 1, true);
	EXPECT_EQ(sizes_asked(&s), 1);
	EXPECT_TRUE(cached(0, 0));
	/* Page 0's entry is decided: only page 2's new one is asked. */
	hwas_read(&as, 0, 2);
	hwas_tlbi(1, HW_TLBI_VALE1, 1, hwas_va(&as, 1), 1, true);
	EXPECT_EQ(sizes_asked(&s), 2);
	EXPECT_EQ(hw_tlb_count(0), 1);
	EXPECT_TRUE(cached(0, 0));
	EXPECT_FALSE(cached(0, 2));
	EXPECT_FALSE(s.diverged);
	stop_choosing(&s);
}

/*
 * What cannot tell the sizes apart asks nothing: lookups of the entry's
 * own page, a TLBI of it, a speculative fill's candidates.
 */
TEST(fill_size_is_not_asked_where_it_cannot_show)
{
	struct hw_choices s;

	choose_sizes(&s, NULL, 0);
	hwas_read(&as, 0, 0);
	hwas_read(&as, 0, 0);
	EXPECT_FALSE(hw_tlb_holds(0, 1, hwas_va(&as, 1)));
	EXPECT_TRUE(hw_tlb_holds(0, 1, hwas_va(&as, 0)));
	hwas_tlbi(1, HW_TLBI_VALE1, 1, hwas_va(&as, 0), 1, true);
	EXPECT_EQ(hw_tlb_count(0), 0);
	EXPECT_EQ(sizes_asked(&s), 0);
	stop_choosing(&s);
}

TEST(broadcast_tlbi_pending_until_issuers_dsb)
{
	map_group(HWAS_DIRTY);
	hwas_read(&as, 0, 0);
	hwas_tlbi(1, HW_TLBI_VALE1, 1, hwas_va(&as, 0), 1, false);
	EXPECT_EQ(hw_tlbi_pending(0), 1);
	/* No early completion chosen: CPU 0 keeps using its entry. */
	hwas_read(&as, 0, 0);
	EXPECT_TRUE(cached(0, 0));
	/* Another CPU's DSB does not complete it. */
	hwas_dsb(0);
	EXPECT_TRUE(cached(0, 0));
	hwas_dsb(1);
	EXPECT_FALSE(cached(0, 0));
	EXPECT_EQ(hw_tlbi_pending(0), 0);
}

TEST(remote_completion_may_come_early)
{
	static const struct hw_choice script[] = {
		{ HW_CHOICE_TLBI_DONE, 0, 1 },
	};
	struct hw_choices s;

	map_group(HWAS_DIRTY);
	hwas_read(&as, 0, 0);
	hwas_tlbi(1, HW_TLBI_VALE1, 1, hwas_va(&as, 0), 1, false);
	hw_choices_init(&s, HW_ANSWER_ZERO, 0);
	hw_choices_start(&s, script, 1, ~0u);
	hw_set_chooser(&s.chooser);
	hwas_read(&as, 0, 0);	/* applied first, so this walks again */
	EXPECT_EQ(hw_stats.tlbi_early, 1);
	EXPECT_EQ(hw_stats.walks, 2);
	EXPECT_FALSE(s.diverged);
	hw_set_chooser(NULL);
	hw_choices_exit(&s);
}

TEST(local_tlbi_acts_on_the_issuer_only)
{
	struct hw_tlbi t = { .op = HW_TLBI_VALE1, .asid = 1, .pages = 1 };

	map_group(HWAS_DIRTY);
	hwas_read(&as, 0, 0);
	hwas_read(&as, 1, 0);
	t.va = hwas_va(&as, 0);
	hw_tlbi(&t);
	hw_dsb(HW_DSB_NSH);
	EXPECT_FALSE(cached(0, 0));
	EXPECT_TRUE(cached(1, 0));
}

TEST(asid_tags_and_asid_and_all_invalidation)
{
	struct hwas other;

	map_group(HWAS_DIRTY);
	hwas_init(&other, NULL, 2, 1ull << 36);
	hwas_map(&other, 0, 1, PFN(8), HWAS_DIRTY | HWAS_AF);
	hw_frame_set_data(PFN(0), 1);
	hw_frame_set_data(PFN(8), 2);
	EXPECT_EQ(hwas_read(&as, 0, 0), 1);
	EXPECT_EQ(hwas_read(&other, 0, 0), 2);
	EXPECT_EQ(hw_tlb_count(0), 2);
	hwas_tlbi(0, HW_TLBI_ASIDE1, 2, 0, 0, true);
	EXPECT_TRUE(cached(0, 0));
	EXPECT_EQ(hw_tlb_count(0), 1);
	hwas_read(&other, 0, 0);
	hwas_tlbi(0, HW_TLBI_VAAE1, 0, hwas_va(&as, 0), 1, true);
	EXPECT_EQ(hw_tlb_count(0), 0);
	hwas_read(&as, 0, 0);
	hwas_read(&other, 1, 0);
	hwas_tlbi(0, HW_TLBI_VMALLE1, 0, 0, 0, true);
	EXPECT_EQ(hw_tlb_count(0) + hw_tlb_count(1), 0);
}

TEST(global_entry_matches_every_asid)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, 1, PFN(0), HWAS_DIRTY | HWAS_AF);
	hw_mem_write(hwas_ptep(&as, 0), *hwas_ptep(&as, 0) & ~HW_DESC_NG);
	hwas_read(&as, 0, 0);
	/* A by-VA TLBI for another ASID still removes a global entry. */
	hwas_tlbi(0, HW_TLBI_VALE1, 9, hwas_va(&as, 0), 1, true);
	EXPECT_EQ(hw_tlb_count(0), 0);
	hwas_read(&as, 0, 0);
	hwas_tlbi(0, HW_TLBI_ASIDE1, 1, 0, 0, true);
	EXPECT_EQ(hw_tlb_count(0), 1);
}

TEST(range_tlbi_covers_its_pages_only)
{
	hw_cfg.contig_fill = HW_FILL_IGNORE;
	map_group(HWAS_DIRTY);
	hwas_read(&as, 0, 0);
	hwas_read(&as, 0, 1);
	hwas_read(&as, 0, 2);
	hwas_tlbi(0, HW_TLBI_RVALE1, 1, hwas_va(&as, 1), 2, true);
	EXPECT_TRUE(cached(0, 0));
	EXPECT_FALSE(cached(0, 1));
	EXPECT_FALSE(cached(0, 2));
	EXPECT_EQ(hw_stats_tlbi_of(&hw_stats, HW_TLBI_RVALE1), 1);
	EXPECT_EQ(hw_stats.tlbi[HW_TLBI_RVALE1][1], 1);
}

static void tlbi_ttl(unsigned int ttl)
{
	struct hw_tlbi t = { .op = HW_TLBI_VALE1, .broadcast = true,
			     .asid = 1, .va = hwas_va(&as, 0), .pages = 1,
			     .ttl = ttl };

	hw_tlbi(&t);
	hw_dsb(HW_DSB_ISH);
}

TEST(wrong_ttl_hint_may_skip_the_invalidation)
{
	static const struct hw_choice skip[] = { { HW_CHOICE_TTL, 0, 1 } };
	struct hw_choices s;

	map_group(HWAS_DIRTY);
	hwas_read(&as, 0, 0);
	hw_choices_init(&s, HW_ANSWER_ZERO, 0);
	hw_choices_start(&s, skip, 1, ~0u);
	hw_set_chooser(&s.chooser);
	tlbi_ttl(2);
	EXPECT_TRUE(cached(0, 0));
	EXPECT_EQ(hw_stats.tlbi_ttl_skipped, 1);
	/* The right level (3) or no hint always invalidates. */
	tlbi_ttl(3);
	EXPECT_FALSE(cached(0, 0));
	hwas_read(&as, 0, 0);
	tlbi_ttl(0);
	EXPECT_FALSE(cached(0, 0));
	EXPECT_FALSE(s.diverged);
	hw_set_chooser(NULL);
	hw_choices_exit(&s);
}

TEST(capacity_evictions_keep_the_tlb_bounded)
{
	unsigned int i, n = HW_TLB_ENTRIES + 8;

	hw_cfg.contig_fill = HW_FILL_IGNORE;
	hwas_init(&as, NULL, 1, 1ull << 36);
	hwas_map(&as, 0, n, PFN(0), HWAS_DIRTY | HWAS_AF);
	for (i = 0; i < n; i++)
		hwas_read(&as, 0, i);
	EXPECT_EQ(hw_tlb_count(0), HW_TLB_ENTRIES);
	EXPECT_EQ(hw_stats.evictions, 8);
}

TEST(eviction_is_a_choice)
{
	static const struct hw_choice script[] = {
		{ HW_CHOICE_EVICT, 0, 1 },	/* at the second access */
	};
	struct hw_choices none;
	struct hw_choices s;

	map_group(HWAS_DIRTY);
	hwas_read(&as, 0, 0);
	hw_choices_init(&s, HW_ANSWER_ZERO, 0);
	hw_choices_start(&s, script, 1, ~0u);
	hw_set_chooser(&s.chooser);
	hwas_read(&as, 0, 0);
	EXPECT_EQ(hw_stats.evictions, 1);
	EXPECT_EQ(hw_stats.walks, 2);
	/* A PRNG that never says yes to events: never evicts. */
	hw_choices_init(&none, HW_ANSWER_RANDOM, 1);
	none.rate[HW_CHOICE_EVICT] = 0;
	none.rate[HW_CHOICE_SPEC_FILL] = 0;
	none.rate[HW_CHOICE_SPURIOUS_AF] = 0;
	hw_set_chooser(&none.chooser);
	hwas_read(&as, 0, 0);
	EXPECT_EQ(hw_stats.evictions, 1);
	hw_set_chooser(NULL);
	hw_choices_exit(&none);
	hw_choices_exit(&s);
}

TEST(speculative_fill_sets_af_never_dirty)
{
	map_group(HWAS_CLEAN);
	hw_mem_write(hwas_ptep(&as, 2), hwas_desc(PFN(2), HWAS_CLEAN | HW_DESC_CONT));
	hw_cfg.ad_policy = HW_AD_FAULTING;
	EXPECT_TRUE(hw_spec_fill(1, &as.ctx, hwas_va(&as, 2)));
	EXPECT_EQ(*hwas_ptep(&as, 2) & (HW_DESC_AF | HW_DESC_AP2),
		  HW_DESC_AF | HW_DESC_AP2);
	EXPECT_EQ(hw_stats.spec_fills, 1);
	EXPECT_FALSE(hw_spec_fill(1, &as.ctx, hwas_va(&as, 2)));
}

/* How many answers the first @kind question of @s's run had. */
static unsigned int offered(const struct hw_choices *s,
			    enum hw_choice_kind kind)
{
	size_t i;

	for (i = 0; i < s->len; i++)
		if (s->log[i].kind == kind)
			return s->log[i].n;
	return 0;
}

/*
 * A spurious AF is offered on the entries whose Access flag is clear,
 * and nowhere else (on any other it would do nothing): here entries 1
 * and 3, and the second answer is entry 3.
 */
TEST(spurious_af_sets_only_af)
{
	static const struct hw_choice script[] = {
		{ HW_CHOICE_SPURIOUS_AF, 0, 2 },
	};
	struct hw_choices s;

	map_group(HWAS_CLEAN);
	hw_mem_write(hwas_ptep(&as, 1), hwas_desc(PFN(1), HWAS_CLEAN | HW_DESC_CONT));
	hw_mem_write(hwas_ptep(&as, 3), hwas_desc(PFN(3), HWAS_CLEAN | HW_DESC_CONT));
	hw_choices_init(&s, HW_ANSWER_ZERO, 0);
	hw_choices_start(&s, script, 1, ~0u);
	hw_set_chooser(&s.chooser);
	hwas_read(&as, 0, 0);
	EXPECT_EQ(offered(&s, HW_CHOICE_SPURIOUS_AF), 3);
	EXPECT_EQ(*hwas_ptep(&as, 3),
		  hwas_desc(PFN(3), HWAS_CLEAN | HW_DESC_CONT | HWAS_AF));
	EXPECT_EQ(*hwas_ptep(&as, 1), hwas_desc(PFN(1), HWAS_CLEAN | HW_DESC_CONT));
	EXPECT_EQ(hw_stats.spurious_af, 1);
	EXPECT_FALSE(hw_spurious_af(hwas_ptep(&as, 3)));
	hw_set_chooser(NULL);
	hw_choices_exit(&s);
}

/*
 * A speculative fill is offered on the pages of the group the TLB does
 * not translate and whose entries a walk takes: not page 0, cached by
 * the first access, nor page 1, unmapped.  The first answer is page 2.
 */
TEST(speculative_fill_offers_only_what_it_would_cache)
{
	static const struct hw_choice script[] = {
		{ HW_CHOICE_SPEC_FILL, 0, 1 },
	};
	struct hw_choices s;

	map_group(HWAS_CLEAN);
	hw_cfg.contig_fill = HW_FILL_IGNORE;
	hw_mem_write(hwas_ptep(&as, 1), 0);
	hwas_read(&as, 0, 0);
	ASSERT_EQ(hw_tlb_count(0), 1);
	hw_choices_init(&s, HW_ANSWER_ZERO, 0);
	hw_choices_start(&s, script, 1, ~0u);
	hw_set_chooser(&s.chooser);
	hwas_read(&as, 0, 0);
	EXPECT_EQ(offered(&s, HW_CHOICE_SPEC_FILL), hw_cfg.cont_ptes - 1);
	EXPECT_TRUE(cached(0, 2));
	EXPECT_FALSE(cached(0, 1));
	EXPECT_EQ(hw_tlb_count(0), 2);
	hw_set_chooser(NULL);
	hw_choices_exit(&s);
}

/*
 * Another CPU, at the spurious AF's compare-and-swap: clears the group
 * and maps it again from a new chain of tables, which it invalidates by
 * ASID (the walk caches hold the old chain's last-level table).
 */
static void replace_leaf(void *arg, enum hw_mem_op op, const void *p)
{
	bool *done = arg;
	uint64_t *old = as.leaf;
	unsigned int i;

	if (*done || op != HW_MEM_CMPXCHG)
		return;
	*done = true;
	for (i = 0; i < hw_cfg.cont_ptes; i++)
		hw_mem_write(&old[i], 0);
	hwas_init(&as, NULL, 1, as.va);
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN(0),
		 HWAS_CLEAN | HW_DESC_CONT | HWAS_AF);
	hwas_tlbi(1, HW_TLBI_ASIDE1, 1, 0, 0, true);
}

/*
 * The spurious AF's update is a scheduling point: a fill after it is
 * offered the pages of the table linked then, not of the one the
 * spurious AF found.
 */
TEST(speculative_fill_after_a_spurious_af_walks_again)
{
	static const struct hw_choice script[] = {
		{ HW_CHOICE_SPURIOUS_AF, 0, 1 },
		{ HW_CHOICE_SPEC_FILL, 0, 2 },
	};
	struct hw_choices s;
	bool done = false;

	map_group(HWAS_CLEAN);
	hw_cfg.contig_fill = HW_FILL_IGNORE;
	hw_mem_write(hwas_ptep(&as, 0), hwas_desc(PFN(0), HWAS_CLEAN | HW_DESC_CONT));
	hw_choices_init(&s, HW_ANSWER_ZERO, 0);
	hw_choices_start(&s, script, 2, ~0u);
	hw_set_chooser(&s.chooser);
	hw_set_sched_hook(replace_leaf, &done);
	hwas_read(&as, 0, 0);
	hw_set_sched_hook(NULL, NULL);
	EXPECT_TRUE(done);
	EXPECT_EQ(offered(&s, HW_CHOICE_SPEC_FILL), hw_cfg.cont_ptes + 1);
	EXPECT_TRUE(cached(0, 1));
	hw_set_chooser(NULL);
	hw_choices_exit(&s);
}

/* Frames [@i, @i + @n) of the group go back: stale-tlb reports. */
static unsigned int free_range_reports(unsigned int i, unsigned int n)
{
	unsigned int before = hw_violations_of(HW_ORACLE_STALE_TLB);

	hw_tlb_frames_freed(PFN(i), n);
	return hw_violations_of(HW_ORACLE_STALE_TLB) - before;
}

static unsigned int free_reports(unsigned int i)
{
	return free_range_reports(i, 1);
}

/*
 * A frame freed while a TLB of a live context still translates to it is
 * reported at the free, by the freeing CPU, naming the holder's entry;
 * once the entry's TLBI completed the same free is clean, and a frame no
 * entry translates to is clean from the start.
 */
TEST(frame_freed_under_a_cached_translation)
{
	const struct hw_violation *v;

	hw_cfg.contig_fill = HW_FILL_IGNORE;
	map_group(HWAS_DIRTY);
	hwas_read(&as, 1, 0);
	hw_this_cpu = 0;
	EXPECT_EQ(free_reports(1), 0);
	EXPECT_EQ(free_range_reports(1, hw_cfg.cont_ptes - 1), 0);
	EXPECT_EQ(free_range_reports(0, hw_cfg.cont_ptes), 1);
	hw_violations_clear();
	ASSERT_EQ(free_reports(0), 1);
	v = hw_violation_get(0);
	EXPECT_EQ(v->cpu, 0);
	EXPECT_EQ(v->va, hwas_va(&as, 0));
	EXPECT_EQ(v->entries[0].cpu, 1);
	EXPECT_EQ(v->entries[0].ptep, hwas_ptep(&as, 0));
	hwas_tlbi(0, HW_TLBI_VALE1, 1, hwas_va(&as, 0), 1, true);
	EXPECT_EQ(free_reports(0), 0);
}

/* A TLBI issued but not waited for by a DSB has not removed anything. */
TEST(frame_freed_before_the_dsb_of_its_tlbi)
{
	hw_cfg.contig_fill = HW_FILL_IGNORE;
	map_group(HWAS_DIRTY);
	hwas_read(&as, 1, 0);
	hwas_tlbi(0, HW_TLBI_VALE1, 1, hwas_va(&as, 0), 1, false);
	EXPECT_EQ(free_reports(0), 1);
	hwas_dsb(0);
	EXPECT_EQ(free_reports(0), 0);
}

/*
 * A retired context's entries are dead: exit frees what it mapped
 * without invalidating (a fullmm gather), and nothing runs in it again.
 * A context that takes the ASID anew makes them count once more.
 */
TEST(frame_freed_under_a_retired_asid)
{
	hw_cfg.contig_fill = HW_FILL_IGNORE;
	map_group(HWAS_DIRTY);
	hwas_read(&as, 1, 0);
	hw_ctx_retire(&as.ctx);
	EXPECT_EQ(free_reports(0), 0);
	hw_ctx_activate(&as.ctx);
	EXPECT_EQ(free_reports(0), 1);
}

/*
 * An undecided entry of the group is a page entry for the frames of its
 * own page; for a sibling's frame the free asks its size (N3): the
 * group's entry translates to that frame too, a page entry does not.
 */
TEST(frame_freed_asks_an_undecided_entrys_size)
{
	static const struct hw_choice group[] = {
		{ HW_CHOICE_FILL_SIZE, 0, 0 },
	};
	static const struct hw_choice page[] = {
		{ HW_CHOICE_FILL_SIZE, 0, 1 },
	};
	struct hw_choices s;

	choose_sizes(&s, group, 1);
	hwas_read(&as, 1, 0);
	EXPECT_EQ(free_reports(2), 1);
	EXPECT_EQ(sizes_asked(&s), 1);
	stop_choosing(&s);

	hw_machine_reset();
	choose_sizes(&s, page, 1);
	hwas_read(&as, 1, 0);
	EXPECT_EQ(free_reports(2), 0);
	EXPECT_EQ(sizes_asked(&s), 1);
	EXPECT_EQ(free_reports(0), 1);
	EXPECT_FALSE(s.diverged);
	stop_choosing(&s);
}

/*
 * At the end of a run a TLB may keep less than the tables give (a
 * read-only translation of an entry made writable, a young one of an
 * entry made old), never more: not a descriptor no longer valid, another
 * frame, or write permission the descriptor no longer gives.
 */
TEST(sweep_finds_translations_the_tables_no_longer_give)
{
	hw_cfg.contig_fill = HW_FILL_IGNORE;
	map_group(HWAS_DIRTY);
	hwas_read(&as, 1, 0);
	EXPECT_EQ(hw_tlb_sweep(&as.ctx), 0);
	hw_mem_write(hwas_ptep(&as, 0), hwas_desc(PFN(0), HWAS_DIRTY));
	EXPECT_EQ(hw_tlb_sweep(&as.ctx), 0);		/* old: less */
	hw_mem_write(hwas_ptep(&as, 0), hwas_desc(PFN(0), HWAS_RO | HWAS_AF));
	EXPECT_EQ(hw_tlb_sweep(&as.ctx), 1);		/* read-only */
	hw_mem_write(hwas_ptep(&as, 0),
		     hwas_desc(PFN(1), HWAS_DIRTY | HWAS_AF));
	EXPECT_EQ(hw_tlb_sweep(&as.ctx), 1);		/* another frame */
	hw_mem_write(hwas_ptep(&as, 0), 0);
	EXPECT_EQ(hw_tlb_sweep(&as.ctx), 1);		/* none */
	hwas_tlbi(0, HW_TLBI_VALE1, 1, hwas_va(&as, 0), 1, true);
	EXPECT_EQ(hw_tlb_sweep(&as.ctx), 0);
}

TEST(sweep_lets_a_translation_give_less)
{
	hw_cfg.contig_fill = HW_FILL_IGNORE;
	map_group(HWAS_CLEAN);
	hwas_read(&as, 1, 0);
	hw_mem_write(hwas_ptep(&as, 0),
		     hwas_desc(PFN(0), HWAS_DIRTY | HWAS_AF));
	EXPECT_EQ(hw_tlb_sweep(&as.ctx), 0);
	hw_ctx_retire(&as.ctx);
	hw_mem_write(hwas_ptep(&as, 0), 0);
	EXPECT_EQ(hw_tlb_sweep(&as.ctx), 0);		/* a dead context */
}

/*
 * A writable translation over a writable-clean descriptor is a dirty
 * state cleaned or lost, or one the hardware put in another member of
 * the contiguous group (RJQQTC): the A/D oracles judge it, not the sweep.
 */
TEST(sweep_leaves_the_dirty_state_alone)
{
	hw_cfg.contig_fill = HW_FILL_IGNORE;
	map_group(HWAS_DIRTY);
	hwas_read(&as, 1, 1);
	hw_mem_write(hwas_ptep(&as, 1),
		     hwas_desc(PFN(1), HWAS_CLEAN | HWAS_AF | HW_DESC_CONT));
	EXPECT_EQ(hw_tlb_sweep(&as.ctx), 0);
}
