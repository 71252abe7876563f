// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include "event.h"
#include "mem.h"
#include "site.h"
#include "tlb.h"

/* Each CPU runs one kernel path at a time: its own stack of calls. */
static struct {
	const struct hw_site *site[HW_SITE_DEPTH];
	uint64_t serial[HW_SITE_DEPTH];
	unsigned int depth;
	uint64_t id;		/* of the outermost call in progress */
	uint64_t calls;		/* made on this CPU */
} calls[HW_MAX_CPUS];

static uint64_t last_id;
static void (*enter_hook)(void *arg, const struct hw_site *site);
static void *enter_arg;

void hw_site_enter(const struct hw_site *site)
{
	unsigned int d = calls[hw_this_cpu].depth++;

	if (d == 0)
		calls[hw_this_cpu].id =
			__atomic_add_fetch(&last_id, 1, __ATOMIC_RELAXED);
	if (d < HW_SITE_DEPTH) {
		calls[hw_this_cpu].site[d] = site;
		calls[hw_this_cpu].serial[d] = ++calls[hw_this_cpu].calls;
	}
	if (enter_hook)
		enter_hook(enter_arg, site);
}

void hw_site_set_enter_hook(void (*fn)(void *arg, const struct hw_site *site),
			    void *arg)
{
	enter_hook = fn;
	enter_arg = arg;
}

unsigned int hw_site_depth(unsigned int cpu)
{
	return calls[cpu].depth;
}

const struct hw_site *hw_site_frame(unsigned int cpu, unsigned int d)
{
	return calls[cpu].site[d];
}

uint64_t hw_site_serial(unsigned int cpu, unsigned int d)
{
	return calls[cpu].serial[d];
}

uint64_t hw_site_call_id(void)
{
	return calls[hw_this_cpu].depth ? calls[hw_this_cpu].id : 0;
}

const struct hw_site *hw_site_top(void)
{
	unsigned int d = calls[hw_this_cpu].depth;

	if (!d)
		return NULL;
	return calls[hw_this_cpu].site[d <= HW_SITE_DEPTH ? d - 1 :
					      HW_SITE_DEPTH - 1];
}

bool hw_site_in_header(const struct hw_site *site)
{
	size_t n = strlen(site->file);

	return n > 2 && !strcmp(site->file + n - 2, ".h");
}

const struct hw_site *hw_site_top_in_source(void)
{
	unsigned int d = calls[hw_this_cpu].depth;
	const struct hw_site *s;

	if (d > HW_SITE_DEPTH)
		d = HW_SITE_DEPTH;
	while (d--) {
		s = calls[hw_this_cpu].site[d];
		if (!hw_site_in_header(s))
			return s;
	}
	return hw_site_top();
}

bool hw_site_logging(void)
{
	return hw_event_log_enabled() && !calls[hw_this_cpu].depth;
}

void hw_site_log_call(const struct hw_site *site, const struct hw_value *args,
		      unsigned int nr)
{
	struct hw_event ev = { .kind = HW_EV_CALL, .cpu = hw_this_cpu,
			       .site = site, .nr_args = nr };
	unsigned int i;

	memcpy(ev.args, args, nr * sizeof(*args));
	for (i = 0; i < nr; i++)
		if (args[i].class == HW_VALUE_POINTER &&
		    hw_is_table_mem((const void *)(uintptr_t)args[i].bits))
			ev.args[i].class = HW_VALUE_TABLE;
	hw_event_add(&ev);
}

void hw_site_log_return(const struct hw_site *site, const struct hw_value *ret)
{
	struct hw_event ev = { .kind = HW_EV_RETURN, .cpu = hw_this_cpu,
			       .site = site, .nr_args = ret ? 1 : 0 };

	if (ret)
		ev.args[0] = *ret;
	if (ret && ret->class == HW_VALUE_POINTER &&
	    hw_is_table_mem((const void *)(uintptr_t)ret->bits))
		ev.args[0].class = HW_VALUE_TABLE;
	hw_event_add(&ev);
}

void hw_site_leave(void)
{
	if (calls[hw_this_cpu].depth)
		calls[hw_this_cpu].depth--;
}

void hw_site_reset(void)
{
	memset(calls, 0, sizeof(calls));
}

/*
 * The path from the source tree's top ("arch/arm64/mm/contpte.c"), also
 * for a kernel tree's file compiled by its absolute path.
 */
const char *hw_site_path(const char *file)
{
	static const char *const tops[] = {
		"arch/", "include/", "mm/", "check/", "hw/", "tests/", "shim/",
	};
	const char *best = NULL, *p;
	unsigned int i;

	for (i = 0; i < sizeof(tops) / sizeof(tops[0]); i++) {
		for (p = strstr(file, tops[i]); p; p = strstr(p + 1, tops[i]))
			if (p == file || p[-1] == '/')
				break;
		if (p && (!best || p < best))
			best = p;
	}
	return best ? best : file;
}

static size_t put(char *buf, size_t size, size_t len, const struct hw_site *s)
{
	int n = snprintf(buf + (len < size ? len : size),
			 len < size ? size - len : 0, "%s%s%s%s (%s:%u)",
			 len ? " < " : "", s->callee ? s->callee : "",
			 s->callee ? " from " : "", s->func,
			 hw_site_path(s->file), s->line);

	return n > 0 ? len + n : len;
}

size_t hw_site_format(char *buf, size_t size, const struct hw_site *at)
{
	unsigned int d = calls[hw_this_cpu].depth;
	size_t len = 0;

	if (size)
		buf[0] = 0;
	if (at)
		len = put(buf, size, len, at);
	if (d > HW_SITE_DEPTH)
		d = HW_SITE_DEPTH;
	while (d--)
		len = put(buf, size, len, calls[hw_this_cpu].site[d]);
	return len;
}
