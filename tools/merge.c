// SPDX-License-Identifier: GPL-2.0-only
/*
 * contpte merge FILE...: the --json outputs of every shard of a search
 * (check --shard I/N --json), read back and joined by jobs_merge() into
 * what one process would have printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/contpte_linked.h>

#include "check/oracles.h"
#include "check/scenarios.h"
#include "cmd.h"
#include "jobs.h"
#include "json.h"

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
	o->budget = num(v, "budget");
	o->r.reduced = !strcmp(text_of(v, "reduction"), "dpor");
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
		if (x->type != JSON_ARRAY || x->nr_items != 4)
			return "a part that is not [part, executions, complete, classes]";
		if (!chk_result_add_part(&o->r, (struct chk_part){
				x->items[0].number, x->items[1].number,
				x->items[2].boolean, x->items[3].number }))
			return "out of memory";
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
		    in[k].budget != in[0].budget ||
		    in[k].r.reduced != in[0].r.reduced ||
		    strcmp(in[k].design, in[0].design) ||
		    strcmp(in[k].hw, in[0].hw))
			return "shards of different searches (scenario, mode, bound, reduction, seed, executions or settings differ)";
		for (j = 0; j < k; j++)
			if (in[j].shard == in[k].shard)
				return "a shard given twice";
	}
	return NULL;
}

/* Whether @doc was made with the contpte.c this contpte links. */
static const char *check_linked(const struct json *doc)
{
	const struct json *c = json_get(doc, "contpte_c");

	if (!c)
		return "no \"contpte_c\": not the output of check --json";
	if (strcmp(text_of(c, "sha256"), contpte_linked.sha256))
		return "made with another contpte.c than this contpte links (sha256 differs)";
	return NULL;
}

/* The parsed files of one merge. */
struct merge {
	unsigned int n;
	struct json **doc;
	struct outcome *in, *out;
	unsigned int nr_out;
};

/* Every file parsed and checked; NULL, or the problem in file *@bad. */
static const char *load(struct merge *m, char **paths, unsigned int *bad)
{
	const char *err = NULL;
	char *text;

	for (*bad = 0; *bad < m->n; ++*bad) {
		text = slurp(paths[*bad]);
		if (!text)
			return strerror(errno);
		m->doc[*bad] = json_parse(text, &err);
		free(text);
		if (!m->doc[*bad])
			return err;
		err = check_linked(m->doc[*bad]);
		if (err)
			return err;
	}
	*bad = 0;
	return NULL;
}

/* Scenario @i of every file, as one outcome into m->out[@i]. */
static const char *join(struct merge *m, unsigned int i, unsigned int *bad)
{
	const char *err = NULL;
	unsigned int k;

	for (k = 0; k < m->n; k++) {
		const struct json *s = json_get(m->doc[k], "scenarios");

		if (!s || s->nr_items != m->nr_out) {
			*bad = k;
			err = "another number of scenarios than the first file";
			break;
		}
		err = read_scenario(&s->items[i], &m->in[k]);
		if (err) {
			*bad = k;
			break;
		}
	}
	if (!err)
		err = check_shards(m->in, m->n);
	if (!err && !jobs_merge(m->in, m->n, &m->out[i]))
		err = "out of memory";
	for (k = 0; k < m->n; k++) {
		free(m->in[k].token);
		chk_result_release(&m->in[k].r);
		m->in[k] = (struct outcome){ 0 };
	}
	return err;
}

static void release(struct merge *m)
{
	unsigned int k;

	for (k = 0; m->out && k < m->nr_out; k++) {
		free(m->out[k].token);
		chk_result_release(&m->out[k].r);
	}
	for (k = 0; m->doc && k < m->n; k++)
		json_free(m->doc[k]);
	free(m->doc);
	free(m->in);
	free(m->out);
}

int cmd_merge(int argc, char **argv)
{
	struct merge m = { .n = argc - 2 };
	bool ok = true, interrupted = false;
	const struct json *scns;
	const char *err = NULL;
	unsigned int i, bad = 0;
	int ret = EXIT_ERROR;

	if (argc < 3)
		return fail_usage("merge takes the --json outputs of every shard of a search: contpte merge FILE...%s",
				  "");
	m.doc = calloc(m.n, sizeof(*m.doc));
	m.in = calloc(m.n, sizeof(*m.in));
	if (!m.doc || !m.in)
		goto out;
	err = load(&m, argv + 2, &bad);
	if (!err) {
		scns = json_get(m.doc[0], "scenarios");
		m.nr_out = scns ? scns->nr_items : 0;
		m.out = calloc(m.nr_out + 1, sizeof(*m.out));
		if (!m.out)
			goto out;
	}
	for (i = 0; !err && i < m.nr_out; i++) {
		err = join(&m, i, &bad);
		ok &= !m.out[i].r.violations;
		interrupted |= m.out[i].r.interrupted;
	}
	if (err) {
		fprintf(stderr, "contpte: merge: %s: %s\n", argv[2 + bad], err);
		ret = EXIT_USAGE;
		goto out;
	}
	print_json(m.out, m.nr_out, ok && !interrupted, interrupted);
	ret = interrupted ? EXIT_INTERRUPT : ok ? 0 : EXIT_VIOLATION;
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "contpte: cannot write the results: %s\n",
			strerror(errno ? errno : EIO));
		ret = EXIT_ERROR;
	}
out:
	release(&m);
	return ret;
}
