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
#include "check/oracles.h"
#include "check/report.h"
#include "check/token.h"
#include "check/scenarios.h"
#include "check/settings.h"
#include "cmd.h"

static const char usage[] =
	"usage: contpte check [SCENARIO...] [--design K=V]... [--hw K=V]...\n"
	"                     [--mode random|exhaustive|stress] [--executions N]\n"
	"                     [--bound K|none] [--reduction auto|dpor|none]\n"
	"                     [--seed S] [--json] [--full]\n"
	"       contpte list [scenarios|designs|hw|oracles]\n"
	"       contpte replay TOKEN [--full]\n"
	"       contpte bench [NAME...] [--design K=V]... [--hw K=V]... [--csv|--json]\n";

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

static int cmd_list(int argc, char **argv)
{
	const char *what = argc > 2 ? argv[2] : "scenarios";
	unsigned int i;

	if (argc > 3)
		return fail_usage("list takes one argument, not '%s'", argv[3]);
	chk_settings_default();
	if (!strcmp(what, "scenarios")) {
		for (i = 0; i < chk_nr_scenarios; i++)
			printf("%-24s %s\n", chk_scenarios[i]->name,
			       chk_scenarios[i]->desc);
	} else if (!strcmp(what, "designs")) {
		list_knobs(chk_design_knobs, chk_nr_design_knobs, true);
	} else if (!strcmp(what, "hw")) {
		list_knobs(chk_hw_knobs, chk_nr_hw_knobs, false);
	} else if (!strcmp(what, "oracles")) {
		for (i = 0; i < CHK_NR_ORACLES; i++)
			printf("%-17s %s\n", chk_oracles[i].name,
			       chk_oracles[i].desc);
	} else {
		return fail_usage("unknown list: %s (scenarios, designs, hw or oracles)",
				  what);
	}
	return 0;
}

static int cmd_replay(int argc, char **argv)
{
	struct chk_result r;
	struct chk_token t;
	const char *err;

	bool full = argc == 4 && !strcmp(argv[3], "--full");

	if (argc != 3 && !full)
		return fail_usage("replay takes one TOKEN and --full at most%s", "");
	err = chk_token_parse(argv[2], &t);
	if (err)
		return fail_usage("%s", err);
	err = chk_print_run(stdout, &t, argv[2], 1, false, full, &r);
	chk_token_release(&t);
	if (err)
		return fail_usage("%s", err);
	return r.violations ? EXIT_VIOLATION : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc, argv);
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc, argv);
	if (!strcmp(argv[1], "replay"))
		return cmd_replay(argc, argv);
	if (!strcmp(argv[1], "bench"))
		return bench_main(argc, argv);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, stdout);
		return 0;
	}
	return fail_usage("unknown command: %s (check, list, replay or bench)", argv[1]);
}
