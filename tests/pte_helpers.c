// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PTE helper algebra, in the spirit of the kernel's debug_vm_pgtable:
 * pure helpers on every user and kernel protection, then the basic
 * operations on a live entry.
 */
#include "lib/machine.h"

MACHINE_VARIANTS

static const pgprot_t *const prots[] = {
	&PAGE_SHARED, &PAGE_SHARED_EXEC, &PAGE_READONLY, &PAGE_READONLY_EXEC,
	&PAGE_KERNEL,
};

#define for_each_prot(p, i)						\
	for (i = 0; i < sizeof(prots) / sizeof(prots[0]) &&		\
		    ((p) = *prots[i], 1); i++)

static pte_t some_pte(pgprot_t prot)
{
	return pfn_pte(block_pfn(1) + 3, prot);
}

TEST(wrprotect_never_leaves_hw_dirty)
{
	pgprot_t prot;
	unsigned int i;

	for_each_prot(prot, i) {
		pte_t pte = some_pte(prot);
		pte_t vars[] = { pte, pte_mkdirty(pte), pte_mkwrite_novma(pte),
				 pte_mkdirty(pte_mkwrite_novma(pte)),
				 pte_mkclean(pte_mkwrite_novma(pte)) };
		unsigned int j;

		for (j = 0; j < 5; j++) {
			pte_t w = pte_wrprotect(vars[j]);

			EXPECT_FALSE(pte_hw_dirty(w));
			EXPECT_FALSE(pte_write(w));
			EXPECT_TRUE(pte_rdonly(w));
			EXPECT_EQ(pte_dirty(w), pte_dirty(vars[j]));
		}
	}
}

TEST(mkdirty_never_makes_readonly_writable)
{
	pgprot_t prot;
	unsigned int i;

	for_each_prot(prot, i) {
		pte_t ro = pte_wrprotect(some_pte(prot));
		pte_t d = pte_mkdirty(ro);

		EXPECT_TRUE(pte_dirty(d));
		EXPECT_FALSE(pte_write(d));
		EXPECT_TRUE(pte_rdonly(d));
		EXPECT_FALSE(pte_hw_dirty(d));
		EXPECT_TRUE(pte_sw_dirty(d));
	}
}

TEST(mkclean_mkold_round_trips)
{
	pgprot_t prot;
	unsigned int i;

	for_each_prot(prot, i) {
		pte_t pte = some_pte(prot);

		EXPECT_TRUE(pte_young(pte_mkyoung(pte_mkold(pte))));
		EXPECT_FALSE(pte_young(pte_mkold(pte_mkyoung(pte))));
		EXPECT_TRUE(pte_dirty(pte_mkdirty(pte_mkclean(pte))));
		EXPECT_FALSE(pte_dirty(pte_mkclean(pte_mkdirty(pte))));
		/* mkclean keeps the write permission: writable-clean. */
		EXPECT_EQ(pte_write(pte_mkclean(pte_mkdirty(pte))), pte_write(pte));
		/* A/D changes touch nothing else. */
		EXPECT_EQ(pte_pfn(pte_mkold(pte_mkclean(pte))), pte_pfn(pte));
		EXPECT_TRUE(pte_same_norecency(pte, pte_mkdirty(pte_mkold(pte))));
	}
}

TEST(dirty_survives_wrprotect_as_sw_bit)
{
	pte_t pte = pte_mkwrite_novma(some_pte(PAGE_SHARED));
	pte_t hw, w;

	/* Writable-clean; the hardware's first write clears AP[2]. */
	ASSERT_TRUE(pte_write(pte) && pte_rdonly(pte) && !pte_dirty(pte));
	hw = __pte(pte_val(pte) & ~PTE_RDONLY);
	ASSERT_TRUE(pte_hw_dirty(hw) && !pte_sw_dirty(hw));
	w = pte_wrprotect(hw);
	EXPECT_TRUE(pte_dirty(w));
	EXPECT_TRUE(pte_sw_dirty(w));
	EXPECT_FALSE(pte_hw_dirty(w));
	/* Making it writable again restores hardware dirtiness. */
	EXPECT_TRUE(pte_hw_dirty(pte_mkwrite_novma(w)));
}

TEST(pfn_prot_round_trips)
{
	pgprot_t prot;
	unsigned int i;

	for_each_prot(prot, i) {
		unsigned long pfn = block_pfn(2) + 1;
		pte_t pte = pfn_pte(pfn, prot);

		EXPECT_EQ(pte_pfn(pte), pfn);
		EXPECT_EQ(pgprot_val(pte_pgprot(pte)), pgprot_val(prot));
		EXPECT_EQ(pte_pfn(pte_advance_pfn(pte, 5)), pfn + 5);
		EXPECT_EQ(pgprot_val(pte_pgprot(pte_advance_pfn(pte, 5))),
			  pgprot_val(prot));
		EXPECT_TRUE(pte_valid_cont(pte_mkcont(pte)));
		EXPECT_TRUE(pte_same(pte_mknoncont(pte_mkcont(pte)), pte));
		EXPECT_EQ(page_to_pfn(pte_page(pte)), pfn);
	}
}

TEST(pte_modify_keeps_dirty)
{
	pte_t hw = __pte(pte_val(some_pte(PAGE_SHARED)) & ~PTE_RDONLY);
	pte_t ro = pte_modify(hw, PAGE_READONLY);
	pte_t rw = pte_modify(ro, PAGE_SHARED);

	EXPECT_TRUE(pte_dirty(ro));
	EXPECT_FALSE(pte_write(ro));
	EXPECT_FALSE(pte_hw_dirty(ro));
	EXPECT_TRUE(pte_hw_dirty(rw));
	EXPECT_EQ(pte_pfn(rw), pte_pfn(hw));
	/* A clean entry made writable stays writable-clean. */
	rw = pte_modify(some_pte(PAGE_READONLY), PAGE_SHARED);
	EXPECT_TRUE(pte_write(rw) && pte_rdonly(rw) && !pte_dirty(rw));
}

TEST(present_and_access_predicates)
{
	pte_t none = pfn_pte(block_pfn(0), PAGE_NONE);
	pte_t rw = some_pte(PAGE_SHARED), ro = some_pte(PAGE_READONLY);

	EXPECT_TRUE(pte_present(none));
	EXPECT_FALSE(pte_valid(none));
	EXPECT_FALSE(pte_access_permitted(none, false));
	EXPECT_TRUE(pte_access_permitted(rw, true));
	EXPECT_TRUE(pte_access_permitted(ro, false));
	EXPECT_FALSE(pte_access_permitted(ro, true));
	EXPECT_FALSE(pte_access_permitted(some_pte(PAGE_KERNEL), false));
	EXPECT_TRUE(pte_none(__pte(0)));
	EXPECT_FALSE(pte_present(__pte(0)));
	EXPECT_TRUE(pte_special(pte_mkspecial(rw)));
}

/* pte_mkcont() makes a page descriptor; pte_mknoncont() leaves it one. */
TEST(mkcont_sets_the_page_type)
{
	pte_t none = pfn_pte(block_pfn(0), PAGE_NONE);
	pte_t rw = some_pte(PAGE_SHARED);

	EXPECT_TRUE(pte_valid(pte_mkcont(none)));
	EXPECT_EQ(pte_val(pte_mkcont(rw)), pte_val(rw) | PTE_CONT);
	EXPECT_EQ(pte_val(pte_mknoncont(pte_mkcont(rw))), pte_val(rw));
}

/* debug_vm_pgtable's advanced tests, on a live, non-contiguous entry. */
TEST(live_entry_operations)
{
	unsigned long i = 5;
	pte_t *ptep = tptep(&tas, i);
	pte_t pte = pfn_pte(block_pfn(0) + i, PAGE_SHARED);

	make_folio(block_pfn(0) + i, 0);
	set_ptes(&tas.mm, tva(&tas, i), ptep, pte, 1);
	ASSERT_EQ(raw(&tas, i), pte_val(pte));

	ptep_set_wrprotect(&tas.mm, tva(&tas, i), ptep);
	EXPECT_FALSE(pte_write(ptep_get(ptep)));

	EXPECT_EQ(ptep_set_access_flags(&tas.vma, tva(&tas, i), ptep,
					pte_mkdirty(pte_mkwrite_novma(pte)), 1), 1);
	EXPECT_TRUE(pte_write(ptep_get(ptep)));
	EXPECT_TRUE(pte_dirty(ptep_get(ptep)));
	EXPECT_TRUE(pte_hw_dirty(ptep_get(ptep)));

	EXPECT_EQ(ptep_test_and_clear_young(&tas.vma, tva(&tas, i), ptep), 1);
	EXPECT_FALSE(pte_young(ptep_get(ptep)));
	EXPECT_EQ(ptep_test_and_clear_young(&tas.vma, tva(&tas, i), ptep), 0);

	pte = ptep_get_and_clear(&tas.mm, tva(&tas, i), ptep);
	EXPECT_TRUE(pte_dirty(pte));
	EXPECT_TRUE(pte_none(ptep_get(ptep)));
	EXPECT_EQ(warn_count(), 0);
}
