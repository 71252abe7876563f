// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include "hw/config.h"
#include "hw/phys.h"
#include "dpor.h"
#include "footprint.h"

#define T		CHK_MAX_THREADS
#define BIT(t)		(1u << (t))

struct step {
	unsigned int thread;
	long node;		/* the choice that picked it, or -1 */
	long switch_node;	/* that of the last context switch with one */
	size_t first_choice;	/* the log's length when it began */
	struct chk_footprint fp;
	uint32_t vc[T];		/* happens-before: steps of each thread */
};

/* A choice of the current execution; scheduling ones carry more. */
struct node {
	bool sched;
	unsigned int opt[T], nr_opt, chosen;
	unsigned int backtrack, done, sleep;	/* thread masks */
	struct chk_footprint done_fp[T];
	struct chk_footprint cur;	/* the chosen thread's step, so far */
	/*
	 * Done threads whose step here made no hardware choice: the same in
	 * every execution, so one execution tells its footprint.
	 */
	unsigned int det;
	bool cur_choices;		/* the chosen thread's step made one */
};

/* What the steps of an execution did to one object, per thread. */
struct obj {
	const void *key;
	unsigned long epoch;	/* the execution it was last used in */
	long last_w[T], last_r[T];
};

#define OBJ_SLOTS	256

struct chk_dpor {
	struct chk_exec *ex;
	bool reduce, bounded, sleep_sets, want_state;
	/* Choices before this position take every thread (chk_dpor_split()). */
	size_t expand;
	/* Steps followed: the reduced search, or outcomes wanted. */
	bool track;
	struct chk_fp_watch watch;

	struct step *steps;
	size_t nr_steps, cap_steps;
	long open[T], last_of[T];
	uint32_t clock[T];
	bool finished[T];

	struct node *nodes;
	size_t nr_nodes, cap_nodes;

	unsigned int sleep;		/* of the step being taken */
	struct chk_footprint sleep_fp[T];

	struct obj objs[OBJ_SLOTS], hidden, tables, tlb, arena;
	unsigned long epoch;		/* executions run */

	struct hw_choice *script;
	size_t cap_script;

	uint64_t *classes;		/* a set of class hashes */
	size_t nr_classes, cap_classes;
	uint64_t state, trace;
	bool oom;
};

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xbf58476d1ce4e5b9ull;
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 256;
	void *g;

	if (need <= *cap)
		return true;
	while (n < need)
		n *= 2;
	g = realloc(*p, n * size);
	if (!g)
		return false;
	*p = g;
	*cap = n;
	return true;
}

static void obj_reset(struct obj *o, const void *key, unsigned long epoch)
{
	unsigned int t;

	o->key = key;
	o->epoch = epoch;
	for (t = 0; t < T; t++)
		o->last_w[t] = o->last_r[t] = -1;
}

static void execution_reset(struct chk_dpor *d)
{
	unsigned int t;

	d->nr_steps = 0;
	d->sleep = 0;
	for (t = 0; t < T; t++) {
		d->open[t] = d->last_of[t] = -1;
		d->clock[t] = 0;
		d->finished[t] = false;
	}
	/* The table's objects are stale from now on. */
	d->epoch++;
	obj_reset(&d->hidden, NULL, d->epoch);
	obj_reset(&d->tables, NULL, d->epoch);
	obj_reset(&d->tlb, NULL, d->epoch);
	obj_reset(&d->arena, NULL, d->epoch);
	chk_fp_watch_reset(&d->watch);
}

static struct obj *lookup(struct chk_dpor *d, const void *key)
{
	unsigned int h = ((uintptr_t)key >> 3) * 2654435761u % OBJ_SLOTS, n;

	for (n = 0; n < OBJ_SLOTS; n++, h = (h + 1) % OBJ_SLOTS) {
		if (d->objs[h].epoch != d->epoch) {
			obj_reset(&d->objs[h], key, d->epoch);
			return &d->objs[h];
		}
		if (d->objs[h].key == key)
			return &d->objs[h];
	}
	/* Full: every further object is one, dependent on all of them. */
	return &d->hidden;
}

/*
 * Step @m of thread @u accesses @o: the latest conflicting step of each
 * other thread joins @cand.  @ww: two writes conflict.
 */
static void touch(struct obj *o, unsigned int u, long m, bool write,
		   bool ww, long *cand)
{
	unsigned int v;
	long c;

	for (v = 0; v < T; v++) {
		if (v == u)
			continue;
		c = o->last_w[v];
		if (write) {
			if (!ww)
				c = -1;
			if (o->last_r[v] > c)
				c = o->last_r[v];
		}
		if (c > cand[v])
			cand[v] = c;
	}
	if (write)
		o->last_w[u] = m;
	else
		o->last_r[u] = m;
}

static void conflicts(struct chk_dpor *d, long m, long *cand)
{
	const struct chk_footprint *fp = &d->steps[m].fp;
	unsigned int u = d->steps[m].thread, f = fp->flags;

	if (fp->obj)
		touch(lookup(d, fp->obj), u, m, fp->write, true, cand);
	if (f & CHK_FP_HIDDEN)
		touch(&d->hidden, u, m, true, true, cand);
	if (f & CHK_FP_TABLE_WRITE)
		touch(&d->tables, u, m, true, false, cand);
	if (f & CHK_FP_TABLES_READ)
		touch(&d->tables, u, m, false, false, cand);
	if (f & (CHK_FP_TLB_WRITE | CHK_FP_TLB_READ))
		touch(&d->tlb, u, m, f & CHK_FP_TLB_WRITE, true, cand);
	if (f & (CHK_FP_ARENA_WRITE | CHK_FP_ARENA_READ))
		touch(&d->arena, u, m, f & CHK_FP_ARENA_WRITE, true, cand);
}

static unsigned int opt_mask(const struct node *n)
{
	unsigned int i, m = 0;

	for (i = 0; i < n->nr_opt; i++)
		m |= BIT(n->opt[i]);
	return m;
}

/* Explore one of @threads at choice @node, unless one already is. */
static void add_backtrack(struct chk_dpor *d, long node, unsigned int threads)
{
	struct node *n;
	unsigned int m;

	if (node < 0)
		return;
	n = &d->nodes[node];
	m = opt_mask(n);
	if (n->backtrack & threads)
		return;
	/* A thread that cannot run there: every one that can, to be safe. */
	n->backtrack |= (threads & m) ? BIT(__builtin_ctz(threads & m)) : m;
}

/*
 * The choice at the last context switch at or before step @i: running
 * another thread there costs no more preemptions than the schedule had.
 */
static long switch_node(const struct chk_dpor *d, long i)
{
	return d->steps[i].switch_node;
}

/*
 * The threads that can take the first step of the reversed race: the
 * steps after @i that do not happen after it, then @j; a thread is an
 * initial if its first step there follows no other of them.
 */
static unsigned int initials(const struct chk_dpor *d, long i, long j)
{
	unsigned int ti = d->steps[i].thread, w, t, init = 0;
	uint32_t ci = d->steps[i].vc[ti];
	long first[T], k;
	bool ok;

	for (w = 0; w < T; w++)
		first[w] = -1;
	for (k = i + 1; k <= j; k++) {
		const struct step *e = &d->steps[k];

		if (k < j && e->vc[ti] >= ci)
			continue;
		t = e->thread;
		if (first[t] >= 0)
			continue;
		ok = true;
		for (w = 0; w < T; w++)
			if (first[w] >= 0 &&
			    e->vc[w] >= d->steps[first[w]].vc[w])
				ok = false;
		first[t] = k;
		if (ok)
			init |= BIT(t);
	}
	return init;
}

/* Steps @i and @j race: explore the order that reverses them. */
static void reverse(struct chk_dpor *d, long i, long j)
{
	unsigned int q = d->steps[j].thread;

	if (!d->reduce)
		return;
	if (d->bounded) {
		add_backtrack(d, d->steps[i].node, BIT(q));
		add_backtrack(d, switch_node(d, i), BIT(q));
		return;
	}
	add_backtrack(d, d->steps[i].node, initials(d, i, j));
}

/* Step @m just ended: its happens-before clock and its races. */
static void analyse(struct chk_dpor *d, long m)
{
	struct step *s = &d->steps[m];
	unsigned int u = s->thread, v, w;
	long cand[T];
	uint32_t base[T] = { 0 }, other[T];

	for (v = 0; v < T; v++)
		cand[v] = -1;
	conflicts(d, m, cand);
	if (d->last_of[u] >= 0)
		memcpy(base, d->steps[d->last_of[u]].vc, sizeof(base));
	memcpy(s->vc, base, sizeof(base));
	for (v = 0; v < T; v++)
		for (w = 0; cand[v] >= 0 && w < T; w++)
			if (d->steps[cand[v]].vc[w] > s->vc[w])
				s->vc[w] = d->steps[cand[v]].vc[w];
	s->vc[u] = ++d->clock[u];
	d->last_of[u] = m;
	/* A race is one that no other step orders. */
	for (v = 0; v < T; v++) {
		if (cand[v] < 0)
			continue;
		memcpy(other, base, sizeof(other));
		for (w = 0; w < T; w++) {
			unsigned int x;

			if (w == v || cand[w] < 0)
				continue;
			for (x = 0; x < T; x++)
				if (d->steps[cand[w]].vc[x] > other[x])
					other[x] = d->steps[cand[w]].vc[x];
		}
		if (other[v] < d->steps[cand[v]].vc[v])
			reverse(d, cand[v], m);
	}
}

static void end_step(struct chk_dpor *d, unsigned int t, bool finished,
		     unsigned int extra)
{
	long m = d->open[t];
	struct step *s;
	unsigned int r;

	if (m < 0)
		return;
	d->open[t] = -1;
	s = &d->steps[m];
	chk_fp_end(&d->watch, t, finished, &s->fp);
	s->fp.flags |= extra;
	analyse(d, m);
	if (s->node >= 0) {
		chk_fp_union(&d->nodes[s->node].cur, &s->fp);
		if (d->ex->choices.len != s->first_choice)
			d->nodes[s->node].cur_choices = true;
	}
	for (r = 0; r < T; r++)
		if ((d->sleep & BIT(r)) &&
		    chk_fp_dependent(&d->sleep_fp[r], &s->fp))
			d->sleep &= ~BIT(r);
}

static void on_arrive(void *arg, unsigned int t, enum hw_mem_op op,
		      const void *p)
{
	struct chk_dpor *d = arg;

	end_step(d, t, false, 0);
	chk_fp_arrive(&d->watch, t, op, p);
}

static void on_finished(void *arg, unsigned int t)
{
	struct chk_dpor *d = arg;

	end_step(d, t, true, 0);
	d->finished[t] = true;
}

/* Nodes up to @pos exist; new ones are hardware choices until told. */
static bool extend_nodes(struct chk_dpor *d, size_t pos)
{
	if (pos < d->nr_nodes)
		return true;
	if (!grow((void **)&d->nodes, &d->cap_nodes, pos + 1,
		  sizeof(*d->nodes)))
		return false;
	memset(d->nodes + d->nr_nodes, 0,
	       (pos + 1 - d->nr_nodes) * sizeof(*d->nodes));
	d->nr_nodes = pos + 1;
	return true;
}

static void enter_node(struct chk_dpor *d, long pos, unsigned int t)
{
	struct chk_exec *ex = d->ex;
	bool fresh = (size_t)pos >= d->nr_nodes;
	struct node *n;
	unsigned int r;

	if (!extend_nodes(d, pos)) {
		d->oom = true;
		return;
	}
	n = &d->nodes[pos];
	if (fresh || !n->sched) {
		*n = (struct node){ .sched = true, .backtrack = BIT(t) };
		memcpy(n->opt, ex->opt, sizeof(n->opt));
		n->nr_opt = ex->nr_opt;
	}
	if ((size_t)pos < d->expand)
		n->backtrack = opt_mask(n);
	n->chosen = t;
	n->sleep = d->sleep;
	/*
	 * The threads explored here before sleep in this branch.  At the
	 * split's choices only those whose step one execution tells, since
	 * a shard runs one execution of each part not its own.
	 */
	for (r = 0; d->sleep_sets && r < T; r++) {
		if (!(n->done & BIT(r)) ||
		    ((size_t)pos < d->expand && !(n->det & BIT(r))))
			continue;
		d->sleep |= BIT(r);
		d->sleep_fp[r] = n->done_fp[r];
	}
}

static bool on_run(void *arg, unsigned int t, long node)
{
	struct chk_dpor *d = arg;
	struct step *s;

	if (node >= 0)
		enter_node(d, node, t);
	if (d->oom || (d->sleep & BIT(t)) ||
	    !grow((void **)&d->steps, &d->cap_steps, d->nr_steps + 1,
		  sizeof(*d->steps)))
		return false;
	s = &d->steps[d->nr_steps];
	*s = (struct step){ .thread = t, .node = node,
			    .first_choice = d->ex->choices.len,
			    .switch_node = d->nr_steps ? s[-1].switch_node : -1 };
	if (node >= 0 && (!d->nr_steps || s[-1].thread != t))
		s->switch_node = node;
	d->open[t] = d->nr_steps++;
	chk_fp_start(&d->watch, t);
	return true;
}

/* The hash of the machine's memory: live tables and data frames. */
static uint64_t state_hash(void)
{
	unsigned int slot, i, words = (1u << hw_cfg.page_shift) / 8;
	uint64_t h = 0, pfn, *t;

	for (slot = 0; slot < hw_tables_slots(); slot++) {
		t = hw_table_at(slot);
		for (i = 0; t && i < words; i++)
			h = mix(h, t[i] ^ ((uint64_t)slot << 48 | i));
	}
	/* A free frame's data is what an earlier execution left there. */
	for (pfn = 0; pfn < hw_phys_frames(); pfn++)
		if (hw_frame_in_use(pfn))
			h = mix(h, hw_frame_data(pfn) ^ pfn << 40 ^
				   hw_frame_fill(pfn) << 20);
	return h;
}

/*
 * The threads are over.  A step cut short by a violation ended the
 * execution: it is dependent on every other thread's next step.
 */
static void on_end(void *arg)
{
	struct chk_dpor *d = arg;
	unsigned int t, v;
	long m;

	for (t = 0; t < T; t++) {
		m = d->open[t];
		if (m < 0)
			continue;
		end_step(d, t, false, CHK_FP_END | CHK_FP_HIDDEN);
		for (v = 0; v < T; v++) {
			if (v == t || v >= d->ex->scn->nr_threads ||
			    d->finished[v] || !d->reduce)
				continue;
			add_backtrack(d, d->steps[m].node, BIT(v));
			if (d->bounded)
				add_backtrack(d, switch_node(d, m), BIT(v));
		}
	}
	if (d->want_state)
		d->state = state_hash();
}

/* Beyond the script: the thread running on, unless it sleeps. */
static unsigned int answer(void *arg, enum hw_choice_kind kind,
			   unsigned int n)
{
	struct chk_dpor *d = arg;
	unsigned int i;

	if (kind != HW_CHOICE_SCHEDULE)
		return 0;
	for (i = 0; i < n; i++)
		if (!(d->sleep & BIT(d->ex->opt[i])))
			return i;
	return 0;
}

struct chk_dpor *chk_dpor_new(struct chk_exec *ex, bool reduce,
			      unsigned int bound, bool state)
{
	struct chk_dpor *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->ex = ex;
	d->reduce = reduce;
	d->bounded = bound != CHK_NO_BOUND;
	d->sleep_sets = reduce && !d->bounded;
	d->want_state = state;
	d->track = reduce || state;
	execution_reset(d);
	return d;
}

void chk_dpor_free(struct chk_dpor *d)
{
	if (!d)
		return;
	free(d->steps);
	free(d->nodes);
	free(d->script);
	free(d->classes);
	free(d);
}

void chk_dpor_attach(struct chk_dpor *d)
{
	struct chk_exec *ex = d->ex;

	if (!d->track)
		return;

	ex->strategy = (struct chk_strategy){
		.step = on_arrive, .run = on_run, .finished = on_finished,
		.end = on_end, .arg = d,
	};
	ex->choices.policy = HW_ANSWER_OWNER;
	ex->choices.owner = answer;
	ex->choices.owner_arg = d;
	chk_fp_watch_start(&d->watch);
}

void chk_dpor_detach(struct chk_dpor *d)
{
	d->ex->strategy = (struct chk_strategy){ 0 };
	d->ex->choices.policy = HW_ANSWER_ZERO;
	chk_fp_watch_stop();
}

/* The class of the execution: its steps' clocks and hardware answers. */
static uint64_t class_hash(const struct chk_dpor *d)
{
	const struct hw_choices *c = &d->ex->choices;
	uint64_t h = 0, sh;
	size_t k, i, from = 0, to;
	unsigned int t;

	for (k = 0; k <= d->nr_steps; k++) {
		const struct step *s = k < d->nr_steps ? &d->steps[k] : NULL;

		to = !s ? c->len : s->node >= 0 ? (size_t)s->node :
		      s->first_choice;
		sh = k ? mix(0, d->steps[k - 1].thread) : ~0ull;
		for (t = 0; k && t < T; t++)
			sh = mix(sh, d->steps[k - 1].vc[t]);
		for (i = from; i < to && i < c->len; i++)
			sh = mix(sh, c->log[i].value);
		h += mix(sh, 1);
		if (s)
			from = s->first_choice;
	}
	return h;
}

static bool class_add(struct chk_dpor *d, uint64_t h)
{
	size_t i, n;

	if (2 * (d->nr_classes + 1) > d->cap_classes) {
		size_t cap = d->cap_classes ? 2 * d->cap_classes : 4096;
		uint64_t *g = calloc(cap, sizeof(*g)), *old = d->classes;

		if (!g)
			return false;
		for (i = 0; i < d->cap_classes; i++)
			for (n = old[i] % cap; old[i]; n = (n + 1) % cap)
				if (!g[n]) {
					g[n] = old[i];
					break;
				}
		free(old);
		d->classes = g;
		d->cap_classes = cap;
	}
	for (n = h % d->cap_classes; d->classes[n]; n = (n + 1) % d->cap_classes)
		if (d->classes[n] == h)
			return true;
	d->classes[n] = h;
	d->nr_classes++;
	return true;
}

bool chk_dpor_done(struct chk_dpor *d)
{
	bool complete = !d->ex->pruned;

	if (!d->track)
		return true;
	if (!extend_nodes(d, d->ex->choices.len ? d->ex->choices.len - 1 : 0))
		d->oom = true;
	d->trace = complete ? class_hash(d) | 1 : 0;
	if (complete && !class_add(d, d->trace))
		d->oom = true;
	execution_reset(d);
	return complete;
}

bool chk_dpor_next(struct chk_dpor *d, size_t limit,
		   const struct hw_choice **script, size_t *len, size_t *at)
{
	const struct hw_choices *c = &d->ex->choices;
	struct node *n;
	unsigned int cand, v = 0;
	size_t pos;

	if (d->oom)
		return false;
	for (pos = c->len < limit ? c->len : limit; pos-- > 0;) {
		n = d->reduce ? &d->nodes[pos] : NULL;
		if (n && n->sched) {
			cand = n->backtrack & ~n->done & ~n->sleep &
			       ~BIT(n->chosen) & opt_mask(n);
			if (!cand)
				continue;
			n->done |= BIT(n->chosen);
			n->done_fp[n->chosen] = n->cur;
			n->cur = (struct chk_footprint){ 0 };
			if (!n->cur_choices)
				n->det |= BIT(n->chosen);
			n->cur_choices = false;
			n->chosen = __builtin_ctz(cand);
			while (n->opt[v] != n->chosen)
				v++;
		} else if (c->log[pos].value + 1 < c->log[pos].n) {
			v = c->log[pos].value + 1;
		} else {
			continue;
		}
		if (!grow((void **)&d->script, &d->cap_script, pos + 1,
			  sizeof(*d->script)))
			return false;
		memcpy(d->script, c->log, pos * sizeof(*d->script));
		d->script[pos] = c->log[pos];
		d->script[pos].value = v;
		d->nr_nodes = pos + 1;
		*script = d->script;
		*len = pos + 1;
		*at = pos;
		return true;
	}
	return false;
}

unsigned long chk_dpor_classes(const struct chk_dpor *d)
{
	return d->nr_classes;
}

void chk_dpor_split(struct chk_dpor *d, size_t depth)
{
	size_t pos;

	d->expand = depth;
	for (pos = 0; pos < depth && pos < d->nr_nodes; pos++)
		if (d->nodes[pos].sched)
			d->nodes[pos].backtrack = opt_mask(&d->nodes[pos]);
}

void chk_dpor_classes_reset(struct chk_dpor *d)
{
	if (d->classes)
		memset(d->classes, 0, d->cap_classes * sizeof(*d->classes));
	d->nr_classes = 0;
}

uint64_t chk_dpor_trace(const struct chk_dpor *d)
{
	return d->trace;
}

uint64_t chk_dpor_state(const struct chk_dpor *d)
{
	return d->state;
}
