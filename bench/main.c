// SPDX-License-Identifier: GPL-2.0-only
/*
 * `contpte bench`: parse the command line, run the benchmarks it names
 * (all of them by default) and print a table, CSV or JSON.  Bad input is
 * one line naming the problem and what is valid, and exit status 2.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/settings.h"
#include "bench.h"
#include "report.h"

#define EXIT_VIOLATION	1
#define EXIT_USAGE	2
#define MAX_ARGS	32
#define DEFAULT_RUNS	11

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct bench_args {
	const struct bench_def *defs[16];
	unsigned int nr_defs;
	const char *designs[MAX_ARGS];
	unsigned int nr_designs;
	const char *hw[MAX_ARGS];
	unsigned int nr_hw;
	const char *orders;
	enum format format;
	bool list;
	struct bench_opts o;
};

const char bench_usage[] =
	"usage: contpte bench [NAME...] [--design K=V[,K=V]...]... [--hw K=V]...\n"
	"                     [--order N|A-B|A,B,...] [--pages N] [--runs N]\n"
	"                     [--cost PROFILE|KIND=NS]... [--csv|--json] [--list]\n";

const char bench_help[] =
	"\n"
	"Run each benchmark NAME (default: all of them; --list describes them)\n"
	"through the core-mm callers on the simulated machine, under several\n"
	"designs side by side, and print the machine work, the model's CPU time\n"
	"and a cost model's predicted ratio beside the published figures.\n"
	"\n"
	"  --design K=V[,K=V]...  one more design to run, as knobs of\n"
	"                         `contpte list designs` (and machine knobs of\n"
	"                         `contpte list hw` but granule and cont-ptes)\n"
	"  --hw K=V               the machine of every design (repeatable)\n"
	"  --order N|A-B|A,B,...  folio orders, 0 to 9\n"
	"  --pages N              the region, a whole number of folios\n"
	"  --runs N               runs per design, 1 to 1000 (default 11)\n"
	"  --cost PROFILE|KIND=NS the cost model: altra (default) or m2, or\n"
	"                         one cost changed\n"
	"  --csv, --json          CSV (a line per row) or one JSON object\n"
	"  --list                 the benchmarks and their designs\n"
	"  -h, --help             this text\n"
	"\n"
	"Exit status: 0; 1 if a run broke an oracle; 2 on bad input.\n";

static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "contpte: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* A decimal number from 1 to @max, all of @s. */
static bool parse_number(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	*out = strtoul(s, &end, 10);
	return !*end && *out >= 1 && *out <= max;
}

static const char *bench_names(void)
{
	static char buf[160];
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < bench_nr_defs && len < sizeof(buf); i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
				i ? ", " : "", bench_defs[i]->name);
	return buf;
}

static const struct option options[] = {
	{ "design", required_argument, NULL, 'd' },
	{ "hw", required_argument, NULL, 'w' },
	{ "order", required_argument, NULL, 'o' },
	{ "pages", required_argument, NULL, 'p' },
	{ "runs", required_argument, NULL, 'r' },
	{ "cost", required_argument, NULL, 'c' },
	{ "csv", no_argument, NULL, 'C' },
	{ "json", no_argument, NULL, 'J' },
	{ "list", no_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int add_arg(const char **v, unsigned int *n, const char *arg,
		   const char *opt)
{
	if (*n == MAX_ARGS)
		return fail("too many %s options (at most %u)", opt, MAX_ARGS);
	v[(*n)++] = arg;
	return 0;
}

static int set_format(struct bench_args *a, enum format f)
{
	if (a->format != FORMAT_TABLE && a->format != f)
		return fail("--csv and --json exclude each other");
	a->format = f;
	return 0;
}

static int parse_option(struct bench_args *a, int c, const char *arg,
			const char *word)
{
	unsigned long n;
	const char *err;

	switch (c) {
	case 'd':
		return add_arg(a->designs, &a->nr_designs, arg, "--design");
	case 'w':
		return add_arg(a->hw, &a->nr_hw, arg, "--hw");
	case 'o':
		a->orders = arg;
		return 0;
	case 'p':
		if (!parse_number(arg, ~0UL, &n))
			return fail("--pages needs a positive number of pages, not '%s'",
				    arg);
		a->o.pages = n;
		return 0;
	case 'r':
		if (!parse_number(arg, 1000, &n))
			return fail("--runs needs a number from 1 to 1000, not '%s'", arg);
		a->o.runs = n;
		return 0;
	case 'c':
		err = bench_cost_set(&a->o.cost, arg);
		return err ? fail("%s", err) : 0;
	case 'C':
		return set_format(a, FORMAT_CSV);
	case 'J':
		return set_format(a, FORMAT_JSON);
	case 'l':
		a->list = true;
		return 0;
	case 'h':
		fputs(bench_usage, stdout);
		fputs(bench_help, stdout);
		exit(0);
	case ':':
		return fail("%s needs a value", word);
	default:
		return fail("unknown option: %s (--design, --hw, --order, --pages, --runs, --cost, --csv, --json, --list)",
			    word);
	}
}

static int parse_args(int argc, char **argv, struct bench_args *a)
{
	int c, ret;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		ret = parse_option(a, c, optarg, argv[optind - 1]);
		if (ret)
			return ret;
	}
	for (; optind < argc; optind++) {
		if (a->nr_defs == sizeof(a->defs) / sizeof(a->defs[0]))
			return fail("too many benchmarks");
		a->defs[a->nr_defs] = bench_find(argv[optind]);
		if (!a->defs[a->nr_defs++])
			return fail("unknown benchmark: %s (%s)", argv[optind],
				    bench_names());
	}
	if (!a->nr_defs) {
		BUG_ON(bench_nr_defs > sizeof(a->defs) / sizeof(a->defs[0]));
		memcpy(a->defs, bench_defs, bench_nr_defs * sizeof(a->defs[0]));
		a->nr_defs = bench_nr_defs;
	}
	return 0;
}

/*
 * Each setting alone first, for an error naming what is valid; then all
 * of them as contpte check applies them (granules first).
 */
static int apply_hw(const struct bench_args *a)
{
	const char *err = NULL;
	unsigned int i;

	for (i = 0; i < a->nr_hw && !err; i++)
		err = bench_set_setting(a->hw[i], false);
	if (!err)
		err = chk_settings_apply(NULL, 0, NULL, 0, a->hw, a->nr_hw);
	return err ? fail("%s", err) : 0;
}

static unsigned int max_order(void)
{
	unsigned int table = __builtin_ctz(PTRS_PER_PTE);

	return table < MAX_FOLIO_ORDER ? table : MAX_FOLIO_ORDER;
}

static int order_error(const char *s)
{
	return fail("impossible folio order '%s' for the %s granule (0 to %u, as N, A-B or A,B,...)",
		    s, hw_granule_names[hw_cfg.granule], max_order());
}

/* "9", "0-9" or "0,4,9" into a mask of orders. */
static int parse_orders(const char *s, unsigned int *mask)
{
	unsigned long lo, hi;
	const char *p = s;
	char *end;

	for (*mask = 0; *p; p = *end ? end + 1 : end) {
		if (*p < '0' || *p > '9')
			return order_error(s);
		lo = hi = strtoul(p, &end, 10);
		if (*end == '-' && end[1] >= '0' && end[1] <= '9')
			hi = strtoul(end + 1, &end, 10);
		if ((*end && *end != ',') || lo > hi || hi > max_order())
			return order_error(s);
		for (; lo <= hi; lo++)
			*mask |= 1u << lo;
	}
	return *mask ? 0 : order_error(s);
}

static int check_orders(struct bench_args *a)
{
	unsigned int i;

	if (!a->orders)
		return 0;
	if (parse_orders(a->orders, &a->o.orders))
		return EXIT_USAGE;
	for (i = 0; i < a->nr_defs; i++)
		if (a->defs[i]->orders)
			return 0;
	return fail("--order: %s takes no folio order (exit, fork, munmap, dontneed and madv-free do)",
		    a->defs[0]->name);
}

static int check_pages(const struct bench_args *a, const struct bench_def *def)
{
	unsigned int orders = bench_orders(def, &a->o), i;
	unsigned long pages = a->o.pages;

	if (!pages)
		return 0;
	if (pages > bench_max_pages())
		return fail("--pages %lu: at most %lu on the %s granule", pages,
			    bench_max_pages(), hw_granule_names[hw_cfg.granule]);
	if (!orders && pages % CONT_PTES)
		return fail("--pages %lu: %s needs whole blocks of %u pages",
			    pages, def->name, CONT_PTES);
	for (i = 0; i <= MAX_FOLIO_ORDER; i++)
		if ((orders & 1u << i) && pages % (1UL << i))
			return fail("--pages %lu: %s needs whole order-%u folios of %lu pages",
				    pages, def->name, i, 1UL << i);
	return 0;
}

/* Each benchmark's baseline, then the designs of the command line. */
static void user_designs(const struct bench_args *a, const struct bench_def *def,
			 struct bench_design *d)
{
	unsigned int i;

	d[0] = def->designs[0];
	for (i = 0; i < a->nr_designs; i++)
		d[i + 1] = (struct bench_design){ a->designs[i], a->designs[i] };
}

static int check_designs(const struct bench_args *a, const struct hw_config *hw)
{
	struct bench_design d = { NULL, NULL };
	const char *err = NULL;
	unsigned int i;

	for (i = 0; i < a->nr_designs && !err; i++) {
		d.spec = a->designs[i];
		err = bench_apply_design(&d, hw);
	}
	contpte_design_reset();
	hw_cfg = *hw;
	return err ? fail("%s", err) : 0;
}

static void list_benchmarks(void)
{
	const struct bench_def *def;
	unsigned int i, d;

	for (i = 0; i < bench_nr_defs; i++) {
		def = bench_defs[i];
		printf("%-10s %s\n           designs:", def->name, def->what);
		for (d = 0; d < def->nr_designs; d++)
			printf("%s %s (%s)", d ? "," : "", def->designs[d].label,
			       *def->designs[d].spec ? def->designs[d].spec :
						       "upstream");
		printf("\n");
	}
}

/* The largest region any case of the run maps. */
static unsigned long world_pages(const struct bench_args *a)
{
	unsigned long pages, max = 0;
	unsigned int i, order;

	for (i = 0; i < a->nr_defs; i++)
		for (order = 0; order <= MAX_FOLIO_ORDER; order++) {
			pages = bench_pages(a->defs[i], &a->o, order);
			if (pages > max)
				max = pages;
		}
	return max;
}

static unsigned long violations(const struct bench_result *r)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < r->nr_rows; i++)
		n += r->rows[i].violations;
	return n;
}

static void print_one(const struct bench_args *a, const struct bench_result *r,
		      const char *machine)
{
	if (a->format == FORMAT_TABLE)
		bench_print_table(stdout, r, &a->o.cost, machine);
	else if (a->format == FORMAT_CSV)
		bench_print_csv(stdout, r);
	fflush(stdout);
}

static int run_all(struct bench_args *a, const char *machine)
{
	struct bench_design designs[16][MAX_ARGS + 1];
	struct bench_result r[16];
	unsigned long nr_violations = 0;
	unsigned int i, done;
	bool ok = true;

	if (!bench_world_init(world_pages(a)))
		return fail("out of memory for the machine");
	if (a->format == FORMAT_CSV)
		bench_print_csv_header(stdout);
	for (done = 0; ok && done < a->nr_defs; done++) {
		if (a->nr_designs) {
			user_designs(a, a->defs[done], designs[done]);
			a->o.designs = designs[done];
			a->o.nr_designs = a->nr_designs + 1;
		}
		ok = bench_run(a->defs[done], &a->o, &r[done]);
		if (ok) {
			nr_violations += violations(&r[done]);
			print_one(a, &r[done], machine);
		}
	}
	if (ok && a->format == FORMAT_JSON)
		bench_print_json(stdout, r, done, &a->o.cost, machine);
	for (i = 0; i < done; i++)
		bench_result_release(&r[i]);
	bench_world_exit();
	if (!ok)
		return fail("out of memory running %s", a->defs[done - 1]->name);
	if (nr_violations)
		fprintf(stderr, "contpte: %lu oracle violations (marked in the output)\n",
			nr_violations);
	return nr_violations ? EXIT_VIOLATION : 0;
}

int bench_main(int argc, char **argv)
{
	struct bench_args a = { .o.runs = DEFAULT_RUNS };
	char machine[256];
	unsigned int i;
	int ret;

	chk_settings_default();
	bench_cost_default(&a.o.cost);
	ret = parse_args(argc - 1, argv + 1, &a);
	if (!ret)
		ret = apply_hw(&a);
	a.o.hw = hw_cfg;
	if (!ret)
		ret = check_designs(&a, &a.o.hw);
	if (!ret)
		ret = check_orders(&a);
	for (i = 0; !ret && i < a.nr_defs; i++)
		ret = check_pages(&a, a.defs[i]);
	if (ret)
		return ret;
	if (a.list) {
		list_benchmarks();
		return 0;
	}
	chk_describe(machine, sizeof(machine), false);
	return run_all(&a, machine);
}
