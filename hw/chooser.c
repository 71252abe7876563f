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

size_t hw_choices_format(const struct hw_choice *c, size_t len, char *buf,
			 size_t size)
{
	size_t i, off = 0;
	int w;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < len; i++) {
		w = snprintf(buf + off, off < size ? size - off : 0, "%s%s:%u/%u",
			     i ? " " : "", hw_choice_kind_names[c[i].kind],
			     c[i].value, c[i].n);
		off += w;
	}
	return off;
}

static int kind_by_name(const char *s, size_t len)
{
	int k;

	for (k = 0; k < HW_NR_CHOICE_KINDS; k++)
		if (strlen(hw_choice_kind_names[k]) == len &&
		    !strncmp(hw_choice_kind_names[k], s, len))
			return k;
	return -1;
}

long hw_choices_parse(const char *s, struct hw_choice *out, size_t max)
{
	size_t n = 0;
	const char *colon;
	unsigned int v, k;
	int kind, used;

	for (;;) {
		while (*s == ' ')
			s++;
		if (!*s)
			return n;
		colon = strchr(s, ':');
		if (!colon || n == max)
			return -1;
		kind = kind_by_name(s, colon - s);
		if (kind < 0 ||
		    sscanf(colon + 1, "%u/%u%n", &v, &k, &used) != 2 ||
		    v >= k)
			return -1;
		out[n++] = (struct hw_choice){ kind, k, v };
		s = colon + 1 + used;
		if (*s && *s != ' ')
			return -1;
	}
}
