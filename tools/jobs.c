// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check/oracles.h"
#include "check/scenarios.h"
#include "check/token.h"
#include "cmd.h"
#include "jobs.h"
#include "json.h"

static int by_part(const void *a, const void *b)
{
	const struct chk_part *x = a, *y = b;

	return (x->part > y->part) - (x->part < y->part);
}

/* The executions one process would run before position @pos. */
static unsigned long before(const struct chk_part *parts, size_t n,
			    uint64_t pos)
{
	unsigned long sum = 0;
	size_t i;

	for (i = 0; i < n && parts[i].part < pos >> 32; i++)
		sum += parts[i].executions;
	return sum + (pos & 0xffffffffu);
}

void jobs_merge(const struct outcome *in, unsigned int n, unsigned long cap,
		struct outcome *out)
{
	struct chk_result *r = &out->r;
	struct chk_part *parts = NULL;
	size_t nr = 0;
	unsigned long index = 0;
	unsigned int k, winner = n;

	*out = in[0];
	out->shard = out->shards = 0;
	out->token = NULL;
	*r = (struct chk_result){ .exhausted = in[0].mode == CHK_EXHAUSTIVE };
	for (k = 0; k < n; k++) {
		const struct chk_result *s = &in[k].r;

		if (s->violations &&
		    (winner == n || s->position < in[winner].r.position))
			winner = k;
		r->interrupted |= s->interrupted;
		r->exhausted &= s->exhausted;
		r->executions += s->executions;
		if (s->seconds > r->seconds)
			r->seconds = s->seconds;
		parts = realloc(parts, (nr + s->nr_parts + 1) * sizeof(*parts));
		if (!parts)
			return;
		memcpy(parts + nr, s->parts, s->nr_parts * sizeof(*parts));
		nr += s->nr_parts;
	}
	qsort(parts, nr, sizeof(*parts), by_part);
	if (winner < n) {
		/* Random: runs are numbered; exhaustive: parts, then runs. */
		index = in[0].mode == CHK_EXHAUSTIVE ?
			before(parts, nr, in[winner].r.position) :
			in[winner].r.position;
		r->executions = index + 1;
		r->exhausted = false;
	}
	if (cap && r->executions > cap) {
		r->executions = cap;
		r->exhausted = false;
	}
	if (winner < n && index < r->executions) {
		r->violations = 1;
		r->viol = in[winner].r.viol;
		r->position = in[winner].r.position;
		out->token = in[winner].token ? strdup(in[winner].token) : NULL;
	}
	free(parts);
}

/* What a process reports of its shard, one field a line. */
static void report(FILE *f, const struct chk_result *r, const char *token)
{
	char message[sizeof(r->viol.message)], *p;
	size_t i;

	snprintf(message, sizeof(message), "%s", r->viol.message);
	for (p = message; (p = strchr(p, '\n'));)
		*p = ' ';
	fprintf(f, "executions %lu\nexhausted %d\ninterrupted %d\nviolations %lu\nposition %llu\noracle %d\nseconds %f\nmessage %s\ntoken %s\n",
		r->executions, r->exhausted, r->interrupted, r->violations,
		(unsigned long long)r->position, r->viol.oracle, r->seconds,
		message, token ? token : "-");
	for (i = 0; i < r->nr_parts; i++)
		fprintf(f, "part %u %lu %d\n", r->parts[i].part,
			r->parts[i].executions, r->parts[i].complete);
	fprintf(f, "end\n");
}

/* Read back what report() wrote; false if it was cut short. */
static bool read_report(FILE *f, struct outcome *o)
{
	struct chk_result *r = &o->r;
	char line[2048], *v;
	struct chk_part p;
	int a, b, c;

	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		v = strchr(line, ' ');
		if (!strcmp(line, "end"))
			return true;
		if (!v)
			return false;
		*v++ = 0;
		if (!strcmp(line, "executions"))
			r->executions = strtoul(v, NULL, 10);
		else if (!strcmp(line, "exhausted"))
			r->exhausted = atoi(v);
		else if (!strcmp(line, "interrupted"))
			r->interrupted = atoi(v);
		else if (!strcmp(line, "violations"))
			r->violations = strtoul(v, NULL, 10);
		else if (!strcmp(line, "position"))
			r->position = strtoull(v, NULL, 10);
		else if (!strcmp(line, "oracle"))
			r->viol.oracle = atoi(v);
		else if (!strcmp(line, "seconds"))
			r->seconds = strtod(v, NULL);
		else if (!strcmp(line, "message"))
			snprintf(r->viol.message, sizeof(r->viol.message), "%s", v);
		else if (!strcmp(line, "token") && strcmp(v, "-"))
			o->token = strdup(v);
		else if (!strcmp(line, "part") &&
			 sscanf(v, "%d %d %d", &a, &b, &c) == 3) {
			p = (struct chk_part){ a, b, c };
			r->parts = realloc(r->parts,
					   (r->nr_parts + 1) * sizeof(p));
			if (!r->parts)
				return false;
			r->parts[r->nr_parts++] = p;
		}
	}
	return false;
}

/* A shard of the search, in a process of its own, reporting to @fd. */
static void __attribute__((noreturn))
run_shard(const struct chk_scenario *s, const struct chk_options *o,
	  unsigned int k, unsigned int jobs, uint64_t *best, int fd)
{
	struct chk_options so = *o;
	struct chk_result r;
	char *token = NULL;
	FILE *f = fdopen(fd, "w");

	so.shard = k;
	so.shards = jobs;
	so.best = best;
	/* One progress line: the first shard's, for all of them. */
	if (k)
		so.progress = NULL;
	if (!f || !chk_explore(s, &so, &r))
		_exit(EXIT_ERROR);
	if (r.have_trace)
		token = chk_token_format(s, &r);
	report(f, &r, token);
	fclose(f);
	_exit(0);
}

bool jobs_run(const struct chk_scenario *s, const struct chk_options *o,
	      unsigned int jobs, struct outcome *out)
{
	uint64_t *best = mmap(NULL, sizeof(*best), PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct outcome *in = calloc(jobs, sizeof(*in));
	FILE **from = calloc(jobs, sizeof(*from));
	pid_t *pid = calloc(jobs, sizeof(*pid));
	bool ok = best != MAP_FAILED && in && from && pid;
	unsigned int k, started = 0;
	int fd[2], st;

	if (ok)
		*best = UINT64_MAX;
	fflush(NULL);
	for (k = 0; ok && k < jobs; k++) {
		in[k] = *out;
		if (pipe(fd) || (pid[k] = fork()) < 0) {
			ok = false;
			break;
		}
		if (!pid[k]) {
			close(fd[0]);
			run_shard(s, o, k, jobs, best, fd[1]);
		}
		close(fd[1]);
		from[k] = fdopen(fd[0], "r");
		started++;
	}
	for (k = 0; k < started; k++) {
		ok &= from[k] && read_report(from[k], &in[k]);
		if (from[k])
			fclose(from[k]);
		ok &= waitpid(pid[k], &st, 0) == pid[k] && WIFEXITED(st) &&
		      !WEXITSTATUS(st);
	}
	if (ok)
		jobs_merge(in, jobs, o->executions, out);
	for (k = 0; in && k < started; k++) {
		free(in[k].token);
		chk_result_release(&in[k].r);
	}
	free(in);
	free(from);
	free(pid);
	if (best != MAP_FAILED)
		munmap(best, sizeof(*best));
	return ok;
}

/* The whole of file @path, NUL-terminated; NULL with errno on failure. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t n = 0, cap = 1 << 16, got;
	char *buf = NULL, *g;

	while (f) {
		g = realloc(buf, cap + 1);
		if (!g)
			break;
		buf = g;
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n < cap) {
			buf[n] = 0;
			fclose(f);
			return buf;
		}
		cap *= 2;
	}
	if (f)
		fclose(f);
	free(buf);
	return NULL;
}

/* Member @key of @v as a whole number (0 when missing). */
static uint64_t num(const struct json *v, const char *key)
{
	const struct json *x = json_get(v, key);

	return x && x->type == JSON_NUMBER ? strtoull(x->string, NULL, 10) : 0;
}

/* Member @key of @v as a boolean (false when missing). */
static bool flag(const struct json *v, const char *key)
{
	const struct json *x = json_get(v, key);

	return x && x->type == JSON_BOOL && x->boolean;
}

/* Member @key of @v as a string ("" when missing). */
static const char *text_of(const struct json *v, const char *key)
{
	const struct json *x = json_get(v, key);

	return x && x->type == JSON_STRING ? x->string : "";
}

/* The outcome of scenario @v of a shard's --json, or an error. */
static const char *read_scenario(const struct json *v, struct outcome *o)
{
	const struct json *shard = json_get(v, "shard"), *name, *parts, *x;
	const struct json *ce = json_get(v, "counterexample");
	size_t i;

	name = json_get(v, "name");
	o->scn = name && name->type == JSON_STRING ?
		 chk_find_scenario(name->string) : NULL;
	if (!o->scn)
		return "a scenario this contpte does not know";
	if (!shard || shard->type != JSON_ARRAY || shard->nr_items != 2)
		return "no \"shard\": not the output of check --shard I/N --json";
	o->shard = shard->items[0].number;
	o->shards = shard->items[1].number;
	o->mode = !strcmp(text_of(v, "mode"), "exhaustive") ? CHK_EXHAUSTIVE :
								CHK_RANDOM;
	snprintf(o->design, sizeof(o->design), "%s", text_of(v, "design"));
	snprintf(o->hw, sizeof(o->hw), "%s", text_of(v, "hw"));
	x = json_get(v, "bound");
	o->bound = x && x->type == JSON_NUMBER ? x->number : CHK_NO_BOUND;
	o->seed = num(v, "seed");
	o->r.executions = num(v, "executions");
	o->r.exhausted = flag(v, "exhausted");
	o->r.interrupted = flag(v, "interrupted");
	o->r.violations = num(v, "violations");
	o->r.seconds = json_get(v, "seconds") ?
		       json_get(v, "seconds")->number : 0;
	o->r.position = num(v, "position");
	if (o->r.violations && ce) {
		o->r.viol.oracle = chk_oracle_by_name(text_of(ce, "oracle"));
		snprintf(o->r.viol.message, sizeof(o->r.viol.message), "%s",
			 text_of(ce, "message"));
		o->token = *text_of(ce, "replay") ?
			   strdup(text_of(ce, "replay")) : NULL;
	}
	parts = json_get(v, "parts");
	for (i = 0; parts && i < parts->nr_items; i++) {
		x = &parts->items[i];
		o->r.parts = realloc(o->r.parts,
				     (o->r.nr_parts + 1) * sizeof(*o->r.parts));
		if (!o->r.parts || x->nr_items != 3)
			return "a part that is not [part, executions, complete]";
		o->r.parts[o->r.nr_parts++] = (struct chk_part){
			x->items[0].number, x->items[1].number,
			x->items[2].boolean };
	}
	return NULL;
}

/* The shards of scenario @i, one per file: all there, the same search. */
static const char *check_shards(const struct outcome *in, unsigned int n)
{
	unsigned int k, j;

	for (k = 0; k < n; k++) {
		if (in[k].shards != n)
			return "not every shard of the search (a shard says it is one of a different number)";
		if (in[k].scn != in[0].scn || in[k].mode != in[0].mode ||
		    in[k].bound != in[0].bound || in[k].seed != in[0].seed ||
		    strcmp(in[k].design, in[0].design) ||
		    strcmp(in[k].hw, in[0].hw))
			return "shards of different searches (scenario, mode, bound, seed or settings differ)";
		for (j = 0; j < k; j++)
			if (in[j].shard == in[k].shard)
				return "a shard given twice";
	}
	return NULL;
}

static int merge_error(const char *path, const char *what)
{
	fprintf(stderr, "contpte: merge: %s: %s\n", path, what);
	return EXIT_USAGE;
}

int cmd_merge(int argc, char **argv)
{
	unsigned int n = argc - 2, k, i, nr_scn;
	struct json **doc = calloc(n + 1, sizeof(*doc));
	struct outcome *in = calloc(n + 1, sizeof(*in)), *out = NULL;
	const struct json *scns;
	const char *err = NULL;
	bool ok = true, interrupted = false;
	int ret = EXIT_USAGE;
	char *text;

	if (argc < 3)
		return fail_usage("merge takes the --json output of every shard%s",
				  "");
	if (!doc || !in)
		return EXIT_ERROR;
	for (k = 0; k < n && !err; k++) {
		text = slurp(argv[2 + k]);
		if (!text)
			return merge_error(argv[2 + k], strerror(errno));
		doc[k] = json_parse(text, &err);
		free(text);
		if (!doc[k])
			return merge_error(argv[2 + k], err);
	}
	scns = json_get(doc[0], "scenarios");
	nr_scn = scns ? scns->nr_items : 0;
	out = calloc(nr_scn + 1, sizeof(*out));
	for (i = 0; out && i < nr_scn; i++) {
		for (k = 0; k < n; k++) {
			const struct json *s = json_get(doc[k], "scenarios");

			in[k] = (struct outcome){ 0 };
			err = !s || i >= s->nr_items ? "fewer scenarios than the first file" :
			      read_scenario(&s->items[i], &in[k]);
			if (err)
				return merge_error(argv[2 + k], err);
		}
		err = check_shards(in, n);
		if (err)
			return merge_error(argv[2], err);
		jobs_merge(in, n, 0, &out[i]);
		ok &= !out[i].r.violations;
		interrupted |= out[i].r.interrupted;
		for (k = 0; k < n; k++) {
			free(in[k].token);
			chk_result_release(&in[k].r);
		}
	}
	if (out) {
		print_json(out, nr_scn, ok && !interrupted, interrupted);
		ret = interrupted ? EXIT_INTERRUPT : ok ? 0 : EXIT_VIOLATION;
	}
	for (i = 0; out && i < nr_scn; i++)
		free(out[i].token);
	for (k = 0; k < n; k++)
		json_free(doc[k]);
	free(doc);
	free(in);
	free(out);
	return ret;
}
