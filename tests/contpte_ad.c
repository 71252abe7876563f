// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hardware may record access and dirty in any entry of a block.  With
 * the bit placed in each position in turn, every gathering getter reports
 * it and every block rewrite (fold, unfold, modify) keeps it.
 */
#include "lib/machine.h"

MACHINE_VARIANTS

enum ad_bit { AD_YOUNG, AD_DIRTY };

/* Block 1 folded old and clean, then the hardware sets @bit in entry @k. */
static void fold_with(enum ad_bit bit, unsigned long k)
{
	map_block(&tas, 1, TPROT_OLD);
	if (bit == AD_DIRTY)
		hw_dirty(&tas, bidx(1) + k);
	else
		hw_young(&tas, bidx(1) + k);
}

static bool has(pte_t pte, enum ad_bit bit)
{
	return bit == AD_DIRTY ? pte_dirty(pte) : pte_young(pte);
}

static void each_position(void (*check)(enum ad_bit, unsigned long))
{
	enum ad_bit bit;
	unsigned long k;

	for (bit = AD_YOUNG; bit <= AD_DIRTY; bit++) {
		for (k = 0; k < CONT_PTES; k++) {
			machine_setup(ktap_variant);
			check(bit, k);
		}
	}
}

static void getters_report(enum ad_bit bit, unsigned long k)
{
	unsigned long i;

	fold_with(bit, k);
	for (i = 0; i < CONT_PTES; i++) {
		pte_t *ptep = tptep(&tas, bidx(1) + i);

		ASSERT_TRUE(has(ptep_get(ptep), bit));
		ASSERT_TRUE(has(ptep_get_lockless(ptep), bit));
		/* Only the entry the hardware wrote has it raw. */
		ASSERT_EQ(has(__ptep_get(ptep), bit), i == k);
	}
	ASSERT_NO_WARN();
}

TEST(getters_gather_from_every_position)
{
	each_position(getters_report);
}

static void clears_report(enum ad_bit bit, unsigned long k)
{
	unsigned long i = (k + 1) % CONT_PTES;
	pte_t pte;

	fold_with(bit, k);
	pte = get_and_clear_full_ptes(&tas.mm, tva(&tas, bidx(1)),
				      tptep(&tas, bidx(1)), CONT_PTES, 1);
	ASSERT_TRUE(has(pte, bit));

	machine_setup(ktap_variant);
	fold_with(bit, k);
	/* Unfold, then clear one entry: it carries the block's state. */
	pte = ptep_get_and_clear(&tas.mm, tva(&tas, bidx(1) + i),
				 tptep(&tas, bidx(1) + i));
	ASSERT_TRUE(has(pte, bit));

	machine_setup(ktap_variant);
	fold_with(bit, k);
	pte = modify_prot_start_ptes(&tas.vma, tva(&tas, bidx(1)),
				     tptep(&tas, bidx(1)), CONT_PTES);
	ASSERT_TRUE(has(pte, bit));
	ASSERT_NO_WARN();
}

TEST(clearing_getters_gather_from_every_position)
{
	each_position(clears_report);
}

static void young_clear_reports(enum ad_bit bit, unsigned long k)
{
	unsigned long i = (k + CONT_PTES / 2) % CONT_PTES;

	if (bit != AD_YOUNG)
		return;
	fold_with(bit, k);
	ASSERT_EQ(ptep_test_and_clear_young(&tas.vma, tva(&tas, bidx(1) + i),
					    tptep(&tas, bidx(1) + i)), 1);
	ASSERT_FALSE(pte_young(ptep_get(tptep(&tas, bidx(1) + k))));
	ASSERT_EQ(ptep_test_and_clear_young(&tas.vma, tva(&tas, bidx(1) + i),
					    tptep(&tas, bidx(1) + i)), 0);
	ASSERT_NO_WARN();
}

TEST(test_and_clear_young_sees_every_position)
{
	each_position(young_clear_reports);
}

static void unfold_preserves(enum ad_bit bit, unsigned long k)
{
	unsigned long i, ro = (k + 1) % CONT_PTES;

	fold_with(bit, k);
	/* Clear another entry: the block unfolds. */
	pte_clear(&tas.mm, tva(&tas, bidx(1) + ro), tptep(&tas, bidx(1) + ro));
	ASSERT_TRUE(block_none_cont(&tas, 1));
	for (i = 0; i < CONT_PTES; i++) {
		if (i != ro)
			ASSERT_TRUE(has(__ptep_get(tptep(&tas, bidx(1) + i)), bit));
	}
	ASSERT_NO_WARN();
}

TEST(unfold_preserves_every_position)
{
	each_position(unfold_preserves);
}

static void fold_preserves(enum ad_bit bit, unsigned long k)
{
	unsigned long i, last = CONT_PTES - 1;

	make_block_folio(1, 1);
	for (i = 0; i < last; i++)
		set_ptes(&tas.mm, tva(&tas, bidx(1) + i), tptep(&tas, bidx(1) + i),
			 pfn_pte(block_pfn(1) + i, TPROT_OLD), 1);
	/* The hardware sets the bit before the block is complete... */
	if (k != last) {
		if (bit == AD_DIRTY)
			hw_dirty(&tas, bidx(1) + k);
		else
			hw_young(&tas, bidx(1) + k);
	}
	set_ptes(&tas.mm, tva(&tas, bidx(1) + last), tptep(&tas, bidx(1) + last),
		 pfn_pte(block_pfn(1) + last, TPROT_OLD), 1);
	/* ...or after it is folded. */
	if (k == last) {
		if (bit == AD_DIRTY)
			hw_dirty(&tas, bidx(1) + k);
		else
			hw_young(&tas, bidx(1) + k);
	}
	ASSERT_TRUE(block_all_cont(&tas, 1));
	for (i = 0; i < CONT_PTES; i++)
		ASSERT_TRUE(has(ptep_get(tptep(&tas, bidx(1) + i)), bit));
	/* A fold writes the OR into every entry. */
	if (k != last)
		for (i = 0; i < CONT_PTES; i++)
			ASSERT_TRUE(has(__ptep_get(tptep(&tas, bidx(1) + i)), bit));
	ASSERT_NO_WARN();
}

TEST(fold_preserves_every_position)
{
	each_position(fold_preserves);
}

static void wrprotect_preserves(enum ad_bit bit, unsigned long k)
{
	unsigned long i;

	fold_with(bit, k);
	wrprotect_ptes(&tas.mm, tva(&tas, bidx(1)), tptep(&tas, bidx(1)),
		       CONT_PTES);
	for (i = 0; i < CONT_PTES; i++) {
		pte_t pte = ptep_get(tptep(&tas, bidx(1) + i));

		ASSERT_TRUE(has(pte, bit));
		ASSERT_FALSE(pte_write(pte));
	}
	/* Hardware dirty became software dirty where it was. */
	if (bit == AD_DIRTY)
		ASSERT_TRUE(pte_sw_dirty(__ptep_get(tptep(&tas, bidx(1) + k))));
	ASSERT_NO_WARN();
}

TEST(wrprotect_preserves_every_position)
{
	each_position(wrprotect_preserves);
}

/*
 * With nothing racing, ptep_get_lockless() returns exactly what ptep_get()
 * does (the promise of contpte_ptep_get_lockless()), wherever young and
 * dirty sit, the target's own entry included.
 */
TEST(getters_agree_with_young_and_dirty_apart)
{
	const unsigned long pos[] = { 0, 1, CONT_PTES / 2, CONT_PTES - 1 };
	unsigned int a, d;
	unsigned long i;

	for (a = 0; a < 4; a++) {
		for (d = 0; d < 4; d++) {
			machine_setup(ktap_variant);
			map_block(&tas, 1, TPROT_OLD);
			hw_young(&tas, bidx(1) + pos[a]);
			hw_dirty(&tas, bidx(1) + pos[d]);
			for (i = 0; i < CONT_PTES; i++) {
				pte_t *ptep = tptep(&tas, bidx(1) + i);

				ASSERT_EQ(pte_val(ptep_get(ptep)),
					  pte_val(ptep_get_lockless(ptep)));
			}
		}
	}
	ASSERT_NO_WARN();
}
