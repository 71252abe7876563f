// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>

#include <linux/bug.h>

static warn_handler_fn warn_handler, bug_handler;
static unsigned long nr_warnings;

void set_warn_handler(warn_handler_fn fn)
{
	warn_handler = fn;
}

void set_bug_handler(warn_handler_fn fn)
{
	bug_handler = fn;
}

unsigned long warn_count(void)
{
	return __atomic_load_n(&nr_warnings, __ATOMIC_RELAXED);
}

void warn_count_reset(void)
{
	__atomic_store_n(&nr_warnings, 0, __ATOMIC_RELAXED);
}

void __warn(const char *file, int line, const char *cond)
{
	__atomic_fetch_add(&nr_warnings, 1, __ATOMIC_RELAXED);
	if (warn_handler)
		warn_handler(file, line, cond);
	else
		fprintf(stderr, "WARNING: %s:%d: %s\n", file, line, cond);
}

void __noreturn_bug(const char *file, int line, const char *cond)
{
	if (bug_handler)
		bug_handler(file, line, cond);
	fprintf(stderr, "BUG: %s:%d: %s\n", file, line, cond);
	abort();
}
