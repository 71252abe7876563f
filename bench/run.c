// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <asm/contpte_design.h>
#include "design.h"
#include "run.h"

/* A benchmark has folio orders or a handful of variants. */
#define MAX_CASES	16

unsigned long bench_pages(const struct bench_def *def,
			  const struct bench_opts *o, unsigned int order)
{
	unsigned long pages = def->pages ? def->pages : CONT_PTES;

	if (o->pages)
		return o->pages;
	return pages > 1UL << order ? pages : 1UL << order;
}

/* The orders of a run, the block's resolved for this granule. */
unsigned int bench_orders(const struct bench_def *def,
			  const struct bench_opts *o)
{
	unsigned int orders = o->orders && def->orders ? o->orders : def->orders;

	if (orders & BENCH_BLOCK_ORDER)
		orders = (orders & ~BENCH_BLOCK_ORDER) |
			 1u << __builtin_ctz(CONT_PTES);
	return orders;
}

struct bench_case {
	char label[24];
	unsigned int order, variant;
};

static void order_label(const struct bench_def *def, unsigned int order,
			char *buf, size_t size)
{
	unsigned long kib = (PAGE_SIZE << order) >> 10;

	if (!def->size_labels)
		snprintf(buf, size, "order-%u", order);
	else if (kib >= 1024 && !(kib & 1023))
		snprintf(buf, size, "%luM", kib >> 10);
	else
		snprintf(buf, size, "%luK", kib);
}

static unsigned int list_cases(const struct bench_def *def,
			       const struct bench_opts *o,
			       struct bench_case *c)
{
	unsigned int orders = bench_orders(def, o);
	unsigned int n = 0, i;

	for (i = 0; i < def->nr_variants; i++, n++) {
		c[n] = (struct bench_case){ .order = __builtin_ctz(CONT_PTES),
					    .variant = i };
		snprintf(c[n].label, sizeof(c[n].label), "%s", def->variants[i]);
	}
	for (i = 0; i <= MAX_FOLIO_ORDER; i++) {
		if (!(orders & (1u << i)))
			continue;
		c[n] = (struct bench_case){ .order = i };
		order_label(def, i, c[n].label, sizeof(c[n].label));
		n++;
	}
	return n;
}

static double cpu_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* One run: build untimed, measure, tear down; the step's CPU time. */
static bool one_run(const struct bench_def *def, struct bench_job *j,
		    struct bench_counts *c, unsigned long *ops, double *ns)
{
	struct bench_counts before;
	double t0;

	bench_world_reset();
	if (!def->setup(j))
		return false;
	bench_counts_read(&before);
	t0 = cpu_ns();
	*ops = def->measure(j);
	*ns = cpu_ns() - t0;
	bench_counts_read(c);
	bench_counts_sub(c, &before);
	bench_world_finish();
	return true;
}

bool bench_count_once(const struct bench_def *def,
		      const struct bench_design *d, struct bench_job *j,
		      struct bench_counts *c, unsigned long *ops)
{
	struct hw_config hw = hw_cfg;
	bool ok;
	double ns;

	ok = !bench_apply_design(d, &hw) && one_run(def, j, c, ops, &ns) &&
	     !bench_world_violations();
	contpte_design_reset();
	hw_cfg = hw;
	return ok;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts @v. */
static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void find_published(const struct bench_def *def, struct bench_row *row)
{
	unsigned int i, n = 0;

	for (i = 0; i < def->nr_published && n < 2; i++) {
		const struct bench_published *p = &def->published[i];

		if (!strcmp(p->label, row->label) &&
		    !strcmp(p->design, row->design->label))
			row->published[n++] = p;
	}
}

/*
 * A run of @row's design; its counts must equal those of the runs before
 * it (@first: there are none).
 */
static bool sample(const struct bench_def *def, const struct bench_opts *o,
		   const struct bench_case *c, struct bench_row *row,
		   bool first, double *ns)
{
	struct bench_job j = { .pages = bench_pages(def, o, c->order),
			       .order = c->order, .variant = c->variant };
	struct bench_counts counts;
	unsigned long ops;

	if (bench_apply_design(row->design, &o->hw) ||
	    !one_run(def, &j, &counts, &ops, ns))
		return false;
	*ns /= ops;
	row->violations += bench_world_violations();
	if (!first &&
	    (!bench_counts_equal(&counts, &row->counts) || ops != row->ops))
		row->unstable = true;
	row->counts = counts;
	row->ops = ops;
	row->work_pages = j.work_pages;
	return true;
}

/*
 * A first run of every design, not timed, brings the model's memory into
 * the caches; then the designs take turns, each run starting with the
 * next one.
 */
static bool run_case(const struct bench_def *def, const struct bench_opts *o,
		     const struct bench_case *c, struct bench_row *rows,
		     unsigned int nd)
{
	double *t = calloc((size_t)nd * o->runs, sizeof(*t));
	double *ratio = calloc(o->runs, sizeof(*ratio));
	unsigned int r, k, d;
	bool ok = t && ratio;

	for (d = 0; ok && d < nd; d++)
		ok = sample(def, o, c, &rows[d], true, &t[d * o->runs]);
	for (r = 0; ok && r < o->runs; r++)
		for (k = 0; ok && k < nd; k++) {
			d = (r + k) % nd;
			ok = sample(def, o, c, &rows[d], false,
				    &t[d * o->runs + r]);
		}
	for (d = 0; ok && d < nd; d++) {
		for (r = 0; r < o->runs; r++)
			ratio[r] = t[d * o->runs + r] / t[r];
		rows[d].ratio = median(ratio, o->runs);
	}
	for (d = 0; ok && d < nd; d++)
		rows[d].ns = median(&t[d * o->runs], o->runs);
	free(t);
	free(ratio);
	return ok;
}

static void init_rows(const struct bench_def *def, const struct bench_case *c,
		      const struct bench_design *designs,
		      struct bench_row *rows, unsigned int nd)
{
	unsigned int d;

	for (d = 0; d < nd; d++) {
		memcpy(rows[d].label, c->label, sizeof(rows[d].label));
		rows[d].order = c->order;
		rows[d].variant = c->variant;
		rows[d].design = &designs[d];
		find_published(def, &rows[d]);
	}
}

static void predict(const struct bench_cost *cost, struct bench_row *rows,
		    unsigned int nd)
{
	unsigned int d;

	for (d = 0; d < nd; d++)
		rows[d].predicted_ns = bench_cost_predict(cost, &rows[d].counts,
				(double)rows[d].work_pages * rows[d].ops) /
				rows[d].ops;
	for (d = 0; d < nd; d++)
		rows[d].predicted_ratio = rows[d].predicted_ns /
					  rows[0].predicted_ns;
}

bool bench_run(const struct bench_def *def, const struct bench_opts *o,
	       struct bench_result *r)
{
	const struct bench_design *designs = o->designs ?: def->designs;
	unsigned int nd = o->designs ? o->nr_designs : def->nr_designs;
	struct bench_case cases[MAX_CASES];
	unsigned int nc = list_cases(def, o, cases), c;
	struct bench_row *rows;

	*r = (struct bench_result){ .def = def, .runs = o->runs,
				    .nr_designs = nd };
	r->pages = bench_pages(def, o, cases[0].order);
	r->rows = rows = calloc((size_t)nc * nd, sizeof(*rows));
	if (!rows)
		return false;
	for (c = 0; c < nc; c++, rows += nd) {
		init_rows(def, &cases[c], designs, rows, nd);
		if (!run_case(def, o, &cases[c], rows, nd))
			return false;
		predict(&o->cost, rows, nd);
		r->nr_rows += nd;
	}
	return true;
}

void bench_result_release(struct bench_result *r)
{
	free(r->rows);
	r->rows = NULL;
}
