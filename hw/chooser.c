// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chooser.h"

const char *const hw_choice_kind_names[HW_NR_CHOICE_KINDS] = {
	[HW_CHOICE_SCHEDULE] = "schedule",
	[HW_CHOICE_SPEC_FILL] = "spec-fill",
	[HW_CHOICE_EVICT] = "evict",
	[HW_CHOICE_FILL_SIZE] = "fill-size",
	[HW_CHOICE_AD_TARGET] = "ad-target",
	[HW_CHOICE_SPURIOUS_AF] = "spurious-af",
	[HW_CHOICE_MULTI_HIT] = "multi-hit",
	[HW_CHOICE_TLBI_DONE] = "tlbi-done",
	[HW_CHOICE_TTL] = "ttl",
	[HW_CHOICE_OTHER] = "other",
};

static struct hw_chooser chooser;

void hw_set_chooser(const struct hw_chooser *c)
{
	chooser = c ? *c : (struct hw_chooser){ 0 };
}

unsigned int hw_choose(enum hw_choice_kind kind, unsigned int n)
{
	unsigned int v;

	if (n <= 1 || !chooser.choose)
		return 0;
	v = chooser.choose(chooser.arg, kind, n);
	/* A chooser answering out of range is a bug in it, not a new behaviour. */
	return v < n ? v : 0;
}

bool hw_choice_is_event(enum hw_choice_kind kind)
{
	return kind == HW_CHOICE_SPEC_FILL || kind == HW_CHOICE_EVICT ||
	       kind == HW_CHOICE_SPURIOUS_AF || kind == HW_CHOICE_TLBI_DONE;
}

uint64_t hw_choices_rand(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

unsigned int hw_choices_random(uint64_t *rng, const unsigned int *rate,
			       enum hw_choice_kind kind, unsigned int n)
{
	uint64_t r = hw_choices_rand(rng);

	if (rate[kind] >= 256)
		return r % n;
	if ((r & 255) >= rate[kind])
		return 0;
	return 1 + (r >> 8) % (n - 1);
}

/* The scripted answer to this question, or false to ask the policy. */
static bool scripted(struct hw_choices *c, enum hw_choice_kind kind,
		     unsigned int n, unsigned int *v)
{
	const struct hw_choice *s;

	if (c->diverged) {
		*v = 0;
		return true;
	}
	if (c->pos >= c->script_len)
		return false;
	s = &c->script[c->pos];
	/* A hand-written answer waits for a question of its kind. */
	if (s->kind != HW_CHOICE_ANY && !s->n && s->kind != kind) {
		*v = 0;
		return true;
	}
	*v = s->value;
	if (*v < n && (s->kind == HW_CHOICE_ANY || !s->n ||
		       (s->n == n && s->kind == kind)))
		return true;
	if (c->lenient) {
		*v %= n;
		return true;
	}
	c->diverged = true;
	*v = 0;
	return true;
}

static bool log_push(struct hw_choices *c, struct hw_choice ch)
{
	struct hw_choice *grown;

	if (c->len == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;

		grown = realloc(c->log, cap * sizeof(*grown));
		if (!grown)
			return false;
		c->log = grown;
		c->cap = cap;
	}
	c->log[c->len++] = ch;
	return true;
}

static unsigned int engine_choose(void *arg, enum hw_choice_kind kind,
				  unsigned int n)
{
	struct hw_choices *c = arg;
	bool event = hw_choice_is_event(kind);
	bool in_script = c->pos < c->script_len;
	unsigned int v;

	if (event && !c->budget)
		return 0;
	if (!scripted(c, kind, n, &v)) {
		switch (c->policy) {
		case HW_ANSWER_RANDOM:
			v = hw_choices_random(&c->rng, c->rate, kind, n);
			break;
		case HW_ANSWER_OWNER:
			v = c->owner(c->owner_arg, kind, n);
			break;
		default:
			v = 0;
			break;
		}
	}
	/* A hand-written item keeps waiting for its kind. */
	if (in_script && !c->diverged &&
	    (c->script[c->pos].kind == HW_CHOICE_ANY || c->script[c->pos].n ||
	     c->script[c->pos].kind == kind))
		c->pos++;
	if (event && v)
		c->budget--;
	if (!log_push(c, (struct hw_choice){ kind, n, v }))
		c->oom = true;
	return v;
}

void hw_choices_init(struct hw_choices *c, enum hw_choices_policy policy,
		     uint64_t seed)
{
	unsigned int k;

	*c = (struct hw_choices){
		.chooser = { engine_choose, c },
		.policy = policy, .rng = seed, .budget = ~0u,
	};
	for (k = 0; k < HW_NR_CHOICE_KINDS; k++)
		c->rate[k] = hw_choice_is_event(k) ? HW_EVENT_RATE : 256;
}

void hw_choices_exit(struct hw_choices *c)
{
	free(c->log);
	free(c->next);
	c->log = c->next = NULL;
	c->len = c->cap = c->next_cap = 0;
}

void hw_choices_start(struct hw_choices *c, const struct hw_choice *script,
		      size_t len, unsigned int budget)
{
	c->script = script;
	c->script_len = len;
	c->pos = 0;
	c->diverged = false;
	c->budget = budget;
	c->len = 0;
	c->oom = false;
}

bool hw_choices_branch(struct hw_choices *c, unsigned int budget)
{
	size_t i = c->len;

	while (i && c->log[i - 1].value + 1 >= c->log[i - 1].n)
		i--;
	if (!i)
		return false;
	if (c->next_cap < i) {
		struct hw_choice *n = realloc(c->next, i * sizeof(*n));

		if (!n)
			return false;
		c->next = n;
		c->next_cap = i;
	}
	memcpy(c->next, c->log, i * sizeof(*c->next));
	c->next[i - 1].value++;
	hw_choices_start(c, c->next, i, budget);
	return true;
}

static const char alphabet[] =
	"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
#define ALPHABET_LEN	62
/* Runs of zeros at least this long are written _COUNT_. */
#define ZERO_RUN	4

size_t hw_choices_encode(char *buf, size_t size, const struct hw_choice *c,
			 size_t len)
{
	size_t i, run, off = 0;
	int w;

	if (size)
		buf[0] = 0;
	for (i = 0; i < len; i += run) {
		unsigned int v = c[i].value;
		char *at = buf + (off < size ? off : size);
		size_t room = off < size ? size - off : 0;

		for (run = 1; !v && i + run < len && !c[i + run].value; run++)
			;
		if (!v && run >= ZERO_RUN) {
			w = snprintf(at, room, "_%zu_", run);
		} else {
			run = 1;
			w = v < ALPHABET_LEN ? snprintf(at, room, "%c", alphabet[v]) :
					       snprintf(at, room, "+%u+", v);
		}
		off += w;
	}
	return off;
}

/* "N" closed by @delim, at most @max; advances *@s past the delimiter. */
static const char *delimited(const char **s, char delim, unsigned long max,
			     unsigned long *out)
{
	const char *p = *s + 1;

	if (*p < '0' || *p > '9')
		return "a run or a large choice without its number";
	for (*out = 0; *p >= '0' && *p <= '9'; p++) {
		*out = *out * 10 + (*p - '0');
		if (*out > max)
			return "a number too large for a choice sequence";
	}
	if (*p != delim)
		return "a run or a large choice not closed";
	*s = p + 1;
	return NULL;
}

/* The next item of @s: a value and how many times it repeats. */
static const char *next_item(const char **s, size_t max, uint32_t *v,
			     unsigned long *count)
{
	const char *p, *err;

	*count = 1;
	if (**s == '_') {
		*v = 0;
		return delimited(s, '_', max, count);
	}
	if (**s == '+') {
		err = delimited(s, '+', UINT32_MAX, count);
		*v = *count;
		*count = 1;
		return err;
	}
	p = strchr(alphabet, **s);
	if (!p)
		return "a character that is no choice";
	*v = p - alphabet;
	(*s)++;
	return NULL;
}

const char *hw_choices_decode(const char *s, size_t max,
			      struct hw_choice **out, size_t *len)
{
	const char *p, *err;
	unsigned long count;
	size_t n = 0, i;
	uint32_t v;

	*out = NULL;
	*len = 0;
	/* Count first: a short text must not make a huge allocation. */
	for (p = s; *p; n += count) {
		err = next_item(&p, max, &v, &count);
		if (err)
			return err;
		if (count > max - n)
			return "more choices than any run makes";
	}
	*out = malloc((n ? n : 1) * sizeof(**out));
	if (!*out)
		return "out of memory";
	for (p = s, n = 0; *p;) {
		next_item(&p, max, &v, &count);
		for (i = 0; i < count; i++)
			(*out)[n++] = (struct hw_choice){ HW_CHOICE_ANY, 0, v };
	}
	*len = n;
	return NULL;
}

uint32_t hw_choices_digest(const struct hw_choice *c, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	/* FNV-1a over each question's kind and size. */
	for (i = 0; i < len; i++) {
		h = (h ^ c[i].kind) * 16777619u;
		h = (h ^ c[i].n) * 16777619u;
	}
	return h;
}
