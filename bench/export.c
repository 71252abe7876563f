// SPDX-License-Identifier: GPL-2.0-only
#include "check/report.h"
#include "report.h"

/* The counts of a row per operation, in one order for CSV and JSON. */
struct field {
	char name[24];
	double value;
};

#define MAX_FIELDS	(2 * HW_NR_TLBI_OPS + HW_NR_DSB + HW_NR_MEM_OPS + 8)

static unsigned int row_fields(const struct bench_row *row, struct field *f)
{
	static const char *const pte[HW_NR_MEM_OPS] = {
		"pte_read", "pte_write", "pte_xchg", "pte_cmpxchg",
	};
	const struct bench_counts *c = &row->counts;
	unsigned int n = 0;
	int i, bc;

#define FIELD(fmt, arg, v) do {						\
		snprintf(f[n].name, sizeof(f[n].name), fmt, arg);	\
		f[n++].value = bench_per_op(row, v);			\
	} while (0)
	for (i = 0; i < HW_NR_TLBI_OPS; i++)
		for (bc = 1; bc >= 0; bc--)
			FIELD(bc ? "%sis" : "%s", hw_tlbi_op_names[i],
			      c->tlbi[i][bc]);
	for (i = 0; i < HW_NR_DSB; i++)
		FIELD("dsb_%s", hw_dsb_names[i], c->dsb[i]);
	for (i = 0; i < HW_NR_MEM_OPS; i++)
		FIELD("%s", pte[i], c->pte[i]);
	FIELD("%s", "folds", c->folds);
	FIELD("%s", "unfolds", c->unfolds);
	FIELD("%s", "converts", c->folds + c->unfolds);
	FIELD("%s", "faults", c->faults);
	FIELD("%s", "gup_fast_fallbacks", c->gup_fast_fallbacks);
#undef FIELD
	return n;
}

static void csv_published(FILE *f, const struct bench_published *p)
{
	if (p)
		fprintf(f, ",%g,%s", p->ratio, p->where);
	else
		fprintf(f, ",nan,");
}

void bench_print_csv_header(FILE *f)
{
	struct bench_row row = { .ops = 1 };
	struct field fields[MAX_FIELDS];
	unsigned int i, n = row_fields(&row, fields);

	fprintf(f, "bench,case,order,design,spec,ops,work_pages");
	for (i = 0; i < n; i++)
		fprintf(f, ",%s", fields[i].name);
	fprintf(f, ",ns_per_op,ratio,predicted_ns,predicted_ratio,"
		"published,published_where,published2,published2_where,"
		"violations\n");
}

void bench_print_csv(FILE *f, const struct bench_result *r)
{
	struct field fields[MAX_FIELDS];
	const struct bench_row *row;
	unsigned int i, k, n;

	for (i = 0; i < r->nr_rows; i++) {
		row = &r->rows[i];
		n = row_fields(row, fields);
		/* A spec lists settings with commas: quote it. */
		fprintf(f, "%s,%s,%u,%s,\"%s\",%lu,%lu", r->def->name, row->label,
			row->order, row->design->label, row->design->spec,
			row->ops, row->work_pages);
		for (k = 0; k < n; k++)
			fprintf(f, ",%g", fields[k].value);
		fprintf(f, ",%.1f,%.4f,%.1f,%.4f", row->ns, row->ratio,
			row->predicted_ns, row->predicted_ratio);
		csv_published(f, row->published[0]);
		csv_published(f, row->published[1]);
		fprintf(f, ",%lu\n", row->violations);
	}
}

static void json_row(FILE *f, const struct bench_row *row)
{
	struct field fields[MAX_FIELDS];
	unsigned int k, n = row_fields(row, fields);

	fprintf(f, "{\"case\": ");
	chk_json_string(f, row->label);
	fprintf(f, ", \"design\": ");
	chk_json_string(f, row->design->label);
	fprintf(f, ", \"spec\": ");
	chk_json_string(f, row->design->spec);
	fprintf(f, ", \"ops\": %lu, \"work_pages\": %lu, \"counts\": {",
		row->ops, row->work_pages);
	for (k = 0; k < n; k++)
		fprintf(f, "%s\"%s\": %g", k ? ", " : "", fields[k].name,
			fields[k].value);
	fprintf(f, "}, \"ns_per_op\": %.1f, \"ratio\": %.4f, "
		"\"predicted_ns\": %.1f, \"predicted_ratio\": %.4f, "
		"\"violations\": %lu, \"unstable\": %s, \"published\": [",
		row->ns, row->ratio, row->predicted_ns, row->predicted_ratio,
		row->violations, row->unstable ? "true" : "false");
	for (k = 0; k < 2 && row->published[k]; k++) {
		fprintf(f, "%s{\"ratio\": %g, \"where\": ", k ? ", " : "",
			row->published[k]->ratio);
		chk_json_string(f, row->published[k]->where);
		fputc('}', f);
	}
	fprintf(f, "]}");
}

static void json_cost(FILE *f, const struct bench_cost *cost)
{
	int k;

	fprintf(f, "{\"profile\": ");
	chk_json_string(f, cost->profile);
	for (k = 0; k < BENCH_NR_COSTS; k++)
		fprintf(f, ", \"%s\": %g", bench_cost_names[k], cost->ns[k]);
	fputc('}', f);
}

void bench_print_json(FILE *f, const struct bench_result *r, unsigned int n,
		      const struct bench_cost *cost, const char *machine)
{
	unsigned int i, k;

	fprintf(f, "{\"machine\": ");
	chk_json_string(f, machine);
	fprintf(f, ", \"cost\": ");
	json_cost(f, cost);
	fprintf(f, ", \"benchmarks\": [");
	for (i = 0; i < n; i++) {
		fprintf(f, "%s{\"name\": \"%s\", \"what\": ", i ? ", " : "",
			r[i].def->name);
		chk_json_string(f, r[i].def->what);
		fprintf(f, ", \"pages\": %lu, \"runs\": %u, \"rows\": [",
			r[i].pages, r[i].runs);
		for (k = 0; k < r[i].nr_rows; k++) {
			fputs(k ? ", " : "", f);
			json_row(f, &r[i].rows[k]);
		}
		fprintf(f, "]}");
	}
	fprintf(f, "]}\n");
}
