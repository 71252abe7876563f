// SPDX-License-Identifier: GPL-2.0-only
/*
 * The help of the contpte command: one entry per command, its usage lines
 * and what its options do.  The manual page, docs/contpte.1, is the long
 * form; tests/check_cli.c holds both to every option of every command.
 */
#include <string.h>

#include <generated/contpte_version.h>

#include "bench/bench.h"
#include "help.h"

#define EXIT_USAGE	2

struct command_help {
	const char *name;
	const char *usage;	/* "usage:" lines, or NULL: bench's own */
	const char *text;
};

static const struct command_help commands[] = {
	{ "check",
	  "usage: contpte check [SCENARIO...] [--design K=V]... [--hw K=V]...\n"
	  "                     [--mode random|exhaustive|stress] [--executions N]\n"
	  "                     [--bound K|none] [--reduction auto|dpor|none]\n"
	  "                     [--seed S] [--jobs N] [--shard I/N] [--json] [--full]\n",
	  "\n"
	  "Explore each SCENARIO (default: every one of `contpte list scenarios`)\n"
	  "on a design and a machine, print a table of the executions run and the\n"
	  "violations found, and for each scenario that broke an oracle a\n"
	  "minimised counterexample with its replay token.  Without options each\n"
	  "scenario runs its own default: its mode, budget, bound and machine,\n"
	  "and again on each further machine it names (contpte list scenarios).\n"
	  "\n"
	  "  --design K=V      a design knob (`contpte list designs`); repeatable\n"
	  "  --hw K=V          a machine knob (`contpte list hw`), over each machine\n"
	  "                    a scenario asks for; repeatable\n"
	  "  --mode MODE       random, exhaustive or stress\n"
	  "  --executions N    runs (random, stress), or at most this many\n"
	  "                    (exhaustive); 1 to 2^40\n"
	  "  --bound K|none    exhaustive: preemptions and hardware events a run\n"
	  "                    may spend, 0 to 64, or no bound\n"
	  "  --reduction R     exhaustive: dpor (partial-order reduction), none\n"
	  "                    (every schedule), or auto (dpor without a bound)\n"
	  "  --seed S          random: run i is seeded with S + i (default 1)\n"
	  "  --jobs N          split each random and exhaustive search (not the\n"
	  "                    reduced one under a bound) over N processes, 1 to\n"
	  "                    1024 (default: the CPUs), with the results and\n"
	  "                    tokens of one\n"
	  "  --shard I/N       run part I of N (0 <= I < N <= 1024) of each such\n"
	  "                    search; contpte merge joins the parts' --json\n"
	  "  --json            one JSON object in place of the table\n"
	  "  --full            every event of a counterexample, not its slice\n"
	  "  -h, --help        this text\n"
	  "\n"
	  "Exit status: 0 if every scenario is clean, 1 on a violation, 2 on bad\n"
	  "input (one line naming the problem and the valid values), 3 if the run\n"
	  "could not complete (out of memory, output that cannot be written),\n"
	  "130 if interrupted (the results so far are printed).\n" },
	{ "list",
	  "usage: contpte list [scenarios|designs|hw|oracles|known]\n",
	  "\n"
	  "Print what can be chosen (default: scenarios):\n"
	  "\n"
	  "  scenarios   each scenario, its default run and what it checks\n"
	  "  designs     the design knobs and their values (* marks the default)\n"
	  "  hw          the machine knobs and their values (* marks the default)\n"
	  "  oracles     the oracles, gravest first\n"
	  "  known       design settings known to break an oracle, and where\n" },
	{ "replay",
	  "usage: contpte replay TOKEN [--full]\n",
	  "\n"
	  "Run the execution TOKEN records (a counterexample's \"Replay:\" line)\n"
	  "again, exactly, and print it: the violation and the events it depends\n"
	  "on, or with --full every event, per thread and interleaved.  Exit status: 0 if it breaks no oracle, 1 if it does, 2\n"
	  "for a token that is malformed or does not fit its scenario.\n" },
	{ "merge",
	  "usage: contpte merge FILE...\n",
	  "\n"
	  "Print the --json outputs of every part of a search, from\n"
	  "`contpte check --shard I/N --json` with I from 0 to N-1 (in any\n"
	  "order), as the one JSON object the whole search prints: the\n"
	  "executions one process would have run, its first violation and its\n"
	  "token.  Exit status as check's; 2 when the files are not every part\n"
	  "of one search, made with this contpte's contpte.c.\n" },
	{ "bench", NULL, NULL },
	{ "help",
	  "usage: contpte help [COMMAND]\n",
	  "\n"
	  "The help of COMMAND (check, list, replay, merge, bench), or of contpte.\n" },
};

#define NR_COMMANDS	(sizeof(commands) / sizeof(commands[0]))

static const char summary[] =
	"\n"
	"An executable model of the Linux arm64 contiguous-PTE layer on a\n"
	"simulated Arm MMU, and a checker of its interleavings.\n"
	"\n"
	"  check    explore scenarios on a design and a machine\n"
	"  list     the scenarios, design knobs, machine knobs, oracles and\n"
	"           known problems\n"
	"  replay   rerun a counterexample from its token\n"
	"  bench    benchmarks of the designs\n"
	"  help     this text, or a command's (also: COMMAND --help)\n"
	"\n"
	"  --version  the version\n"
	"\n"
	"See contpte(1).\n";

static const struct command_help *find(const char *name)
{
	unsigned int i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

void help_usage(FILE *f)
{
	unsigned int i;

	for (i = 0; i < NR_COMMANDS; i++)
		fputs(commands[i].usage ? commands[i].usage : bench_usage, f);
}

void help_command(const char *cmd)
{
	const struct command_help *c = find(cmd);

	fputs(c->usage ? c->usage : bench_usage, stdout);
	fputs(c->text ? c->text : bench_help, stdout);
}

int help_main(int argc, char **argv)
{
	if (argc > 3) {
		fprintf(stderr, "contpte: help takes one COMMAND, not '%s'\n",
			argv[3]);
		return EXIT_USAGE;
	}
	if (argc == 3 && !find(argv[2])) {
		fprintf(stderr, "contpte: no help for '%s' (check, list, replay, merge, bench or help)\n",
			argv[2]);
		return EXIT_USAGE;
	}
	if (argc == 3) {
		help_command(argv[2]);
		return 0;
	}
	help_usage(stdout);
	fputs(summary, stdout);
	return 0;
}

bool help_asked(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

void help_version(void)
{
	printf("contpte %s\n", CONTPTE_VERSION);
}
