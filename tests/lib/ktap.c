// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"

#define KTAP_MAX_TESTS		512
/*
 * A safety net against a test that never ends, not a time budget: a
 * kernel tree's contpte.c may do many times our work (v6.12 clears young
 * a whole group per entry, 128 x 128 entries at cont-ptes=128), and one
 * test of check_machines then takes a minute and more.
 */
#define KTAP_TIMEOUT_SECONDS	600

static const struct ktap_test *tests[KTAP_MAX_TESTS];
static unsigned int nr_tests;
static const struct ktap_variant default_variant = { .name = NULL };
static const struct ktap_variant *variants = &default_variant;
static unsigned int nr_variants = 1;

bool ktap_verbose;
uint64_t ktap_seed;
const struct ktap_variant *ktap_variant;

static uint64_t rng_state;
static jmp_buf test_exit;
static bool test_failed;

/* Why the test skipped, or "": shared with the forked child. */
#define KTAP_SKIP_LEN	256
static char *skip_reason;

/* The exit status of a child whose test skipped. */
#define KTAP_EXIT_SKIP	77

void ktap_register(const struct ktap_test *t)
{
	if (nr_tests == KTAP_MAX_TESTS) {
		fprintf(stderr, "ktap: too many tests\n");
		exit(2);
	}
	tests[nr_tests++] = t;
}

void ktap_set_variants(const struct ktap_variant *v, unsigned int n)
{
	variants = v;
	nr_variants = n;
}

uint64_t ktap_rand(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

void ktap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

void ktap_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	test_failed = true;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

void ktap_abort_test(void)
{
	longjmp(test_exit, 1);
}

void ktap_skip(const char *why)
{
	snprintf(skip_reason, KTAP_SKIP_LEN, "%s", why);
	longjmp(test_exit, 1);
}

static void full_name(char *buf, size_t len, const struct ktap_variant *v,
		      const struct ktap_test *t)
{
	if (v->name)
		snprintf(buf, len, "%s.%s", v->name, t->name);
	else
		snprintf(buf, len, "%s", t->name);
}

/* FNV-1a: each test's PRNG stream depends only on the seed and its name. */
static uint64_t hash_name(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

static bool run_in_process(const struct ktap_variant *v,
			   const struct ktap_test *t, const char *name)
{
	ktap_variant = v;
	rng_state = (ktap_seed ^ hash_name(name)) | 1;
	test_failed = false;
	skip_reason[0] = 0;
	if (!setjmp(test_exit)) {
		if (v->setup)
			v->setup(v);
		t->fn();
	}
	fflush(stdout);
	return !test_failed;
}

/* The test running in a child of its own process group, or 0. */
static volatile pid_t running;

/* Interrupted: the test's group goes too, then as the signal would. */
static void interrupted(int sig)
{
	if (running)
		kill(-running, SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

static bool run_forked(const struct ktap_variant *v, const struct ktap_test *t,
		       const char *name)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return false;
	}
	if (pid == 0) {
		/* A group of its own: what it started ends with it. */
		setpgid(0, 0);
		alarm(KTAP_TIMEOUT_SECONDS);
		if (!run_in_process(v, t, name))
			_exit(1);
		_exit(skip_reason[0] ? KTAP_EXIT_SKIP : 0);
	}
	running = pid;
	if (waitpid(pid, &status, 0) < 0)
		return false;
	/* A timed-out test's commands (popen()) would otherwise run on. */
	kill(-pid, SIGKILL);
	running = 0;
	if (WIFSIGNALED(status)) {
		printf("# %s: killed by signal %d%s\n", name, WTERMSIG(status),
		       WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
		return false;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) != KTAP_EXIT_SKIP)
		skip_reason[0] = 0;
	return WIFEXITED(status) && (WEXITSTATUS(status) == 0 ||
				     WEXITSTATUS(status) == KTAP_EXIT_SKIP);
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-s SEED] [-r NAME] [-x NAME] [-l] [-v] [-n]\n",
		prog);
	exit(2);
}

/* -r NAME: names containing @only; -x NAME: not containing @except. */
static bool selected(const char *name, const char *only, const char *except)
{
	return (!only || strstr(name, only)) &&
	       (!except || !strstr(name, except));
}

int main(int argc, char **argv)
{
	const char *only = NULL, *except = NULL;
	bool list = false, fork_tests = true;
	unsigned int i, j, planned = 0, n = 0, failed = 0;
	char name[256], *end;
	int opt;

	ktap_seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	while ((opt = getopt(argc, argv, "s:r:x:lvn")) != -1) {
		switch (opt) {
		case 's':
			ktap_seed = strtoull(optarg, &end, 0);
			if (*end || !*optarg) {
				fprintf(stderr, "%s: bad seed '%s'\n", argv[0], optarg);
				return 2;
			}
			break;
		case 'r': only = optarg; break;
		case 'x': except = optarg; break;
		case 'l': list = true; break;
		case 'v': ktap_verbose = true; break;
		case 'n': fork_tests = false; break;
		default: usage(argv[0]);
		}
	}
	if (optind != argc)
		usage(argv[0]);
	signal(SIGINT, interrupted);
	signal(SIGTERM, interrupted);
	skip_reason = mmap(NULL, KTAP_SKIP_LEN, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (skip_reason == MAP_FAILED) {
		perror("mmap");
		return 2;
	}

	for (j = 0; j < nr_variants; j++) {
		for (i = 0; i < nr_tests; i++) {
			full_name(name, sizeof(name), &variants[j], tests[i]);
			if (list)
				printf("%s\n", name);
			planned += selected(name, only, except);
		}
	}
	if (list)
		return 0;
	if (only && !planned) {
		fprintf(stderr, "%s: no test name contains '%s' (-l lists them)\n",
			argv[0], only);
		return 2;
	}

	printf("TAP version 13\n# seed: %" PRIu64 "\n1..%u\n", ktap_seed,
	       planned);
	for (j = 0; j < nr_variants; j++) {
		for (i = 0; i < nr_tests; i++) {
			bool ok;

			full_name(name, sizeof(name), &variants[j], tests[i]);
			if (!selected(name, only, except))
				continue;
			ok = fork_tests ? run_forked(&variants[j], tests[i], name)
					: run_in_process(&variants[j], tests[i], name);
			printf("%sok %u %s%s%s\n", ok ? "" : "not ", ++n, name,
			       ok && skip_reason[0] ? " # SKIP " : "",
			       ok ? skip_reason : "");
			failed += !ok;
		}
	}
	printf("# Totals: pass:%u fail:%u\n", n - failed, failed);
	return failed ? 1 : 0;
}
