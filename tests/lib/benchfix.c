// SPDX-License-Identifier: GPL-2.0-only
#include <asm/contpte_linked.h>

#include "check/settings.h"
#include "benchfix.h"

/* Two mms of the largest case the tests run: one order-9 folio. */
#define BENCHFIX_PAGES	(1UL << MAX_FOLIO_ORDER)

void benchfix_setup(const struct ktap_variant *v)
{
	chk_settings_default();
	hw_config_default(*(const enum hw_granule *)v->data);
	if (!bench_world_init(BENCHFIX_PAGES)) {
		ktap_fail(__FILE__, __LINE__, "out of memory");
		ktap_abort_test();
	}
}

void benchfix_count(const struct bench_def *def, unsigned int d,
		    unsigned long pages, unsigned int order,
		    unsigned int variant, struct bench_counts *c,
		    unsigned long *ops)
{
	struct bench_job j = { .pages = pages, .order = order,
			       .variant = variant };

	if (!bench_count_once(def, &def->designs[d], &j, c, ops)) {
		ktap_fail(__FILE__, __LINE__, "%s under %s failed or broke an oracle",
			  def->name, def->designs[d].label);
		ktap_abort_test();
	}
}

void benchfix_check(const struct bench_def *def, unsigned long pages,
		    unsigned int order, unsigned int variant,
		    unsigned long ops, const struct bench_expect *e,
		    struct bench_counts *last)
{
	bool reads = contpte_linked_is_project_file();
	struct bench_counts c;
	unsigned long n;
	unsigned int d;

	/*
	 * How often the layer reads an entry is its own business (v6.12
	 * gathers a block without stopping early); what it asks of the
	 * machine otherwise is the same for every kernel's file.
	 */
	if (!reads)
		ktap_diag("page-table reads not compared: pinned for the project's contpte.c");
	for (d = 0; d < def->nr_designs; d++, e++) {
		benchfix_count(def, d, pages, order, variant, &c, &n);
		ktap_info("%s %s: tlbi %llu dsb %llu reads %llu writes %llu folds %llu unfolds %llu",
			  def->name, def->designs[d].label,
			  (unsigned long long)bench_tlbis(&c, true),
			  (unsigned long long)bench_dsbs(&c),
			  (unsigned long long)c.pte[HW_MEM_READ],
			  (unsigned long long)bench_pte_writes(&c),
			  (unsigned long long)c.folds,
			  (unsigned long long)c.unfolds);
		EXPECT_EQ(n, ops);
		EXPECT_EQ(bench_tlbis(&c, true), e->tlbi);
		EXPECT_EQ(bench_tlbis(&c, false), 0);
		EXPECT_EQ(bench_dsbs(&c), e->dsb);
		if (reads)
			EXPECT_EQ(c.pte[HW_MEM_READ], e->reads);
		EXPECT_EQ(bench_pte_writes(&c), e->writes);
		EXPECT_EQ(c.folds, e->folds);
		EXPECT_EQ(c.unfolds, e->unfolds);
		EXPECT_EQ(c.faults, 0);
		EXPECT_EQ(c.gup_fast_fallbacks, 0);
	}
	if (last)
		*last = c;
}
