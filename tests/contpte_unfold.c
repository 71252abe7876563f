// SPDX-License-Identifier: GPL-2.0-only
/*
 * Each unfold trigger of the layer unfolds with break-before-make: every
 * entry cleared, one invalidation of the block, every entry rewritten, with
 * the block's A/D state kept.  Each non-trigger leaves the block folded.
 */
#include "lib/machine.h"
#include "lib/linked.h"

MACHINE_VARIANTS

/*
 * Blocks 1 and 2 folded, old and clean; then the hardware accesses entry
 * @k of block 1, writing it if the mapping is writable.
 */
static size_t fold_dirty_block(unsigned long k, pgprot_t prot)
{
	map_block(&tas, 1, prot);
	map_block(&tas, 2, prot);
	if (pgprot_val(prot) & PTE_WRITE)
		hw_dirty(&tas, bidx(1) + k);
	else
		hw_young(&tas, bidx(1) + k);
	hw_stats_reset();
	return hw_event_log_count();
}

static unsigned long mid(void)
{
	return CONT_PTES / 2;
}

/*
 * Block @b unfolded once with BBM and one TLBI, and every entry outside
 * [@lo, @hi) (those the operation itself rewrote or cleared) is valid, maps
 * its own page and kept the gathered A/D state: young, and dirty as @dirty
 * says.
 */
static void assert_unfolded(unsigned long b, size_t from, unsigned long lo,
			    unsigned long hi, bool dirty)
{
	unsigned long i;

	ASSERT_TRUE(log_shows_bbm(&tas, b, from, true));
	ASSERT_TRUE(block_none_cont(&tas, b));
	for (i = 0; i < CONT_PTES; i++) {
		pte_t pte = __pte(raw(&tas, bidx(b) + i));

		if (i >= lo && i < hi)
			continue;
		ASSERT_TRUE(pte_valid(pte));
		ASSERT_EQ(pte_pfn(pte), block_pfn(b) + i);
		ASSERT_TRUE(pte_young(pte));
		ASSERT_EQ(pte_dirty(pte), dirty);
	}
	ASSERT_NO_WARN();
}

static void assert_one_unfold(void)
{
	ASSERT_EQ(hw_stats.unfolds, 1);
	ASSERT_EQ(hw_stats.folds, 0);
	ASSERT_EQ(hw_stats_tlbi_of(&hw_stats, HW_TLBI_RVALE1), 1);
}

TEST(set_ptes_one_over_folded_unfolds)
{
	size_t from = fold_dirty_block(0, TPROT_OLD);
	unsigned long i = bidx(1) + mid();
	/* Dirty: a change of a live entry the debug build's check allows. */
	pte_t ro = pte_mkdirty(pfn_pte(block_pfn(1) + mid(), TPROT_RO));

	set_ptes(&tas.mm, tva(&tas, i), tptep(&tas, i), ro, 1);
	assert_unfolded(1, from, mid(), mid() + 1, true);
	assert_one_unfold();
	ASSERT_EQ(raw(&tas, i), pte_val(ro));
}

TEST(pte_clear_unfolds)
{
	size_t from = fold_dirty_block(CONT_PTES - 1, TPROT_OLD);

	pte_clear(&tas.mm, tva(&tas, bidx(1) + 1), tptep(&tas, bidx(1) + 1));
	assert_unfolded(1, from, 1, 2, true);
	assert_one_unfold();
	ASSERT_EQ(raw(&tas, bidx(1) + 1), 0);
}

TEST(ptep_get_and_clear_unfolds)
{
	size_t from = fold_dirty_block(CONT_PTES - 1, TPROT_OLD);
	pte_t pte;

	pte = ptep_get_and_clear(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)));
	assert_unfolded(1, from, 0, 1, true);
	assert_one_unfold();
	/* The dirty bit held by the last entry comes back with the first. */
	ASSERT_TRUE(pte_dirty(pte));
	ASSERT_FALSE(pte_cont(pte));
}

TEST(clear_full_ptes_one_unfolds)
{
	size_t from = fold_dirty_block(0, TPROT_OLD);

	clear_full_ptes(&tas.mm, tva(&tas, bidx(1) + mid()),
			tptep(&tas, bidx(1) + mid()), 1, 1);
	assert_unfolded(1, from, mid(), mid() + 1, true);
	assert_one_unfold();
}

TEST(get_and_clear_full_ptes_one_unfolds)
{
	size_t from = fold_dirty_block(0, TPROT_OLD);
	pte_t pte;

	pte = get_and_clear_full_ptes(&tas.mm, tva(&tas, bidx(1) + mid()),
				      tptep(&tas, bidx(1) + mid()), 1, 1);
	assert_unfolded(1, from, mid(), mid() + 1, true);
	assert_one_unfold();
	ASSERT_TRUE(pte_dirty(pte) && pte_young(pte));
}

/* A batch from the middle of block 1 to the middle of block 2. */
TEST(clear_full_ptes_partial_edges_unfold)
{
	size_t from = fold_dirty_block(0, TPROT_OLD);

	hw_dirty(&tas, bidx(2) + CONT_PTES - 1);
	clear_full_ptes(&tas.mm, tva(&tas, bidx(1) + mid()),
			tptep(&tas, bidx(1) + mid()), CONT_PTES, 1);
	assert_unfolded(1, from, mid(), CONT_PTES, true);
	assert_unfolded(2, from, 0, mid(), true);
	ASSERT_EQ(hw_stats.unfolds, 2);
	ASSERT_EQ(raw(&tas, bidx(1) + mid()), 0);
	ASSERT_EQ(raw(&tas, bidx(2) + mid() - 1), 0);
	ASSERT_NE(raw(&tas, bidx(2) + mid()), 0);
}

TEST(get_and_clear_full_ptes_partial_edges_unfold)
{
	size_t from = fold_dirty_block(0, TPROT_OLD);
	pte_t pte;

	pte = get_and_clear_full_ptes(&tas.mm, tva(&tas, bidx(1) + mid()),
				      tptep(&tas, bidx(1) + mid()),
				      CONT_PTES, 1);
	assert_unfolded(1, from, mid(), CONT_PTES, true);
	/* Block 2 is clean: the gathered dirty bit came from block 1. */
	ASSERT_TRUE(pte_dirty(pte));
	ASSERT_EQ(pte_pfn(pte), block_pfn(1) + mid());
	ASSERT_EQ(hw_stats.unfolds, 2);
}

TEST(wrprotect_ptes_one_unfolds)
{
	size_t from = fold_dirty_block(0, TPROT_OLD);
	pte_t pte;

	wrprotect_ptes(&tas.mm, tva(&tas, bidx(1) + 1), tptep(&tas, bidx(1) + 1), 1);
	assert_unfolded(1, from, 0, 0, true);
	assert_one_unfold();
	pte = __pte(raw(&tas, bidx(1) + 1));
	ASSERT_FALSE(pte_write(pte));
	ASSERT_TRUE(pte_sw_dirty(pte));
	ASSERT_TRUE(pte_hw_dirty(__pte(raw(&tas, bidx(1) + 2))));
}

TEST(wrprotect_ptes_partial_edges_unfold)
{
	size_t from = fold_dirty_block(0, TPROT_OLD);

	wrprotect_ptes(&tas.mm, tva(&tas, bidx(1) + mid()),
		       tptep(&tas, bidx(1) + mid()), CONT_PTES);
	assert_unfolded(1, from, 0, 0, true);
	ASSERT_TRUE(log_shows_bbm(&tas, 2, from, true));
	ASSERT_EQ(hw_stats.unfolds, 2);
	ASSERT_TRUE(pte_write(__pte(raw(&tas, bidx(1)))));
	ASSERT_FALSE(pte_write(__pte(raw(&tas, bidx(1) + mid()))));
	ASSERT_FALSE(pte_write(__pte(raw(&tas, bidx(2)))));
	ASSERT_TRUE(pte_write(__pte(raw(&tas, bidx(2) + mid()))));
}

TEST(set_access_flags_write_change_unfolds)
{
	size_t from = fold_dirty_block(0, TPROT_RO);
	unsigned long i = bidx(1) + mid();
	pte_t entry = pte_mkdirty(pte_mkwrite_novma(ptep_get(tptep(&tas, i))));

	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i),
					entry, 1), 1);
	assert_unfolded(1, from, mid(), mid() + 1, false);
	assert_one_unfold();
	ASSERT_TRUE(pte_hw_dirty(__pte(raw(&tas, i))));
	ASSERT_FALSE(pte_write(__pte(raw(&tas, i + 1))));
}

TEST(modify_prot_start_one_unfolds)
{
	size_t from = fold_dirty_block(CONT_PTES - 1, TPROT_OLD);
	pte_t pte;

	pte = ptep_modify_prot_start(&tas.vma, tva(&tas, bidx(1)),
				     tptep(&tas, bidx(1)));
	assert_unfolded(1, from, 0, 1, true);
	assert_one_unfold();
	ASSERT_TRUE(pte_dirty(pte));
	ptep_modify_prot_commit(&tas.vma, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
				pte, pte_modify(pte, TPROT_RO));
	ASSERT_FALSE(pte_write(__pte(raw(&tas, bidx(1)))));
	ASSERT_TRUE(block_none_cont(&tas, 1));
}

/* An unfold still breaks before make, without the invalidation. */
static void assert_unfold_without_tlbi(size_t from)
{
	pte_clear(&tas.mm, tva(&tas, bidx(1) + 1), tptep(&tas, bidx(1) + 1));
	ASSERT_TRUE(log_shows_bbm(&tas, 1, from, false));
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_EQ(hw_stats.unfolds, 1);
	ASSERT_NO_WARN();
}

TEST(unfold_without_tlbi_under_bbml2_noabort)
{
	size_t from = fold_dirty_block(0, TPROT_OLD);

	REQUIRE_CONTPTE(CONTPTE_BBML2_ELISION);
	hw_cfg.bbm = HW_BBM_2_NOABORT;
	assert_unfold_without_tlbi(from);
}

TEST(unfold_without_tlbi_when_design_elides_it)
{
	size_t from = fold_dirty_block(0, TPROT_OLD);

	REQUIRE_CONTPTE(CONTPTE_BBML2_ELISION);
	contpte_design.convert_no_tlbi = true;
	assert_unfold_without_tlbi(from);
}

/* Non-triggers: the block stays folded and no convert happens. */
static void assert_still_folded(unsigned long b)
{
	ASSERT_TRUE(block_all_cont(&tas, b));
	ASSERT_EQ(hw_stats.unfolds, 0);
	ASSERT_EQ(hw_stats.folds, 0);
	ASSERT_NO_WARN();
}

TEST(getters_do_not_unfold)
{
	size_t from = fold_dirty_block(0, TPROT_OLD);
	unsigned long i;

	for (i = 0; i < CONT_PTES; i++) {
		ASSERT_TRUE(pte_dirty(ptep_get(tptep(&tas, bidx(1) + i))));
		ASSERT_TRUE(pte_dirty(ptep_get_lockless(tptep(&tas, bidx(1) + i))));
	}
	assert_still_folded(1);
	ASSERT_TRUE(log_block_untouched(&tas, 1, from));
}

TEST(young_clearing_does_not_unfold)
{
	unsigned long i = bidx(1) + mid();

	fold_dirty_block(0, TPROT_OLD);
	ASSERT_EQ(ptep_test_and_clear_young(&tas.vma, tva(&tas, i), tptep(&tas, i)), 1);
	hw_young(&tas, bidx(1) + 2);
	ASSERT_EQ(ptep_clear_flush_young(&tas.vma, tva(&tas, i), tptep(&tas, i)), 1);
	hw_young(&tas, bidx(1) + 3);
	ASSERT_EQ(clear_flush_young_ptes(&tas.vma, tva(&tas, i), tptep(&tas, i), 1), 1);
	assert_still_folded(1);
	ASSERT_FALSE(pte_young(ptep_get(tptep(&tas, i))));
	/* Dirty is untouched by young clearing. */
	ASSERT_TRUE(pte_dirty(ptep_get(tptep(&tas, i))));
}

TEST(clear_young_dirty_does_not_unfold)
{
	unsigned long i = bidx(1) + mid();

	REQUIRE_CONTPTE(CONTPTE_CLEAR_YOUNG_DIRTY);
	fold_dirty_block(0, TPROT_OLD);
	clear_young_dirty_ptes(&tas.vma, tva(&tas, i), tptep(&tas, i), 1,
			       CYDP_CLEAR_YOUNG | CYDP_CLEAR_DIRTY);
	assert_still_folded(1);
	ASSERT_FALSE(pte_dirty(ptep_get(tptep(&tas, i))));
	ASSERT_FALSE(pte_young(ptep_get(tptep(&tas, i))));
}

TEST(set_access_flags_same_write_does_not_unfold)
{
	unsigned long i = bidx(1) + mid(), j;
	pte_t entry;

	fold_dirty_block(0, TPROT_OLD);
	entry = pte_mkyoung(pte_mkdirty(ptep_get(tptep(&tas, i))));
	ASSERT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, i), tptep(&tas, i),
					entry, 1), 1);
	assert_still_folded(1);
	for (j = 0; j < CONT_PTES; j++) {
		pte_t pte = __pte(raw(&tas, bidx(1) + j));

		ASSERT_TRUE(pte_young(pte) && pte_hw_dirty(pte));
	}
}

TEST(whole_block_batches_do_not_unfold)
{
	size_t from = fold_dirty_block(0, TPROT_OLD);
	unsigned long i;

	wrprotect_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)), CONT_PTES);
	assert_still_folded(1);
	for (i = 0; i < CONT_PTES; i++)
		ASSERT_FALSE(pte_write(__pte(raw(&tas, bidx(1) + i))));
	/* Whole blocks are cleared in place: no break, no invalidation. */
	clear_full_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
			2 * CONT_PTES, 1);
	for (i = 0; i < 2 * CONT_PTES; i++)
		ASSERT_EQ(raw(&tas, bidx(1) + i), 0);
	ASSERT_EQ(hw_stats.unfolds, 0);
	ASSERT_EQ(hw_stats_tlbi_total(&hw_stats), 0);
	ASSERT_FALSE(log_shows_bbm(&tas, 1, from, true));
	ASSERT_NO_WARN();
}
