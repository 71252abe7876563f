// SPDX-License-Identifier: GPL-2.0-only
/*
 * The contpte command as users meet it: exit status, the table, --json,
 * replay of a printed token, and one-line errors for bad input.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/wait.h>

#include <asm/contpte_linked.h>
#include <generated/contpte_version.h>

#include "check/settings.h"
#include "lib/cli.h"
#include "lib/ktap.h"

#define OUT_MAX		(1 << 20)

static char out[OUT_MAX];

static int run(const char *args)
{
	return cli_run(args, out, OUT_MAX);
}

/*
 * The main job as users run it: the optimised command make check builds
 * first (CONTPTE_MAIN), every scenario with its full budget; this build's
 * own without it (a test program run by hand, a cross build).  The
 * sanitized build runs every scenario too, on every machine, with smaller
 * budgets (check_catalogue, check_machines): the full ones under ASan
 * would take most of make check's time.
 */
TEST(check_without_arguments_is_clean)
{
	const char *cmd = getenv("CONTPTE_MAIN");
	char line[PATH_MAX + 32];

	if (!cmd)
		ASSERT_EQ(run("check"), 0);
	else {
		snprintf(line, sizeof(line), "'%s' check 2>&1", cmd);
		ASSERT_EQ(cli_shell(line, out, OUT_MAX), 0);
	}
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

/* The token of the counterexample in @out, into @token. */
static void token_of_output(char *token, size_t size)
{
	const char *p = strstr(out, "Replay: contpte replay ");
	size_t n;

	ASSERT_TRUE(p);
	for (n = 0, p += 23; *p && *p != '\n' && n < size - 1; n++)
		token[n] = *p++;
	token[n] = 0;
}

/* "replay TOKEN" for the counterexample in @out, into @args. */
static void replay_args(char *args, size_t size)
{
	char token[512];

	token_of_output(token, sizeof(token));
	snprintf(args, size, "replay %s", token);
}

TEST(violation_exits_nonzero_with_a_token_that_replays)
{
	char args[600];

	ASSERT_EQ(run("check teardown-hw-dirty --design teardown=full"), 1);
	EXPECT_TRUE(strstr(out, "Violation: ad-contract"));
	EXPECT_TRUE(strstr(out, "Executions explored:"));
	EXPECT_TRUE(strstr(out, "Trace ("));
	EXPECT_FALSE(strstr(out, "Timeline:"));
	replay_args(args, sizeof(args));
	ASSERT_EQ(run(args), 1);
	EXPECT_TRUE(strstr(out, "Violation: ad-contract"));
	EXPECT_TRUE(strstr(out, "dirty(hw)"));
	/* Every event, per thread and interleaved. */
	strcat(args, " --full");
	ASSERT_EQ(run(args), 1);
	EXPECT_TRUE(strstr(out, "Setup:"));
	EXPECT_TRUE(strstr(out, "Thread 0 zap (cpu0):"));
	EXPECT_TRUE(strstr(out, "Timeline:"));
	ASSERT_EQ(run("check teardown-hw-dirty --design teardown=full --full"), 1);
	EXPECT_TRUE(strstr(out, "Timeline:"));
}

TEST(json_has_the_spec_fields)
{
	ASSERT_EQ(run("check lockless-refold --design lockless=wrap-ptep_get --json"), 1);
	EXPECT_EQ(cli_lines(out), 1);
	EXPECT_TRUE(strstr(out, "{\"ok\": false, \"interrupted\": false, \"contpte_c\": {\"path\": \""));
	EXPECT_TRUE(strstr(out, "\"sha256\": \""));
	EXPECT_TRUE(strstr(out, "\"scenarios\": [{\"name\": \"lockless-refold\""));
	EXPECT_TRUE(strstr(out, "\"mode\": \"exhaustive\""));
	EXPECT_TRUE(strstr(out, "\"exhausted\": false"));
	EXPECT_TRUE(strstr(out, "\"counterexample\": {\"oracle\": \"lockless-garbage\""));
	EXPECT_TRUE(strstr(out, "\"replay\": \"c2:lockless-refold:"));
	EXPECT_TRUE(strstr(out, "\"events\": [{"));
	ASSERT_EQ(run("check lockless-agrees --json"), 0);
	EXPECT_TRUE(strstr(out, "{\"ok\": true"));
	EXPECT_FALSE(strstr(out, "counterexample"));
}

/* Occurrences of @needle in @out. */
static unsigned int count(const char *needle)
{
	unsigned int n = 0;
	const char *p;

	for (p = out; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/*
 * A scenario runs on its own machine and on each it also names, one row
 * each; a machine --hw makes the same as another runs once, and a
 * scenario that names no further machine runs once.
 */
static const struct {
	const char *args;
	unsigned int rows;
} machine_runs[] = {
	{ "check mremap-store --json", 2 },
	{ "check mremap-store --hw bbm=1 --json", 1 },
	{ "check mremap-store --hw bbm=2-noabort --json", 1 },
	{ "check fork-lazyfree --json", 1 },
};

TEST(scenarios_run_on_each_of_their_machines)
{
	unsigned int i;

	ASSERT_EQ(run("list scenarios"), 0);
	EXPECT_TRUE(strstr(out, "5,000 random; also bbm=2-noabort"));
	ASSERT_EQ(run("check mremap-store"), 0);
	EXPECT_TRUE(strstr(out, "  bbm=2-noabort\n"));
	for (i = 0; i < sizeof(machine_runs) / sizeof(machine_runs[0]); i++) {
		ASSERT_EQ(run(machine_runs[i].args), 0);
		EXPECT_EQ(count("{\"name\": "), machine_runs[i].rows);
	}
	/* The first: the scenario's own machine, then BBML2_NOABORT. */
	ASSERT_EQ(run(machine_runs[0].args), 0);
	EXPECT_TRUE(strstr(strstr(out, " bbm=0 ") ?: "", " bbm=2-noabort "));
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
	const char *words[14];
} helps[] = {
	{ "check", { "usage: contpte check", "--design", "--hw", "--mode",
		     "--executions", "--bound", "--seed", "--jobs", "--shard",
		     "--json", "--help", "Exit status" } },
	{ "list", { "usage: contpte list", "scenarios", "designs", "hw",
		    "oracles", "known" } },
	{ "replay", { "usage: contpte replay TOKEN", "Exit status" } },
	{ "merge", { "usage: contpte merge FILE...", "--shard I/N", "Exit status" } },
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
	/* The counterexample names the settings that differ from the defaults. */
	EXPECT_TRUE(strstr(out, "  design: lockless=wrap-ptep_get; hw: conflict=pick\n"));
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
	expect_error("frob", "frob (check, list, replay, merge, bench, help or --version)");
	expect_error("help frob", "'frob' (check, list, replay, merge, bench or help)");
	expect_error("help check list", "'list'");
	expect_error("--version 2", "'2'");
	expect_error("check --hw conflict=never", "conflict value 'never' (choose, abort, pick)");
}

/* The settings field of a default run's token (a digit per knob). */
static const char *default_settings(void)
{
	static char settings[64];

	chk_settings_default();
	chk_settings_encode(settings, sizeof(settings));
	return settings;
}

/* A token of lockless-refold with these fields, in @buf. */
static const char *token(char *buf, size_t size, const char *bound,
			 const char *code, const char *digest,
			 const char *choices)
{
	snprintf(buf, size, "replay c2:lockless-refold:%s:%s:%s:%s:%s",
		 default_settings(), bound,
		 code ? code : contpte_linked.sha256, digest, choices);
	return buf;
}

/*
 * Every field of a token is checked, and a token that does not fit its
 * scenario is an error, never a run that quietly shows no violation.
 */
TEST(replay_tokens_are_validated)
{
	char found[512], args[700], *f[7], *p;
	unsigned int i;

	snprintf(args, sizeof(args), "replay c1:lockless-refold:%s:2:",
		 default_settings());
	expect_error(args, "version");
	snprintf(args, sizeof(args), "replay c2:nope:%s:2:%s:811c9dc5:",
		 default_settings(), contpte_linked.sha256);
	expect_error(args, "unknown scenario");
	snprintf(args, sizeof(args),
		 "replay c2:lockless-refold:00000001140200:2:%s:811c9dc5:",
		 contpte_linked.sha256);
	expect_error(args, "settings");
	expect_error(token(args, sizeof(args), "-1", NULL, "811c9dc5", ""),
		     "bound '-1' (0 to 64, or u for none)");
	expect_error(token(args, sizeof(args), "99999999999999999999", NULL,
			   "811c9dc5", ""), "bound");
	expect_error(token(args, sizeof(args), "65", NULL, "811c9dc5", ""),
		     "bound");
	expect_error(token(args, sizeof(args), "01", NULL, "811c9dc5", ""),
		     "bound");
	expect_error(token(args, sizeof(args), "1", NULL, "xyz", ""), "digest");
	expect_error(token(args, sizeof(args), "1", NULL, "811c9dc5", "%%"),
		     "choices");
	/* Runs of zeros add up to more than any run makes: refused at once. */
	expect_error(token(args, sizeof(args), "1", NULL, "811c9dc5",
			   "_4000000__4000000_"), "more choices");
	expect_error(token(args, sizeof(args), "1", NULL, "811c9dc5",
			   "_99999999999999999999_"), "too large");
	expect_error(token(args, sizeof(args), "1", NULL, "811c9dc5", "zzzz"),
		     "out of range");
	/* A run of another contpte.c. */
	expect_error(token(args, sizeof(args), "1", "0123456789ab", "811c9dc5",
			   ""), "contpte.c of sha256 '0123456789ab'");

	ASSERT_EQ(run("check lockless-refold --design lockless=wrap-ptep_get"), 1);
	token_of_output(found, sizeof(found));
	/* Choices the run never asks for. */
	snprintf(args, sizeof(args), "replay %s_300_1", found);
	expect_error(args, "the run asked");
	snprintf(args, sizeof(args), "replay %s", found);
	ASSERT_EQ(run(args), 1);
	/* Its fields: c2, scenario, settings, bound, code, digest, choices. */
	for (f[0] = found, i = 1, p = found; i < 7 && (p = strchr(p, ':'));
	     f[i++] = ++p)
		;
	ASSERT_EQ(i, 7);
	/* The same answers to other questions. */
	f[5][0] = f[5][0] == '0' ? '1' : '0';
	snprintf(args, sizeof(args), "replay %s", found);
	expect_error(args, "other questions");
	/* A bound the run did not have: it asks other questions too. */
	f[5][0] = f[5][0] == '0' ? '1' : '0';
	f[3][0] = '0';
	snprintf(args, sizeof(args), "replay %s", found);
	expect_error(args, "does not match scenario lockless-refold");
}

/*
 * Numbers are plain decimal within a stated range; an option is given
 * once (a knob once); an option no run of the command uses is an error.
 */
TEST(options_are_parsed_strictly)
{
	expect_error("check --executions 010", "from 1 to 1099511627776 (2^40), not '010'");
	expect_error("check --executions 0x10", "not '0x10'");
	expect_error("check --executions +10", "not '+10'");
	expect_error("check --executions ' 10'", "not ' 10'");
	expect_error("check --executions 0", "not '0'");
	expect_error("check --executions 1099511627777", "not '1099511627777'");
	expect_error("check --seed -1", "not '-1'");
	expect_error("check --seed 18446744073709551616", "18446744073709551615");
	expect_error("check --bound 65", "0 to 64, or none");
	expect_error("check --bound 2 --bound 3", "--bound given twice");
	expect_error("check --json --json", "--json given twice");
	expect_error("check --design lockless=raw --design lockless=retry",
		     "--design lockless given twice");
	expect_error("check --hw ha=0 --hw ha=1", "--hw ha given twice");
	expect_error("check --hw ha=0 --hw hd=1", "ha=0 with hd=1");
	expect_error("check lockless-agrees lockless-agrees",
		     "lockless-agrees given twice");
	expect_error("check lockless-agrees --seed 5",
		     "--seed applies to random and stress runs");
	expect_error("check fault-no-hw-dirty --bound 1",
		     "--bound applies to exhaustive runs");
	expect_error("check --mode random --reduction dpor",
		     "--reduction applies to exhaustive runs");
	expect_error("check --reduction some", "auto, dpor or none");
	expect_error("check --frob", "(--design, --hw, --mode, --executions, --bound, --reduction");
	/* Over the whole catalogue, each run takes what it uses. */
	ASSERT_EQ(run("check file-offset fault-no-hw-dirty --seed 3 --bound 0 --executions 100"), 0);
	ASSERT_EQ(run("check --executions=1099511627776 --mode exhaustive file-offset"), 0);
	EXPECT_TRUE(strstr(out, "(all)"));
}

/*
 * Ctrl-C stops the run and prints what it found so far: sent to the
 * command alone; as a terminal sends it, to the processes of a split
 * search too (which then get it twice, once passed on); or as timeout(1)
 * sends it, to the command and then to its group, twice to each.
 */
TEST(interrupt_prints_the_results_so_far)
{
	static const struct {
		const char *args;
		unsigned int ms;
		const char *done, *stopped;	/* scenarios */
	} split[] = {
		{ "check file-offset fork-write --executions 100000000 --jobs 2",
		  1500, "file-offset", "fork-write" },
		{ "check lockless-refold --mode exhaustive --bound 2 --reduction none --executions 100000000 --jobs 2",
		  1000, NULL, "lockless-refold" },
	};
	enum cli_interrupt how;
	unsigned int i;

	for (how = 0; how < CLI_NR_INT; how++) {
		for (i = 0; i < sizeof(split) / sizeof(split[0]); i++) {
			EXPECT_EQ(cli_run_interrupted(split[i].args, split[i].ms,
						      how, out, OUT_MAX), 130);
			if (split[i].done) {
				EXPECT_TRUE(strstr(out, split[i].done));
				EXPECT_TRUE(strstr(out, "(all)"));
			}
			EXPECT_TRUE(strstr(out, split[i].stopped));
			EXPECT_TRUE(strstr(out, "(stopped)"));
			EXPECT_TRUE(strstr(out, "Interrupted"));
			EXPECT_FALSE(strstr(out, "out of memory"));
		}
	}
	EXPECT_EQ(cli_run_interrupted("check fork-write --executions 100000000 --json",
				      1000, CLI_INT_TIMEOUT, out, OUT_MAX), 130);
	EXPECT_TRUE(strstr(out, "{\"ok\": false, \"interrupted\": true"));
}

/* Run the shell command @cmd, its output in @out; its exit status. */
static int shell(const char *cmd)
{
	return cli_shell(cmd, out, OUT_MAX);
}

/*
 * Results that cannot be written are a failed run (exit 3), and so is a
 * machine without the memory for the run: never 2, which is bad input,
 * and never a crash.
 */
TEST(write_errors_and_out_of_memory_are_failures)
{
	unsigned int kb, short_of_memory = 0;
	char cmd[PATH_MAX + 256];
	int st;

	snprintf(cmd, sizeof(cmd), "%s check file-offset --json 2>&1 >/dev/full",
		 cli_invocation());
	EXPECT_EQ(shell(cmd), 3);
	EXPECT_TRUE(strstr(out, "cannot write the results"));
	EXPECT_EQ(cli_lines(out), 1);
	/*
	 * Less and less address space: enough, out of memory, until the
	 * program cannot even be loaded.  Under an emulator the limit would
	 * bind the emulator, which reserves the guest's whole address space.
	 */
	if (cli_emulated()) {
		ktap_info("under %s: no address-space limits", getenv("CONTPTE_RUN"));
		return;
	}
	for (kb = 16384; kb >= 1024; kb -= 1024) {
		snprintf(cmd, sizeof(cmd),
			 "ulimit -v %u; %s check fork-write --executions 200 2>&1 >/dev/null",
			 kb, cli_invocation());
		st = shell(cmd);
		if (st == 126 || st == 127)
			break;
		EXPECT_TRUE(st == 0 || st == 3);
		if (st == 3) {
			EXPECT_TRUE(strstr(out, "out of memory"));
			short_of_memory++;
		}
	}
	ktap_info("%u of the limits ran out of memory", short_of_memory);
}

/*
 * On a terminal, a long run shows how far it is and how long is left: after
 * 2 s, so each row must take longer (some 10 s each on this build).
 */
TEST(progress_shows_the_total_and_what_is_left)
{
	char cmd[PATH_MAX + 256];

	if (shell("command -v script >/dev/null") != 0) {
		ktap_info("no script(1) to run the command on a terminal");
		return;
	}
	snprintf(cmd, sizeof(cmd),
		 "script -qc \"%s check fork-write --executions 40000\" /dev/null",
		 cli_invocation());
	shell(cmd);
	/* fork-write runs on its own machine and on a BBML2_NOABORT one. */
	EXPECT_TRUE(strstr(out, "[1/2] fork-write: "));
	EXPECT_TRUE(strstr(out, "[2/2] fork-write on bbm=2-noabort: "));
	EXPECT_TRUE(strstr(out, " of 40000 executions, "));
	EXPECT_TRUE(strstr(out, " s left at most"));
}
