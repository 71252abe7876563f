// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pgtable.h>
#include <asm/contpte_linked.h>
#include "hw/event.h"
#include "hw/mem.h"
#include "report.h"
#include "scenarios.h"
#include "settings.h"

#define TOKEN_VERSION	"c1"
#define LOG_EVENTS	(1u << 16)

static const char alphabet[] =
	"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
#define ALPHABET_LEN	62
/* Runs of zeros at least this long are written _COUNT_. */
#define ZERO_RUN	4

struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL,
			      b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (b->s && b->len + n < b->cap) {
			b->len += n;
			return;
		}
		b->cap = 2 * (b->cap + n + 64);
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			return;
	}
}

char *chk_token_format(const struct chk_scenario *s,
		       const struct chk_result *r)
{
	struct sbuf b = { 0 };
	char settings[32];
	size_t i, run;

	chk_settings_encode(settings, sizeof(settings));
	sb_printf(&b, TOKEN_VERSION ":%s:%s:", s->name, settings);
	if (r->bound == ~0u)
		sb_printf(&b, "u:");
	else
		sb_printf(&b, "%u:", r->bound);
	for (i = 0; i < r->trace.len; i += run) {
		uint32_t v = r->trace.c[i].v;

		for (run = 1; i + run < r->trace.len && !v &&
			      !r->trace.c[i + run].v; run++)
			;
		if (!v && run >= ZERO_RUN) {
			sb_printf(&b, "_%zu_", run);
			continue;
		}
		run = 1;
		if (v < ALPHABET_LEN)
			sb_printf(&b, "%c", alphabet[v]);
		else
			sb_printf(&b, "+%u+", v);
	}
	if (!b.s)
		sb_printf(&b, "%s", "");
	return b.s;
}

static bool push_value(struct chk_token *t, size_t *cap, uint32_t v)
{
	if (t->len == *cap) {
		uint32_t *n;

		*cap = *cap ? 2 * *cap : 64;
		n = realloc(t->values, *cap * sizeof(*n));
		if (!n)
			return false;
		t->values = n;
	}
	t->values[t->len++] = v;
	return true;
}

/* Decimal between two @delim; advances *@s past the second. */
static bool delimited_number(const char **s, char delim, unsigned long *out)
{
	char *end;

	*out = strtoul(*s + 1, &end, 10);
	if (end == *s + 1 || *end != delim || *out > 1ul << 24)
		return false;
	*s = end + 1;
	return true;
}

static bool parse_choices(const char *s, struct chk_token *t)
{
	size_t cap = 0;
	unsigned long n;
	const char *p;

	while (*s) {
		if (*s == '_' || *s == '+') {
			char delim = *s;

			if (!delimited_number(&s, delim, &n))
				return false;
			if (delim == '+') {
				if (!push_value(t, &cap, n))
					return false;
				continue;
			}
			while (n--)
				if (!push_value(t, &cap, 0))
					return false;
			continue;
		}
		p = strchr(alphabet, *s);
		if (!p || !push_value(t, &cap, p - alphabet))
			return false;
		s++;
	}
	return true;
}

const char *chk_token_parse(const char *token, struct chk_token *t)
{
	const char *f[5];
	char name[64];
	unsigned int i;
	char *end;

	*t = (struct chk_token){ 0 };
	f[0] = token;
	for (i = 1; i < 5; i++) {
		f[i] = strchr(f[i - 1], ':');
		if (!f[i])
			return "malformed replay token (expected c1:SCENARIO:SETTINGS:BOUND:CHOICES)";
		f[i]++;
	}
	if (f[1] - f[0] != sizeof(TOKEN_VERSION) ||
	    strncmp(token, TOKEN_VERSION, sizeof(TOKEN_VERSION) - 1))
		return "replay token of an unknown version";
	if ((size_t)(f[2] - f[1]) > sizeof(name))
		return "replay token names an unknown scenario";
	memcpy(name, f[1], f[2] - f[1] - 1);
	name[f[2] - f[1] - 1] = 0;
	t->scn = chk_find_scenario(name);
	if (!t->scn)
		return "replay token names an unknown scenario";
	if (!chk_settings_decode(f[2], f[3] - f[2] - 1))
		return "replay token has malformed design/hardware settings";
	if (!strncmp(f[3], "u:", 2)) {
		t->bound = ~0u;
	} else {
		t->bound = strtoul(f[3], &end, 10);
		if (end == f[3] || *end != ':')
			return "replay token has a malformed preemption bound";
	}
	if (!parse_choices(f[4], t)) {
		free(t->values);
		t->values = NULL;
		return "replay token has malformed choices";
	}
	return NULL;
}

void chk_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* "valid cont young dirty(hw) rdonly write pfn=0x..", or "none". */
static void decode(char *buf, size_t size, uint64_t v)
{
	pte_t pte = __pte(v);
	const char *dirty = pte_hw_dirty(pte) ?
		(pte_sw_dirty(pte) ? " dirty(hw+sw)" : " dirty(hw)") :
		(pte_sw_dirty(pte) ? " dirty(sw)" : "");

	if (!v) {
		snprintf(buf, size, "none");
		return;
	}
	snprintf(buf, size, "%s%s%s%s%s%s pfn=0x%lx",
		 pte_valid(pte) ? "valid" : "invalid",
		 pte_cont(pte) ? " cont" : "", pte_young(pte) ? " young" : "",
		 dirty, pte_rdonly(pte) ? " rdonly" : "",
		 pte_write(pte) ? " write" : "", pte_pfn(pte));
}

/*
 * "T<n>[<index>]": tables are granule-sized and aligned, numbered in the
 * order the log first mentions them.
 */
static void entry_name(char *buf, size_t size, const uint64_t *p)
{
	static const uint64_t *bases[16];
	static unsigned int nr;
	uintptr_t mask = ((uintptr_t)1 << hw_cfg.page_shift) - 1;
	const uint64_t *base = (const uint64_t *)((uintptr_t)p & ~mask);
	unsigned int t;

	for (t = 0; t < nr && bases[t] != base; t++)
		;
	if (t == nr && nr < 16)
		bases[nr++] = base;
	snprintf(buf, size, "T%u[%lu]", t, (unsigned long)(p - base));
}

static bool shown(const struct hw_event *ev)
{
	return ev->kind != HW_EV_ISB;
}

/* Setup runs before the threads; its events are the initial state. */
static const char *event_thread(const struct chk_scenario *s,
				const struct chk_result *r, size_t i,
				const struct hw_event *ev)
{
	if (i < r->setup_events)
		return "setup";
	return ev->cpu < s->nr_threads ? s->thread_names[ev->cpu] : "?";
}

/* One event as text, without its thread. */
static void describe(char *buf, size_t size, const struct hw_event *ev)
{
	char name[32], a[96], b[96];

	switch (ev->kind) {
	case HW_EV_PTE_READ:
		entry_name(name, sizeof(name), ev->ptep);
		decode(a, sizeof(a), ev->new);
		snprintf(buf, size, "read %s = 0x%lx [%s]", name,
			 (unsigned long)ev->new, a);
		break;
	case HW_EV_PTE_WRITE:
	case HW_EV_HW_UPDATE:
	case HW_EV_PTE_CMPXCHG_FAIL:
		entry_name(name, sizeof(name), ev->ptep);
		decode(a, sizeof(a), ev->old);
		decode(b, sizeof(b), ev->new);
		snprintf(buf, size, "%s %s 0x%lx -> 0x%lx [%s] -> [%s]",
			 hw_event_kind_names[ev->kind], name,
			 (unsigned long)ev->old, (unsigned long)ev->new, a, b);
		break;
	case HW_EV_TLBI:
		snprintf(buf, size, "tlbi %s%s va=0x%lx pages=%lu",
			 hw_tlbi_op_names[ev->tlbi.op],
			 ev->tlbi.broadcast ? "is" : "",
			 (unsigned long)ev->tlbi.va,
			 (unsigned long)ev->tlbi.pages);
		break;
	case HW_EV_DSB:
		snprintf(buf, size, "dsb %s", hw_dsb_names[ev->dsb]);
		break;
	default:
		snprintf(buf, size, "%s%s%s", hw_event_kind_names[ev->kind],
			 ev->note ? " " : "", ev->note ? ev->note : "");
		break;
	}
}

static void print_text(FILE *f, const struct chk_token *t,
		       const struct chk_result *r, unsigned long explored,
		       const char *token)
{
	const struct chk_scenario *s = t->scn;
	unsigned int idx[CHK_MAX_THREADS] = { 0 }, th;
	char design[256], hw[256], line[320], linked[512];
	const struct hw_event *ev;
	size_t i;

	chk_describe(design, sizeof(design), true);
	chk_describe(hw, sizeof(hw), false);
	contpte_linked_format(linked, sizeof(linked));
	if (r->violations)
		fprintf(f, "Violation: %s\n  %s\n", r->viol.oracle,
			r->viol.message);
	else
		fprintf(f, "No violation\n");
	fprintf(f, "Scenario: %s\n  design: %s\n  hw: %s\n  contpte.c: %s\n",
		s->name, design, hw, linked);
	fprintf(f, "Setup:\n");
	for (i = 0; i < r->setup_events && (ev = hw_event_log_get(i)); i++) {
		if (!shown(ev))
			continue;
		describe(line, sizeof(line), ev);
		fprintf(f, "  %s\n", line);
	}
	for (th = 0; th < s->nr_threads; th++) {
		unsigned int k = 0;

		fprintf(f, "Thread %u %s (cpu%u):\n", th, s->thread_names[th], th);
		for (i = r->setup_events; (ev = hw_event_log_get(i)); i++) {
			if (ev->cpu != th || !shown(ev))
				continue;
			describe(line, sizeof(line), ev);
			fprintf(f, "  (%u,%u) %s\n", th, ++k, line);
		}
	}
	fprintf(f, "Timeline:\n");
	for (i = r->setup_events; (ev = hw_event_log_get(i)); i++) {
		if (!shown(ev))
			continue;
		th = ev->cpu < CHK_MAX_THREADS ? ev->cpu : 0;
		describe(line, sizeof(line), ev);
		fprintf(f, "  %4zu (%u,%u) %-12s %s\n", i - r->setup_events + 1,
			ev->cpu, ++idx[th], event_thread(s, r, i, ev), line);
	}
	if (hw_event_log_dropped())
		fprintf(f, "  ... %zu more events not logged\n",
			hw_event_log_dropped());
	fprintf(f, "Executions explored: %lu\n", explored);
	fprintf(f, "Replay: contpte replay %s\n", token);
}

static void print_json_events(FILE *f, const struct chk_scenario *s,
			      const struct chk_result *r)
{
	unsigned int idx[CHK_MAX_THREADS] = { 0 };
	const struct hw_event *ev;
	char line[320];
	bool first = true;
	size_t i;

	fprintf(f, "[");
	for (i = 0; (ev = hw_event_log_get(i)); i++) {
		unsigned int th = ev->cpu < CHK_MAX_THREADS ? ev->cpu : 0;

		if (!shown(ev))
			continue;
		describe(line, sizeof(line), ev);
		fprintf(f, "%s{\"thread\": ", first ? "" : ", ");
		chk_json_string(f, event_thread(s, r, i, ev));
		fprintf(f, ", \"cpu\": %u, \"index\": %u, \"event\": ", ev->cpu,
			i < r->setup_events ? 0 : ++idx[th]);
		chk_json_string(f, line);
		fprintf(f, "}");
		first = false;
	}
	fprintf(f, "]");
}

bool chk_print_run(FILE *f, const struct chk_token *t, const char *token,
		   unsigned long explored, bool json)
{
	struct chk_result r;

	hw_event_log_enable(LOG_EVENTS);
	if (!chk_replay(t->scn, t->values, t->len, t->bound, true, &r)) {
		hw_event_log_disable();
		return false;
	}
	if (json) {
		fprintf(f, "{\"oracle\": ");
		chk_json_string(f, r.violations ? r.viol.oracle : "");
		fprintf(f, ", \"message\": ");
		chk_json_string(f, r.violations ? r.viol.message : "");
		fprintf(f, ", \"replay\": ");
		chk_json_string(f, token);
		fprintf(f, ", \"events\": ");
		print_json_events(f, t->scn, &r);
		fprintf(f, "}");
	} else {
		print_text(f, t, &r, explored, token);
	}
	hw_event_log_disable();
	return true;
}
