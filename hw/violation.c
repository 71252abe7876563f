// SPDX-License-Identifier: GPL-2.0-only
#include <pthread.h>
#include <stdio.h>

#include "desc.h"
#include "event.h"
#include "machine.h"
#include "monitor.h"
#include "stats.h"
#include "violation.h"

const char *const hw_oracle_names[HW_NR_ORACLES] = {
	[HW_ORACLE_BBM] = "bbm",
	[HW_ORACLE_MISPROGRAMMED] = "misprogrammed",
	[HW_ORACLE_TLB_CONFLICT] = "tlb-conflict",
	[HW_ORACLE_STALE_TLB] = "stale-tlb",
	[HW_ORACLE_BOOKKEEPING] = "bookkeeping",
};

static pthread_mutex_t viol_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hw_violation recorded[HW_MAX_VIOLATIONS];
static unsigned int total, per_oracle[HW_NR_ORACLES];
static hw_violation_fn handler;
static void *handler_arg;

void hw_set_violation_handler(hw_violation_fn fn, void *arg)
{
	handler = fn;
	handler_arg = arg;
}

unsigned int hw_violations_count(void)
{
	return total;
}

unsigned int hw_violations_of(enum hw_oracle oracle)
{
	return per_oracle[oracle];
}

const struct hw_violation *hw_violation_get(unsigned int i)
{
	return i < total && i < HW_MAX_VIOLATIONS ? &recorded[i] : NULL;
}

void hw_violations_clear(void)
{
	int i;

	pthread_mutex_lock(&viol_lock);
	total = 0;
	for (i = 0; i < HW_NR_ORACLES; i++)
		per_oracle[i] = 0;
	pthread_mutex_unlock(&viol_lock);
}

void hw_violation_add(struct hw_violation *v, const char *role, uint64_t *ptep,
		      uint64_t desc, uint64_t va)
{
	if (v->nr_entries == HW_VIOLATION_ENTRIES)
		return;
	v->entries[v->nr_entries++] = (struct hw_violation_entry){
		.role = role, .ptep = ptep, .desc = desc, .va = va,
	};
}

void hw_violation_report(struct hw_violation *v)
{
	/* The descriptor it is about: a trace shows what last wrote it. */
	struct hw_event ev = { .kind = HW_EV_NOTE, .cpu = v->cpu,
			       .old = v->va, .note = v->what,
			       .ptep = v->nr_entries ? v->entries[0].ptep : NULL };

	v->seq = hw_seq_next();
	hw_mon_provenance(v);
	hw_count(violations);
	hw_event_add(&ev);
	pthread_mutex_lock(&viol_lock);
	if (total < HW_MAX_VIOLATIONS)
		recorded[total] = *v;
	total++;
	per_oracle[v->oracle]++;
	pthread_mutex_unlock(&viol_lock);
	if (handler)
		handler(handler_arg, v);
}

#define out(...)							\
	(off += snprintf(buf + off, off < size ? size - off : 0, __VA_ARGS__))

size_t hw_violation_format(const struct hw_violation *v, char *buf,
			   size_t size)
{
	const struct hw_violation_entry *e;
	const struct hw_write_rec *w;
	char d1[160], d2[160];
	size_t off = 0;
	unsigned int i;

	out("%s: %s\n  cpu %u va 0x%llx seq %llu\n", hw_oracle_names[v->oracle],
	    v->what, v->cpu, (unsigned long long)v->va,
	    (unsigned long long)v->seq);
	if (v->where[0])
		out("  in %s\n", v->where);
	for (i = 0; i < v->nr_entries; i++) {
		e = &v->entries[i];
		hw_desc_format(e->desc, d1, sizeof(d1));
		out("  %-7s pte %p va 0x%llx: %s", e->role, (void *)e->ptep,
		    (unsigned long long)e->va, d1);
		if (e->size_shift)
			out(" [cpu %u tlb, 2^%u bytes, filled at %llu]", e->cpu,
			    e->size_shift, (unsigned long long)e->seq);
		out("\n");
	}
	for (i = 0; i < v->nr_writes; i++) {
		w = &v->writes[i];
		hw_desc_format(w->old, d1, sizeof(d1));
		hw_desc_format(w->new, d2, sizeof(d2));
		out("  write %llu cpu %u%s pte %p: %s -> %s\n",
		    (unsigned long long)w->seq, w->cpu, w->by_hw ? " (hw)" : "",
		    (void *)w->ptep, d1, d2);
	}
	return off;
}
