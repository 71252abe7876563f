// SPDX-License-Identifier: GPL-2.0-only
/*
 * contpte check: its options, the runs, and their results as a table or
 * JSON.  Options are parsed strictly: numbers in plain decimal within a
 * stated range, each option once (--design and --hw once per knob), and
 * none that no run of the command would use.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <asm/contpte_linked.h>

#include "check/explore.h"
#include "check/oracles.h"
#include "check/report.h"
#include "check/token.h"
#include "check/scenarios.h"
#include "check/settings.h"
#include "cmd.h"
#include "jobs.h"
#include "results.h"

/* A run longer than this shows its progress on a terminal. */
#define PROGRESS_AFTER	2.0
#define MAX_EXECUTIONS	(1ul << 40)
#define MAX_KNOBS	32
#define MAX_JOBS	1024

/* One search of the check: a scenario on one of its machines. */
struct run {
	const struct chk_scenario *s;
	unsigned int machine;		/* chk_machines() */
};

struct check_args {
	/* Each scenario once, on each of its machines at most. */
	struct run *run;
	unsigned int nr_runs;
	const char *design[MAX_KNOBS], *hw[MAX_KNOBS];
	unsigned int nr_design, nr_hw;
	int mode;			/* -1: each scenario's own */
	unsigned long executions;	/* 0: each scenario's own */
	long bound;			/* -1: each scenario's own */
	uint64_t seed;
	bool json, full;
	enum chk_reduction reduction;
	unsigned long jobs;		/* processes per search */
	unsigned int shard, shards;	/* --shard I/N, or 0 of 0 */
	unsigned int given;		/* options seen: 1u << option */
};

/*
 * A decimal number from @min to @max: digits only, no sign, no leading
 * zero, nothing after it.
 */
static bool parse_number(const char *s, uint64_t min, uint64_t max,
			 uint64_t *out)
{
	uint64_t v = 0;
	const char *p;

	if (!s || !*s || (s[0] == '0' && s[1]))
		return false;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > (UINT64_MAX - (*p - '0')) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return v >= min && v <= max;
}

static int bad_value(const char *opt, const char *valid, const char *v)
{
	fprintf(stderr, "contpte: %s takes %s, not '%s'\n", opt, valid, v);
	return EXIT_USAGE;
}

/* "KNOB=VALUE" options: once per knob. */
static int add_knob(const char **list, unsigned int *n, const char *opt,
		    const char *v)
{
	size_t len = strcspn(v, "=");
	unsigned int i;

	for (i = 0; i < *n; i++) {
		if (!strncmp(list[i], v, len) && list[i][len] == '=') {
			fprintf(stderr, "contpte: %s %.*s given twice\n", opt,
				(int)len, v);
			return EXIT_USAGE;
		}
	}
	if (*n == MAX_KNOBS)
		return fail_usage("too many %s options", opt);
	list[(*n)++] = v;
	return 0;
}

static int opt_design(struct check_args *a, const char *v)
{
	return add_knob(a->design, &a->nr_design, "--design", v);
}

static int opt_hw(struct check_args *a, const char *v)
{
	return add_knob(a->hw, &a->nr_hw, "--hw", v);
}

static int opt_mode(struct check_args *a, const char *v)
{
	for (a->mode = 0; a->mode < CHK_NR_MODES; a->mode++)
		if (!strcmp(v, chk_mode_names[a->mode]))
			return 0;
	return bad_value("--mode", "random, exhaustive or stress", v);
}

static int opt_executions(struct check_args *a, const char *v)
{
	uint64_t n;

	if (!parse_number(v, 1, MAX_EXECUTIONS, &n))
		return bad_value("--executions",
				 "a decimal number from 1 to 1099511627776 (2^40)",
				 v);
	a->executions = n;
	return 0;
}

static int opt_bound(struct check_args *a, const char *v)
{
	uint64_t n;

	if (!strcmp(v, "none")) {
		a->bound = CHK_NO_BOUND;
		return 0;
	}
	if (!parse_number(v, 0, CHK_MAX_BOUND, &n))
		return bad_value("--bound", "a decimal number from 0 to 64, or none",
				 v);
	a->bound = n;
	return 0;
}

static int opt_seed(struct check_args *a, const char *v)
{
	if (!parse_number(v, 0, UINT64_MAX, &a->seed))
		return bad_value("--seed",
				 "a decimal number from 0 to 18446744073709551615",
				 v);
	return 0;
}

static int opt_json(struct check_args *a, const char *v)
{
	a->json = true;
	return 0;
}

static int opt_full(struct check_args *a, const char *v)
{
	a->full = true;
	return 0;
}

static int opt_jobs(struct check_args *a, const char *v)
{
	uint64_t n;

	if (!parse_number(v, 1, MAX_JOBS, &n))
		return bad_value("--jobs", "a decimal number from 1 to 1024", v);
	a->jobs = n;
	return 0;
}

static int opt_shard(struct check_args *a, const char *v)
{
	const char *slash = strchr(v, '/');
	char i[24];
	uint64_t x, n;

	snprintf(i, sizeof(i), "%.*s", slash ? (int)(slash - v) : 0, v);
	if (!slash || !parse_number(i, 0, MAX_JOBS - 1, &x) ||
	    !parse_number(slash + 1, 1, MAX_JOBS, &n) || x >= n)
		return bad_value("--shard", "I/N: part I of N, 0 <= I < N <= 1024",
				 v);
	a->shard = x;
	a->shards = n;
	return 0;
}

static int opt_reduction(struct check_args *a, const char *v)
{
	for (a->reduction = 0; a->reduction < CHK_NR_REDUCTIONS; a->reduction++)
		if (!strcmp(v, chk_reduction_names[a->reduction]))
			return 0;
	return bad_value("--reduction", "auto, dpor or none", v);
}

#define MODE(m)		(1u << (m))

/* The options of contpte check: adding one is a row here. */
static const struct check_opt {
	const char *name;
	bool value;		/* takes a VALUE */
	bool repeat;		/* may be given again (once per knob) */
	unsigned int modes;	/* the modes that use it; 0: every one */
	int (*parse)(struct check_args *a, const char *v);
} check_opts[] = {
	{ "--design", true, true, 0, opt_design },
	{ "--hw", true, true, 0, opt_hw },
	{ "--mode", true, false, 0, opt_mode },
	{ "--executions", true, false, 0, opt_executions },
	{ "--bound", true, false, MODE(CHK_EXHAUSTIVE), opt_bound },
	{ "--reduction", true, false, MODE(CHK_EXHAUSTIVE), opt_reduction },
	{ "--seed", true, false, MODE(CHK_RANDOM) | MODE(CHK_STRESS), opt_seed },
	{ "--jobs", true, false, MODE(CHK_RANDOM) | MODE(CHK_EXHAUSTIVE),
	  opt_jobs },
	{ "--shard", true, false, MODE(CHK_RANDOM) | MODE(CHK_EXHAUSTIVE),
	  opt_shard },
	{ "--json", false, false, 0, opt_json },
	{ "--full", false, false, 0, opt_full },
};
#define NR_OPTS		(sizeof(check_opts) / sizeof(check_opts[0]))

static int unknown_option(const char *arg)
{
	unsigned int i;

	fprintf(stderr, "contpte: unknown option: %s (", arg);
	for (i = 0; i < NR_OPTS; i++)
		fprintf(stderr, "%s%s", i ? ", " : "", check_opts[i].name);
	fprintf(stderr, ")\n");
	return EXIT_USAGE;
}

static int parse_option(int argc, char **argv, int *i, struct check_args *a)
{
	const char *arg = argv[*i], *v = NULL;
	const struct check_opt *o;
	unsigned int k;
	size_t n;

	for (k = 0; k < NR_OPTS; k++) {
		n = strlen(check_opts[k].name);
		if (!strncmp(arg, check_opts[k].name, n) &&
		    (!arg[n] || (arg[n] == '=' && check_opts[k].value)))
			break;
	}
	if (k == NR_OPTS)
		return unknown_option(arg);
	o = &check_opts[k];
	if ((a->given & (1u << k)) && !o->repeat)
		return fail_usage("%s given twice", o->name);
	a->given |= 1u << k;
	if (o->value) {
		v = arg[n] == '=' ? arg + n + 1 :
		    *i + 1 < argc ? argv[++*i] : NULL;
		if (!v)
			return fail_usage("%s needs a value", o->name);
	}
	return o->parse(a, v);
}

static enum chk_mode mode_of(const struct check_args *a,
			     const struct chk_scenario *s)
{
	return a->mode < 0 ? s->mode : (enum chk_mode)a->mode;
}

/* "random and stress": the modes of @modes. */
static void mode_names(char *buf, size_t size, unsigned int modes)
{
	unsigned int m, left = __builtin_popcount(modes);
	size_t len = 0;

	buf[0] = 0;
	for (m = 0; m < CHK_NR_MODES; m++) {
		if (!(modes & MODE(m)))
			continue;
		left--;
		len += snprintf(buf + len, size - len, "%s%s", chk_mode_names[m],
				!left ? "" : left == 1 ? " and " : ", ");
	}
}

/* An option that no run of this command would use is an error. */
static int check_modes(const struct check_args *a)
{
	unsigned int k, i, used = 0;
	char names[64];

	for (i = 0; i < a->nr_runs; i++)
		used |= MODE(mode_of(a, a->run[i].s));
	for (k = 0; k < NR_OPTS; k++) {
		const struct check_opt *o = &check_opts[k];

		if (!(a->given & (1u << k)) || !o->modes || (o->modes & used))
			continue;
		mode_names(names, sizeof(names), o->modes);
		fprintf(stderr, "contpte: %s applies to %s runs, and none of this check is one\n",
			o->name, names);
		return EXIT_USAGE;
	}
	return 0;
}

/* Whether option @name was given. */
static bool given(const struct check_args *a, const char *name)
{
	unsigned int k;

	for (k = 0; k < NR_OPTS; k++)
		if (!strcmp(check_opts[k].name, name))
			return a->given & (1u << k);
	return false;
}

/* --reduction, or the scenario's own. */
static enum chk_reduction reduction_of(const struct check_args *a,
				       const struct chk_scenario *s)
{
	return given(a, "--reduction") ? a->reduction : s->reduction;
}

/*
 * A search that can be split between processes: a random one, a plain
 * exhaustive one, or a reduced one without a bound (under a bound the
 * reduced search has no sleep sets, and parts would repeat each other).
 */
static bool splittable(const struct check_args *a, const struct chk_scenario *s)
{
	enum chk_mode m = mode_of(a, s);
	unsigned int bound = a->bound < 0 ? s->bound : a->bound;

	if (m == CHK_STRESS)
		return false;
	return m == CHK_RANDOM || reduction_of(a, s) != CHK_REDUCE_DPOR ||
	       bound == CHK_NO_BOUND;
}

/*
 * --shard splits every search of the check, or it could not be merged;
 * --jobs at least one (the others run in one process).
 */
static int check_split(struct check_args *a)
{
	bool jobs = given(a, "--jobs"), shard = a->shards, some = false;
	unsigned int i;
	long n;

	if (jobs && shard)
		return fail_usage("--jobs and --shard together: a shard runs in one process%s",
				  "");
	for (i = 0; i < a->nr_runs; i++) {
		const struct chk_scenario *s = a->run[i].s;

		some |= splittable(a, s);
		if (shard && !splittable(a, s)) {
			fprintf(stderr, "contpte: --shard splits random and exhaustive searches but the reduced one under a bound; %s runs %s in one process\n",
				s->name,
				mode_of(a, s) == CHK_STRESS ?
				"stress mode" : "the reduced search under a bound");
			return EXIT_USAGE;
		}
	}
	if (jobs && !some)
		return fail_usage("--jobs splits random and exhaustive searches but the reduced one under a bound, and none of this check is one%s",
				  "");
	if (!jobs) {
		n = sysconf(_SC_NPROCESSORS_ONLN);
		a->jobs = n > 1 ? (n < MAX_JOBS ? n : MAX_JOBS) : 1;
	}
	return 0;
}

/* The settings @r runs under (NULL: the options alone, to check them). */
static int apply_settings(const struct run *r, const struct check_args *a)
{
	const char *err = chk_settings_apply(r ? r->s : NULL,
					     r ? r->machine : 0, a->design,
					     a->nr_design, a->hw, a->nr_hw);

	return err ? fail_usage("%s", err) : 0;
}

/*
 * Scenario @s on each of its machines, but one that --hw made the same
 * as another of them.
 */
static int add_runs(struct check_args *a, const struct chk_scenario *s)
{
	unsigned int m;
	int ret;

	for (m = 0; m < chk_machines(s); m++) {
		ret = apply_settings(&(struct run){ s, m }, a);
		if (ret)
			return ret;
		if (chk_machine_repeats(s, m, a->design, a->nr_design, a->hw,
					a->nr_hw))
			continue;
		a->run[a->nr_runs++] = (struct run){ s, m };
	}
	return 0;
}

static int add_scenario(struct check_args *a, const char *name)
{
	const struct chk_scenario *s = chk_find_scenario(name);
	unsigned int i;

	if (!s)
		return fail_usage("unknown scenario: %s (see contpte list scenarios)",
				  name);
	for (i = 0; i < a->nr_runs; i++)
		if (a->run[i].s == s)
			return fail_usage("scenario %s given twice", name);
	a->run[a->nr_runs++] = (struct run){ s, 0 };
	return 0;
}

static int out_of_memory(void)
{
	fprintf(stderr, "contpte: out of memory\n");
	return EXIT_ERROR;
}

/* Each scenario named, or the catalogue, on each of its machines. */
static int add_all_runs(struct check_args *a)
{
	const struct chk_scenario **named;
	unsigned int i, n = a->nr_runs;
	int ret = 0;

	named = calloc(chk_nr_scenarios, sizeof(*named));
	if (!named)
		return out_of_memory();
	for (i = 0; i < n; i++)
		named[i] = a->run[i].s;
	if (!n) {
		for (i = 0; i < chk_nr_scenarios; i++)
			named[i] = chk_scenarios[i];
		n = chk_nr_scenarios;
	}
	a->nr_runs = 0;
	for (i = 0; i < n && !ret; i++)
		ret = add_runs(a, named[i]);
	free(named);
	/* What the table's header describes: the options alone. */
	return ret ?: apply_settings(NULL, a);
}

/* Every scenario of the catalogue on every one of its machines. */
static unsigned int catalogue_runs(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < chk_nr_scenarios; i++)
		n += chk_machines(chk_scenarios[i]);
	return n;
}

static int parse_check(int argc, char **argv, struct check_args *a)
{
	int i, ret;

	*a = (struct check_args){ .mode = -1, .bound = -1, .seed = 1 };
	a->run = calloc(catalogue_runs(), sizeof(*a->run));
	if (!a->run)
		return out_of_memory();
	for (i = 2; i < argc; i++) {
		ret = argv[i][0] == '-' ? parse_option(argc, argv, &i, a) :
					  add_scenario(a, argv[i]);
		if (ret)
			return ret;
	}
	return add_all_runs(a) ?: check_modes(a) ?: check_split(a);
}

/* Ctrl-C: the runs stop, and what they found so far is printed. */
static volatile sig_atomic_t interrupted;
static struct timespec interrupted_at;

/*
 * One interruption may arrive twice: timeout(1) signals the command and
 * then its process group.  So a SIGINT ends the command at once only a
 * quarter of a second or more after the first, as a second Ctrl-C does.
 */
#define SAME_INTERRUPT_NS	250000000L

static void on_interrupt(int sig)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (!interrupted) {
		interrupted_at = ts;
		interrupted = 1;
		return;
	}
	if ((ts.tv_sec - interrupted_at.tv_sec) * 1000000000L +
	    ts.tv_nsec - interrupted_at.tv_nsec < SAME_INTERRUPT_NS)
		return;
	signal(sig, SIG_DFL);
	raise(sig);
}

struct progress {
	const char *name;
	unsigned int index, count;	/* this scenario of how many */
	unsigned long total;		/* executions at most */
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
	double t = since(&p->t0), left;

	if (t < PROGRESS_AFTER || !done)
		return;
	left = t / done * (p->total > done ? p->total - done : 0);
	fprintf(stderr, "\r[%u/%u] %s: %lu of %lu executions, %.0f s left at most   ",
		p->index + 1, p->count, p->name, done, p->total, left);
	p->shown = true;
}

static bool run_one(const struct check_args *a, unsigned int i,
		    struct outcome *out)
{
	char name[128];
	const struct chk_scenario *s = a->run[i].s;
	unsigned int m = a->run[i].machine;
	struct progress p = { .name = name, .index = i, .count = a->nr_runs };
	struct chk_options o = {
		.mode = mode_of(a, s),
		.executions = a->executions ? a->executions : s->executions,
		.bound = a->bound < 0 ? s->bound : a->bound,
		.reduction = reduction_of(a, s),
		.seed = a->seed,
		.stop = &interrupted,
	};

	unsigned int jobs = splittable(a, s) ? a->jobs : 1;

	/* A further machine of the scenario is named in its progress. */
	snprintf(name, sizeof(name), "%s%s%s", s->name, m ? " on " : "",
		 m ? s->also[m - 1] : "");

	clock_gettime(CLOCK_MONOTONIC, &p.t0);
	/* A shard shows its share; processes of one search, all of it. */
	p.total = o.executions / (a->shards ? a->shards : 1);
	if (isatty(STDERR_FILENO)) {
		o.progress = show_progress;
		o.progress_arg = &p;
	}
	*out = (struct outcome){ .scn = s, .mode = o.mode, .bound = o.bound,
				 .seed = o.seed, .budget = o.executions,
				 .shard = a->shard,
				 .shards = a->shards };
	o.shard = a->shard;
	o.shards = a->shards;
	chk_describe(out->design, sizeof(out->design), true);
	chk_describe(out->hw, sizeof(out->hw), false);
	if (jobs > 1 && !a->shards) {
		if (!jobs_run(s, &o, jobs, out))
			return false;
		out->r.seconds = since(&p.t0);
		if (p.shown)
			fprintf(stderr, "\r%*s\r", 78, "");
		return true;
	}
	if (!chk_explore(s, &o, &out->r))
		return false;
	if (p.shown)
		fprintf(stderr, "\r%*s\r", 78, "");
	if (out->r.have_trace)
		out->token = chk_token_format(s, &out->r);
	return true;
}

/* Output that could not be written is a failed run, not a clean one. */
static int flush_stdout(int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "contpte: cannot write the results: %s\n",
			strerror(errno ? errno : EIO));
		return EXIT_ERROR;
	}
	return status;
}

/* Every search of @a, into @out[*@n]: 0, or the exit status it failed with. */
static int run_all(struct check_args *a, struct outcome *out,
		   unsigned int *n, bool *ok)
{
	for (*n = 0; *n < a->nr_runs && !interrupted; (*n)++) {
		if (apply_settings(&a->run[*n], a))
			return EXIT_USAGE;
		if (!run_one(a, *n, &out[*n])) {
			fprintf(stderr, "contpte: out of memory running %s\n",
				a->run[*n].s->name);
			return EXIT_ERROR;
		}
		*ok &= !out[*n].r.violations;
	}
	return 0;
}

int cmd_check(int argc, char **argv)
{
	struct outcome *out = NULL;
	char design[256], hw[256];
	struct check_args a;
	unsigned int i, n = 0;
	bool ok = true;
	int ret;

	chk_settings_default();
	ret = parse_check(argc, argv, &a);
	if (ret)
		goto free_runs;
	out = calloc(a.nr_runs, sizeof(*out));
	if (!out) {
		ret = out_of_memory();
		goto free_runs;
	}
	chk_describe(design, sizeof(design), true);
	chk_describe(hw, sizeof(hw), false);
	signal(SIGINT, on_interrupt);
	ret = run_all(&a, out, &n, &ok);
	if (ret)
		goto free_out;
	ok &= !interrupted;
	if (a.json)
		print_json(out, n, ok, interrupted);
	else
		print_table(out, n, design, hw, a.seed, a.full, interrupted);
	ret = interrupted ? EXIT_INTERRUPT : ok ? 0 : EXIT_VIOLATION;
	ret = flush_stdout(ret);
free_out:
	for (i = 0; i < n; i++) {
		free(out[i].token);
		chk_result_release(&out[i].r);
	}
	free(out);
free_runs:
	free(a.run);
	return ret;
}
