// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include <linux/swapops.h>

#include "hw/chooser.h"
#include "hw/machine.h"
#include "hw/mem.h"
#include "hw/phys.h"
#include "hw/violation.h"
#include "mmfix.h"

/* Frames for a few order-9 folios on 64K pages and everything else. */
#define FIX_FRAMES	8192
#define FIX_TABLES	128

unsigned int fix_nr_violations;
unsigned int fix_nr_early_remakes;
const char *fix_last_oracle;
static const char *oracles_seen[32];

static void record(const char *oracle)
{
	if (fix_nr_violations < 32)
		oracles_seen[fix_nr_violations] = oracle;
	fix_nr_violations++;
	fix_last_oracle = oracle;
}

static void mm_violation(void *arg, const struct mm_violation *v)
{
	ktap_info("violation: %s cpu%u va %#lx: %s", v->oracle, v->cpu,
		  v->va, v->message);
	record(v->oracle);
}

static void hw_violation(void *arg, const struct hw_violation *v)
{
	unsigned int i;

	ktap_info("machine violation: %s va %#lx: %s",
		  hw_oracle_names[v->oracle], (unsigned long)v->va, v->what);
	for (i = 0; i < v->nr_entries; i++)
		ktap_info("  %s %#llx (va %#llx)", v->entries[i].role,
			  (unsigned long long)v->entries[i].desc,
			  (unsigned long long)v->entries[i].va);
	if (v->oracle == HW_ORACLE_BBM && strstr(v->what, "completed TLBI"))
		fix_nr_early_remakes++;
	record(hw_oracle_names[v->oracle]);
}

unsigned int fix_violations_of(const char *oracle)
{
	unsigned int i, n = 0;

	for (i = 0; i < fix_nr_violations && i < 32; i++)
		n += !strcmp(oracles_seen[i], oracle);
	return n;
}

void mmfix_setup(const struct ktap_variant *v)
{
	const struct mm_variant *mv = v->data;

	hw_config_default(mv->granule);
	if (hw_tables_init(FIX_TABLES) || mem_map_init(FIX_FRAMES) ||
	    hw_phys_init(FIX_FRAMES)) {
		ktap_fail(__FILE__, __LINE__, "out of memory");
		ktap_abort_test();
	}
	hw_set_chooser(NULL);
	hw_machine_reset();
	contpte_design_reset();
	warn_count_reset();
	fix_nr_violations = 0;
	fix_nr_early_remakes = 0;
	fix_last_oracle = NULL;
	mm_set_violation_handler(mm_violation, NULL);
	hw_set_violation_handler(hw_violation, NULL);
	mm_pool_init();
	swap_reset();
	if (page_alloc_init()) {
		ktap_fail(__FILE__, __LINE__, "out of memory");
		ktap_abort_test();
	}
	gup_stats = (struct gup_stats){ 0 };
	hw_this_cpu = 0;
	hw_stats_reset();
}

struct vm_area *fix_mmap_anon(struct mm_model *mm, unsigned long first,
			      unsigned long nr, unsigned int order)
{
	struct vm_area *vma = do_mmap(mm, fix_va(first), nr << PAGE_SHIFT,
				      VM_READ | VM_WRITE, order, NULL, 0);

	ASSERT_TRUE(vma);
	return vma;
}

void fix_store(struct mm_model *mm, unsigned long va, u64 value)
{
	ASSERT_EQ(user_store(mm, va, value), 0);
}

u64 fix_load(struct mm_model *mm, unsigned long va)
{
	u64 value = ~0ULL;

	ASSERT_EQ(user_load(mm, va, &value), 0);
	return value;
}

void fix_fault_in_file(struct mm_model *mm, unsigned long first,
		       unsigned long nr)
{
	struct vm_area *vma = find_vma_unlocked(mm, fix_va(first));
	unsigned long i;

	ASSERT_TRUE(vma && vma->mapping);
	for (i = first; i < first + nr; i++)
		folio_put(filemap_get_folio(vma->mapping, vma->pgoff +
			((fix_va(i) - vma->vma.vm_start) >> PAGE_SHIFT)));
	for (i = first; i < first + nr; i++)
		fix_load(mm, fix_va(i));
}

void fix_fill(struct mm_model *mm, unsigned long first, unsigned long nr,
	      u64 seed)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		fix_store(mm, fix_va(first + i), seed + i);
}

bool fix_check(struct mm_model *mm, unsigned long first, unsigned long nr,
	       u64 seed)
{
	unsigned long i;
	u64 got;

	for (i = 0; i < nr; i++) {
		got = fix_load(mm, fix_va(first + i));
		if (got != seed + i) {
			ktap_diag("page %lu reads %#llx, expected %#llx",
				  first + i, (unsigned long long)got,
				  (unsigned long long)(seed + i));
			return false;
		}
	}
	return true;
}

struct folio *fix_folio(struct mm_model *mm, unsigned long va)
{
	pte_t pte = mm_read_pte(mm, va);

	if (!pte_present(pte) || pte_special(pte))
		return NULL;
	return page_folio(pte_page(pte));
}

unsigned long fix_nr_cont(struct mm_model *mm, unsigned long va,
			  unsigned long nr)
{
	unsigned long i, n = 0;

	for (i = 0; i < nr; i++)
		n += pte_cont(mm_read_pte(mm, va + (i << PAGE_SHIFT)));
	return n;
}

unsigned long fix_swap_slot(struct mm_model *mm, unsigned long page)
{
	pte_t pte = mm_read_pte(mm, fix_va(page));

	if (!is_swap_pte(pte) || non_swap_entry(pte_to_swp_entry(pte)))
		return 0;
	return swp_offset(pte_to_swp_entry(pte));
}

void fix_reclaim(struct mm_model *mm, struct folio *folio,
		 struct reclaim_stats *stats)
{
	folio_referenced(folio, false);
	flush_tlb_mm(&mm->mm);
	shrink_folio(folio, stats);
}

unsigned int fix_range_tlbis(unsigned long pages)
{
	unsigned int n = pages & 1;

	for (pages /= 2; pages; pages >>= 5)
		n += (pages & 31) != 0;
	return n;
}

void fix_mmput_all(void)
{
	struct mm_model *mm;

	for_each_live_mm(mm)
		mmput(mm);
}

void fix_teardown(void)
{
	fix_mmput_all();
	EXPECT_TRUE(mm_check_leaks(0, 0));
}
