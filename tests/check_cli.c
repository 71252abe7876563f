// SPDX-License-Identifier: GPL-2.0-only
/*
 * The contpte command as users meet it: exit status, the table, --json,
 * replay of a printed token, and one-line errors for bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/contpte_linked.h>

#include "lib/cli.h"
#include "lib/ktap.h"

#define OUT_MAX		(1 << 20)

static char out[OUT_MAX];

static int run(const char *args)
{
	return cli_run(args, out, OUT_MAX);
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

TEST(violation_exits_nonzero_with_a_token_that_replays)
{
	char token[512], args[600];

	ASSERT_EQ(run("check teardown-hw-dirty --design teardown=full"), 1);
	EXPECT_TRUE(strstr(out, "Violation: ad-contract"));
	EXPECT_TRUE(strstr(out, "Executions explored:"));
	EXPECT_TRUE(strstr(out, "Timeline:"));
	token_of_output(token, sizeof(token));
	snprintf(args, sizeof(args), "replay %s", token);
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
	EXPECT_TRUE(strstr(out, "\"replay\": \"c2:lockless-refold:"));
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
	expect_error("frob", "frob");
}

#define SETTINGS	"00000000011402004"

/*
 * Every field of a token is checked, and a token that does not fit its
 * scenario is an error, never a run that quietly shows no violation.
 */
TEST(replay_tokens_are_validated)
{
	char token[512], args[700], *digest;

	expect_error("replay c1:lockless-refold:" SETTINGS ":2:", "version");
	expect_error("replay c2:nope:" SETTINGS ":2:811c9dc5:", "unknown scenario");
	expect_error("replay c2:lockless-refold:00000001140200:2:811c9dc5:",
		     "settings");
	expect_error("replay c2:lockless-refold:" SETTINGS ":-1:811c9dc5:",
		     "bound '-1' (0 to 64, or u for none)");
	expect_error("replay c2:lockless-refold:" SETTINGS
		     ":99999999999999999999:811c9dc5:", "bound");
	expect_error("replay c2:lockless-refold:" SETTINGS ":65:811c9dc5:",
		     "bound");
	expect_error("replay c2:lockless-refold:" SETTINGS ":1:xyz:", "digest");
	expect_error("replay c2:lockless-refold:" SETTINGS ":1:811c9dc5:%%",
		     "choices");
	/* Runs of zeros add up to more than any run makes: refused at once. */
	expect_error("replay c2:lockless-refold:" SETTINGS
		     ":1:811c9dc5:_4000000__4000000_", "more choices");
	expect_error("replay c2:lockless-refold:" SETTINGS
		     ":1:811c9dc5:_99999999999999999999_", "too large");
	expect_error("replay c2:lockless-refold:" SETTINGS ":1:811c9dc5:zzzz",
		     "out of range");

	ASSERT_EQ(run("check lockless-refold --design lockless=wrap-ptep_get"), 1);
	token_of_output(token, sizeof(token));
	/* Choices the run never asks for. */
	snprintf(args, sizeof(args), "replay %s_300_1", token);
	expect_error(args, "the run asked");
	snprintf(args, sizeof(args), "replay %s", token);
	ASSERT_EQ(run(args), 1);
	/* The same answers to other questions. */
	digest = strstr(token, ":1:");
	ASSERT_TRUE(digest);
	digest[3] = digest[3] == '0' ? '1' : '0';
	snprintf(args, sizeof(args), "replay %s", token);
	expect_error(args, "other questions");
	/* A bound the run did not have: it asks other questions too. */
	digest[3] = digest[3] == '0' ? '1' : '0';
	digest[1] = '0';
	snprintf(args, sizeof(args), "replay %s", token);
	expect_error(args, "does not match scenario lockless-refold");
}
