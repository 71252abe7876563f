// SPDX-License-Identifier: GPL-2.0-only
/*
 * Violation records.  The default handler prints them; a checker installs
 * its own to turn them into counterexamples.
 */
#include <stdarg.h>
#include <stdio.h>

#include <linux/smp.h>

#include "core.h"
#include "oracle.h"

static const struct mm_observer *observer;
static mm_violation_fn violation_fn;
static void *violation_arg;
static unsigned long nr_violations;

void mm_set_violation_handler(mm_violation_fn fn, void *arg)
{
	violation_fn = fn;
	violation_arg = arg;
}

unsigned long mm_violation_count(void)
{
	return __atomic_load_n(&nr_violations, __ATOMIC_RELAXED);
}

void mm_violation_count_reset(void)
{
	__atomic_store_n(&nr_violations, 0, __ATOMIC_RELAXED);
}

void mm_report(const char *oracle, unsigned long va, const char *fmt, ...)
{
	struct mm_violation v = { .oracle = oracle, .cpu = smp_processor_id(),
				  .va = va };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v.message, sizeof(v.message), fmt, ap);
	va_end(ap);
	__atomic_fetch_add(&nr_violations, 1, __ATOMIC_RELAXED);
	if (violation_fn)
		violation_fn(violation_arg, &v);
	else
		fprintf(stderr, "violation: %s: cpu%u va %#lx: %s\n",
			v.oracle, v.cpu, v.va, v.message);
}

void mm_set_observer(const struct mm_observer *obs)
{
	observer = obs;
}

void mm_notify_fork(struct mm_model *parent, struct mm_model *child,
		    bool done)
{
	if (observer)
		observer->fork(observer->arg, parent, child, done);
}

void mm_notify_unmap(struct mm_model *mm, unsigned long start,
		     unsigned long end)
{
	if (observer)
		observer->unmap(observer->arg, mm, start, end);
}

void mm_notify_uffd_wp(struct mm_model *mm, unsigned long start,
		       unsigned long end, bool protect)
{
	if (observer)
		observer->uffd_wp(observer->arg, mm, start, end, protect);
}

void mm_notify_refused(struct mm_model *mm, unsigned long va,
		       unsigned int fault_flags)
{
	if (observer)
		observer->refused(observer->arg, mm, va, fault_flags);
}

bool mm_check_table_empty(const pte_t *table, const unsigned long *va)
{
	unsigned int i;
	u64 v;

	for (i = 0; i < PTRS_PER_PTE; i++) {
		v = __atomic_load_n(&pte_val(table[i]), __ATOMIC_RELAXED);
		if (v) {
			mm_report("bookkeeping", va ? *va + i * PAGE_SIZE : 0,
				  "PTE table freed with entry %u left: %#llx",
				  i, (unsigned long long)v);
			return false;
		}
	}
	return true;
}

bool mm_check_leaks(unsigned long cached, unsigned int tables)
{
	unsigned long in_use = max_mapnr - nr_free_pages() - 1;
	bool ok = true;

	if (in_use != cached) {
		mm_report("bookkeeping", 0, "%lu frames in use, %lu expected",
			  in_use, cached);
		ok = false;
	}
	if (!swap_check_leaks())
		ok = false;
	if (!deferred_split_check_leaks())
		ok = false;
	if (!mmlist_check_leaks())
		ok = false;
	if (!anon_vma_check_leaks())
		ok = false;
	if (pgtables_in_use() != tables) {
		mm_report("bookkeeping", 0, "%u tables in use, %u expected",
			  pgtables_in_use(), tables);
		ok = false;
	}
	return ok;
}
