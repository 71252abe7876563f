// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define MAX_DEPTH	32

struct parser {
	const char *p;
	const char *err;
};

static void skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\t' ||
	       *ps->p == '\r')
		ps->p++;
}

static bool parse_value(struct parser *ps, struct json *v, unsigned int depth);

/* A string literal, its escapes undone (\uXXXX kept to one byte). */
static char *parse_string(struct parser *ps)
{
	size_t n = 0, cap = 16;
	char *s = malloc(cap), *g, c;

	if (!s) {
		ps->err = "out of memory";
		return NULL;
	}
	for (ps->p++; *ps->p != '"'; ps->p++) {
		c = *ps->p;
		if (!c) {
			ps->err = "a string not closed";
			free(s);
			return NULL;
		}
		if (c == '\\') {
			c = *++ps->p;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'u' && strlen(ps->p) >= 5) {
				c = (char)strtol((char[]){ ps->p[3], ps->p[4], 0 },
						 NULL, 16);
				ps->p += 4;
			}
		}
		if (n + 2 > cap) {
			cap *= 2;
			g = realloc(s, cap);
			if (!g) {
				ps->err = "out of memory";
				free(s);
				return NULL;
			}
			s = g;
		}
		s[n++] = c;
	}
	ps->p++;
	s[n] = 0;
	return s;
}

/* The elements of an array or the members of an object, up to @close. */
static bool parse_items(struct parser *ps, struct json *v, char close,
			unsigned int depth)
{
	struct json *g, item;

	ps->p++;
	skip_space(ps);
	if (*ps->p == close) {
		ps->p++;
		return true;
	}
	for (;;) {
		item = (struct json){ 0 };
		skip_space(ps);
		if (close == '}') {
			if (*ps->p != '"') {
				ps->err = "a member without a name";
				return false;
			}
			item.key = parse_string(ps);
			skip_space(ps);
			if (!item.key || *ps->p++ != ':') {
				ps->err = ps->err ?: "a member without ':'";
				free(item.key);
				return false;
			}
		}
		g = realloc(v->items, (v->nr_items + 1) * sizeof(*g));
		if (!g) {
			ps->err = "out of memory";
			free(item.key);
			return false;
		}
		v->items = g;
		v->items[v->nr_items] = item;
		if (!parse_value(ps, &v->items[v->nr_items++], depth + 1))
			return false;
		skip_space(ps);
		if (*ps->p == close) {
			ps->p++;
			return true;
		}
		if (*ps->p++ != ',') {
			ps->err = "a list without ','";
			return false;
		}
	}
}

static bool parse_value(struct parser *ps, struct json *v, unsigned int depth)
{
	char *end;

	skip_space(ps);
	if (depth > MAX_DEPTH) {
		ps->err = "too deep";
		return false;
	}
	switch (*ps->p) {
	case '{':
		v->type = JSON_OBJECT;
		return parse_items(ps, v, '}', depth);
	case '[':
		v->type = JSON_ARRAY;
		return parse_items(ps, v, ']', depth);
	case '"':
		v->type = JSON_STRING;
		v->string = parse_string(ps);
		return v->string != NULL;
	default:
		break;
	}
	if (!strncmp(ps->p, "true", 4) || !strncmp(ps->p, "false", 5)) {
		v->type = JSON_BOOL;
		v->boolean = *ps->p == 't';
		ps->p += v->boolean ? 4 : 5;
		return true;
	}
	if (!strncmp(ps->p, "null", 4)) {
		v->type = JSON_NULL;
		ps->p += 4;
		return true;
	}
	v->number = strtod(ps->p, &end);
	if (end == ps->p) {
		ps->err = "not a JSON value";
		return false;
	}
	v->type = JSON_NUMBER;
	/* As written too: a 64-bit number does not fit a double. */
	v->string = strndup(ps->p, end - ps->p);
	ps->p = end;
	if (!v->string)
		ps->err = "out of memory";
	return v->string != NULL;
}

static void free_items(struct json *v)
{
	size_t i;

	for (i = 0; i < v->nr_items; i++) {
		free_items(&v->items[i]);
		free(v->items[i].key);
		free(v->items[i].string);
	}
	free(v->items);
}

void json_free(struct json *v)
{
	if (!v)
		return;
	free_items(v);
	free(v->string);
	free(v);
}

struct json *json_parse(const char *text, const char **err)
{
	struct parser ps = { .p = text };
	struct json *v = calloc(1, sizeof(*v));

	if (!v) {
		*err = "out of memory";
		return NULL;
	}
	if (parse_value(&ps, v, 0)) {
		skip_space(&ps);
		if (!*ps.p)
			return v;
		ps.err = "more after the value";
	}
	*err = ps.err;
	json_free(v);
	return NULL;
}

const struct json *json_get(const struct json *v, const char *key)
{
	size_t i;

	for (i = 0; v && v->type == JSON_OBJECT && i < v->nr_items; i++)
		if (!strcmp(v->items[i].key, key))
			return &v->items[i];
	return NULL;
}
