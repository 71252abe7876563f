/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Just enough JSON to read back what `contpte check --json` writes, for
 * `contpte merge`: a parsed value is a tree of these.
 */
#ifndef TOOLS_JSON_H
#define TOOLS_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING,
		 JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	bool boolean;
	double number;
	char *key;		/* an object member's name */
	char *string;		/* a string's value, a number as written */
	struct json *items;	/* an array's elements, an object's members */
	size_t nr_items;
};

/*
 * Parse @text.  Returns the value (free with json_free()), or NULL with
 * *@err naming the problem.
 */
struct json *json_parse(const char *text, const char **err);
void json_free(struct json *v);

/* The member @key of object @v, or NULL. */
const struct json *json_get(const struct json *v, const char *key);

#endif /* TOOLS_JSON_H */
