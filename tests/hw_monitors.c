// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every monitor fires on a deliberately wrong sequence and stays quiet on
 * the right one, including the arch layer's own fold and unfold.
 */
#include <asm/contpte_design.h>
#include <string.h>

#include "lib/hwas.h"
#include "lib/linked.h"

HW_VARIANTS

static struct hwas as;

#define PFN(i)	(block_pfn(1) + (i))
#define CONT	HW_DESC_CONT
#define RW	(HWAS_DIRTY | HWAS_AF)

static void setup_as(void)
{
	hwas_init(&as, NULL, 1, 1ull << 36);
}

static void expect_only(enum hw_oracle oracle)
{
	EXPECT_TRUE(hw_violations_of(oracle) >= 1);
	EXPECT_EQ(hw_violations_count(), hw_violations_of(oracle));
	hwas_dump_violations();
}

static void expect_none(void)
{
	EXPECT_EQ(hw_violations_count(), 0);
	hwas_dump_violations();
}

/* Software writes a descriptor, as the kernel would with WRITE_ONCE. */
static void set(unsigned int i, uint64_t d)
{
	hw_mem_write(hwas_ptep(&as, i), d);
}

static void flush_page(unsigned int i)
{
	hwas_tlbi(0, HW_TLBI_VALE1, 1, hwas_va(&as, i), 1, true);
}

TEST(valid_to_valid_output_address_change_is_a_bbm_violation)
{
	const struct hw_violation *v;

	setup_as();
	set(0, hwas_desc(PFN(0), RW));
	set(0, hwas_desc(PFN(1), RW));
	expect_only(HW_ORACLE_BBM);
	v = hw_violation_get(0);
	ASSERT_TRUE(v);
	EXPECT_EQ(v->va, hwas_va(&as, 0));
	EXPECT_EQ(v->nr_entries, 2);
	EXPECT_EQ(v->entries[0].desc, hwas_desc(PFN(0), RW));
	EXPECT_EQ(v->entries[1].desc, hwas_desc(PFN(1), RW));
	/* Provenance: the two writes that led here, oldest first. */
	ASSERT_EQ(v->nr_writes, 2);
	EXPECT_EQ(v->writes[1].new, hwas_desc(PFN(1), RW));
}

TEST(permission_and_af_changes_need_no_break)
{
	setup_as();
	set(0, hwas_desc(PFN(0), RW));
	set(0, hwas_desc(PFN(0), HWAS_RO | HWAS_AF));
	set(0, hwas_desc(PFN(0), HWAS_RO));
	set(0, hwas_desc(PFN(0), HWAS_CLEAN | HWAS_AF));
	expect_none();
}

TEST(reuse_without_tlbi_is_a_bbm_violation)
{
	setup_as();
	set(0, hwas_desc(PFN(0), RW));
	set(0, 0);
	set(0, hwas_desc(PFN(1), RW));
	expect_only(HW_ORACLE_BBM);
}

TEST(reuse_before_the_dsb_is_a_bbm_violation)
{
	setup_as();
	set(0, hwas_desc(PFN(0), RW));
	set(0, 0);
	hwas_tlbi(1, HW_TLBI_VALE1, 1, hwas_va(&as, 0), 1, false);
	set(0, hwas_desc(PFN(1), RW));
	expect_only(HW_ORACLE_BBM);
}

TEST(break_tlbi_dsb_make_is_clean)
{
	setup_as();
	set(0, hwas_desc(PFN(0), RW));
	set(0, 0);
	hwas_tlbi(1, HW_TLBI_VALE1, 1, hwas_va(&as, 0), 1, true);
	set(0, hwas_desc(PFN(1), RW));
	/* A TLBI for another ASID or page does not clean the break. */
	set(0, 0);
	hwas_tlbi(1, HW_TLBI_VALE1, 2, hwas_va(&as, 0), 1, true);
	flush_page(1);
	set(0, hwas_desc(PFN(2), RW));
	EXPECT_EQ(hw_violations_count(), 1);
}

/* Tables no walker has reached cannot have filled a TLB: not watched. */
TEST(unreachable_table_is_not_watched)
{
	uint64_t *t = hw_table_alloc();

	hw_mem_write(t, hwas_desc(PFN(0), RW));
	hw_mem_write(t, hwas_desc(PFN(1), RW));
	expect_none();
}

TEST(af_clear_is_not_a_break_with_ha)
{
	setup_as();
	set(0, hwas_desc(PFN(0), RW));
	set(0, hwas_desc(PFN(0), HWAS_DIRTY));
	flush_page(0);
	set(0, hwas_desc(PFN(1), HWAS_DIRTY));
	expect_only(HW_ORACLE_BBM);
}

TEST(af_clear_is_a_break_without_ha)
{
	hw_cfg.ha = hw_cfg.hd = false;
	setup_as();
	set(0, hwas_desc(PFN(0), RW));
	set(0, hwas_desc(PFN(0), HWAS_DIRTY));
	flush_page(0);
	set(0, hwas_desc(PFN(1), HWAS_DIRTY));
	expect_none();
}

static void map_group(uint64_t flags)
{
	setup_as();
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN(0), flags | CONT);
}

TEST(remaking_part_of_a_group_is_a_bbm_violation)
{
	map_group(RW);
	set(1, 0);
	flush_page(1);
	set(1, hwas_desc(PFN(64), RW | CONT));
	expect_only(HW_ORACLE_BBM);
}

TEST(breaking_the_whole_group_first_is_clean)
{
	unsigned int i;

	map_group(RW);
	for (i = 0; i < hw_cfg.cont_ptes; i++)
		set(i, 0);
	hwas_tlbi(0, HW_TLBI_RVALE1, 1, hwas_va(&as, 0), hw_cfg.cont_ptes, true);
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN(hw_cfg.cont_ptes), RW | CONT);
	expect_none();
	EXPECT_TRUE(hw_stats.group_transient >= 1);
}

TEST(in_place_cont_change_of_one_entry_is_misprogrammed)
{
	hw_cfg.bbm = HW_BBM_1;		/* per entry, a Cont change is allowed */
	map_group(RW);
	set(2, hwas_desc(PFN(2), RW));
	expect_only(HW_ORACLE_MISPROGRAMMED);
	/* Further writes to the already misprogrammed group: one report. */
	set(3, hwas_desc(PFN(3), HWAS_DIRTY | CONT));
	EXPECT_EQ(hw_violations_count(), 1);
}

TEST(misaligned_group_is_misprogrammed)
{
	hw_cfg.bbm = HW_BBM_2;
	setup_as();
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN(1), RW);
	set(0, hwas_desc(PFN(1), RW | CONT));
	expect_only(HW_ORACLE_MISPROGRAMMED);
}

TEST(ad_skew_is_expected)
{
	map_group(HWAS_CLEAN);
	set(1, hwas_desc(PFN(1), HWAS_CLEAN | HWAS_AF | CONT));
	set(2, hwas_desc(PFN(2), HWAS_DIRTY | CONT));
	expect_none();
	EXPECT_TRUE(hw_stats.group_ad_skew >= 2);
}

TEST(partial_permission_change_is_flagged_at_its_flush)
{
	map_group(RW);
	set(1, hwas_desc(PFN(1), HWAS_RO | HWAS_AF | CONT));
	EXPECT_EQ(hw_violations_count(), 0);
	flush_page(1);
	expect_only(HW_ORACLE_MISPROGRAMMED);
}

/* D21194: the whole block in place, then the flush. */
TEST(whole_group_permission_change_then_flush_is_clean)
{
	unsigned int i;

	map_group(RW);
	for (i = 0; i < hw_cfg.cont_ptes; i++)
		set(i, hwas_desc(PFN(i), HWAS_RO | HWAS_AF | CONT));
	flush_page(0);
	expect_none();
	EXPECT_TRUE(hw_stats.group_perm_skew >= 1);
}

/*
 * Page entries cached, then the group is made contiguous without a TLBI
 * (allowed per entry from BBM level 1): a page entry and the new group
 * entry both translate page 0.
 */
static void mix_sizes(void)
{
	unsigned int i;

	hw_cfg.contig_fill = HW_FILL_HONOUR;
	setup_as();
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN(0), RW);
	hwas_read(&as, 0, 0);
	for (i = 0; i < hw_cfg.cont_ptes; i++)
		set(i, 0);
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN(0), RW | CONT);
	hwas_read(&as, 0, 1);
}

TEST(size_mix_at_bbm2_may_abort_with_tlb_conflict)
{
	hw_cfg.bbm = HW_BBM_2;
	hw_cfg.conflict = HW_CONFLICT_ABORT;
	mix_sizes();
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_TLB_CONFLICT);
	expect_only(HW_ORACLE_TLB_CONFLICT);
	EXPECT_EQ(hw_violation_get(0)->nr_entries, 3);	/* two TLB entries, memory */
	EXPECT_EQ(hw_stats.conflict_aborts, 1);
}

TEST(size_mix_at_bbm2_noabort_picks_an_entry)
{
	hw_cfg.bbm = HW_BBM_2_NOABORT;
	hw_cfg.conflict = HW_CONFLICT_ABORT;
	mix_sizes();
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_NONE);
	expect_none();
	EXPECT_EQ(hw_stats.multi_hits, 1);
}

TEST(size_mix_at_bbm0_is_unpredictable)
{
	hw_cfg.conflict = HW_CONFLICT_PICK;
	mix_sizes();
	hw_violations_clear();	/* the missing break itself was reported */
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_NONE);
	expect_only(HW_ORACLE_TLB_CONFLICT);
}

TEST(multi_hit_on_different_output_addresses_is_unpredictable)
{
	hw_cfg.bbm = HW_BBM_2_NOABORT;
	hw_cfg.contig_fill = HW_FILL_HONOUR;
	setup_as();
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN(0), RW);
	hwas_read(&as, 0, 0);
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN(hw_cfg.cont_ptes), RW | CONT);
	hwas_read(&as, 0, 1);
	hw_violations_clear();
	hwas_read(&as, 0, 0);
	expect_only(HW_ORACLE_TLB_CONFLICT);
}

/*
 * CPU 0 caches a page entry for page 0 of a writable-clean group; software
 * rewrites every member to @pfn + i with @flags and issues the broadcast
 * TLBI without waiting for it (no DSB); a speculative walk of the last
 * member then fills a group entry.  Both entries translate page 0.
 */
static void refill_before_flush(uint64_t pfn, uint64_t flags)
{
	unsigned int i, last = hw_cfg.cont_ptes - 1;

	hw_cfg.contig_fill = HW_FILL_IGNORE;
	setup_as();
	hwas_map(&as, 0, hw_cfg.cont_ptes, PFN(0), HWAS_CLEAN | HWAS_AF | CONT);
	hwas_read(&as, 0, 0);
	for (i = 0; i < hw_cfg.cont_ptes; i++)
		set(i, hwas_desc(pfn + i, flags | CONT));
	hwas_tlbi(1, HW_TLBI_RVALE1, 1, hwas_va(&as, 0), hw_cfg.cont_ptes,
		  false);
	hw_cfg.contig_fill = HW_FILL_HONOUR;
	EXPECT_TRUE(hw_spec_fill(0, &as.ctx, hwas_va(&as, last)));
	EXPECT_EQ(hw_tlbi_pending(0), 1);
}

/*
 * Reclaim aging's clear_flush_young() as upstream does it, without a DSB:
 * the stale page entry and the new group entry agree on output address,
 * attributes and permissions, so either may be used (7.2 step 2).
 */
TEST(agreeing_page_and_group_entries_are_no_conflict_at_bbm0)
{
	refill_before_flush(PFN(0), HWAS_CLEAN);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_NONE);
	expect_none();
	EXPECT_EQ(hw_stats.multi_hits, 0);
}

/* The same two sizes for a block moved without a break: no result. */
TEST(disagreeing_page_and_group_entries_are_unpredictable_at_bbm0)
{
	refill_before_flush(PFN(hw_cfg.cont_ptes), HWAS_CLEAN);
	hw_violations_clear();	/* the missing break itself was reported */
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_NONE);
	expect_only(HW_ORACLE_TLB_CONFLICT);
	EXPECT_EQ(hw_stats.multi_hits, 1);
}

/*
 * A whole block write-protected in place (D21194) before its flush: the
 * writable-clean page entry and the read-only group entry differ in
 * permissions only, so the lookup yields one of them, never an abort
 * (RJQQTC), even where a changed block size could abort.
 */
TEST(permission_skewed_entries_yield_one_of_them)
{
	hw_cfg.bbm = HW_BBM_2;
	hw_cfg.conflict = HW_CONFLICT_ABORT;
	refill_before_flush(PFN(0), HWAS_RO | HWAS_AF);
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_NONE);
	expect_none();
	EXPECT_EQ(hw_stats.multi_hits, 1);
	EXPECT_EQ(hw_stats.conflict_aborts, 0);
}

TEST(access_through_stale_entry_to_freed_frame)
{
	setup_as();
	set(0, hwas_desc(PFN(0), RW));
	hwas_read(&as, 0, 0);
	set(0, 0);			/* unmapped, but no TLBI */
	hw_frame_free(PFN(0));
	hwas_write(&as, 0, 0, 3);
	expect_only(HW_ORACLE_STALE_TLB);
	EXPECT_EQ(hw_violation_get(0)->entries[0].desc, hwas_desc(PFN(0), RW));
}

TEST(access_through_stale_entry_to_reused_frame)
{
	setup_as();
	set(0, hwas_desc(PFN(0), RW));
	hwas_read(&as, 0, 0);
	set(0, 0);
	hw_frame_free(PFN(0));
	hw_frame_alloc(PFN(0));
	hwas_read(&as, 0, 0);
	expect_only(HW_ORACLE_STALE_TLB);
}

TEST(flushed_then_freed_is_clean)
{
	setup_as();
	set(0, hwas_desc(PFN(0), RW));
	hwas_read(&as, 0, 0);
	set(0, 0);
	flush_page(0);
	hw_frame_free(PFN(0));
	EXPECT_EQ(hwas_try(&as, 0, 0, false), HW_FAULT_TRANSLATION);
	expect_none();
}

static unsigned int handled;

static void count_violation(void *arg, const struct hw_violation *v)
{
	char buf[2048];

	handled++;
	hw_violation_format(v, buf, sizeof(buf));
	if (!strstr(buf, hw_oracle_names[v->oracle]) || !strstr(buf, "pfn=0x"))
		ktap_fail(__FILE__, __LINE__, "bad report: %s", buf);
}

TEST(violations_reach_the_installed_handler)
{
	hw_set_violation_handler(count_violation, NULL);
	setup_as();
	set(0, hwas_desc(PFN(0), RW));
	set(0, hwas_desc(PFN(1), RW));
	hw_set_violation_handler(NULL, NULL);
	EXPECT_EQ(handled, 1);
	EXPECT_EQ(hw_stats.violations, 1);
}

/* The arch layer's fold and unfold, with accesses around them. */
static void fold_then_unfold(void)
{
	unsigned int i;

	hw_cfg.contig_fill = HW_FILL_HONOUR;
	hwas_attach_tas(&as);
	for (i = 0; i + 1 < CONT_PTES; i++)
		set_ptes(&tas.mm, tva(&tas, i), tptep(&tas, i),
			 pfn_pte(block_pfn(0) + i, TPROT_RW), 1);
	make_block_folio(0, 1);
	for (i = 0; i + 1 < CONT_PTES; i++)
		hwas_write(&as, 0, i, i);
	/* The last entry folds the block (contpte_convert). */
	set_ptes(&tas.mm, tva(&tas, i), tptep(&tas, i),
		 pfn_pte(block_pfn(0) + i, TPROT_RW), 1);
	ASSERT_TRUE(block_all_cont(&tas, 0));
	/* Last first: a group entry, then hits beside the page entries. */
	for (i = CONT_PTES; i--;)
		hwas_read(&as, 0, i);
	/* Clearing one entry of a folded block unfolds it first. */
	ptep_get_and_clear(&tas.mm, tva(&tas, 3), tptep(&tas, 3));
	ASSERT_TRUE(block_none_cont(&tas, 0));
	for (i = 0; i < CONT_PTES; i++)
		if (i != 3)
			hwas_read(&as, 1, i);
}

TEST(arch_fold_and_unfold_with_tlbi_are_clean_at_bbm0)
{
	fold_then_unfold();
	expect_none();
	EXPECT_TRUE(hw_stats_tlbi_total(&hw_stats) >= 2);
	EXPECT_EQ(hw_stats.multi_hits, 0);
}

TEST(arch_fold_and_unfold_without_tlbi_are_clean_at_bbm2_noabort)
{
	REQUIRE_CONTPTE(CONTPTE_BBML2_ELISION);
	hw_cfg.bbm = HW_BBM_2_NOABORT;
	fold_then_unfold();
	expect_none();
	EXPECT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	EXPECT_TRUE(hw_stats.multi_hits >= 1);
}

TEST(arch_convert_without_tlbi_is_flagged_at_bbm0)
{
	REQUIRE_CONTPTE(CONTPTE_BBML2_ELISION);
	contpte_design.convert_no_tlbi = true;
	fold_then_unfold();
	/* Stale page entries beside the new group entry also conflict. */
	EXPECT_TRUE(hw_violations_of(HW_ORACLE_BBM) >= 1);
	EXPECT_EQ(hw_violations_of(HW_ORACLE_BBM) +
		  hw_violations_of(HW_ORACLE_TLB_CONFLICT),
		  hw_violations_count());
	hwas_dump_violations();
}
