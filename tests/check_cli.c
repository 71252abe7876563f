// SPDX-License-Identifier: GPL-2.0-only
/*
 * The contpte command as users meet it: exit status, the table, --json,
 * replay of a printed token, and one-line errors for bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/contpte_linked.h>
#include <generated/contpte_version.h>

#include "lib/cli.h"
#include "lib/ktap.h"

#define OUT_MAX		(1 << 20)

static char out[OUT_MAX];

static int run(const char *args)
{
	return cli_run(args, out, OUT_MAX);
}

/* "replay TOKEN" for the token the last run printed. */
static void replay_args(char *args, size_t size)
{
	const char *p = strstr(out, "Replay: contpte replay ");
	size_t n;

	ASSERT_TRUE(p);
	p += strlen("Replay: contpte ");
	n = strcspn(p, "\n");
	ASSERT_TRUE(n < size);
	snprintf(args, size, "%.*s", (int)n, p);
}

TEST(check_without_arguments_is_clean)
{
	ASSERT_EQ(run("check"), 0);
	EXPECT_TRUE(strstr(out, "scenario"));
	EXPECT_TRUE(strstr(out, "lockless-refold"));
	EXPECT_TRUE(strstr(out, "teardown-hw-dirty"));
	EXPECT_FALSE(strstr(out, "Violation"));
}

/* The table, the JSON and a counterexample name the contpte.c linked in. */
TEST(reports_name_the_linked_contpte_c)
{
	char want[600];

	snprintf(want, sizeof(want), "contpte.c: %s (", contpte_linked.path);
	ASSERT_EQ(run("check lockless-agrees"), 0);
	EXPECT_TRUE(strstr(out, want));
	EXPECT_TRUE(strstr(out, contpte_linked.sha256));
	if (!contpte_linked_is_project_file())
		EXPECT_TRUE(strstr(out, contpte_linked.version));
	ASSERT_EQ(run("check lockless-agrees --json"), 0);
	EXPECT_TRUE(strstr(out, contpte_linked.sha256));
	ASSERT_EQ(run("check lockless-refold --design lockless=wrap-ptep_get"), 1);
	EXPECT_TRUE(strstr(out, "  contpte.c: "));
}

TEST(violation_exits_nonzero_with_a_token_that_replays)
{
	char args[600];

	ASSERT_EQ(run("check teardown-hw-dirty --design teardown=full"), 1);
	EXPECT_TRUE(strstr(out, "Violation: ad-contract"));
	EXPECT_TRUE(strstr(out, "Executions explored:"));
	EXPECT_TRUE(strstr(out, "Timeline:"));
	replay_args(args, sizeof(args));
	ASSERT_EQ(run(args), 1);
	EXPECT_TRUE(strstr(out, "Violation: ad-contract"));
	EXPECT_TRUE(strstr(out, "dirty(hw)"));
}

TEST(json_has_the_spec_fields)
{
	ASSERT_EQ(run("check lockless-refold --design lockless=wrap-ptep_get --json"), 1);
	EXPECT_EQ(cli_lines(out), 1);
	EXPECT_TRUE(strstr(out, "{\"ok\": false, \"contpte_c\": {\"path\": \""));
	EXPECT_TRUE(strstr(out, "\"sha256\": \""));
	EXPECT_TRUE(strstr(out, "\"scenarios\": [{\"name\": \"lockless-refold\""));
	EXPECT_TRUE(strstr(out, "\"mode\": \"exhaustive\""));
	EXPECT_TRUE(strstr(out, "\"exhausted\": false"));
	EXPECT_TRUE(strstr(out, "\"counterexample\": {\"oracle\": \"lockless-garbage\""));
	EXPECT_TRUE(strstr(out, "\"replay\": \"c1:lockless-refold:"));
	EXPECT_TRUE(strstr(out, "\"events\": [{"));
	ASSERT_EQ(run("check lockless-agrees --json"), 0);
	EXPECT_TRUE(strstr(out, "{\"ok\": true"));
	EXPECT_FALSE(strstr(out, "counterexample"));
}

TEST(lists)
{
	ASSERT_EQ(run("list scenarios"), 0);
	EXPECT_TRUE(strstr(out, "agent-sibling-dirty"));
	ASSERT_EQ(run("list designs"), 0);
	EXPECT_TRUE(strstr(out, "wrap-ptep_get"));
	ASSERT_EQ(run("list hw"), 0);
	EXPECT_TRUE(strstr(out, "cont-ptes"));
	ASSERT_EQ(run("list oracles"), 0);
	EXPECT_TRUE(strstr(out, "lockless-garbage"));
}

TEST(modes_and_numbers)
{
	ASSERT_EQ(run("check lockless-agrees --mode random --executions 500 --seed 7"), 0);
	EXPECT_TRUE(strstr(out, "random"));
	EXPECT_TRUE(strstr(out, "500"));
	ASSERT_EQ(run("check teardown-hw-dirty --mode stress --executions 200"), 0);
	EXPECT_TRUE(strstr(out, "stress"));
	ASSERT_EQ(run("check lockless-agrees --bound 0 --hw cont-ptes=4"), 0);
}

/* The commands, each with its own help: usage and every option. */
static const struct {
	const char *cmd;
	const char *words[12];
} helps[] = {
	{ "check", { "usage: contpte check", "--design", "--hw", "--mode",
		     "--executions", "--bound", "--seed", "--json", "--help",
		     "Exit status" } },
	{ "list", { "usage: contpte list", "scenarios", "designs", "hw",
		    "oracles", "known" } },
	{ "replay", { "usage: contpte replay TOKEN", "Exit status" } },
	{ "bench", { "usage: contpte bench", "--design", "--hw", "--order",
		     "--pages", "--runs", "--cost", "--csv", "--json",
		     "--list", "--help" } },
	{ "help", { "usage: contpte help [COMMAND]" } },
};

#define NR_HELPS	(sizeof(helps) / sizeof(helps[0]))

static void expect_words(unsigned int i)
{
	unsigned int w;

	for (w = 0; helps[i].words[w]; w++)
		if (!strstr(out, helps[i].words[w]))
			ktap_fail(__FILE__, __LINE__, "'%s' help lacks '%s'",
				  helps[i].cmd, helps[i].words[w]);
}

TEST(help_names_every_command)
{
	static const char *const forms[] = { "help", "--help", "-h" };
	unsigned int f, i;

	for (f = 0; f < 3; f++) {
		ASSERT_EQ(run(forms[f]), 0);
		for (i = 0; i < NR_HELPS; i++) {
			char usage[64];

			snprintf(usage, sizeof(usage), "usage: contpte %s",
				 helps[i].cmd);
			EXPECT_TRUE(strstr(out, usage));
		}
		EXPECT_TRUE(strstr(out, "--version"));
		EXPECT_TRUE(strstr(out, "contpte(1)"));
	}
}

/* contpte help CMD, contpte CMD --help and -h, wherever it stands. */
TEST(each_command_has_its_help)
{
	char args[128];
	unsigned int i;

	for (i = 0; i < NR_HELPS; i++) {
		snprintf(args, sizeof(args), "help %s", helps[i].cmd);
		ASSERT_EQ(run(args), 0);
		expect_words(i);
		if (!strcmp(helps[i].cmd, "help"))
			continue;
		snprintf(args, sizeof(args), "%s --help", helps[i].cmd);
		ASSERT_EQ(run(args), 0);
		expect_words(i);
		snprintf(args, sizeof(args), "%s lockless-refold -h",
			 helps[i].cmd);
		ASSERT_EQ(run(args), 0);
		expect_words(i);
	}
	/* Help runs nothing: a check would name the contpte.c it ran. */
	ASSERT_EQ(run("check --help"), 0);
	EXPECT_FALSE(strstr(out, "contpte.c: "));
}

TEST(version_is_the_builds)
{
	char want[256];

	snprintf(want, sizeof(want), "contpte %s\n", CONTPTE_VERSION);
	ASSERT_EQ(run("--version"), 0);
	EXPECT_EQ(strcmp(out, want), 0);
	EXPECT_TRUE(strlen(CONTPTE_VERSION) > 0);
}

/* --hw conflict=... is a machine setting like the others, in the token. */
TEST(conflict_knob_is_carried_in_tokens)
{
	char args[600];

	ASSERT_EQ(run("check lockless-refold --design lockless=wrap-ptep_get --hw conflict=pick"), 1);
	EXPECT_TRUE(strstr(out, "hw: ha=1 hd=1 ad-policy=random bbm=0 contig-fill=choose conflict=pick "));
	replay_args(args, sizeof(args));
	ASSERT_EQ(run(args), 1);
	EXPECT_TRUE(strstr(out, " conflict=pick "));
	EXPECT_TRUE(strstr(out, "Violation: lockless-garbage"));
}

/* One line naming the problem, exit 2, whatever the mistake. */
static void expect_error(const char *args, const char *names)
{
	EXPECT_EQ(run(args), 2);
	EXPECT_EQ(cli_lines(out), 1);
	EXPECT_TRUE(strstr(out, names));
}

TEST(bad_input_is_one_line_and_nonzero)
{
	expect_error("check no-such-scenario", "no-such-scenario");
	/* Unknown names and values list the valid ones. */
	expect_error("check --design lockless=fast",
		     "lockless value 'fast' (retry, wrap-ptep_get, raw, norecency)");
	expect_error("check --design locky=retry", "'locky' (lockless, ");
	expect_error("check --hw cont-ptes=3", "cont-ptes=3: cont-ptes is 4, 8,");
	expect_error("check --hw cont-ptes=2", "cont-ptes=2");
	expect_error("check --hw cont-ptes=1024", "cont-ptes=1024");
	expect_error("check --hw cont-ptes=x", "cont-ptes=x");
	expect_error("check --hw granule=8k", "granule value '8k' (4k, 16k, 64k)");
	expect_error("check --mode fast", "fast");
	expect_error("check --executions -5", "-5");
	expect_error("check --executions 12abc", "12abc");
	expect_error("check --bound", "--bound");
	expect_error("check --frobnicate", "--frobnicate");
	expect_error("list things", "things");
	expect_error("replay garbage", "replay token");
	expect_error("replay c1:nope:000000000114020004:2:", "unknown scenario");
	expect_error("replay c1:lockless-refold:0000001140200:2:", "settings");
	expect_error("replay c1:lockless-refold:000000000114020004:2:%%", "choices");
	expect_error("replay c1:lockless-refold:000000000114020004:2:zzzz", "out of range");
	expect_error("frob", "frob (check, list, replay, bench, help or --version)");
	expect_error("help frob", "'frob' (check, list, replay, bench or help)");
	expect_error("help check list", "'list'");
	expect_error("--version 2", "'2'");
	expect_error("check --hw conflict=never", "conflict value 'never' (choose, abort, pick)");
}
