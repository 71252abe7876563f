// SPDX-License-Identifier: GPL-2.0-only
/*
 * `contpte bench` as users meet it: the table with the published figures
 * beside ours, CSV and JSON, designs from the command line, and one-line
 * errors with exit status 2 for bad input.
 */
#include <stdio.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/ktap.h"

static char out[1 << 20];

/* Run "./contpte bench @args". */
static int bench(const char *args)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "bench %s", args);
	return cli_run(cmd, out, sizeof(out));
}

TEST(table_has_counts_and_the_published_figure)
{
	ASSERT_EQ(bench("exit --pages 32 --runs 1"), 0);
	EXPECT_TRUE(strstr(out, "== exit:"));
	EXPECT_TRUE(strstr(out, "no-contpte"));
	EXPECT_TRUE(strstr(out, "32.0x kernel build"));
	EXPECT_TRUE(strstr(out, "unfold         rvale1is 2, aside1is 1"));
	EXPECT_TRUE(strstr(out, "cost profile altra"));
}

TEST(csv_is_a_header_and_a_line_per_row)
{
	ASSERT_EQ(bench("ptep-get --runs 1 --csv"), 0);
	EXPECT_TRUE(!strncmp(out, "bench,case,order,design,spec,ops,", 33));
	/* Five positions under three designs. */
	EXPECT_EQ(cli_lines(out), 1 + 5 * 3);
	EXPECT_TRUE(strstr(out, "ptep-get,middle,"));
}

TEST(json_is_one_object)
{
	ASSERT_EQ(bench("convert --runs 1 --json --cost m2"), 0);
	EXPECT_TRUE(!strncmp(out, "{\"machine\": ", 12));
	EXPECT_TRUE(strstr(out, "\"profile\": \"m2\""));
	EXPECT_TRUE(strstr(out, "\"name\": \"convert\""));
	EXPECT_TRUE(strstr(out, "\"converts\": 2"));
	EXPECT_EQ(cli_lines(out), 1);
}

TEST(designs_from_the_command_line_join_the_baseline)
{
	ASSERT_EQ(bench("munmap --order 0,9 --pages 512 --runs 1 --csv "
			"--design teardown=unfold --design convert-tlbi=off,teardown=unfold "
			"--hw bbm=2-noabort"), 0);
	EXPECT_EQ(cli_lines(out), 1 + 2 * 3);
	EXPECT_TRUE(strstr(out, "munmap,order-9,9,no-contpte,\"contpte=off\","));
	EXPECT_TRUE(strstr(out, "munmap,order-9,9,teardown=unfold,\"teardown=unfold\","));
	EXPECT_TRUE(strstr(out, "\"convert-tlbi=off,teardown=unfold\","));
}

TEST(list_names_every_benchmark)
{
	ASSERT_EQ(bench("--list"), 0);
	EXPECT_TRUE(strstr(out, "exit "));
	EXPECT_TRUE(strstr(out, "madv-free "));
	EXPECT_TRUE(strstr(out, "ptep-get "));
}

/* One line naming @word, exit status 2. */
static void expect_error(const char *args, const char *word,
			 const char *valid)
{
	EXPECT_EQ(bench(args), 2);
	EXPECT_EQ(cli_lines(out), 1);
	EXPECT_TRUE(strstr(out, word));
	EXPECT_TRUE(strstr(out, valid));
	if (!strstr(out, word) || !strstr(out, valid))
		ktap_diag("%s -> %s", args, out);
}

TEST(bad_input_is_one_line_and_exit_2)
{
	expect_error("nope", "nope", "exit, fork, munmap");
	expect_error("--frob", "--frob", "--design");
	expect_error("fork --order 10", "'10'", "0 to 9");
	expect_error("fork --order 9 --hw granule=64k --order 12", "'12'", "64k granule");
	expect_error("ptep-get --order 4", "ptep-get", "madv-free");
	expect_error("fork --order 9 --pages 100", "100", "512 pages");
	expect_error("convert --pages 8", "8", "16 pages");
	expect_error("--pages 0", "'0'", "positive");
	expect_error("--design teardown=fast", "teardown value 'fast'",
		     "batch, unfold, full");
	expect_error("--design nope=1", "nope=1", "contpte list designs");
	expect_error("--design granule=64k", "granule=64k", "--hw");
	expect_error("--hw granule=8k", "granule value '8k'", "4k, 16k, 64k");
	expect_error("--hw teardown=full", "teardown=full", "--design");
	expect_error("--cost zz", "zz", "altra or m2");
	expect_error("--cost frob=1", "frob=1", "pte-write");
	expect_error("--runs 0", "'0'", "1 to 1000");
	expect_error("--csv --json", "--csv", "--json");
	expect_error("--design", "--design", "value");
}
