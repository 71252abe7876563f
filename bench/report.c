// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "report.h"

/* A ratio with the digits that matter at its size. */
static void fmt_ratio(char *buf, size_t size, double r)
{
	if (r >= 10)
		snprintf(buf, size, "%.1fx", r);
	else if (r >= 0.1)
		snprintf(buf, size, "%.2fx", r);
	else
		snprintf(buf, size, "%.3fx", r);
}

/* Counts per operation: whole numbers unless a loop made them not. */
static void print_count(FILE *f, const struct bench_row *row, uint64_t n,
			int width)
{
	double v = bench_per_op(row, n);

	if (n % row->ops)
		fprintf(f, " %*.2f", width, v);
	else
		fprintf(f, " %*.0f", width, v);
}

static void print_published(FILE *f, const struct bench_row *row)
{
	char buf[16];
	int i;

	for (i = 0; i < 2 && row->published[i]; i++) {
		fmt_ratio(buf, sizeof(buf), row->published[i]->ratio);
		fprintf(f, "%s%s %s", i ? ", " : "  ", buf,
			row->published[i]->where);
	}
}

/* "rvale1 is 512, aside1 is 1": the TLBIs by kind and scope. */
static void print_tlbi_kinds(FILE *f, const struct bench_row *row)
{
	const char *sep = "";
	int op, bc;

	for (op = 0; op < HW_NR_TLBI_OPS; op++)
		for (bc = 1; bc >= 0; bc--) {
			if (!row->counts.tlbi[op][bc])
				continue;
			fprintf(f, "%s%s%s", sep, hw_tlbi_op_names[op],
				bc ? "is" : "");
			print_count(f, row, row->counts.tlbi[op][bc], 0);
			sep = ", ";
		}
	if (!*sep)
		fprintf(f, "none");
}

static void print_header(FILE *f, const struct bench_result *r,
			 const struct bench_cost *cost, const char *machine)
{
	const struct bench_def *def = r->def;

	fprintf(f, "== %s: %s ==\n", def->name, def->what);
	fprintf(f, "machine: %s\n", machine);
	fprintf(f, "region: %lu pages of %lu KiB; %u runs, designs taking turns; "
		"us/op: median CPU time of the model; ratio: median of per-run "
		"ratios to %s; model: predicted ratio, cost profile %s\n\n",
		r->pages, PAGE_SIZE >> 10, r->runs, r->rows[0].design->label,
		cost->profile);
	fprintf(f, "%-14s %-14s %7s %5s %5s %7s %7s %5s %6s %5s %5s %10s %8s %8s  %s\n",
		"case", "design", "tlbi-is", "local", "dsb", "pte-rd", "pte-wr",
		"fold", "unfold", "fault", "gupfb", "us/op", "ratio", "model",
		"published");
}

static void print_row(FILE *f, const struct bench_row *row)
{
	const struct bench_counts *c = &row->counts;
	char ratio[16], model[16];

	fmt_ratio(ratio, sizeof(ratio), row->ratio);
	fmt_ratio(model, sizeof(model), row->predicted_ratio);
	fprintf(f, "%-14s %-14s", row->label, row->design->label);
	print_count(f, row, bench_tlbis(c, true), 7);
	print_count(f, row, bench_tlbis(c, false), 5);
	print_count(f, row, bench_dsbs(c), 5);
	print_count(f, row, c->pte[HW_MEM_READ], 7);
	print_count(f, row, bench_pte_writes(c), 7);
	print_count(f, row, c->folds, 5);
	print_count(f, row, c->unfolds, 6);
	print_count(f, row, c->faults, 5);
	print_count(f, row, c->gup_fast_fallbacks, 5);
	fprintf(f, " %10.3f %8s %8s", row->ns / 1000, ratio, model);
	print_published(f, row);
	fputc('\n', f);
}

void bench_print_table(FILE *f, const struct bench_result *r,
		       const struct bench_cost *cost, const char *machine)
{
	const struct bench_row *row;
	unsigned int i, d;

	print_header(f, r, cost, machine);
	for (i = 0; i < r->nr_rows; i++)
		print_row(f, &r->rows[i]);
	fprintf(f, "\ndesigns:");
	for (d = 0; d < r->nr_designs; d++)
		fprintf(f, "%s %s = %s", d ? ";" : "", r->rows[d].design->label,
			*r->rows[d].design->spec ? r->rows[d].design->spec :
						   "upstream");
	fprintf(f, "\ntlbi by kind and scope:\n");
	for (i = 0; i < r->nr_rows; i++) {
		row = &r->rows[i];
		fprintf(f, "  %-14s %-14s ", row->label, row->design->label);
		print_tlbi_kinds(f, row);
		if (row->violations)
			fprintf(f, "  [%lu violations]", row->violations);
		if (row->unstable)
			fprintf(f, "  [counts differed between runs]");
		fputc('\n', f);
	}
	fputc('\n', f);
}
