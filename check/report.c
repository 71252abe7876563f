// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include <linux/pgtable.h>
#include <asm/contpte_linked.h>
#include "hw/event.h"
#include "hw/mem.h"
#include "report.h"
#include "settings.h"

#define LOG_EVENTS	(1u << 16)

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
		fprintf(f, "Violation: %s\n  %s\n", chk_oracle_name(r->viol.oracle),
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

const char *chk_print_run(FILE *f, const struct chk_token *t,
			  const char *token, unsigned long explored, bool json,
			  struct chk_result *out)
{
	struct chk_result r;
	const char *err;

	hw_event_log_enable(LOG_EVENTS);
	err = chk_token_replay(t, &r);
	if (err) {
		hw_event_log_disable();
		chk_result_release(&r);
		return err;
	}
	if (json) {
		fprintf(f, "{\"oracle\": ");
		chk_json_string(f, r.violations ? chk_oracle_name(r.viol.oracle) : "");
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
	chk_result_release(&r);
	if (out)
		*out = r;
	return NULL;
}
