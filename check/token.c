// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/contpte_linked.h>

#include "exec.h"
#include "scenarios.h"
#include "settings.h"
#include "token.h"

#define TOKEN_VERSION	"c2"
#define TOKEN_FIELDS	7

char *chk_token_format(const struct chk_scenario *s,
		       const struct chk_result *r)
{
	char settings[32], bound[16], head[160], *tok;
	size_t n, len;

	chk_settings_encode(settings, sizeof(settings));
	if (r->bound == CHK_NO_BOUND)
		snprintf(bound, sizeof(bound), "u");
	else
		snprintf(bound, sizeof(bound), "%u", r->bound);
	len = snprintf(head, sizeof(head), TOKEN_VERSION ":%s:%s:%s:%s:%08x:",
		       s->name, settings, bound, contpte_linked.sha256,
		       hw_choices_digest(r->trace.c, r->trace.len));
	n = hw_choices_encode(NULL, 0, r->trace.c, r->trace.len);
	tok = malloc(len + n + 1);
	if (!tok)
		return NULL;
	memcpy(tok, head, len);
	hw_choices_encode(tok + len, n + 1, r->trace.c, r->trace.len);
	return tok;
}

static char errbuf[768];

static const char *field_error(const char *what, const char *f, size_t len,
			       const char *valid)
{
	snprintf(errbuf, sizeof(errbuf), "replay token has %s '%.*s' (%s)",
		 what, (int)(len > 40 ? 40 : len), f, valid);
	return errbuf;
}

/* "u", or a number 0..CHK_MAX_BOUND in plain decimal, as written. */
static const char *parse_bound(const char *f, size_t len, unsigned int *out)
{
	unsigned int v = 0;
	size_t i;

	if (len == 1 && *f == 'u') {
		*out = CHK_NO_BOUND;
		return NULL;
	}
	for (i = 0; i < len && f[i] >= '0' && f[i] <= '9' && v <= CHK_MAX_BOUND;
	     i++)
		v = v * 10 + (f[i] - '0');
	if (!len || i < len || v > CHK_MAX_BOUND || (len > 1 && *f == '0'))
		return field_error("a bad preemption bound", f, len,
				   "0 to 64, or u for none");
	*out = v;
	return NULL;
}

/* The run's contpte.c must be the one linked in. */
static const char *parse_code(const char *f, size_t len)
{
	const char *ours = contpte_linked.sha256;
	char linked[512];

	if (len == strlen(ours) && !strncmp(f, ours, len))
		return NULL;
	contpte_linked_format(linked, sizeof(linked));
	snprintf(errbuf, sizeof(errbuf),
		 "replay token is of a run linked with the contpte.c of sha256 '%.*s'; this contpte links %s",
		 (int)(len > 40 ? 40 : len), f, linked);
	return errbuf;
}

static const char *parse_digest(const char *f, size_t len, uint32_t *out)
{
	char *end;

	if (len != 8 || !strchr("0123456789abcdef", *f))
		return field_error("a bad digest", f, len, "8 hex digits");
	*out = strtoul(f, &end, 16);
	if (end != f + len)
		return field_error("a bad digest", f, len, "8 hex digits");
	return NULL;
}

/* The fields of @token, each at f[i] and f[i + 1] - 1 long. */
static bool split(const char *token, const char **f)
{
	unsigned int i;

	f[0] = token;
	for (i = 1; i < TOKEN_FIELDS; i++) {
		f[i] = strchr(f[i - 1], ':');
		if (!f[i])
			return false;
		f[i]++;
	}
	f[TOKEN_FIELDS] = f[TOKEN_FIELDS - 1] + strlen(f[TOKEN_FIELDS - 1]) + 1;
	return true;
}

static const char *parse_scenario(const char *f, size_t len,
				  const struct chk_scenario **out)
{
	char name[64];

	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	memcpy(name, f, len);
	name[len] = 0;
	*out = chk_find_scenario(name);
	if (!*out)
		return field_error("an unknown scenario", f, len,
				   "see contpte list scenarios");
	return NULL;
}

const char *chk_token_parse(const char *token, struct chk_token *t)
{
	const char *f[TOKEN_FIELDS + 1], *err;

	*t = (struct chk_token){ 0 };
	if (strncmp(token, TOKEN_VERSION ":", strlen(TOKEN_VERSION) + 1))
		return field_error("an unknown version", token,
				   strcspn(token, ":"),
				   "this contpte reads " TOKEN_VERSION);
	if (!split(token, f))
		return "malformed replay token (expected " TOKEN_VERSION
		       ":SCENARIO:SETTINGS:BOUND:CODE:DIGEST:CHOICES)";
	err = parse_scenario(f[1], f[2] - f[1] - 1, &t->scn);
	if (err)
		return err;
	if (!chk_settings_decode(f[2], f[3] - f[2] - 1))
		return field_error("malformed design/hardware settings", f[2],
				   f[3] - f[2] - 1, "one digit per knob");
	err = parse_bound(f[3], f[4] - f[3] - 1, &t->bound) ?:
	      parse_code(f[4], f[5] - f[4] - 1) ?:
	      parse_digest(f[5], f[6] - f[5] - 1, &t->digest);
	if (err)
		return err;
	err = hw_choices_decode(f[6], CHK_MAX_CHOICES, &t->values, &t->len);
	if (err) {
		snprintf(errbuf, sizeof(errbuf),
			 "replay token has malformed choices: %s", err);
		return errbuf;
	}
	return NULL;
}

void chk_token_release(struct chk_token *t)
{
	free(t->values);
	t->values = NULL;
}

const char *chk_token_replay(const struct chk_token *t, struct chk_result *r)
{
	const char *name = t->scn->name;

	if (!chk_replay(t->scn, t->values, t->len, t->bound, true, r))
		snprintf(errbuf, sizeof(errbuf),
			 "replay token does not match scenario %s: choice %zu is out of range",
			 name, r->replayed);
	else if (r->replayed < t->len)
		snprintf(errbuf, sizeof(errbuf),
			 "replay token does not match scenario %s: the run asked %zu of its %zu choices",
			 name, r->replayed, t->len);
	else if (hw_choices_digest(r->trace.c, t->len) != t->digest)
		snprintf(errbuf, sizeof(errbuf),
			 "replay token does not match scenario %s: its choices were made for other questions (another version or other settings)",
			 name);
	else
		return NULL;
	return errbuf;
}
