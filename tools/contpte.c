// SPDX-License-Identifier: GPL-2.0-only
/*
 * contpte: the command users run.  `contpte check` explores the scenario
 * catalogue on a design and a machine and reports counterexamples;
 * `contpte list` names what can be chosen; `contpte replay` reruns a
 * counterexample from its token.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <asm/contpte_linked.h>

#include "bench/bench.h"
#include "check/explore.h"
#include "check/known.h"
#include "check/oracles.h"
#include "check/report.h"
#include "check/scenarios.h"
#include "check/settings.h"
#include "help.h"

#define EXIT_VIOLATION	1
#define EXIT_USAGE	2
/* A run longer than this shows its progress on a terminal. */
#define PROGRESS_AFTER	2.0

static int fail_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "contpte: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

struct check_args {
	const struct chk_scenario *scn[64];
	unsigned int nr_scn;
	const char *design[32], *hw[32];
	unsigned int nr_design, nr_hw;
	int mode;			/* -1: each scenario's own */
	unsigned long executions;	/* 0: each scenario's own */
	long bound;			/* -1: each scenario's own */
	uint64_t seed;
	bool json;
};

static bool parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	*out = strtoul(s, &end, 0);
	return !errno && !*end && *out <= max;
}

/* "--opt VALUE" or "--opt=VALUE"; NULL if missing. */
static const char *opt_value(int argc, char **argv, int *i, const char *opt)
{
	size_t n = strlen(opt);

	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	return *i + 1 < argc ? argv[++*i] : NULL;
}

static bool is_opt(const char *arg, const char *opt)
{
	size_t n = strlen(opt);

	return !strncmp(arg, opt, n) && (arg[n] == 0 || arg[n] == '=');
}

static int parse_mode(const char *v)
{
	int m;

	for (m = 0; v && m < CHK_NR_MODES; m++)
		if (!strcmp(v, chk_mode_names[m]))
			return m;
	return -1;
}

static int parse_check_option(int argc, char **argv, int *i,
			      struct check_args *a)
{
	const char *arg = argv[*i], *v;
	unsigned long n;

	if (!strcmp(arg, "--json")) {
		a->json = true;
	} else if (is_opt(arg, "--design")) {
		v = opt_value(argc, argv, i, "--design");
		if (!v)
			return fail_usage("%s needs KNOB=VALUE", arg);
		if (a->nr_design == sizeof(a->design) / sizeof(a->design[0]))
			return fail_usage("too many %s options", arg);
		a->design[a->nr_design++] = v;
	} else if (is_opt(arg, "--hw")) {
		v = opt_value(argc, argv, i, "--hw");
		if (!v)
			return fail_usage("%s needs KNOB=VALUE", arg);
		if (a->nr_hw == sizeof(a->hw) / sizeof(a->hw[0]))
			return fail_usage("too many %s options", arg);
		a->hw[a->nr_hw++] = v;
	} else if (is_opt(arg, "--mode")) {
		v = opt_value(argc, argv, i, "--mode");
		a->mode = parse_mode(v);
		if (a->mode < 0)
			return fail_usage("unknown mode: %s (random, exhaustive or stress)",
					  v ? v : "");
	} else if (is_opt(arg, "--executions")) {
		v = opt_value(argc, argv, i, "--executions");
		if (!parse_ulong(v, 1ul << 40, &a->executions) || !a->executions)
			return fail_usage("--executions needs a positive number, not '%s'",
					  v ? v : "");
	} else if (is_opt(arg, "--bound")) {
		v = opt_value(argc, argv, i, "--bound");
		if (!parse_ulong(v, 64, &n))
			return fail_usage("--bound needs a number from 0 to 64, not '%s'",
					  v ? v : "");
		a->bound = n;
	} else if (is_opt(arg, "--seed")) {
		v = opt_value(argc, argv, i, "--seed");
		if (!parse_ulong(v, ~0ul, &n))
			return fail_usage("--seed needs a number, not '%s'", v ? v : "");
		a->seed = n;
	} else {
		return fail_usage("unknown option: %s", arg);
	}
	return 0;
}

/* The settings @s runs under (NULL: the options alone, to check them). */
static int apply_settings(const struct chk_scenario *s,
			  const struct check_args *a)
{
	const char *err = chk_settings_apply(s, a->design, a->nr_design,
					     a->hw, a->nr_hw);

	return err ? fail_usage("%s", err) : 0;
}

static int parse_check(int argc, char **argv, struct check_args *a)
{
	int i, ret;

	*a = (struct check_args){ .mode = -1, .bound = -1, .seed = 1 };
	for (i = 2; i < argc; i++) {
		if (argv[i][0] == '-') {
			ret = parse_check_option(argc, argv, &i, a);
			if (ret)
				return ret;
			continue;
		}
		if (a->nr_scn == sizeof(a->scn) / sizeof(a->scn[0]))
			return fail_usage("too many scenarios%s", "");
		a->scn[a->nr_scn] = chk_find_scenario(argv[i]);
		if (!a->scn[a->nr_scn++])
			return fail_usage("unknown scenario: %s (see contpte list scenarios)",
					  argv[i]);
	}
	if (!a->nr_scn) {
		for (i = 0; i < (int)chk_nr_scenarios; i++)
			a->scn[i] = chk_scenarios[i];
		a->nr_scn = chk_nr_scenarios;
	}
	return apply_settings(NULL, a);
}

struct progress {
	const char *name;
	struct timespec t0;
	bool shown;
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_progress(void *arg, unsigned long done)
{
	struct progress *p = arg;

	if (since(&p->t0) < PROGRESS_AFTER)
		return;
	fprintf(stderr, "\r%s: %lu executions...", p->name, done);
	p->shown = true;
}

static void run_options(const struct chk_scenario *s,
			const struct check_args *a, struct chk_options *o,
			struct progress *p)
{
	*o = (struct chk_options){
		.mode = a->mode < 0 ? s->mode : (enum chk_mode)a->mode,
		.executions = a->executions ? a->executions : s->executions,
		.bound = a->bound < 0 ? s->bound : a->bound,
		.seed = a->seed,
	};
	*p = (struct progress){ .name = s->name };
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	if (isatty(STDERR_FILENO)) {
		o->progress = show_progress;
		o->progress_arg = p;
	}
}

struct outcome {
	const struct chk_scenario *scn;
	enum chk_mode mode;
	char design[256], hw[256];	/* the settings it ran under */
	struct chk_result r;
	char *token;
};

static bool run_one(const struct chk_scenario *s, const struct check_args *a,
		    struct outcome *out)
{
	struct chk_options o;
	struct progress p;

	run_options(s, a, &o, &p);
	out->scn = s;
	out->mode = o.mode;
	out->token = NULL;
	chk_describe(out->design, sizeof(out->design), true);
	chk_describe(out->hw, sizeof(out->hw), false);
	if (!chk_explore(s, &o, &out->r))
		return false;
	if (p.shown)
		fprintf(stderr, "\r%*s\r", 60, "");
	if (out->r.have_trace)
		out->token = chk_token_format(s, &out->r);
	return true;
}

/* The counterexample of @o, or what a stress run can say about it. */
static void print_counterexample(const struct outcome *o, bool json)
{
	struct chk_token t;
	const char *err = o->token ? chk_token_parse(o->token, &t) :
				     "not replayable";

	if (!err && chk_print_run(stdout, &t, o->token, o->r.executions, json)) {
		free(t.values);
		return;
	}
	if (!err)
		free(t.values);
	if (json) {
		printf("{\"oracle\": ");
		chk_json_string(stdout, o->r.viol.oracle);
		printf(", \"message\": ");
		chk_json_string(stdout, o->r.viol.message);
		printf(", \"replay\": \"\", \"events\": []}");
	} else {
		printf("Violation: %s\n  %s\n(%s mode: no replay token)\n",
		       o->r.viol.oracle, o->r.viol.message,
		       chk_mode_names[o->mode]);
	}
}

static void print_json(const struct outcome *out, unsigned int n, bool ok)
{
	unsigned int i;

	printf("{\"ok\": %s, \"contpte_c\": {\"path\": ", ok ? "true" : "false");
	chk_json_string(stdout, contpte_linked.path);
	printf(", \"sha256\": ");
	chk_json_string(stdout, contpte_linked.sha256);
	printf(", \"version\": ");
	chk_json_string(stdout, contpte_linked.version);
	printf("}, \"scenarios\": [");
	for (i = 0; i < n; i++) {
		const struct outcome *o = &out[i];

		printf("%s{\"name\": ", i ? ", " : "");
		chk_json_string(stdout, o->scn->name);
		printf(", \"mode\": \"%s\", \"design\": ", chk_mode_names[o->mode]);
		chk_json_string(stdout, o->design);
		printf(", \"hw\": ");
		chk_json_string(stdout, o->hw);
		printf(", \"executions\": %lu, \"exhausted\": %s, \"violations\": %lu, \"seconds\": %.3f",
		       o->r.executions, o->r.exhausted ? "true" : "false",
		       o->r.violations, o->r.seconds);
		if (o->r.violations) {
			printf(", \"counterexample\": ");
			print_counterexample(o, true);
		}
		printf("}");
	}
	printf("]}\n");
}

/* The "KNOB=VALUE" words of @hw that differ from @base's, or "". */
static void hw_changes(char *buf, size_t size, const char *hw,
		       const char *base)
{
	char a[256], b[256], *sa, *sb, *wa, *wb;
	size_t len = 0;

	snprintf(a, sizeof(a), "%s", hw);
	snprintf(b, sizeof(b), "%s", base);
	buf[0] = 0;
	for (wa = strtok_r(a, " ", &sa), wb = strtok_r(b, " ", &sb); wa && wb;
	     wa = strtok_r(NULL, " ", &sa), wb = strtok_r(NULL, " ", &sb))
		if (strcmp(wa, wb) && len < size)
			len += snprintf(buf + len, size - len, "%s%s",
					len ? " " : "", wa);
}

/*
 * The settings of the options, then a line per scenario with the machine
 * settings the scenario changed for itself.
 */
static void print_table(const struct outcome *out, unsigned int n,
			const char *design, const char *hw)
{
	char changes[256], linked[512];
	unsigned int i;

	contpte_linked_format(linked, sizeof(linked));
	printf("contpte.c: %s\ndesign: %s\nhw: %s\n\n", linked, design, hw);
	printf("%-24s %-10s %12s %10s %9s  %s\n", "scenario", "mode",
	       "executions", "violations", "seconds", "machine");
	for (i = 0; i < n; i++) {
		const struct outcome *o = &out[i];
		const char *mark = o->mode == CHK_EXHAUSTIVE && o->r.exhausted ?
				   " (all)" : "";

		hw_changes(changes, sizeof(changes), o->hw, hw);
		printf("%-24s %-10s %12lu%-6s %4lu %9.2f  %s\n", o->scn->name,
		       chk_mode_names[o->mode], o->r.executions, mark,
		       o->r.violations, o->r.seconds, changes);
	}
	for (i = 0; i < n; i++) {
		if (!out[i].r.violations)
			continue;
		printf("\n== %s ==\n", out[i].scn->name);
		print_counterexample(&out[i], false);
	}
}

static int cmd_check(int argc, char **argv)
{
	struct outcome out[64];
	char design[256], hw[256];
	struct check_args a;
	unsigned int i;
	bool ok = true;
	int ret;

	chk_settings_default();
	ret = parse_check(argc, argv, &a);
	if (ret)
		return ret;
	chk_describe(design, sizeof(design), true);
	chk_describe(hw, sizeof(hw), false);
	for (i = 0; i < a.nr_scn; i++) {
		if (apply_settings(a.scn[i], &a))
			return EXIT_USAGE;
		if (!run_one(a.scn[i], &a, &out[i])) {
			fprintf(stderr, "contpte: out of memory running %s\n",
				a.scn[i]->name);
			return EXIT_USAGE;
		}
		ok &= !out[i].r.violations;
	}
	if (a.json)
		print_json(out, a.nr_scn, ok);
	else
		print_table(out, a.nr_scn, design, hw);
	for (i = 0; i < a.nr_scn; i++) {
		free(out[i].token);
		chk_result_release(&out[i].r);
	}
	return ok ? 0 : EXIT_VIOLATION;
}

static void list_knobs(const struct chk_knob *k, unsigned int n, bool design)
{
	unsigned int i, v;

	for (i = 0; i < n; i++) {
		unsigned int cur = chk_knob_get(&k[i], design);

		printf("%-13s ", k[i].name);
		if (!k[i].nr_values)
			printf("N (default %u)", cur);
		for (v = 0; v < k[i].nr_values; v++)
			printf("%s%s%s", v ? "|" : "", k[i].values[v],
			       v == cur ? "*" : "");
		printf("\n              %s\n", k[i].help);
	}
}

/* @n with a comma between thousands: "20,000". */
static void thousands(char *buf, size_t size, unsigned long n)
{
	if (n < 1000)
		snprintf(buf, size, "%lu", n);
	else {
		thousands(buf, size, n / 1000);
		snprintf(buf + strlen(buf), size - strlen(buf), ",%03lu",
			 n % 1000);
	}
}

/*
 * What `contpte check SCENARIO` runs with no options: "exhaustive, bound
 * 1" or "20,000 random", then the machine settings it asks for.
 */
static void default_run(char *buf, size_t size, const struct chk_scenario *s)
{
	char n[32];
	unsigned int i;

	thousands(n, sizeof(n), s->executions);
	if (s->mode == CHK_EXHAUSTIVE)
		snprintf(buf, size, "exhaustive, bound %u", s->bound);
	else
		snprintf(buf, size, "%s %s", n, chk_mode_names[s->mode]);
	for (i = 0; s->hw && s->hw[i]; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
			 i ? " " : ", ", s->hw[i]);
}

static void list_scenarios(void)
{
	char run[128];
	unsigned int i;

	for (i = 0; i < chk_nr_scenarios; i++) {
		default_run(run, sizeof(run), chk_scenarios[i]);
		printf("%-20s  %-31s  %s\n", chk_scenarios[i]->name, run,
		       chk_scenarios[i]->desc);
	}
}

/* Each known problem: settings, oracle, scenarios; then why. */
static void list_known(void)
{
	unsigned int i;

	for (i = 0; i < chk_nr_known; i++)
		printf("%-40s %-17s %s\n%-40s %s\n", chk_known[i].design,
		       chk_known[i].oracle, chk_known[i].scenarios, "",
		       chk_known[i].note);
}

static int cmd_list(int argc, char **argv)
{
	const char *what = argc > 2 ? argv[2] : "scenarios";
	unsigned int i;

	if (argc > 3)
		return fail_usage("list takes one argument, not '%s'", argv[3]);
	chk_settings_default();
	if (!strcmp(what, "scenarios")) {
		list_scenarios();
	} else if (!strcmp(what, "designs")) {
		list_knobs(chk_design_knobs, chk_nr_design_knobs, true);
	} else if (!strcmp(what, "hw")) {
		list_knobs(chk_hw_knobs, chk_nr_hw_knobs, false);
	} else if (!strcmp(what, "oracles")) {
		for (i = 0; i < chk_nr_oracles; i++)
			printf("%-17s %s\n", chk_oracles[i].name,
			       chk_oracles[i].desc);
	} else if (!strcmp(what, "known")) {
		list_known();
	} else {
		return fail_usage("unknown list: %s (scenarios, designs, hw, oracles or known)",
				  what);
	}
	return 0;
}

static int cmd_replay(int argc, char **argv)
{
	struct chk_token t;
	const char *err;
	bool ok;

	if (argc != 3)
		return fail_usage("replay takes one TOKEN%s", "");
	err = chk_token_parse(argv[2], &t);
	if (err)
		return fail_usage("%s", err);
	ok = chk_print_run(stdout, &t, argv[2], 1, false);
	free(t.values);
	if (!ok)
		return fail_usage("replay token does not match scenario %s: a choice is out of range",
				  t.scn->name);
	return chk_failed() ? EXIT_VIOLATION : 0;
}

static bool is_help(const char *arg)
{
	return !strcmp(arg, "help") || !strcmp(arg, "-h") ||
	       !strcmp(arg, "--help");
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "check", cmd_check },
	{ "list", cmd_list },
	{ "replay", cmd_replay },
	{ "bench", bench_main },
};

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc < 2) {
		help_usage(stderr);
		return EXIT_USAGE;
	}
	if (is_help(argv[1]))
		return help_main(argc, argv);
	if (!strcmp(argv[1], "--version")) {
		if (argc > 2)
			return fail_usage("--version takes no argument, not '%s'",
					  argv[2]);
		help_version();
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		if (help_asked(argc, argv)) {
			help_command(argv[1]);
			return 0;
		}
		return commands[i].fn(argc, argv);
	}
	return fail_usage("unknown command: %s (check, list, replay, bench, help or --version)",
			  argv[1]);
}
