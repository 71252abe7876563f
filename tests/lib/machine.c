// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>

#include "machine.h"

struct test_as tas;
struct test_as kas;

/* Enough frames for every block of one table plus folios beyond it. */
#define TEST_FRAMES_PER_TABLE	4

static void as_init(struct test_as *as, struct mm_struct *mm, u64 asid,
		    unsigned long va)
{
	as->table = (pte_t *)hw_table_alloc();
	BUG_ON(!as->table);
	mm->context.id = asid;
	as->vma = (struct vm_area_struct){
		.vm_mm = mm,
		.vm_start = va,
		.vm_end = va + ((unsigned long)PTRS_PER_PTE << PAGE_SHIFT),
		.vm_flags = VM_READ | VM_WRITE,
		.vm_page_prot = PAGE_SHARED,
	};
	as->va = va;
}

void machine_setup(const struct ktap_variant *v)
{
	const struct granule_variant *gv = v->data;

	hw_config_default(gv->granule);
	if (gv->cont_ptes && !hw_config_set_cont_ptes(gv->cont_ptes)) {
		ktap_fail(__FILE__, __LINE__, "bad cont_ptes %u", gv->cont_ptes);
		ktap_abort_test();
	}
	if (hw_tables_init(16) ||
	    mem_map_init((unsigned long)PTRS_PER_PTE * TEST_FRAMES_PER_TABLE)) {
		ktap_fail(__FILE__, __LINE__, "out of memory");
		ktap_abort_test();
	}
	hw_stats_reset();
	contpte_design_reset();
	warn_count_reset();
	hw_event_log_enable(1 << 16);

	/* A user address space at 64 GiB: every granule's table span divides it. */
	tas.mm = (struct mm_struct){ 0 };
	as_init(&tas, &tas.mm, 1, 1UL << 36);
	as_init(&kas, &init_mm, 0, 0xffff000000000000UL);
	kas.vma.vm_page_prot = PAGE_KERNEL;
}

/* Block b maps PFNs from 2 * PTRS_PER_PTE up: away from PFN 0, aligned. */
unsigned long block_pfn(unsigned long b)
{
	return 2UL * PTRS_PER_PTE + b * CONT_PTES;
}

struct folio *make_folio(unsigned long pfn, unsigned int order)
{
	return prep_folio(pfn_to_page(pfn), order);
}

struct folio *make_block_folio(unsigned long b, unsigned int nr_blocks)
{
	unsigned int order = __builtin_ctz(CONT_PTES * nr_blocks);

	return make_folio(block_pfn(b), order);
}

void map_block(struct test_as *as, unsigned long b, pgprot_t prot)
{
	make_block_folio(b, 1);
	set_ptes(as->vma.vm_mm, tva(as, bidx(b)), tptep(as, bidx(b)),
		 pfn_pte(block_pfn(b), prot), CONT_PTES);
}

void map_block_by_entry(struct test_as *as, unsigned long b, pgprot_t prot)
{
	unsigned long i;

	make_block_folio(b, 1);
	for (i = 0; i < CONT_PTES; i++)
		set_ptes(as->vma.vm_mm, tva(as, bidx(b) + i),
			 tptep(as, bidx(b) + i),
			 pfn_pte(block_pfn(b) + i, prot), 1);
}

void hw_young(struct test_as *as, unsigned long i)
{
	if (hw_ad_update((uint64_t *)tptep(as, i), true, false) != HW_AD_DONE)
		ktap_fail(__FILE__, __LINE__, "hw AF update of entry %lu failed", i);
}

void hw_dirty(struct test_as *as, unsigned long i)
{
	if (hw_ad_update((uint64_t *)tptep(as, i), true, true) != HW_AD_DONE)
		ktap_fail(__FILE__, __LINE__, "hw dirty update of entry %lu failed", i);
}

bool block_all_cont(struct test_as *as, unsigned long b)
{
	unsigned long i;

	for (i = 0; i < CONT_PTES; i++)
		if (!pte_valid_cont(__pte(raw(as, bidx(b) + i))))
			return false;
	return true;
}

bool block_none_cont(struct test_as *as, unsigned long b)
{
	unsigned long i;

	for (i = 0; i < CONT_PTES; i++)
		if (pte_cont(__pte(raw(as, bidx(b) + i))))
			return false;
	return true;
}

static bool tlbi_covers(const struct hw_tlbi *t, unsigned long start,
			unsigned long end)
{
	return t->broadcast && t->va <= start &&
	       t->va + (t->pages << PAGE_SHIFT) >= end;
}

/* Progress of one block through break, invalidate, complete, make. */
struct bbm_state {
	bool cleared[HW_MAX_CONT_PTES], made[HW_MAX_CONT_PTES];
	unsigned int nr_cleared, nr_made, tlbis;
	bool completed;		/* a DSB ISH after the invalidation */
};

static void bbm_tlbi_event(struct bbm_state *st, const struct hw_event *ev,
			   unsigned long start, unsigned long end)
{
	/* An invalidation only counts once the whole block is broken. */
	if (ev->kind == HW_EV_TLBI && st->nr_cleared == CONT_PTES &&
	    !st->nr_made && tlbi_covers(&ev->tlbi, start, end))
		st->tlbis++;
	if (ev->kind == HW_EV_DSB && ev->dsb == HW_DSB_ISH && st->tlbis)
		st->completed = true;
}

/* Returns false on a write that breaks the sequence. */
static bool bbm_write_event(struct bbm_state *st, unsigned int idx,
			    u64 new, bool want_tlbi)
{
	if (new == 0 && !st->nr_made) {
		st->nr_cleared += !st->cleared[idx];
		st->cleared[idx] = true;
		return true;
	}
	/* Writes before the break began are the caller's own. */
	if (!st->nr_cleared)
		return true;
	/* Make only once every entry is broken and the TLBI completed. */
	if (st->nr_cleared < CONT_PTES ||
	    st->tlbis != (want_tlbi ? 1 : 0) || st->completed != want_tlbi)
		return false;
	st->nr_made += !st->made[idx];
	st->made[idx] = true;
	return true;
}

bool log_shows_bbm(struct test_as *as, unsigned long b, size_t from,
		   bool want_tlbi)
{
	pte_t *first = tptep(as, bidx(b)), *last = first + CONT_PTES;
	unsigned long start = tva(as, bidx(b)), end = start + CONT_PTE_SIZE;
	struct bbm_state st = { 0 };
	const struct hw_event *ev;
	size_t i;

	for (i = from; (ev = hw_event_log_get(i)); i++) {
		pte_t *p = (pte_t *)ev->ptep;

		bbm_tlbi_event(&st, ev, start, end);
		if (ev->kind != HW_EV_PTE_WRITE || p < first || p >= last)
			continue;
		if (!bbm_write_event(&st, p - first, ev->new, want_tlbi))
			return false;
		/* Later writes are the caller's own again. */
		if (st.nr_made == CONT_PTES)
			break;
	}
	return st.nr_cleared == CONT_PTES && st.nr_made == CONT_PTES &&
	       st.tlbis == (want_tlbi ? 1 : 0);
}

unsigned int log_count_tlbi(size_t from)
{
	const struct hw_event *ev;
	unsigned int n = 0;
	size_t i;

	for (i = from; (ev = hw_event_log_get(i)); i++)
		n += ev->kind == HW_EV_TLBI;
	return n;
}

bool log_block_untouched(struct test_as *as, unsigned long b, size_t from)
{
	pte_t *first = tptep(as, bidx(b)), *last = first + CONT_PTES;
	const struct hw_event *ev;
	size_t i;

	for (i = from; (ev = hw_event_log_get(i)); i++) {
		if (ev->kind == HW_EV_PTE_WRITE && (pte_t *)ev->ptep >= first &&
		    (pte_t *)ev->ptep < last)
			return false;
	}
	return true;
}
