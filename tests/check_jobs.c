// SPDX-License-Identifier: GPL-2.0-only
/*
 * One search split between processes, as users run it: --jobs N on this
 * machine, --shard I/N on many and contpte merge of their --json outputs.
 * Either way the result is the one process's: the same executions, the
 * same first violation and the same token.  Bad values are one-line
 * errors, and the shards of --jobs die with the process they report to.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/ktap.h"

#define OUT_MAX		(1 << 20)
#define SHARDS		3

static char out[OUT_MAX];

/* A search's --json, and what the tests compare of each scenario in it. */
struct run {
	char json[OUT_MAX];
	int status;
};

static struct run one, split;

static void run_json(struct run *r, const char *args)
{
	char a[512];

	snprintf(a, sizeof(a), "%s --json", args);
	r->status = cli_run(a, r->json, sizeof(r->json));
}

/* The scenario @name's object in @json, NULL-terminated at its end. */
static char *scenario(const char *json, const char *name, char *buf,
		      size_t size)
{
	char key[128], *end;
	const char *p;

	snprintf(key, sizeof(key), "{\"name\": \"%s\"", name);
	p = strstr(json, key);
	if (!p)
		return NULL;
	snprintf(buf, size, "%s", p);
	end = strstr(buf + 1, "{\"name\": ");
	if (end)
		*end = 0;
	return buf;
}

/* Member @key of scenario @name in @json, as written (to ',' or '}'). */
static void member(const char *json, const char *name, const char *key,
		   char *val, size_t size)
{
	char buf[OUT_MAX / 4], k[64];
	const char *p;
	size_t n = 0;

	val[0] = 0;
	snprintf(k, sizeof(k), "\"%s\": ", key);
	p = scenario(json, name, buf, sizeof(buf));
	p = p ? strstr(p, k) : NULL;
	if (!p)
		return;
	for (p += strlen(k); *p && *p != ',' && *p != '}' && n < size - 1;)
		val[n++] = *p++;
	val[n] = 0;
}

/* The fields a split search must agree on with the one process. */
static const char *const same[] = {
	"executions", "classes", "exhausted", "violations", "oracle", "replay",
};

/* Scenario @name of @a and @b: the same search results and token. */
static void expect_same(const struct run *a, const struct run *b,
			const char *name)
{
	char x[512], y[512];
	unsigned int i;

	EXPECT_EQ(a->status, b->status);
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		member(a->json, name, same[i], x, sizeof(x));
		member(b->json, name, same[i], y, sizeof(y));
		if (strcmp(x, y))
			ktap_fail(__FILE__, __LINE__, "%s: %s %s vs %s", name,
				  same[i], x, y);
	}
}

static unsigned long number(const char *json, const char *name,
			    const char *key)
{
	char v[64];

	member(json, name, key, v, sizeof(v));
	return strtoul(v, NULL, 10);
}

/* @args run as one process and as --jobs 2 and 3: the same results. */
static void expect_jobs_agree(const char *args, const char *const *names,
			      unsigned int n)
{
	char a[512];
	unsigned int jobs, i;

	snprintf(a, sizeof(a), "%s --jobs 1", args);
	run_json(&one, a);
	for (jobs = 2; jobs <= 3; jobs++) {
		snprintf(a, sizeof(a), "%s --jobs %u", args, jobs);
		run_json(&split, a);
		for (i = 0; i < n; i++)
			expect_same(&one, &split, names[i]);
	}
}

/*
 * A design knob's known findings, exhaustive (plain and reduced) and
 * random: same tokens.
 */
TEST(jobs_find_what_one_process_finds)
{
	static const char *const exh[] = { "teardown-hw-dirty" };
	static const char *const rnd[] = { "fault-no-hw-dirty" };
	char v[16];

	expect_jobs_agree("check teardown-hw-dirty --design teardown=full",
			  exh, 1);
	EXPECT_EQ(one.status, 1);
	member(one.json, exh[0], "oracle", v, sizeof(v));
	EXPECT_TRUE(strstr(v, "ad-contract"));
	expect_jobs_agree("check teardown-hw-dirty --design teardown=full --bound none --hw cont-ptes=8",
			  exh, 1);
	EXPECT_EQ(one.status, 1);
	EXPECT_TRUE(strstr(one.json, "\"reduction\": \"dpor\""));
	EXPECT_TRUE(number(one.json, exh[0], "executions") > 100);
	expect_jobs_agree("check fault-no-hw-dirty --design lockless=norecency --design access-flags=generic",
			  rnd, 1);
	EXPECT_EQ(one.status, 1);
	member(one.json, rnd[0], "oracle", v, sizeof(v));
	EXPECT_TRUE(strstr(v, "bookkeeping"));
}

/*
 * Clean searches: a whole exhaustive one, plain and reduced, one cut
 * short by --executions, and a random one from the test's seed.
 */
TEST(jobs_run_what_one_process_runs)
{
	static const char *const names[] = {
		"mremap-move", "gup-fast-zap", "teardown-hw-dirty",
	};
	char a[256];

	expect_jobs_agree("check mremap-move", names, 1);
	EXPECT_EQ(one.status, 0);
	EXPECT_TRUE(strstr(one.json, "\"exhausted\": true"));
	expect_jobs_agree("check teardown-hw-dirty --bound none --hw cont-ptes=4 --executions 10000000",
			  names + 2, 1);
	EXPECT_EQ(one.status, 0);
	EXPECT_TRUE(strstr(one.json, "\"exhausted\": true"));
	EXPECT_TRUE(number(one.json, names[2], "classes") > 1000);
	expect_jobs_agree("check mremap-move --executions 3000", names, 1);
	EXPECT_EQ(number(one.json, names[0], "executions"), 3000);
	snprintf(a, sizeof(a), "check gup-fast-zap --executions 1000 --seed %llu",
		 (unsigned long long)(ktap_rand() % 1000000));
	expect_jobs_agree(a, names + 1, 1);
	EXPECT_EQ(number(one.json, names[1], "executions"), 1000);
}

/* A directory of its own for the shards' files; removed by the test. */
static void shard_dir(char *dir, size_t size)
{
	snprintf(dir, size, "/tmp/contpte-shards-XXXXXX");
	ASSERT_TRUE(mkdtemp(dir));
}

static void remove_dir(const char *dir)
{
	char cmd[PATH_MAX + 32];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cli_shell(cmd, out, OUT_MAX);
}

/* Run the @SHARDS shards of "check @args" into @dir/I.json. */
static void run_shards(const char *dir, const char *args, int status)
{
	char cmd[PATH_MAX + 1024];
	unsigned int i;

	for (i = 0; i < SHARDS; i++) {
		snprintf(cmd, sizeof(cmd),
			 "%s check %s --shard %u/%u --json >'%s/%u.json'",
			 cli_invocation(), args, i, SHARDS, dir, i);
		EXPECT_EQ(cli_shell(cmd, out, OUT_MAX), status);
	}
}

/* contpte merge of @dir's shards, into @r. */
static void merge_shards(const char *dir, struct run *r)
{
	char cmd[PATH_MAX + 256];

	snprintf(cmd, sizeof(cmd), "%s merge '%s'/2.json '%s'/0.json '%s'/1.json",
		 cli_invocation(), dir, dir, dir);
	r->status = cli_shell(cmd, r->json, sizeof(r->json));
}

/* Executions of scenario @name summed over @dir's shards. */
static unsigned long shards_executions(const char *dir, const char *name)
{
	char cmd[PATH_MAX + 64];
	unsigned long sum = 0;
	unsigned int i;

	for (i = 0; i < SHARDS; i++) {
		snprintf(cmd, sizeof(cmd), "cat '%s/%u.json'", dir, i);
		EXPECT_EQ(cli_shell(cmd, out, OUT_MAX), 0);
		sum += number(out, name, "executions");
	}
	return sum;
}

/*
 * Shards of "check @args" merged: the unsharded run's results and token
 * (exit @status); and with @whole, each execution run once.
 */
static void expect_shards_whole(const char *dir, const char *args,
				const char *const *names, unsigned int n,
				int status, bool whole)
{
	char a[512];
	unsigned int i;

	run_shards(dir, args, status);
	snprintf(a, sizeof(a), "check %s --jobs 1", args);
	run_json(&one, a);
	EXPECT_EQ(one.status, status);
	merge_shards(dir, &split);
	for (i = 0; i < n; i++) {
		expect_same(&one, &split, names[i]);
		if (whole)
			EXPECT_EQ(shards_executions(dir, names[i]),
				  number(one.json, names[i], "executions"));
	}
}

/*
 * Clean searches, exhaustive (whole, plain and reduced, and cut short by
 * --executions) and random, and searches with findings: merged shards are
 * the unsharded run.
 */
TEST(shards_together_are_the_whole_search)
{
	static const char *const names[] = {
		"mremap-move", "gup-fast-zap", "teardown-hw-dirty",
		"fault-no-hw-dirty",
	};
	char dir[64];

	shard_dir(dir, sizeof(dir));
	expect_shards_whole(dir, "mremap-move", names, 1, 0, true);
	EXPECT_TRUE(strstr(split.json, "\"exhausted\": true"));
	expect_shards_whole(dir, "mremap-move --executions 2000", names, 1, 0,
			    false);
	EXPECT_EQ(number(split.json, names[0], "executions"), 2000);
	expect_shards_whole(dir, "gup-fast-zap --executions 1500", names + 1,
			    1, 0, true);
	expect_shards_whole(dir, "teardown-hw-dirty --bound none --hw cont-ptes=4 --executions 10000000",
			    names + 2, 1, 0, true);
	EXPECT_TRUE(strstr(split.json, "\"reduction\": \"dpor\""));
	expect_shards_whole(dir, "teardown-hw-dirty fault-no-hw-dirty --design teardown=full --design lockless=norecency --design access-flags=generic",
			    names + 2, 2, 1, false);
	EXPECT_TRUE(strstr(split.json, "\"replay\": \"c2:teardown-hw-dirty:"));
	EXPECT_TRUE(strstr(split.json, "\"replay\": \"c2:fault-no-hw-dirty:"));
	remove_dir(dir);
}

/* One line naming the problem and the valid values, exit 2. */
static void expect_error(const char *args, const char *names)
{
	EXPECT_EQ(cli_run(args, out, OUT_MAX), 2);
	EXPECT_EQ(cli_lines(out), 1);
	if (!strstr(out, names))
		ktap_fail(__FILE__, __LINE__, "'%s' printed %s", args, out);
}

TEST(bad_values_are_one_line_errors)
{
	expect_error("check --jobs 0", "--jobs takes a decimal number from 1 to 1024, not '0'");
	expect_error("check --jobs abc", "--jobs takes a decimal number from 1 to 1024, not 'abc'");
	expect_error("check --jobs 1025", "from 1 to 1024");
	expect_error("check --jobs", "--jobs");
	expect_error("check --shard 3/2", "--shard takes I/N: part I of N, 0 <= I < N <= 1024, not '3/2'");
	expect_error("check --shard 0/0", "0 <= I < N <= 1024, not '0/0'");
	expect_error("check --shard 2", "not '2'");
	expect_error("check --shard 1/", "not '1/'");
	expect_error("check --shard /2", "not '/2'");
	expect_error("check --shard -1/2", "not '-1/2'");
	expect_error("check --shard 1/2x", "not '1/2x'");
	expect_error("check --jobs 2 --shard 0/2", "--jobs and --shard together");
	expect_error("check lockless-agrees --reduction dpor --bound 1 --jobs 2",
		     "--jobs splits random and exhaustive searches but the reduced one under a bound");
	expect_error("check lockless-agrees --reduction dpor --bound 1 --shard 0/2",
		     "lockless-agrees runs the reduced search under a bound in one process");
	expect_error("check lockless-agrees --mode stress --shard 0/2",
		     "--shard applies to random and exhaustive runs");
}

/*
 * Processes whose arguments include @arg (read from /proc), each killed:
 * how many there were.
 */
static unsigned int kill_with_arg(const char *arg)
{
	char path[sizeof("/proc//cmdline") + NAME_MAX], cmdline[4096], *a;
	unsigned int found = 0;
	struct dirent *e;
	ssize_t len;
	DIR *d = opendir("/proc");
	int fd;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		len = read(fd, cmdline, sizeof(cmdline) - 1);
		close(fd);
		if (len <= 0)
			continue;
		cmdline[len] = 0;
		for (a = cmdline; a < cmdline + len; a += strlen(a) + 1)
			if (!strcmp(a, arg)) {
				kill(atoi(e->d_name), SIGKILL);
				found++;
				break;
			}
	}
	if (d)
		closedir(d);
	return found;
}

/*
 * A batch system that kills contpte at its time limit kills its shards
 * too: none outlives it.  The seed marks this run's processes.
 */
TEST(shards_die_with_their_parent)
{
	char cmd[PATH_MAX + 256];

	snprintf(cmd, sizeof(cmd),
		 "%s check --jobs 2 --mode random --executions 1000000000 --seed 7240424 fault-race >/dev/null 2>&1 & p=$!; sleep 1; kill -9 $p; sleep 1",
		 cli_invocation());
	EXPECT_EQ(cli_shell(cmd, out, OUT_MAX), 0);
	EXPECT_EQ(kill_with_arg("7240424"), 0);
}

/* Run the shell command @fmt, formatted with @dir twice; it must work. */
static void in_dir(const char *fmt, const char *dir)
{
	char cmd[PATH_MAX + 512];

	snprintf(cmd, sizeof(cmd), fmt, cli_invocation(), dir);
	EXPECT_EQ(cli_shell(cmd, out, OUT_MAX), 0);
}

/* contpte merge of @dir's shards @files ("0 1 2"): error @what. */
static void expect_merge_error(const char *dir, const char *files,
			       const char *what)
{
	char cmd[PATH_MAX + 512], f[8], *save, *w;
	size_t len;

	len = snprintf(cmd, sizeof(cmd), "merge");
	snprintf(f, sizeof(f), "%s", files);
	for (w = strtok_r(f, " ", &save); w; w = strtok_r(NULL, " ", &save))
		len += snprintf(cmd + len, sizeof(cmd) - len, " '%s/%s.json'",
				dir, w);
	expect_error(cmd, what);
}

/* Only every shard of one search, made by this contpte, merges. */
TEST(merge_refuses_what_is_not_one_search)
{
	char dir[64];

	expect_error("merge", "contpte merge FILE...");
	expect_error("merge /nonexistent.json", "/nonexistent.json: No such file");
	shard_dir(dir, sizeof(dir));
	run_shards(dir, "file-offset", 0);
	expect_merge_error(dir, "0 1", "not every shard of the search");
	expect_merge_error(dir, "0 1 1", "a shard given twice");
	in_dir("%s check file-offset --bound 0 --shard 2/3 --json >'%s/2.json'",
	       dir);
	expect_merge_error(dir, "0 1 2", "shards of different searches");
	in_dir("%s check file-offset --json >'%s/2.json'", dir);
	expect_merge_error(dir, "0 1 2",
			   "not the output of check --shard I/N --json");
	in_dir(": %s; sed -i 's/\"sha256\": \"[0-9a-f]*\"/\"sha256\": \"0\"/' '%s/1.json'",
	       dir);
	expect_merge_error(dir, "0 1", "made with another contpte.c");
	in_dir(": %s; printf '{\"ok\": tru' >'%s/1.json'", dir);
	expect_merge_error(dir, "0 1", "1.json: ");
	remove_dir(dir);
}
