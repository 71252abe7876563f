// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include <asm/contpte_linked.h>
#include <linux/pgtable.h>
#include <linux/swapops.h>
#include "hw/event.h"
#include "hw/mem.h"
#include "mm/core.h"
#include "mmworld.h"
#include "report.h"
#include "settings.h"
#include "world.h"

#define LOG_EVENTS	(1u << 16)
#define MAX_TABLES	16
#define MAX_LOCKS	16
#define LINE		640

/* One printing of a run: the log, and what the slice keeps of it. */
struct report {
	FILE *f;
	const struct chk_scenario *scn;
	const struct chk_result *r;
	size_t count;			/* events logged */
	size_t end;			/* those before the violation */
	/*
	 * The first event of the threads: the setup's are the initial
	 * state, unless the violation happened in the setup.
	 */
	size_t base;
	unsigned int *index;		/* of each event within its thread */
	bool *in;			/* in the causal slice */
	const uint64_t *tables[MAX_TABLES];
	unsigned int nr_tables;
	const void *locks[MAX_LOCKS];	/* unnamed ones: L<n> */
	unsigned int nr_locks;
};

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

/*
 * "migration(write) young dirty pfn=0x..": the page it stands for, and
 * "cont" should PTE_CONT have leaked into it.
 */
static void decode_migration(char *buf, size_t size, pte_t pte)
{
	swp_entry_t entry = pte_to_swp_entry(pte);

	snprintf(buf, size, "migration(%s)%s%s%s%s pfn=0x%lx",
		 is_writable_migration_entry(entry) ? "write" :
		 is_readable_migration_entry(entry) ? "read" : "read-excl",
		 pte_cont(pte) ? " cont" : "",
		 is_migration_entry_young(entry) ? " young" : "",
		 is_migration_entry_dirty(entry) ? " dirty" : "",
		 pte_swp_uffd_wp(pte) ? " uffd-wp" : "",
		 swp_offset_pfn(entry));
}

/* "swap excl uffd-wp slot=0x..": a swap entry, its slot. */
static void decode_swap(char *buf, size_t size, pte_t pte)
{
	snprintf(buf, size, "swap%s%s%s slot=0x%lx",
		 pte_swp_exclusive(pte) ? " excl" : "",
		 pte_swp_uffd_wp(pte) ? " uffd-wp" : "",
		 pte_cont(pte) ? " cont" : "",
		 swp_offset(pte_to_swp_entry(pte)));
}

/* "valid cont young dirty(hw) rdonly write uffd-wp pfn=0x..", or "none". */
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
	if (is_swap_pte(pte) && is_migration_entry(pte_to_swp_entry(pte))) {
		decode_migration(buf, size, pte);
		return;
	}
	if (is_pte_marker(pte)) {
		snprintf(buf, size, "marker%s%s",
			 pte_marker_uffd_wp(pte) ? " uffd-wp" : "",
			 pte_cont(pte) ? " cont" : "");
		return;
	}
	if (is_swap_pte(pte)) {
		decode_swap(buf, size, pte);
		return;
	}
	snprintf(buf, size, "%s%s%s%s%s%s%s pfn=0x%lx",
		 pte_valid(pte) ? "valid" : "invalid",
		 pte_cont(pte) ? " cont" : "", pte_young(pte) ? " young" : "",
		 dirty, pte_rdonly(pte) ? " rdonly" : "",
		 pte_write(pte) ? " write" : "",
		 pte_uffd_wp(pte) ? " uffd-wp" : "", pte_pfn(pte));
}

/*
 * "T<n>[<index>]": tables are granule-sized and aligned, numbered in the
 * order the report first mentions them.
 */
static void entry_name(struct report *rep, char *buf, size_t size,
		       const void *p)
{
	uintptr_t mask = ((uintptr_t)1 << hw_cfg.page_shift) - 1;
	const uint64_t *base = (const uint64_t *)((uintptr_t)p & ~mask);
	unsigned int t;

	for (t = 0; t < rep->nr_tables && rep->tables[t] != base; t++)
		;
	if (t == rep->nr_tables && t < MAX_TABLES)
		rep->tables[rep->nr_tables++] = base;
	snprintf(buf, size, "T%u[%lu]", t,
		 (unsigned long)((const uint64_t *)p - base));
}

/* The table of @p (T<n>), and its index in it. */
static unsigned int entry_of(struct report *rep, const void *p,
			     unsigned long *index)
{
	uintptr_t mask = ((uintptr_t)1 << hw_cfg.page_shift) - 1;
	const uint64_t *base = (const uint64_t *)((uintptr_t)p & ~mask);
	char buf[32];

	entry_name(rep, buf, sizeof(buf), p);
	*index = (const uint64_t *)p - base;
	return (unsigned int)strtoul(buf + 1, NULL, 10);
}

/* One of @mm's (mm @i's) VMA locks, or the locks of what a VMA maps. */
static bool vma_lock_name(char *buf, size_t size, const void *lock,
			  struct mm_model *mm, unsigned int i)
{
	unsigned int k;

	for (k = 0; k < MM_MAX_VMAS; k++) {
		struct vm_area *v = &mm->vmas[k];
		unsigned long start = v->vma.vm_start;

		if (lock == &v->vm_lock) {
			snprintf(buf, size, "vm_lock of mm %u's VMA at 0x%lx",
				 i, start);
			return true;
		}
		if (!v->mapping)
			continue;
		if (lock == &v->mapping->i_mmap_rwsem) {
			snprintf(buf, size,
				 "i_mmap_rwsem of the file mm %u maps at 0x%lx",
				 i, start);
			return true;
		}
		if (lock == &v->mapping->i_lock) {
			snprintf(buf, size,
				 "i_lock of the file mm %u maps at 0x%lx",
				 i, start);
			return true;
		}
	}
	return false;
}

/* One of mm @i's own locks, or a lock of what it maps. */
static bool mm_lock_name(struct report *rep, char *buf, size_t size,
			 const void *lock, unsigned int i)
{
	struct mm_model *mm = &mm_pool[i];
	char table[32];
	unsigned int j;

	if (lock == &mm->mmap_lock) {
		snprintf(buf, size, "mmap_lock of mm %u", i);
		return true;
	}
	if (lock == &mm->page_table_lock) {
		snprintf(buf, size, "page_table_lock of mm %u", i);
		return true;
	}
	if (lock == &mm->uffd.map_changing_lock) {
		snprintf(buf, size, "map_changing_lock of mm %u's userfaultfd",
			 i);
		return true;
	}
	if (mm->anon_vma && lock == &mm->anon_vma->rwsem) {
		snprintf(buf, size, "the anon_vma lock of mm %u", i);
		return true;
	}
	for (j = 0; j < MM_MAX_PTE_TABLES; j++) {
		if (lock != &mm->ptdescs[j].ptl)
			continue;
		if (!mm->ptdescs[j].table) {
			/* Freed by the end of the run. */
			snprintf(buf, size, "the PTL of mm %u's table %u",
				 i, j);
			return true;
		}
		entry_name(rep, table, sizeof(table), mm->ptdescs[j].table);
		*strchr(table, '[') = 0;
		snprintf(buf, size, "the PTL of %s", table);
		return true;
	}
	return vma_lock_name(buf, size, lock, mm, i);
}

/*
 * What a lock is: the world's PTL, an mm's locks and those of what it
 * maps, a folio's by its pfn; named by what they guard, never by address,
 * which changes from run to run.  Any other lock (the allocator's) is
 * numbered in the order the report first names it, its call site saying
 * which.
 */
static void lock_name(struct report *rep, char *buf, size_t size,
		      const void *lock)
{
	unsigned long pfn;
	unsigned int i;

	if (lock == &chk_w.ptl) {
		snprintf(buf, size, "the PTL");
		return;
	}
	for (i = 0; i < MM_POOL_SIZE; i++)
		if (mm_lock_name(rep, buf, size, lock, i))
			return;
	/* Only the mm world has folios (its scenarios' init). */
	if (rep->scn->init == chk_mm_init && chk_mm_folio_lock(lock, &pfn)) {
		snprintf(buf, size, "the folio lock of pfn 0x%lx", pfn);
		return;
	}
	for (i = 0; i < rep->nr_locks && rep->locks[i] != lock; i++)
		;
	if (i == rep->nr_locks && i < MAX_LOCKS)
		rep->locks[rep->nr_locks++] = lock;
	snprintf(buf, size, "L%u", i);
}

/*
 * " in FUNC (file:line)": the kernel function that made the event.  A
 * primitive in a .c file is its own; one in a header helper is the
 * helper's caller's, when the helper is the call in progress, or else
 * (an inline within the call) the call's: "in ptep_get_lockless from
 * lockless_reader (...)".
 */
static void where(char *buf, size_t size, const struct hw_event *ev)
{
	const struct hw_site *at = ev->at, *top = ev->site;

	buf[0] = 0;
	if (ev->kind == HW_EV_CALL || ev->kind == HW_EV_RETURN)
		return;
	if (at && (!hw_site_in_header(at) || !top))
		snprintf(buf, size, " in %s (%s:%u)", at->func,
			 hw_site_path(at->file), at->line);
	else if (top && (!at || !top->callee || !strcmp(at->func, top->callee)))
		snprintf(buf, size, " in %s (%s:%u)", top->func,
			 hw_site_path(top->file), top->line);
	else if (top)
		snprintf(buf, size, " in %s from %s (%s:%u)", top->callee,
			 top->func, hw_site_path(top->file), top->line);
}

/* What ends an event's text: where it came from, or the MMU's mark. */
static void text_end(char *buf, size_t size, const struct hw_event *ev)
{
	if (ev->kind == HW_EV_HW_UPDATE)
		snprintf(buf, size, " (MMU)");
	else
		where(buf, size, ev);
}

/* An expression worth naming: an identifier, or a member of one. */
static bool simple(const char *expr)
{
	size_t n = strspn(expr, "abcdefghijklmnopqrstuvwxyz"
			  "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789.->");

	return *expr && n == strlen(expr) && n <= 24;
}

/*
 * A value an API call took or returned, for the reader, named by its
 * expression @expr when that is an identifier.
 */
static void value(struct report *rep, char *buf, size_t size,
		  const char *expr, const struct hw_value *v)
{
	const char *name = expr && simple(expr) ? expr : "";
	const char *eq = *name ? "=" : "";
	char d[96];

	switch (v->class) {
	case HW_VALUE_STRUCT:
		decode(d, sizeof(d), v->bits);
		snprintf(buf, size, "%s%s[%s]", name, eq, d);
		break;
	case HW_VALUE_TABLE:
		entry_name(rep, d, sizeof(d), (const void *)(uintptr_t)v->bits);
		snprintf(buf, size, "%s%s%s", name, eq, d);
		break;
	case HW_VALUE_POINTER:
		/* What a pointer to a structure is, its name says. */
		if (expr && *expr == '&' && simple(expr + 1))
			name = expr + 1;
		snprintf(buf, size, "%s", *name ? name : v->bits ? "ptr" : "NULL");
		break;
	default:
		if (expr && strspn(expr, "0123456789") == strlen(expr) && *expr)
			snprintf(buf, size, "%s", expr);
		else
			snprintf(buf, size, v->bits > 9 ? "%s%s%#llx" : "%s%s%llu",
				 name, eq, (unsigned long long)v->bits);
		break;
	}
}

/* "fn(a, b=T3[1], c=[valid ...])": a call and its arguments. */
static void call(struct report *rep, char *buf, size_t size,
		 const struct hw_event *ev)
{
	const char *text = ev->site->args ? ev->site->args : "";
	char expr[128], arg[160];
	size_t len, off;
	unsigned int i;
	int depth;

	len = snprintf(buf, size, "%s(", ev->site->callee);
	for (i = 0; i < ev->nr_args && len < size; i++) {
		/* The i-th expression: up to a comma outside parentheses. */
		while (*text == ' ')
			text++;
		for (off = 0, depth = 0; text[off] && (depth || text[off] != ',');
		     off++)
			depth += (text[off] == '(') - (text[off] == ')');
		snprintf(expr, sizeof(expr), "%.*s", (int)off, text);
		text += off + (text[off] == ',');
		value(rep, arg, sizeof(arg), expr, &ev->args[i]);
		len += snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
				arg);
	}
	if (len < size)
		snprintf(buf + len, size - len, ") from %s (%s:%u)",
			 ev->site->func, hw_site_path(ev->site->file),
			 ev->site->line);
}

/* One event as text, without its thread. */
static void describe(struct report *rep, char *buf, size_t size,
		     const struct hw_event *ev)
{
	char name[32], a[96], b[96], w[256], lock[64];

	text_end(w, sizeof(w), ev);
	switch (ev->kind) {
	case HW_EV_PTE_READ:
		entry_name(rep, name, sizeof(name), ev->ptep);
		decode(a, sizeof(a), ev->new);
		snprintf(buf, size, "read %s = [%s]%s", name, a, w);
		break;
	case HW_EV_PTE_WRITE:
	case HW_EV_HW_UPDATE:
	case HW_EV_PTE_CMPXCHG_FAIL:
		entry_name(rep, name, sizeof(name), ev->ptep);
		decode(a, sizeof(a), ev->old);
		decode(b, sizeof(b), ev->new);
		snprintf(buf, size, "%s %s [%s] -> [%s]%s",
			 ev->kind == HW_EV_HW_UPDATE ? "hardware updates" :
			 ev->kind == HW_EV_PTE_WRITE ? "write" :
			 "cmpxchg fails on", name, a, b, w);
		break;
	case HW_EV_TLBI:
		snprintf(buf, size, "tlbi %s%s va=0x%lx pages=%lu%s",
			 hw_tlbi_op_names[ev->tlbi.op],
			 ev->tlbi.broadcast ? "is" : "",
			 (unsigned long)ev->tlbi.va,
			 (unsigned long)ev->tlbi.pages, w);
		break;
	case HW_EV_DSB:
		snprintf(buf, size, "dsb %s%s", hw_dsb_names[ev->dsb], w);
		break;
	case HW_EV_TLB_FILL:
		entry_name(rep, name, sizeof(name), ev->ptep);
		decode(a, sizeof(a), ev->new);
		snprintf(buf, size, "tlb-fill va=0x%lx from %s [%s]",
			 (unsigned long)ev->old, name, a);
		break;
	case HW_EV_ACCESS:
		snprintf(buf, size, "%s va=0x%lx value=0x%lx", ev->note,
			 (unsigned long)ev->old, (unsigned long)ev->new);
		break;
	case HW_EV_FAULT:
		snprintf(buf, size, "%s fault at va=0x%lx: %s",
			 ev->new ? "store" : "load", (unsigned long)ev->old,
			 ev->note);
		break;
	case HW_EV_CALL:
		call(rep, buf, size, ev);
		break;
	case HW_EV_RETURN:
		if (ev->nr_args) {
			value(rep, a, sizeof(a), NULL, &ev->args[0]);
			snprintf(buf, size, "%s returns %s", ev->site->callee, a);
		} else {
			snprintf(buf, size, "%s returns", ev->site->callee);
		}
		break;
	case HW_EV_LOCK:
	case HW_EV_UNLOCK:
		lock_name(rep, lock, sizeof(lock), ev->lock);
		snprintf(buf, size, "%s %s%s",
			 ev->kind == HW_EV_LOCK ? "lock" : "unlock", lock, w);
		break;
	default:
		snprintf(buf, size, "%s%s%s%s", hw_event_kind_names[ev->kind],
			 ev->note ? " " : "", ev->note ? ev->note : "", w);
		break;
	}
}

static bool shown(const struct hw_event *ev)
{
	return ev->kind != HW_EV_ISB;
}

/* Event @i was logged by the final checks, after every thread ended. */
static bool in_final(const struct report *rep, size_t i)
{
	return rep->r->final_events > rep->r->setup_events &&
	       i >= rep->r->final_events;
}

static const char *thread_name(const struct report *rep, size_t i,
			       const struct hw_event *ev)
{
	if (i < rep->r->setup_events)
		return "setup";
	if (in_final(rep, i))
		return "final";
	return ev->cpu < rep->scn->nr_threads ?
	       rep->scn->thread_names[ev->cpu] : "?";
}

/*
 * The outermost call of @i's thread that @i happened in, if any: its call
 * line (with the arguments; the return line is left out).
 */
static void keep_call(struct report *rep, size_t i)
{
	const struct hw_event *ev = hw_event_log_get(i), *e;
	size_t j;

	if (ev->kind == HW_EV_HW_UPDATE)
		return;
	for (j = i; j-- > rep->base;) {
		e = hw_event_log_get(j);
		if (e->cpu != ev->cpu)
			continue;
		if (e->kind == HW_EV_RETURN)
			return;
		if (e->kind == HW_EV_CALL) {
			rep->in[j] = true;
			return;
		}
	}
}

static bool writes_entry(const struct hw_event *e)
{
	return e->kind == HW_EV_PTE_WRITE || e->kind == HW_EV_HW_UPDATE;
}

/*
 * What came of an entry before @i read it (a write returns what was there;
 * a violation's note names the entry it is about).
 */
static bool reads_entry(const struct hw_event *e)
{
	return e->kind == HW_EV_PTE_READ || e->kind == HW_EV_PTE_WRITE ||
	       e->kind == HW_EV_PTE_CMPXCHG_FAIL ||
	       (e->kind == HW_EV_NOTE && e->ptep);
}

/*
 * What the final checks can depend on: what changed the entries, the
 * TLBs and the data, and the calls that did it.
 */
static bool changes(const struct hw_event *e)
{
	return e->kind == HW_EV_PTE_WRITE || e->kind == HW_EV_HW_UPDATE ||
	       e->kind == HW_EV_TLBI || e->kind == HW_EV_DSB ||
	       e->kind == HW_EV_ACCESS || e->kind == HW_EV_FAULT ||
	       e->kind == HW_EV_NOTE || e->kind == HW_EV_CALL ||
	       e->kind == HW_EV_RETURN;
}

/* A call with nothing kept between it and its return says nothing. */
static void drop_empty_calls(struct report *rep)
{
	const struct hw_event *ev, *e;
	size_t i, j;

	for (i = rep->base; i < rep->count; i++) {
		ev = hw_event_log_get(i);
		if (!rep->in[i] || ev->kind != HW_EV_CALL)
			continue;
		for (j = i + 1; j < rep->count; j++) {
			e = hw_event_log_get(j);
			if (e->cpu != ev->cpu)
				continue;
			if (e->kind == HW_EV_RETURN || rep->in[j])
				break;
		}
		if (j < rep->count && hw_event_log_get(j)->kind == HW_EV_RETURN) {
			rep->in[i] = false;
			rep->in[j] = false;
		}
	}
}

/* The last calls a thread made that the slice keeps whole. */
#define SLICE_CALLS	2

/*
 * Where @cpu's part of the slice starts: its SLICE_CALLS-th last
 * outermost call before @end, or its first event.
 */
static size_t window(const struct report *rep, unsigned int cpu, size_t end)
{
	const struct hw_event *e;
	unsigned int calls = 0;
	size_t j, from = rep->base;

	for (j = end; j-- > rep->base;) {
		e = hw_event_log_get(j);
		if (e->cpu != cpu || e->kind != HW_EV_CALL)
			continue;
		from = j;
		if (++calls == SLICE_CALLS)
			break;
	}
	return from;
}

/* No earlier event: the entry as the setup left it, or no fill logged. */
#define NO_SOURCE	SIZE_MAX

/* A map from an entry, or an entry as one CPU sees it, to an event. */
struct entry_map {
	const void **key;
	size_t *at;
	size_t mask;
};

/* Room for a key per event of @events. */
static bool entry_map_init(struct entry_map *m, size_t events)
{
	size_t cap = 2;

	while (cap < 2 * (events + 1))
		cap *= 2;
	m->key = calloc(cap, sizeof(*m->key));
	m->at = malloc(cap * sizeof(*m->at));
	m->mask = cap - 1;
	return m->key && m->at;
}

static void entry_map_free(struct entry_map *m)
{
	free(m->key);
	free(m->at);
}

static size_t entry_map_hash(const struct entry_map *m, const void *key)
{
	return ((uintptr_t)key >> 3) * 0x9e3779b97f4a7c15ull & m->mask;
}

/* @key's event, NO_SOURCE for one the map does not hold. */
static size_t entry_map_get(const struct entry_map *m, const void *key)
{
	size_t h;

	for (h = entry_map_hash(m, key); m->key[h]; h = (h + 1) & m->mask)
		if (m->key[h] == key)
			return m->at[h];
	return NO_SOURCE;
}

/* @key's slot, added holding NO_SOURCE if new. */
static size_t *entry_map_slot(struct entry_map *m, const void *key)
{
	size_t h;

	for (h = entry_map_hash(m, key); m->key[h] && m->key[h] != key;
	     h = (h + 1) & m->mask)
		;
	if (!m->key[h]) {
		m->key[h] = key;
		m->at[h] = NO_SOURCE;
	}
	return &m->at[h];
}

/* Entries are 8-byte aligned: the low bits carry the CPU. */
static const void *cpu_key(const uint64_t *ptep, unsigned int cpu)
{
	_Static_assert(HW_MAX_CPUS <= 8, "a CPU fits an entry's low bits");
	return (const void *)((uintptr_t)ptep | cpu);
}

/*
 * The write a TLB fill @ev cached: its entry's last write @last; or, for
 * the fill logged when the machine decided the size of an entry an
 * earlier walk cached (the same descriptor, from the same entry, by the
 * same CPU: @prev) after the entry changed again, that walk's.
 */
static size_t fill_source(const size_t *src, size_t prev, size_t last,
			  const struct hw_event *ev)
{
	if (prev != NO_SOURCE && hw_event_log_get(prev)->new == ev->new &&
	    (last == NO_SOURCE || hw_event_log_get(last)->new != ev->new))
		return src[prev];
	return last;
}

/*
 * What each event before the violation came from, in one pass forward:
 * for one that reads an entry, the last earlier write of that entry; for
 * a TLB fill, the write it cached (fill_source()); for an access, its
 * CPU's last TLB fill from the entry it translated through (a hit may
 * follow fills of other pages).  A walk back from each event would cost
 * a livelock's whole log (its 65,536 events) per read.  NULL when out of
 * memory.
 */
static size_t *sources(const struct report *rep)
{
	struct entry_map lw = { 0 }, fills = { 0 };
	const struct hw_event *ev;
	size_t *src, *w, *f, i;
	bool tlb;

	src = malloc((rep->end + 1) * sizeof(*src));
	if (!entry_map_init(&lw, rep->end) ||
	    !entry_map_init(&fills, rep->end) || !src) {
		free(src);
		src = NULL;
		goto out;
	}
	for (i = rep->base; i < rep->end; i++) {
		ev = hw_event_log_get(i);
		src[i] = NO_SOURCE;
		if (!ev->ptep)
			continue;
		w = entry_map_slot(&lw, ev->ptep);
		if (reads_entry(ev))
			src[i] = *w;
		if (writes_entry(ev))
			*w = i;
		tlb = ev->kind == HW_EV_ACCESS || ev->kind == HW_EV_TLB_FILL;
		if (!tlb || ev->cpu >= HW_MAX_CPUS)
			continue;
		f = entry_map_slot(&fills, cpu_key(ev->ptep, ev->cpu));
		if (ev->kind == HW_EV_ACCESS) {
			src[i] = *f;
		} else {
			src[i] = fill_source(src, *f, *w, ev);
			*f = i;
		}
	}
out:
	entry_map_free(&lw);
	entry_map_free(&fills);
	return src;
}

/*
 * A read-modify-write window of an entry: the reading CPU's first read
 * of it at @from and its last before the hardware update at @upd (the
 * values what it built came from), with the call that made the first,
 * the update, and what the CPU did from then to its write at @to.
 */
static void keep_window(struct report *rep, size_t from, size_t upd,
			size_t to)
{
	const struct hw_event *w = hw_event_log_get(to), *e;
	size_t j, last = from;

	for (j = from; j <= to; j++) {
		e = hw_event_log_get(j);
		if (e->ptep != w->ptep || e->cpu != w->cpu || !reads_entry(e))
			continue;
		if (j < upd) {
			last = j;
			continue;
		}
		rep->in[j] = true;
	}
	rep->in[from] = rep->in[last] = rep->in[upd] = true;
	keep_call(rep, from);
}

/*
 * The hardware's update @i of an entry falls in the window of each other
 * CPU that read the entry since its last write of it (@first), unless an
 * earlier update already did (@upd).
 */
static void note_update(const struct entry_map *first, struct entry_map *upd,
			const struct hw_event *ev, size_t i)
{
	unsigned int cpu;
	size_t *u;

	for (cpu = 0; cpu < HW_MAX_CPUS; cpu++) {
		if (cpu == ev->cpu ||
		    entry_map_get(first, cpu_key(ev->ptep, cpu)) == NO_SOURCE)
			continue;
		u = entry_map_slot(upd, cpu_key(ev->ptep, cpu));
		if (*u == NO_SOURCE)
			*u = i;
	}
}

/*
 * The race behind a lost access or dirty bit: the hardware updated an
 * entry between another CPU's read of it and that CPU's next write of it.
 * Whatever the write kept, what the CPU built from its read (a child's
 * copy, a decision to discard) missed the update, however far it lies
 * from the violation.  Each such read-modify-write window joins the
 * slice.  False when out of memory.
 */
static bool races(struct report *rep)
{
	struct entry_map first = { 0 }, upd = { 0 };
	const struct hw_event *ev;
	size_t i, *f, *u;
	bool ok;

	ok = entry_map_init(&first, rep->end) && entry_map_init(&upd, rep->end);
	for (i = rep->base; ok && i < rep->end; i++) {
		ev = hw_event_log_get(i);
		if (!ev->ptep || ev->cpu >= HW_MAX_CPUS)
			continue;
		if (ev->kind == HW_EV_HW_UPDATE) {
			note_update(&first, &upd, ev, i);
			continue;
		}
		f = entry_map_slot(&first, cpu_key(ev->ptep, ev->cpu));
		if (ev->kind == HW_EV_PTE_WRITE) {
			u = entry_map_slot(&upd, cpu_key(ev->ptep, ev->cpu));
			if (*u != NO_SOURCE &&
			    in_final(rep, *f) == in_final(rep, i))
				keep_window(rep, *f, *u, i);
			*f = *u = NO_SOURCE;
		} else if (*f == NO_SOURCE && (ev->kind == HW_EV_PTE_READ ||
					      ev->kind == HW_EV_PTE_CMPXCHG_FAIL)) {
			*f = i;
		}
	}
	entry_map_free(&first);
	entry_map_free(&upd);
	return ok;
}

/* The last write of @ptep before event @i, by software or the hardware. */
static size_t last_write(const struct report *rep, const void *ptep, size_t i)
{
	const struct hw_event *e;

	while (i-- > rep->base) {
		e = hw_event_log_get(i);
		if (e->ptep == ptep &&
		    (writes_entry(e) || e->kind == HW_EV_HW_UPDATE))
			return i;
	}
	return NO_SOURCE;
}

/*
 * Event @i, the last a thread did to the process's memory, and what it
 * depended on: a fault alone; a write of an entry with its call (the
 * unmap of a page reclaim then discards); an access with the TLB fill it
 * used and the writes of the entry the fill read, back to the last by
 * software (a store the folio never heard of, through an entry another
 * thread made writable).
 */
static void keep_last(struct report *rep, const size_t *src, size_t i)
{
	const struct hw_event *ev = hw_event_log_get(i);
	size_t fill, w;

	rep->in[i] = true;
	if (ev->kind == HW_EV_PTE_WRITE)
		keep_call(rep, i);
	if (ev->kind != HW_EV_ACCESS || src[i] == NO_SOURCE)
		return;
	fill = src[i];
	rep->in[fill] = true;
	for (w = src[fill]; w != NO_SOURCE;
	     w = last_write(rep, hw_event_log_get(fill)->ptep, w)) {
		rep->in[w] = true;
		keep_call(rep, w);
		if (hw_event_log_get(w)->kind != HW_EV_HW_UPDATE)
			break;
	}
}

/*
 * Some threads' last calls keep nothing: an fsync's lookups of clean
 * folios, a pin's release, a wait for a userfaultfd monitor.  Such a
 * thread, @t or, for the final checks (CHK_NO_THREAD), any, still shows
 * its last fault, write of an entry or access (keep_last()).  Whether @t
 * shows anything now.
 */
static bool keep_last_access(struct report *rep, const size_t *src,
			     size_t final, unsigned int t)
{
	bool kept[CHK_MAX_THREADS] = { false };
	size_t last[CHK_MAX_THREADS], i;
	const struct hw_event *ev;
	unsigned int cpu;

	for (cpu = 0; cpu < CHK_MAX_THREADS; cpu++)
		last[cpu] = NO_SOURCE;
	for (i = rep->base; i < final; i++) {
		ev = hw_event_log_get(i);
		if (ev->cpu >= CHK_MAX_THREADS)
			continue;
		kept[ev->cpu] |= rep->in[i];
		if (ev->kind == HW_EV_ACCESS || ev->kind == HW_EV_FAULT ||
		    ev->kind == HW_EV_PTE_WRITE)
			last[ev->cpu] = i;
	}
	for (cpu = 0; cpu < CHK_MAX_THREADS; cpu++)
		if (!kept[cpu] && last[cpu] != NO_SOURCE &&
		    (t == CHK_NO_THREAD || cpu == t))
			keep_last(rep, src, last[cpu]);
	/* CHK_NO_THREAD is past every thread. */
	return t >= CHK_MAX_THREADS || kept[t] || last[t] != NO_SOURCE;
}

/*
 * A violation's note @i names the entry it is about: what last wrote it
 * (there is such a write, src[@i]),
 * with the call, and the last TLB fill from it, by any CPU.  A frame
 * freed under a stale translation is reported by the CPU that frees,
 * while the fill and the write that made it stale may lie outside that
 * thread's last calls.
 */
static void keep_named_entry(struct report *rep, const size_t *src, size_t i)
{
	const struct hw_event *ev = hw_event_log_get(i), *e;
	size_t j;

	rep->in[src[i]] = true;
	keep_call(rep, src[i]);
	for (j = i; j-- > rep->base;) {
		e = hw_event_log_get(j);
		if (e->kind == HW_EV_TLB_FILL && e->ptep == ev->ptep) {
			rep->in[j] = true;
			return;
		}
	}
}

/* A failed attempt: the thread's next event is another on the lock. */
static bool lock_retried(const struct report *rep, size_t i)
{
	const struct hw_event *ev = hw_event_log_get(i), *e;
	size_t j;

	if (ev->kind != HW_EV_LOCK)
		return false;
	for (j = i + 1; j < rep->count; j++) {
		e = hw_event_log_get(j);
		if (e->cpu == ev->cpu)
			return e->kind == HW_EV_LOCK && e->lock == ev->lock;
	}
	return false;
}

/*
 * @cpu's event on @lock next to @i, before or after it (@i itself not
 * counted), or NO_SOURCE.
 */
static size_t next_on_lock(const struct report *rep, const void *lock,
			   unsigned int cpu, size_t i, bool before)
{
	const struct hw_event *e;
	size_t j;

	for (j = i; before ? j-- > rep->base : ++j < rep->end;) {
		e = hw_event_log_get(j);
		if (e->cpu == cpu && e->lock == lock)
			return j;
	}
	return NO_SOURCE;
}

/*
 * The hold of @lock that @cpu's event @i on it begins or ends: its
 * acquisition in *@from and its release in *@to, each NO_SOURCE where
 * not logged (a trylock that failed has no release).  The scans stop at
 * @cpu's next event on the lock.
 */
static void hold_ends(const struct report *rep, const void *lock,
		      unsigned int cpu, size_t i, size_t *from, size_t *to)
{
	bool locks = hw_event_log_get(i)->kind == HW_EV_LOCK;

	*from = locks ? i : next_on_lock(rep, lock, cpu, i, true);
	*to = locks ? next_on_lock(rep, lock, cpu, i, false) : i;
	if (*from != NO_SOURCE && hw_event_log_get(*from)->kind != HW_EV_LOCK)
		*from = NO_SOURCE;
	if (*to != NO_SOURCE && hw_event_log_get(*to)->kind != HW_EV_UNLOCK)
		*to = NO_SOURCE;
}

/* That hold kept: both ends, the acquisition with its call. */
static void keep_hold(struct report *rep, size_t from, size_t to)
{
	if (from != NO_SOURCE) {
		rep->in[from] = true;
		keep_call(rep, from);
	}
	if (to != NO_SOURCE)
		rep->in[to] = true;
}

/* Another thread's hold around its event @j on @lock, kept. */
static void keep_other_hold(struct report *rep, const void *lock, size_t j)
{
	size_t from, to;

	if (j == NO_SOURCE)
		return;
	hold_ends(rep, lock, hw_event_log_get(j)->cpu, j, &from, &to);
	keep_hold(rep, from, to);
}

/*
 * The nearest release of @lock by another thread than @t before @t's
 * acquisition attempt @i, or after it while @t waits: an attempt is
 * logged at the scheduling point before it, and the holder @t waited
 * for, or came after, may run between the two.  @t's previous event on
 * the lock, or its next event of any kind, ends the search.
 */
static size_t release_before(const struct report *rep, const void *lock,
			     unsigned int t, size_t i)
{
	const struct hw_event *e;
	size_t j, found = NO_SOURCE;

	for (j = i + 1; j < rep->end; j++) {
		e = hw_event_log_get(j);
		if (e->cpu == t)
			break;
		if (e->lock == lock && e->kind == HW_EV_UNLOCK &&
		    e->cpu < CHK_MAX_THREADS)
			found = j;
	}
	for (j = i; found == NO_SOURCE && j-- > rep->base;) {
		e = hw_event_log_get(j);
		if (e->lock != lock || e->cpu >= CHK_MAX_THREADS)
			continue;
		if (e->cpu == t)
			break;
		if (e->kind == HW_EV_UNLOCK)
			found = j;
	}
	return found;
}

/*
 * The first successful acquisition of @lock by another thread than @t
 * after @t's release @i, up to the violation or @t's next event on the
 * lock; NO_SOURCE if none.
 */
static size_t acquire_after(const struct report *rep, const void *lock,
			    unsigned int t, size_t i)
{
	const struct hw_event *e;
	size_t j;

	for (j = i + 1; j < rep->end; j++) {
		e = hw_event_log_get(j);
		if (e->lock != lock || e->cpu >= CHK_MAX_THREADS)
			continue;
		if (e->cpu == t)
			break;
		if (e->kind == HW_EV_LOCK && !lock_retried(rep, j))
			return j;
	}
	return NO_SOURCE;
}

/*
 * Lock order, the reads-from of locks: each hold of a lock the slice
 * shows @t taking or letting go of is kept whole, with the other
 * threads' hold of it just before the acquisition (what @t found the
 * lock protecting was left so by that holder: fsync()'s writeback before
 * reclaim's trylock) and just after the release, up to the violation
 * (what another thread did with the object once @t let go of it:
 * MADV_FREE taking a folio out of the swap cache while its copy is in
 * flight).  Only @t's events are looked at: the holds added are others'.
 */
static void keep_lock_order(struct report *rep, unsigned int t)
{
	const struct hw_event *ev;
	size_t i, from, to;

	for (i = rep->base; i < rep->end; i++) {
		ev = hw_event_log_get(i);
		if (!rep->in[i] || ev->cpu != t ||
		    (ev->kind != HW_EV_LOCK && ev->kind != HW_EV_UNLOCK) ||
		    lock_retried(rep, i))
			continue;
		hold_ends(rep, ev->lock, t, i, &from, &to);
		keep_hold(rep, from, to);
		if (from != NO_SOURCE)
			keep_other_hold(rep, ev->lock,
					release_before(rep, ev->lock, t, from));
		if (to != NO_SOURCE)
			keep_other_hold(rep, ev->lock,
					acquire_after(rep, ev->lock, t, to));
	}
}

/*
 * The causal slice: the last calls of the thread that broke the oracle
 * (of every thread and of the final checks, but their plain reads, when
 * the final checks did),
 * then what the entries they read held came from (a write of another
 * thread with the call that made it, or the hardware), the TLB fill
 * each of their accesses used, what a violation's note names
 * (keep_named_entry()), every race of the hardware with a
 * read-modify-write of an entry (races()), the other threads' holds
 * around the locks the thread's kept events take (keep_lock_order()),
 * and the last access of a
 * thread that showed nothing else (keep_last_access()).  False when out
 * of memory.
 */
static bool slice(struct report *rep)
{
	unsigned int t = rep->r->viol.thread, cpu;
	size_t from[CHK_MAX_THREADS], from_final, *src, i, j, final;
	const struct hw_event *ev, *e;

	src = sources(rep);
	if (!src)
		return false;
	/*
	 * The final checks run on CPU 0 after the threads: each part has
	 * its own last calls.
	 */
	final = in_final(rep, rep->end - 1) ? rep->r->final_events : rep->end;
	for (cpu = 0; cpu < CHK_MAX_THREADS; cpu++)
		from[cpu] = window(rep, cpu, final);
	from_final = window(rep, 0, rep->end);
	for (i = rep->base; i < rep->end; i++) {
		ev = hw_event_log_get(i);
		rep->in[i] = shown(ev) && ev->cpu < CHK_MAX_THREADS &&
			     i >= (i >= final ? from_final : from[ev->cpu]) &&
			     (t == CHK_NO_THREAD ? changes(ev) : ev->cpu == t);
	}
	for (i = rep->end; i-- > rep->base;) {
		ev = hw_event_log_get(i);
		j = src[i];
		if (!rep->in[i] || (t != CHK_NO_THREAD && ev->cpu != t) ||
		    j == NO_SOURCE)
			continue;
		e = hw_event_log_get(j);
		if (ev->kind == HW_EV_NOTE) {
			keep_named_entry(rep, src, i);
		} else if (ev->kind == HW_EV_ACCESS) {
			rep->in[j] = true;
		} else if (e->cpu != ev->cpu || e->kind == HW_EV_HW_UPDATE ||
			   in_final(rep, i) != in_final(rep, j)) {
			rep->in[j] = true;
			keep_call(rep, j);
		}
	}
	if (!races(rep)) {
		free(src);
		return false;
	}
	if (t < CHK_MAX_THREADS)
		keep_lock_order(rep, t);
	drop_empty_calls(rep);
	/* A livelock blames the thread that ran last, maybe one that waits. */
	if (!keep_last_access(rep, src, final, t))
		keep_last_access(rep, src, final, CHK_NO_THREAD);
	free(src);
	return true;
}

/*
 * @a and @b, descriptions of consecutive entries, say the same but for
 * every pfn one higher in @b: "... pfn=0x20 ..." and "... pfn=0x21 ...".
 */
static bool next_pfn(const char *a, const char *b)
{
	char *ea, *eb;

	while (*a && *a == *b) {
		if (strncmp(a, "pfn=0x", 6)) {
			a++;
			b++;
			continue;
		}
		if (strtoul(b + 6, &eb, 16) != strtoul(a + 6, &ea, 16) + 1)
			return false;
		a = ea;
		b = eb;
	}
	return !*a && !*b;
}

/*
 * The words of a descriptor's text that the hardware's access and dirty
 * updates change, in whichever entry of a block they land.
 */
static bool ad_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"young", "rdonly", "dirty(hw)", "dirty(sw)", "dirty(hw+sw)",
	};
	unsigned int i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && !strncmp(w, words[i], n))
			return true;
	return false;
}

/* @src without its access and dirty words, into @dst (LINE bytes). */
static const char *strip_ad(char *dst, const char *src)
{
	size_t len = 0, n;

	for (; *src; src += n + (src[n] == ' ')) {
		n = strcspn(src, " ");
		if (ad_word(src, n) || len + n + 2 > LINE)
			continue;
		len += sprintf(dst + len, "%s%.*s", len ? " " : "", (int)n, src);
	}
	dst[len] = 0;
	return dst;
}

/* Events @a then @b fold into one line: a loop over a block. */
static bool folds(struct report *rep, const struct hw_event *a,
		  const struct hw_event *b, const char *da, const char *db)
{
	unsigned long ia, ib;
	char wa[256], wb[256], sa[LINE], sb[LINE];

	if (a->cpu == b->cpu && a->kind == b->kind && !strcmp(da, db))
		return true;
	if (a->cpu != b->cpu || a->kind != b->kind ||
	    (a->kind != HW_EV_PTE_READ && a->kind != HW_EV_PTE_WRITE &&
	     a->kind != HW_EV_HW_UPDATE) ||
	    entry_of(rep, a->ptep, &ia) != entry_of(rep, b->ptep, &ib) ||
	    ib != ia + 1)
		return false;
	where(wa, sizeof(wa), a);
	where(wb, sizeof(wb), b);
	if (strcmp(wa, wb))
		return false;
	/*
	 * The same words but for the entry, a pfn that steps, and where
	 * the hardware put A/D: print_run() names the entries that differ
	 * from the first in those.
	 */
	return next_pfn(strip_ad(sa, strchr(da, ']')),
			strip_ad(sb, strchr(db, ']')));
}

/* The access and dirty words of @text, in order. */
static const char *ad_words(char *dst, const char *text)
{
	size_t len = 0, n;

	for (; *text; text += n + (text[n] == ' ')) {
		n = strcspn(text, " ]");
		if (ad_word(text, n))
			len += sprintf(dst + len, " %.*s", (int)n, text);
		n += text[n] == ']';
	}
	dst[len] = 0;
	return dst;
}

/* Event @i of a run: its text without where it is, and its A/D words. */
static void run_event(struct report *rep, const size_t *run, unsigned int i,
		      char *text, char *ad)
{
	const struct hw_event *ev = hw_event_log_get(run[i]);
	char w[256];

	describe(rep, text, LINE, ev);
	text_end(w, sizeof(w), ev);
	text[strlen(text) - strlen(w)] = 0;
	ad_words(ad, text);
}

/* The run's most common access and dirty state (a majority vote). */
static unsigned int common_ad(struct report *rep, const size_t *run,
			      unsigned int n)
{
	char text[LINE], ad[LINE], best[LINE];
	unsigned int i, pick = 0, votes = 0;

	for (i = 0; i < n; i++) {
		run_event(rep, run, i, text, ad);
		if (!votes) {
			pick = i;
			strcpy(best, ad);
		}
		votes += strcmp(ad, best) ? -1 : 1;
	}
	return pick;
}

/*
 * @tmpl with the pfns of @src in place of its own, into @dst (LINE
 * bytes): the two are texts of one loop that differ in A/D and pfns.
 */
static void with_pfns_of(char *dst, const char *tmpl, const char *src)
{
	size_t len = 0, k;
	const char *q;

	while ((q = strstr(tmpl, "pfn=0x")) && (src = strstr(src, "pfn=0x"))) {
		q += 6;
		src += 6;
		k = strspn(src, "0123456789abcdef");
		len += snprintf(dst + len, LINE - len, "%.*s%.*s",
				(int)(q - tmpl), tmpl, (int)k, src);
		tmpl = q + strspn(q, "0123456789abcdef");
		src += k;
	}
	snprintf(dst + len, LINE - len, "%s", tmpl);
}

/*
 * ", T0[8] = [valid cont young pfn=0x18]" for each event of @run whose
 * access and dirty state is not @common's, into @buf: where a gathering
 * loop found A/D is the point of most contpte traces.  Past the third,
 * by name only.
 */
#define ODD_IN_FULL	3
static void odd_entries(struct report *rep, char *buf, size_t size,
			const size_t *run, unsigned int n, unsigned int common)
{
	char text[LINE], ad0[LINE], ad[LINE];
	unsigned int i, odd = 0;
	size_t len = 0;
	const char *p;

	run_event(rep, run, common, text, ad0);
	buf[0] = 0;
	for (i = 0; i < n && len < size; i++) {
		run_event(rep, run, i, text, ad);
		if (!strcmp(ad, ad0))
			continue;
		/* From the entry's name on: "T0[8] = [...]". */
		p = strstr(text, " T");
		p = p ? p + 1 : text;
		if (odd++ < ODD_IN_FULL)
			len += snprintf(buf + len, size - len, ", %s", p);
		else
			len += snprintf(buf + len, size - len, ", %.*s",
					(int)strcspn(p, " "), p);
	}
}

/* One line of a trace: whose events, which of them, and what they did. */
struct trace_line {
	unsigned int cpu, first, last;	/* indices within the thread */
	const char *tname;
	char *text;
};

/* The lines of a trace, in order. */
struct trace {
	struct trace_line *line;
	size_t n, cap;
	bool oom;
};

/*
 * The text of a folded run of events @first..@last (indices into @run),
 * into @line (LINE bytes): the text of its most common A/D state with
 * the entry and pfn ranges of the run, then the entries whose A/D
 * differ.
 */
static void run_text(struct report *rep, const size_t *run, unsigned int n,
		     const char *first, const char *last, char *line)
{
	const struct hw_event *a = hw_event_log_get(run[0]);
	const struct hw_event *z = hw_event_log_get(run[n - 1]);
	char w[256], tmpl[LINE], ad[LINE];
	unsigned int common;
	unsigned long ia, iz;
	const char *pz, *p;
	size_t len = 0;

	if (n == 1) {
		snprintf(line, LINE, "%s", first);
		return;
	}
	/* The same event again and again: a loop that did not move. */
	if (!strcmp(first, last)) {
		snprintf(line, LINE, "%s (%u times)", first, n);
		return;
	}
	entry_of(rep, a->ptep, &ia);
	entry_of(rep, z->ptep, &iz);
	text_end(w, sizeof(w), a);
	common = common_ad(rep, run, n);
	run_event(rep, run, common, line, ad);
	with_pfns_of(tmpl, line, first);
	/* "read T3[0" + "..15]" + the rest, every pfn as a range. */
	len += snprintf(line, LINE, "%.*s..%lu",
			(int)(strchr(first, ']') - first), first, iz);
	p = strchr(tmpl, ']');
	for (pz = strchr(last, ']'); *p && len < LINE;) {
		const char *q = strstr(p, "pfn=0x"), *qz = strstr(pz, "pfn=0x");

		if (!q || !qz) {
			len += snprintf(line + len, LINE - len, "%s", p);
			if (len < LINE)
				odd_entries(rep, line + len, LINE - len,
					    run, n, common);
			len = strlen(line);
			if (len < LINE)
				snprintf(line + len, LINE - len, "%s", w);
			break;
		}
		q += 6;
		qz += 6;
		len += snprintf(line + len, LINE - len, "%.*s..0x%lx",
				(int)(q + strspn(q, "0123456789abcdef") - p), p,
				strtoul(qz, NULL, 16));
		p = q + strspn(q, "0123456789abcdef");
		pz = qz + strspn(qz, "0123456789abcdef");
	}
}

/* The run @run[0..@n) as the trace's next line. */
static void add_run(struct report *rep, struct trace *tr, const size_t *run,
		    unsigned int n, const char *first, const char *last,
		    const char *tname)
{
	char text[LINE];
	struct trace_line *l;

	if (tr->n == tr->cap) {
		l = realloc(tr->line, (tr->cap * 2 + 64) * sizeof(*l));
		if (!l) {
			tr->oom = true;
			return;
		}
		tr->line = l;
		tr->cap = tr->cap * 2 + 64;
	}
	run_text(rep, run, n, first, last, text);
	l = &tr->line[tr->n];
	*l = (struct trace_line){
		.cpu = hw_event_log_get(run[0])->cpu,
		.first = rep->index[run[0]],
		.last = rep->index[run[n - 1]],
		.tname = tname,
		.text = strdup(text),
	};
	if (l->text)
		tr->n++;
	else
		tr->oom = true;
}

static void print_line(struct report *rep, const struct trace_line *l)
{
	char idx[32];

	if (l->first == l->last)
		snprintf(idx, sizeof(idx), "(%u,%u)", l->cpu, l->first);
	else
		snprintf(idx, sizeof(idx), "(%u,%u-%u)", l->cpu, l->first,
			 l->last);
	fprintf(rep->f, "  %-9s %-12s %s\n", idx, l->tname, l->text);
}

/* The longest loop body, in lines, a trace folds. */
#define LOOP_LINES	8

static bool same_lines(const struct trace_line *a,
		       const struct trace_line *b, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (a[i].cpu != b[i].cpu || a[i].tname != b[i].tname ||
		    strcmp(a[i].text, b[i].text))
			return false;
	return true;
}

/*
 * The loop at @l: the body of @p lines (at most LOOP_LINES) that the
 * most lines after it repeat whole, and how many times (0: none).
 */
static unsigned int loop_at(const struct trace_line *l, size_t left,
			    unsigned int *p)
{
	unsigned int body, r, best = 0;

	*p = 0;
	for (body = 1; body <= LOOP_LINES && 2 * body <= left; body++) {
		for (r = 0; (r + 2) * body <= left &&
			    same_lines(l, l + (r + 1) * body, body); r++)
			;
		if (r * body > best * *p) {
			best = r;
			*p = body;
		}
	}
	return best;
}

/*
 * The trace's lines, each loop that repeats its body whole printed once
 * and then as one line: a livelock's retries, a spinner's attempts.
 */
static void print_lines(struct report *rep, const struct trace *tr,
			bool folded)
{
	const struct trace_line *l, *z;
	unsigned int body, r;
	size_t k = 0;

	while (k < tr->n) {
		l = &tr->line[k];
		r = folded ? loop_at(l, tr->n - k, &body) : 0;
		if (r * body < 2) {
			print_line(rep, l);
			k++;
			continue;
		}
		for (; l < &tr->line[k + body]; l++)
			print_line(rep, l);
		z = &tr->line[k + (r + 1) * body - 1];
		fprintf(rep->f, "  %-9s %-12s the %u line%s above again, %u more time%s, to (%u,%u)\n",
			"", "", body, body > 1 ? "s" : "", r, r > 1 ? "s" : "",
			z->cpu, z->last);
		k += (r + 1) * body;
	}
}

/*
 * The events of @rep kept by @keep, in order, runs over a block folded
 * and (if @folded) repeated loops too.
 */
static void print_events(struct report *rep, bool folded)
{
	char text[2][LINE];
	size_t run[LOG_EVENTS > 4096 ? 4096 : LOG_EVENTS], i;
	const struct hw_event *ev, *prev = NULL;
	struct trace tr = { 0 };
	unsigned int n = 0, cur = 0;
	const char *tname = "";
	char first[LINE];

	for (i = rep->base; i < rep->count; i++) {
		ev = hw_event_log_get(i);
		if (!rep->in[i] || (folded && lock_retried(rep, i)))
			continue;
		describe(rep, text[cur], LINE, ev);
		if (n && folded && n < 4096 &&
		    folds(rep, prev, ev, text[!cur], text[cur])) {
			run[n++] = i;
			prev = ev;
			cur = !cur;
			continue;
		}
		if (n)
			add_run(rep, &tr, run, n, first, text[!cur], tname);
		snprintf(first, sizeof(first), "%s", text[cur]);
		tname = thread_name(rep, i, ev);
		run[0] = i;
		n = 1;
		prev = ev;
		cur = !cur;
	}
	if (n)
		add_run(rep, &tr, run, n, first, text[!cur], tname);
	print_lines(rep, &tr, folded);
	if (tr.oom)
		fprintf(rep->f, "  ... out of memory: the trace stops here\n");
	for (i = 0; i < tr.n; i++)
		free(tr.line[i].text);
	free(tr.line);
}

/* The words of @cur that are not in @base ("K=V K=V"), into @buf. */
static void changed(char *buf, size_t size, const char *cur, const char *base)
{
	char words[256], *w, *save;
	size_t len = 0;
	size_t n;

	snprintf(words, sizeof(words), "%s", cur);
	buf[0] = 0;
	for (w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		n = strlen(w);
		if (strstr(base, w) && (strstr(base, w)[n] == ' ' ||
					!strstr(base, w)[n]))
			continue;
		len += snprintf(buf + len, len < size ? size - len : 0, "%s%s",
				len ? " " : "", w);
	}
}

/*
 * The violation, the scenario, the settings (all of them with @full, else
 * those that differ from the upstream design on the default machine) and
 * the contpte.c linked.
 */
static void print_header(struct report *rep, bool full)
{
	char design[256], hw[256], d0[256], h0[256], dc[256], hc[256];
	char linked[512], saved[64];

	chk_describe(design, sizeof(design), true);
	chk_describe(hw, sizeof(hw), false);
	contpte_linked_format(linked, sizeof(linked));
	if (rep->r->violations)
		fprintf(rep->f, "Violation: %s\n  %s\n",
			chk_oracle_name(rep->r->viol.oracle),
			rep->r->viol.message);
	else
		fprintf(rep->f, "No violation\n");
	fprintf(rep->f, "Scenario: %s\n", rep->scn->name);
	if (full) {
		fprintf(rep->f, "  design: %s\n  hw: %s\n", design, hw);
	} else {
		chk_settings_encode(saved, sizeof(saved));
		chk_settings_default();
		chk_describe(d0, sizeof(d0), true);
		chk_describe(h0, sizeof(h0), false);
		chk_settings_decode(saved, strlen(saved));
		changed(dc, sizeof(dc), design, d0);
		changed(hc, sizeof(hc), hw, h0);
		fprintf(rep->f, "  design: %s; hw: %s\n",
			*dc ? dc : "upstream", *hc ? hc : "default");
	}
	fprintf(rep->f, "  contpte.c: %s\n", linked);
}

/* The full trace's section of event @i: its thread's, or the final checks'. */
static unsigned int section_of(const struct report *rep, size_t i,
			       const struct hw_event *ev)
{
	return in_final(rep, i) ? rep->scn->nr_threads : ev->cpu;
}

static void print_full(struct report *rep)
{
	const struct hw_event *ev;
	char line[LINE];
	unsigned int th;
	size_t i;

	fprintf(rep->f, "Setup:\n");
	for (i = 0; i < rep->r->setup_events; i++) {
		ev = hw_event_log_get(i);
		if (!shown(ev))
			continue;
		describe(rep, line, sizeof(line), ev);
		fprintf(rep->f, "  %s\n", line);
	}
	for (th = 0; th <= rep->scn->nr_threads; th++) {
		if (th < rep->scn->nr_threads)
			fprintf(rep->f, "Thread %u %s (cpu%u):\n", th,
				rep->scn->thread_names[th], th);
		else
			fprintf(rep->f, "Final checks:\n");
		for (i = rep->base; i < rep->count; i++) {
			ev = hw_event_log_get(i);
			if (!shown(ev) || section_of(rep, i, ev) != th)
				continue;
			describe(rep, line, sizeof(line), ev);
			fprintf(rep->f, "  (%u,%u) %s\n", ev->cpu,
				rep->index[i], line);
		}
	}
	fprintf(rep->f, "Timeline:\n");
	for (i = rep->base; i < rep->count; i++)
		rep->in[i] = shown(hw_event_log_get(i));
	print_events(rep, false);
}

static void print_text(struct report *rep, bool full, unsigned long explored,
		       const char *token)
{
	size_t i, shown_events = 0, kept = 0;

	print_header(rep, full || !rep->r->violations);
	if (full || !rep->r->violations) {
		print_full(rep);
	} else {
		for (i = rep->base; i < rep->count; i++) {
			shown_events += shown(hw_event_log_get(i));
			kept += rep->in[i];
		}
		fprintf(rep->f, "Trace (%zu of %zu events, the ones the violation depends on; --full for all):\n",
			kept, shown_events);
		print_events(rep, true);
	}
	if (hw_event_log_dropped())
		fprintf(rep->f, "  ... %zu more events not logged\n",
			hw_event_log_dropped());
	fprintf(rep->f, "Executions explored: %lu\n", explored);
	fprintf(rep->f, "Replay: contpte replay %s\n", token);
}

static void print_json_events(struct report *rep)
{
	const struct hw_event *ev;
	char line[LINE], w[256];
	bool first = true;
	size_t i;

	fprintf(rep->f, "[");
	for (i = 0; i < rep->count; i++) {
		ev = hw_event_log_get(i);
		if (!shown(ev))
			continue;
		describe(rep, line, sizeof(line), ev);
		where(w, sizeof(w), ev);
		fprintf(rep->f, "%s{\"thread\": ", first ? "" : ", ");
		chk_json_string(rep->f, thread_name(rep, i, ev));
		fprintf(rep->f, ", \"cpu\": %u, \"index\": %u, \"slice\": %s, \"where\": ",
			ev->cpu, i < rep->r->setup_events ? 0 : rep->index[i],
			rep->in[i] ? "true" : "false");
		chk_json_string(rep->f, *w ? w + 4 : "");
		fprintf(rep->f, ", \"event\": ");
		chk_json_string(rep->f, line);
		fprintf(rep->f, "}");
		first = false;
	}
	fprintf(rep->f, "]");
}

/* Number each thread's events, from 1. */
static bool prepare(struct report *rep)
{
	unsigned int next[CHK_MAX_THREADS] = { 0 };
	const struct hw_event *ev;
	size_t i;

	rep->count = hw_event_log_count();
	rep->end = rep->r->violations && rep->r->viol.event &&
		   rep->r->viol.event <= rep->count ? rep->r->viol.event :
						       rep->count;
	rep->base = rep->r->setup_events < rep->count ? rep->r->setup_events : 0;
	rep->index = calloc(rep->count + 1, sizeof(*rep->index));
	rep->in = calloc(rep->count + 1, sizeof(*rep->in));
	if (!rep->index || !rep->in)
		return false;
	for (i = rep->base; i < rep->count; i++) {
		ev = hw_event_log_get(i);
		if (shown(ev) && ev->cpu < CHK_MAX_THREADS)
			rep->index[i] = ++next[ev->cpu];
	}
	return true;
}

const char *chk_print_run(FILE *f, const struct chk_token *t,
			  const char *token, unsigned long explored, bool json,
			  bool full, struct chk_result *out)
{
	struct chk_result r;
	struct report rep = { .f = f, .scn = t->scn, .r = &r };
	const char *err;

	hw_event_log_enable(LOG_EVENTS);
	err = chk_token_replay(t, &r);
	if (!err && (!prepare(&rep) || (r.violations && !slice(&rep))))
		err = "out of memory for the report";
	if (err) {
		hw_event_log_disable();
		chk_result_release(&r);
		free(rep.index);
		free(rep.in);
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
		print_json_events(&rep);
		fprintf(f, "}");
	} else {
		print_text(&rep, full, explored, token);
	}
	hw_event_log_disable();
	chk_result_release(&r);
	free(rep.index);
	free(rep.in);
	if (out)
		*out = r;
	return NULL;
}
