// SPDX-License-Identifier: GPL-2.0-only
/* The choosers a run can be driven by: random, scripted, recorded, enumerated. */
#include <stdlib.h>

#include "chooser.h"

/* Out of 256: how often an "does it happen now" choice says yes. */
#define HW_EVENT_RATE	32

static uint64_t prng_next(struct hw_prng_chooser *p)
{
	p->state ^= p->state >> 12;
	p->state ^= p->state << 25;
	p->state ^= p->state >> 27;
	return p->state * 0x2545f4914f6cdd1dull;
}

static unsigned int prng_choose(void *arg, enum hw_choice_kind kind,
				unsigned int n)
{
	struct hw_prng_chooser *p = arg;
	uint64_t r = prng_next(p);

	if (p->rate[kind] >= 256)
		return r % n;
	if ((r & 255) >= p->rate[kind])
		return 0;
	return 1 + (r >> 8) % (n - 1);
}

void hw_prng_chooser_init(struct hw_prng_chooser *p, uint64_t seed)
{
	int k;

	/* xorshift must not start at zero; mix the seed so 0, 1, 2 differ. */
	p->state = (seed ^ 0x9e3779b97f4a7c15ull) * 0xbf58476d1ce4e5b9ull;
	if (!p->state)
		p->state = 1;
	for (k = 0; k < HW_NR_CHOICE_KINDS; k++)
		p->rate[k] = 256;
	p->rate[HW_CHOICE_SPEC_FILL] = HW_EVENT_RATE;
	p->rate[HW_CHOICE_EVICT] = HW_EVENT_RATE;
	p->rate[HW_CHOICE_SPURIOUS_AF] = HW_EVENT_RATE;
	p->rate[HW_CHOICE_TLBI_DONE] = HW_EVENT_RATE;
	p->chooser = (struct hw_chooser){ prng_choose, p };
}

static unsigned int script_choose(void *arg, enum hw_choice_kind kind,
				  unsigned int n)
{
	struct hw_script_chooser *s = arg;
	const struct hw_choice *c;

	if (s->diverged || s->pos == s->len)
		return 0;
	c = &s->script[s->pos];
	/* A hand-written answer waits for a question of its kind. */
	if (!c->n && c->kind != kind)
		return 0;
	s->pos++;
	if (c->value >= n || (c->n && (c->n != n || c->kind != kind))) {
		s->diverged = true;
		return 0;
	}
	return c->value;
}

void hw_script_chooser_init(struct hw_script_chooser *s,
			    const struct hw_choice *script, size_t len)
{
	*s = (struct hw_script_chooser){
		.chooser = { script_choose, s },
		.script = script, .len = len,
	};
}

/* Append to a growing choice array; false when memory ran out. */
static bool choices_push(struct hw_choice **a, size_t *len, size_t *cap,
			 struct hw_choice c)
{
	struct hw_choice *grown;

	if (*len == *cap) {
		grown = realloc(*a, (*cap ? *cap * 2 : 256) * sizeof(**a));
		if (!grown)
			return false;
		*a = grown;
		*cap = *cap ? *cap * 2 : 256;
	}
	(*a)[(*len)++] = c;
	return true;
}

static unsigned int recorder_choose(void *arg, enum hw_choice_kind kind,
				    unsigned int n)
{
	struct hw_recorder *r = arg;
	unsigned int v = 0;

	if (r->inner && r->inner->choose)
		v = r->inner->choose(r->inner->arg, kind, n);
	if (v >= n)
		v = 0;
	if (!choices_push(&r->log, &r->len, &r->cap,
			  (struct hw_choice){ kind, n, v }))
		r->oom = true;
	return v;
}

void hw_recorder_init(struct hw_recorder *r, const struct hw_chooser *inner)
{
	*r = (struct hw_recorder){
		.chooser = { recorder_choose, r }, .inner = inner,
	};
}

void hw_recorder_reset(struct hw_recorder *r)
{
	r->len = 0;
	r->oom = false;
}

void hw_recorder_exit(struct hw_recorder *r)
{
	free(r->log);
	hw_recorder_init(r, r->inner);
}

static unsigned int enum_choose(void *arg, enum hw_choice_kind kind,
				unsigned int n)
{
	struct hw_enum_chooser *e = arg;
	unsigned int v;

	if (e->pos < e->len) {
		/* A deterministic run asks the same questions along its prefix. */
		v = e->path[e->pos++].value;
		return v < n ? v : 0;
	}
	if (!choices_push(&e->path, &e->len, &e->cap,
			  (struct hw_choice){ kind, n, 0 }))
		e->oom = true;
	else
		e->pos++;
	return 0;
}

void hw_enum_init(struct hw_enum_chooser *e)
{
	*e = (struct hw_enum_chooser){ .chooser = { enum_choose, e } };
}

bool hw_enum_next(struct hw_enum_chooser *e)
{
	/* Choices the last run did not reach are not part of its path. */
	e->len = e->pos;
	while (e->len && e->path[e->len - 1].value + 1 >= e->path[e->len - 1].n)
		e->len--;
	e->pos = 0;
	if (!e->len)
		return false;
	e->path[e->len - 1].value++;
	return true;
}

void hw_enum_exit(struct hw_enum_chooser *e)
{
	free(e->path);
	hw_enum_init(e);
}
