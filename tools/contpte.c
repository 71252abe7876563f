// SPDX-License-Identifier: GPL-2.0-only
/*
 * contpte: the command users run.  `contpte check` explores the scenario
 * catalogue on a design and a machine and reports counterexamples;
 * `contpte list` names what can be chosen; `contpte replay` reruns a
 * counterexample from its token.
 */
#include <stdio.h>
#include <string.h>

#include "bench/bench.h"
#include "check/explore.h"
#include "check/known.h"
#include "check/oracles.h"
#include "check/report.h"
#include "check/token.h"
#include "check/scenarios.h"
#include "check/settings.h"
#include "cmd.h"
#include "help.h"

int fail_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "contpte: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return EXIT_USAGE;
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
 * 1" or "20,000 random", then the machine settings it asks for, and the
 * further machines it runs on.
 */
static void default_run(char *buf, size_t size, const struct chk_scenario *s)
{
	char n[32];
	unsigned int i;

	thousands(n, sizeof(n), s->executions);
	if (s->mode == CHK_EXHAUSTIVE)
		snprintf(buf, size, "exhaustive, bound %u%s", s->bound,
			 s->reduction == CHK_REDUCE_DPOR ? ", dpor" : "");
	else
		snprintf(buf, size, "%s %s", n, chk_mode_names[s->mode]);
	for (i = 0; s->hw && s->hw[i]; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
			 i ? " " : ", ", s->hw[i]);
	for (i = 0; s->also && s->also[i]; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
			 i ? ", " : "; also ", s->also[i]);
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
		for (i = 0; i < CHK_NR_ORACLES; i++)
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
	bool full = argc == 4 && !strcmp(argv[3], "--full");
	struct chk_result r;
	struct chk_token t;
	const char *err;

	if (argc != 3 && !full)
		return fail_usage("replay takes one TOKEN, then --full at most%s",
				  "");
	err = chk_token_parse(argv[2], &t);
	if (err)
		return fail_usage("%s", err);
	err = chk_print_run(stdout, &t, argv[2], 1, false, full, &r);
	chk_token_release(&t);
	if (err)
		return fail_usage("%s", err);
	return r.violations ? EXIT_VIOLATION : 0;
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
	{ "merge", cmd_merge },
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
	return fail_usage("unknown command: %s (check, list, replay, merge, bench, help or --version)",
			  argv[1]);
}
