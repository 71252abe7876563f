// SPDX-License-Identifier: GPL-2.0-only
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/bug.h>

#include "hw/event.h"
#include "hw/mem.h"
#include "hw/violation.h"
#include "coro.h"
#include "crash.h"
#include "explore.h"
#include "oracles.h"

const char *const chk_mode_names[CHK_NR_MODES] = {
	[CHK_RANDOM] = "random",
	[CHK_EXHAUSTIVE] = "exhaustive",
	[CHK_STRESS] = "stress",
};

/* Big enough for the kernel paths under ASan's redzones. */
#define CORO_STACK_SIZE		(1u << 20)
/* An execution longer than this is a livelock, not a long run. */
#define MAX_STEPS		200000
/*
 * A thread that ran this many steps in a row while others could run is
 * spinning (a retry loop waiting for another thread): it is made to yield,
 * without spending a preemption, as a fair scheduler would.
 */
#define FAIR_STEPS		400
#define MAX_LOCKS		32
/*
 * Minimising replays the violating run many times over: at most this
 * many replays, and this many steps in all (a livelock replays to
 * MAX_STEPS each time; a loop without scheduling points, stopped by the
 * watchdog, counts as HANG_STEPS).
 */
#define MINIMISE_BUDGET		4000
#define MINIMISE_STEPS		(40ul * MAX_STEPS)
#define HANG_STEPS		(4ul * MAX_STEPS)
#define PROGRESS_EVERY		1024
/*
 * Random mode schedules by PCT (Burckhardt et al., "A randomized scheduler
 * with probabilistic guarantees of finding bugs", ASPLOS 2010): random
 * thread priorities, the highest-priority runnable thread runs, and at
 * PCT_DEPTH - 1 random steps of the run the running thread drops below
 * every other.  A bug that needs d ordering constraints is hit with
 * probability at least 1/(n k^(d-1)) per run for n threads and k steps,
 * where a uniform choice at every step needs exponentially many.
 */
#define PCT_DEPTH		3
/* Run length assumed before the first run has measured one. */
#define PCT_MIN_STEPS		16
/*
 * Every other random run counts only the steps that change something
 * another thread may see (stores, atomics, locks, TLB maintenance; not
 * plain loads) when it places its change points: most races need a
 * thread held back just before such a step, and there are several times
 * fewer of them, so each change point is that much likelier to fall
 * where it matters (the GUP-fast/fork pin race needs two: one in each).
 */
#define PCT_MODES		2

/* What the chooser does beyond its script. */
enum beyond { BEYOND_ZERO, BEYOND_RANDOM };

/* The execution in progress (the scheduling hook is global). */
static struct {
	const struct chk_scenario *scn;
	struct chk_coro main, co[CHK_MAX_THREADS];
	unsigned int cur, next;
	bool finished[CHK_MAX_THREADS];
	/* Spinning on a lock: blocked until its release count moves on. */
	const void *last_lock[CHK_MAX_THREADS];
	const void *blocked_on[CHK_MAX_THREADS];
	unsigned long blocked_gen[CHK_MAX_THREADS];
	struct { const void *p; unsigned long gen; } locks[MAX_LOCKS];
	unsigned int nr_locks;
	unsigned int preempt_left;
	unsigned long steps, run_len, main_steps;
	size_t setup_events;

	/* The chooser. */
	const uint32_t *script;
	size_t script_len, pos;
	bool strict, mismatch;
	enum beyond beyond;
	uint64_t rng;
	struct chk_trace rec;

	/* The scheduling question being asked: which of these threads. */
	const unsigned int *opt;

	/* PCT, for random runs. */
	struct {
		int prio[CHK_MAX_THREADS];
		unsigned long change[PCT_DEPTH - 1];
		int floor;		/* the next priority of a yield */
		bool on;
		unsigned int mode;	/* 1: loads do not count */
		unsigned long count;	/* steps counted in this run */
		unsigned long steps[PCT_MODES];	/* longest run so far */
	} pct;

	bool violated;
	struct chk_violation viol;
	const char *mute;

	/*
	 * Faults in the code under check: an execution is running (its
	 * setup, threads and final checks), the explorer's own context is
	 * running its setup or final checks (where @escape leads back),
	 * and the steps taken, which the watchdog watches.
	 */
	bool running, in_main;
	sigjmp_buf escape;
	unsigned long progress;
	bool hung;		/* the watchdog stopped this execution */
} ex = { .cur = CHK_NO_THREAD };

/* The stress mode's threads share only this. */
static pthread_mutex_t stress_lock = PTHREAD_MUTEX_INITIALIZER;
static bool stress_active;
static _Thread_local uint64_t stress_rng;

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool trace_push(struct chk_trace *t, struct chk_choice c)
{
	if (t->len == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		struct chk_choice *n = realloc(t->c, cap * sizeof(*n));

		if (!n)
			return false;
		t->c = n;
		t->cap = cap;
	}
	t->c[t->len++] = c;
	return true;
}

/*
 * Things the hardware may do at any moment (speculative fill, eviction,
 * spurious AF, early TLBI completion): answer 0 is "not now".  Random runs
 * make them rare, as the machine's own PRNG chooser does; exhaustive runs
 * count each one against the preemption bound, or the space would grow by
 * a factor at every access.
 */
#define EVENT_RATE	16	/* in 256 */

static bool is_event(enum hw_choice_kind kind)
{
	return kind == HW_CHOICE_SPEC_FILL || kind == HW_CHOICE_EVICT ||
	       kind == HW_CHOICE_SPURIOUS_AF || kind == HW_CHOICE_TLBI_DONE;
}

static unsigned int random_choice(uint64_t *rng, enum hw_choice_kind kind,
				  unsigned int n)
{
	uint64_t r = splitmix(rng);

	if (!is_event(kind))
		return r % n;
	if ((r & 255) >= EVENT_RATE)
		return 0;
	return 1 + (r >> 8) % (n - 1);
}

/* The highest-priority thread among the ones asked about. */
static unsigned int pct_choice(unsigned int n)
{
	unsigned int i, best = 0;

	for (i = 1; i < n; i++)
		if (ex.pct.prio[ex.opt[i]] > ex.pct.prio[ex.opt[best]])
			best = i;
	return best;
}

/*
 * A new random run: threads get the priorities PCT_DEPTH.. in random
 * order, and the change points fall anywhere in the longest run seen.
 */
static void pct_start(unsigned int nr_threads, unsigned int mode)
{
	unsigned long len = ex.pct.steps[mode] > PCT_MIN_STEPS ?
			    ex.pct.steps[mode] : PCT_MIN_STEPS;
	unsigned int t, j;

	ex.pct.mode = mode;
	ex.pct.count = 0;
	for (t = 0; t < nr_threads; t++) {
		j = splitmix(&ex.rng) % (t + 1);
		ex.pct.prio[t] = ex.pct.prio[j];
		ex.pct.prio[j] = PCT_DEPTH + t;
	}
	for (j = 0; j < PCT_DEPTH - 1; j++)
		ex.pct.change[j] = 1 + splitmix(&ex.rng) % len;
	ex.pct.floor = 0;
	ex.pct.on = true;
}

/* At change point j the running thread takes priority PCT_DEPTH - 1 - j. */
static void pct_step(enum hw_mem_op op)
{
	unsigned int j;

	if (ex.pct.mode && op == HW_MEM_READ)
		return;
	if (++ex.pct.count > ex.pct.steps[ex.pct.mode])
		ex.pct.steps[ex.pct.mode] = ex.pct.count;
	for (j = 0; j < PCT_DEPTH - 1; j++)
		if (ex.pct.change[j] == ex.pct.count)
			ex.pct.prio[ex.cur] = PCT_DEPTH - 1 - (int)j;
}

unsigned int chk_choose(enum hw_choice_kind kind, unsigned int n)
{
	unsigned int v;

	if (n <= 1)
		return 0;
	if (stress_active)
		return random_choice(&stress_rng, kind, n);
	if (is_event(kind) && !ex.preempt_left)
		return 0;
	if (ex.pos < ex.script_len) {
		v = ex.script[ex.pos];
		if (v >= n) {
			ex.mismatch |= ex.strict;
			v %= n;
		}
	} else if (ex.beyond == BEYOND_ZERO) {
		v = 0;
	} else {
		v = kind == HW_CHOICE_SCHEDULE && ex.pct.on ?
		    pct_choice(n) : random_choice(&ex.rng, kind, n);
	}
	if (is_event(kind) && v)
		ex.preempt_left--;
	ex.pos++;
	if (!trace_push(&ex.rec, (struct chk_choice){ kind, n, v }))
		chk_fail("liveness", "choice sequence too long to record");
	return v;
}

unsigned int chk_current_thread(void)
{
	return ex.cur;
}

bool chk_failed(void)
{
	return ex.violated;
}

static void switch_to(unsigned int next)
{
	unsigned int prev = ex.cur;

	ex.run_len = 0;
	ex.cur = next;
	hw_this_cpu = next;
	chk_coro_switch(&ex.co[prev], &ex.co[next]);
}

/* Leave the scenario's threads for good: back to run_execution(). */
static void __attribute__((noreturn)) abandon_execution(void)
{
	unsigned int t = ex.cur;

	ex.next = CHK_NO_THREAD;
	ex.cur = CHK_NO_THREAD;
	chk_coro_switch(&ex.co[t], &ex.main);
	__builtin_unreachable();
}

/*
 * The code under check cannot go on (a crash, an access outside every
 * table, a BUG_ON, a loop without end): leave the execution from wherever
 * it is, a scenario thread or the explorer's own context.
 */
static void __attribute__((noreturn)) leave_execution(void)
{
	if (ex.cur != CHK_NO_THREAD)
		abandon_execution();
	if (ex.in_main)
		siglongjmp(ex.escape, 1);
	abort();
}

static void record(const struct chk_violation *v)
{
	if (!ex.violated || (ex.cur == CHK_NO_THREAD &&
			     chk_oracle_rank(v->oracle) < chk_oracle_rank(ex.viol.oracle))) {
		ex.violated = true;
		ex.viol = *v;
	}
}

/* In stress mode no thread can be abandoned: the run ends here. */
static void __attribute__((noreturn)) stress_fatal(const struct chk_violation *v)
{
	fprintf(stderr, "contpte: stress mode: %s: %s (the run cannot go on)\n",
		v->oracle, v->message);
	fflush(NULL);
	_exit(1);
}

/* A violation after which the code under check must not go on. */
static void __attribute__((noreturn, format(printf, 2, 3)))
fail_fatal(const char *oracle, const char *fmt, ...)
{
	struct chk_violation v = { .oracle = oracle };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v.message, sizeof(v.message), fmt, ap);
	va_end(ap);
	if (stress_active)
		stress_fatal(&v);
	record(&v);
	leave_execution();
}

void chk_fail(const char *oracle, const char *fmt, ...)
{
	struct chk_violation v = { .oracle = oracle };
	va_list ap;

	if (ex.mute && !strcmp(ex.mute, oracle))
		return;
	va_start(ap, fmt);
	vsnprintf(v.message, sizeof(v.message), fmt, ap);
	va_end(ap);

	if (stress_active) {
		pthread_mutex_lock(&stress_lock);
		if (!ex.violated) {
			ex.violated = true;
			ex.viol = v;
		}
		pthread_mutex_unlock(&stress_lock);
		return;
	}
	/*
	 * Threads stop at the first violation; the end-of-execution checks
	 * all run, and the gravest finding (data lost first) is reported.
	 */
	record(&v);
	if (ex.cur != CHK_NO_THREAD)
		abandon_execution();
}

static void warn_to_violation(const char *file, int line, const char *cond)
{
	chk_fail("bookkeeping", "WARN_ON(%s) at %s:%d", cond, file, line);
}

/* A BUG_ON is a kernel oops: the path that hit it goes no further. */
static void bug_to_violation(const char *file, int line, const char *cond)
{
	fail_fatal("crash", "BUG_ON(%s) at %s:%d", cond, file, line);
}

/* The machine's monitors are oracles too. */
static void hw_to_violation(void *arg, const struct hw_violation *v)
{
	if (v->fatal)
		fail_fatal(hw_oracle_names[v->oracle], "cpu%u %s, at pa %#lx, in %s",
			   v->cpu, v->what, (unsigned long)v->va, v->where);
	chk_fail(hw_oracle_names[v->oracle], "cpu%u va %#lx: %s", v->cpu,
		 (unsigned long)v->va, v->what);
}

/* What the fault handlers need to know of the execution in progress. */
static bool crash_active(void)
{
	return ex.running && !stress_active;
}

static void *crash_thread_stack(void)
{
	if (ex.cur == CHK_NO_THREAD)
		return NULL;
	return chk_coro_fresh_top(&ex.co[ex.cur]);
}

static unsigned long crash_progress(void)
{
	return ex.progress;
}

/* A signal, or the watchdog (liveness): a costly run to replay. */
static void crash_fault(const char *oracle, const char *what)
{
	ex.hung = !strcmp(oracle, "liveness");
	fail_fatal(oracle, "%s", what);
}

static const struct chk_crash_ops crash_ops = {
	.active = crash_active,
	.thread_stack = crash_thread_stack,
	.progress = crash_progress,
	.fault = crash_fault,
};

static unsigned int hw_to_choose(void *arg, enum hw_choice_kind kind,
				 unsigned int n)
{
	return chk_choose(kind, n);
}

static const struct hw_chooser machine_chooser = { hw_to_choose, NULL };

static unsigned long *lock_gen(const void *p)
{
	unsigned int i;

	for (i = 0; i < ex.nr_locks; i++)
		if (ex.locks[i].p == p)
			return &ex.locks[i].gen;
	if (ex.nr_locks == MAX_LOCKS)
		return NULL;
	ex.locks[ex.nr_locks].p = p;
	ex.locks[ex.nr_locks].gen = 0;
	return &ex.locks[ex.nr_locks++].gen;
}

static bool runnable(unsigned int t)
{
	if (ex.finished[t])
		return false;
	if (ex.blocked_on[t] && *lock_gen(ex.blocked_on[t]) == ex.blocked_gen[t])
		return false;
	ex.blocked_on[t] = NULL;
	return true;
}

/*
 * Threads that may run next, the current one first so that choice 0
 * means "no preemption".  Returns how many.
 */
static unsigned int runnable_threads(unsigned int *opt, bool *cur_first)
{
	unsigned int t, n = 0;

	*cur_first = ex.cur != CHK_NO_THREAD && runnable(ex.cur);
	if (*cur_first)
		opt[n++] = ex.cur;
	for (t = 0; t < ex.scn->nr_threads; t++)
		if (t != ex.cur && runnable(t))
			opt[n++] = t;
	return n;
}

/* Which of @n threads runs next, asked through the chooser. */
static unsigned int schedule(const unsigned int *opt, unsigned int n)
{
	ex.opt = opt;
	return opt[chk_choose(HW_CHOICE_SCHEDULE, n)];
}

static unsigned int pick_thread(void)
{
	unsigned int opt[CHK_MAX_THREADS], n, t;
	bool cur_first;

	n = runnable_threads(opt, &cur_first);
	if (!n) {
		for (t = 0; t < ex.scn->nr_threads; t++)
			if (!ex.finished[t])
				chk_fail("liveness",
					 "deadlock: thread %s waits for a lock nobody releases",
					 ex.scn->thread_names[t]);
		return CHK_NO_THREAD;
	}
	if (cur_first && n > 1 && ex.run_len >= FAIR_STEPS) {
		/* A spinning thread waits for the others: PCT lets them run. */
		if (ex.pct.on)
			ex.pct.prio[ex.cur] = ex.pct.floor--;
		return schedule(opt + 1, n - 1);
	}
	if (cur_first && !ex.preempt_left)
		return ex.cur;
	t = schedule(opt, n);
	if (cur_first && t != ex.cur)
		ex.preempt_left--;
	return t;
}

/* A second attempt in a row on one lock means the first one failed. */
static void note_lock_attempt(unsigned int t, enum hw_mem_op op, const void *p)
{
	unsigned long *gen = lock_gen(p);

	if (op == HW_SYNC_UNLOCK) {
		if (gen)
			++*gen;
		ex.last_lock[t] = NULL;
		return;
	}
	if (ex.last_lock[t] == p && gen && *gen == ex.blocked_gen[t]) {
		ex.blocked_on[t] = p;
		return;
	}
	ex.last_lock[t] = p;
	ex.blocked_gen[t] = gen ? *gen : 0;
}

static void sched_hook(void *arg, enum hw_mem_op op, const void *p)
{
	unsigned int t = ex.cur, next;

	if (stress_active)
		return;
	chk_crash_poll();
	ex.progress++;
	if (t == CHK_NO_THREAD) {
		/* The setup or the final checks: no choices, but no end either? */
		if (ex.in_main && ++ex.main_steps > MAX_STEPS)
			fail_fatal("liveness", "no end after %d steps: livelock",
				   MAX_STEPS);
		return;
	}
	if (++ex.steps > MAX_STEPS)
		fail_fatal("liveness", "no end after %d steps: livelock",
			   MAX_STEPS);
	ex.run_len++;
	if (ex.pct.on)
		pct_step(op);
	if (op == HW_SYNC_LOCK || op == HW_SYNC_UNLOCK)
		note_lock_attempt(t, op, p);
	else
		ex.last_lock[t] = NULL;
	next = pick_thread();
	if (next != t)
		switch_to(next);
}

static void thread_entry(void *arg)
{
	unsigned int t = (uintptr_t)arg;

	ex.scn->thread(t);
	chk_crash_poll();
	ex.finished[t] = true;
	ex.next = pick_thread();
	ex.cur = CHK_NO_THREAD;
}

static void reset_execution(unsigned int bound)
{
	unsigned int t;

	ex.cur = ex.next = CHK_NO_THREAD;
	for (t = 0; t < CHK_MAX_THREADS; t++) {
		ex.finished[t] = false;
		ex.last_lock[t] = ex.blocked_on[t] = NULL;
		ex.blocked_gen[t] = 0;
	}
	ex.nr_locks = 0;
	ex.preempt_left = bound;
	ex.steps = ex.run_len = ex.main_steps = 0;
	ex.hung = false;
	ex.pos = 0;
	ex.mismatch = false;
	ex.rec.len = 0;
	ex.violated = false;
	hw_event_log_clear();
	warn_count_reset();
}

/*
 * Run the setup or the final checks in the explorer's own context, from
 * where a fault in them escapes back here.  False if one did.
 */
static bool run_in_main(void (*fn)(void))
{
	/* Not saving the signal mask spares a system call per execution. */
	if (sigsetjmp(ex.escape, 0)) {
		ex.in_main = false;
		chk_crash_unblock();
		return false;
	}
	ex.in_main = true;
	fn();
	chk_crash_poll();
	ex.in_main = false;
	return true;
}

/* One execution under the chooser's current settings. */
static void run_execution(unsigned int bound)
{
	const struct chk_scenario *s = ex.scn;
	unsigned int t;

	reset_execution(bound);
	hw_this_cpu = 0;
	ex.running = true;
	t = run_in_main(s->setup);
	ex.setup_events = hw_event_log_count();
	if (!t)
		goto out;
	for (t = 0; t < s->nr_threads; t++)
		chk_coro_prepare(&ex.co[t], thread_entry, (void *)(uintptr_t)t);
	/* The first thread to run is a free choice, not a preemption. */
	ex.next = pick_thread();
	while (ex.next != CHK_NO_THREAD && !ex.violated) {
		ex.run_len = 0;
		ex.cur = ex.next;
		hw_this_cpu = ex.cur;
		chk_coro_switch(&ex.main, &ex.co[ex.cur]);
	}
	ex.cur = CHK_NO_THREAD;
	hw_this_cpu = 0;
	if (!ex.violated && s->finish)
		run_in_main(s->finish);
out:
	ex.running = false;
}

static bool begin(const struct chk_scenario *s)
{
	unsigned int t;

	ex.scn = s;
	for (t = 0; t < s->nr_threads; t++)
		if (!ex.co[t].stack && !chk_coro_alloc(&ex.co[t], CORO_STACK_SIZE))
			return false;
	chk_coro_return_to = &ex.main;
	if (!chk_crash_arm(&crash_ops))
		return false;
	set_warn_handler(warn_to_violation);
	set_bug_handler(bug_to_violation);
	hw_set_sched_hook(sched_hook, NULL);
	hw_set_chooser(&machine_chooser);
	hw_set_violation_handler(hw_to_violation, NULL);
	if (s->init)
		s->init();
	return true;
}

static void end(const struct chk_scenario *s)
{
	hw_set_sched_hook(NULL, NULL);
	hw_set_chooser(NULL);
	hw_set_violation_handler(NULL, NULL);
	set_warn_handler(NULL);
	set_bug_handler(NULL);
	chk_crash_disarm();
	if (s->exit)
		s->exit();
}

/* What minimising may still spend, in replays and in steps. */
struct budget {
	unsigned int replays;
	unsigned long steps;
};

/*
 * Replay @v (zeros beyond) and report whether @oracle breaks again, or
 * false once the budget is spent.
 */
static bool breaks_again(const uint32_t *v, size_t len, const char *oracle,
			 unsigned int bound, struct budget *b)
{
	unsigned long cost;

	if (!b->replays || !b->steps)
		return false;
	ex.script = v;
	ex.script_len = len;
	ex.strict = false;
	ex.beyond = BEYOND_ZERO;
	run_execution(bound);
	cost = ex.hung ? HANG_STEPS : ex.steps + ex.main_steps + 1;
	b->replays--;
	b->steps = cost < b->steps ? b->steps - cost : 0;
	return ex.violated && !strcmp(ex.viol.oracle, oracle);
}

/*
 * Shorten the violating choice sequence: cut the tail, then set choices
 * to 0 ("keep running the same thread", "nothing happens") one by one,
 * keeping every change after which the same oracle still breaks.  The
 * result is canonicalised by a last recorded replay.
 */
static void minimise(struct chk_result *r, unsigned int bound)
{
	const char *oracle = r->viol.oracle;
	struct chk_violation viol = r->viol;
	struct budget b = { MINIMISE_BUDGET, MINIMISE_STEPS };
	struct budget last = { 1, ~0ul };
	size_t len = ex.rec.len, i, lo, hi;
	uint32_t *v = malloc((len + 1) * sizeof(*v));

	if (!v)
		return;
	for (i = 0; i < len; i++)
		v[i] = ex.rec.c[i].v;
	lo = 0;
	hi = len;
	while (lo < hi && b.replays && b.steps) {
		size_t mid = lo + (hi - lo) / 2;

		if (breaks_again(v, mid, oracle, bound, &b))
			hi = mid;
		else
			lo = mid + 1;
	}
	/* Only lengths seen to break ever became @hi. */
	len = hi;
	for (i = len; i-- > 0 && b.replays && b.steps;) {
		uint32_t keep = v[i];

		if (!keep)
			continue;
		v[i] = 0;
		if (!breaks_again(v, len, oracle, bound, &b))
			v[i] = keep;
	}
	breaks_again(v, len, oracle, bound, &last);
	if (ex.violated && !strcmp(ex.viol.oracle, oracle))
		viol = ex.viol;
	r->viol = viol;
	free(v);
}

static void keep_trace(struct chk_result *r)
{
	size_t len = ex.rec.len;

	/* Trailing zeros are what a replay chooses anyway. */
	while (len && !ex.rec.c[len - 1].v)
		len--;
	r->trace.c = malloc((len + 1) * sizeof(*r->trace.c));
	if (!r->trace.c)
		return;
	if (len)
		memcpy(r->trace.c, ex.rec.c, len * sizeof(*r->trace.c));
	r->trace.len = r->trace.cap = len;
	r->have_trace = true;
}

static void found(struct chk_result *r, unsigned int bound)
{
	r->violations++;
	r->viol = ex.viol;
	minimise(r, bound);
	keep_trace(r);
	r->bound = bound;
}

/* Depth-first: the next sequence after @rec, or false when none is left. */
static bool backtrack(uint32_t *script, size_t *len)
{
	size_t i = ex.rec.len;

	while (i-- > 0) {
		if (ex.rec.c[i].v + 1 < ex.rec.c[i].n) {
			for (size_t j = 0; j < i; j++)
				script[j] = ex.rec.c[j].v;
			script[i] = ex.rec.c[i].v + 1;
			*len = i + 1;
			return true;
		}
	}
	return false;
}

static void explore_exhaustive(const struct chk_options *o,
			       struct chk_result *r)
{
	uint32_t *script = NULL;
	size_t len = 0, cap = 0;

	ex.strict = false;
	ex.beyond = BEYOND_ZERO;
	for (;;) {
		ex.script = script;
		ex.script_len = len;
		run_execution(o->bound);
		r->executions++;
		if (ex.violated) {
			found(r, o->bound);
			break;
		}
		if (cap < ex.rec.len) {
			uint32_t *n = realloc(script, ex.rec.len * sizeof(*n));

			if (!n)
				break;
			script = n;
			cap = ex.rec.len;
		}
		if (!backtrack(script, &len)) {
			r->exhausted = true;
			break;
		}
		if (o->executions && r->executions >= o->executions)
			break;
		if (o->progress && !(r->executions % PROGRESS_EVERY))
			o->progress(o->progress_arg, r->executions);
	}
	free(script);
}

static void explore_random(const struct chk_options *o, struct chk_result *r)
{
	unsigned long i;

	ex.script_len = 0;
	ex.strict = false;
	/* Each search learns its run length afresh: a function of its seed. */
	memset(ex.pct.steps, 0, sizeof(ex.pct.steps));
	for (i = 0; i < o->executions; i++) {
		uint64_t x = o->seed + i;

		ex.rng = splitmix(&x);
		ex.beyond = BEYOND_RANDOM;
		pct_start(ex.scn->nr_threads, i % PCT_MODES);
		run_execution(~0u);
		ex.pct.on = false;
		r->executions++;
		if (ex.violated) {
			found(r, ~0u);
			break;
		}
		if (o->progress && !(r->executions % PROGRESS_EVERY))
			o->progress(o->progress_arg, r->executions);
	}
}

struct stress_arg {
	const struct chk_scenario *s;
	unsigned int t;
	uint64_t seed;
};

static void *stress_thread(void *p)
{
	struct stress_arg *a = p;

	hw_this_cpu = a->t;
	stress_rng = a->seed;
	a->s->thread(a->t);
	return NULL;
}

/* The same threads on real pthreads, primitives as plain C11 atomics. */
static void explore_stress(const struct chk_scenario *s,
			   const struct chk_options *o, struct chk_result *r)
{
	struct stress_arg arg[CHK_MAX_THREADS];
	pthread_t tid[CHK_MAX_THREADS];
	unsigned long i;
	unsigned int t, started;

	hw_set_sched_hook(NULL, NULL);
	for (i = 0; i < o->executions; i++) {
		reset_execution(0);
		s->setup();
		stress_active = true;
		for (started = 0; started < s->nr_threads; started++) {
			arg[started] = (struct stress_arg){
				s, started, o->seed ^ (i << 8) ^ started };
			if (pthread_create(&tid[started], NULL, stress_thread,
					   &arg[started]))
				break;
		}
		for (t = 0; t < started; t++)
			pthread_join(tid[t], NULL);
		stress_active = false;
		r->executions++;
		if (!ex.violated && s->finish)
			s->finish();
		/* The flag is this execution's: the next one resets it. */
		if (ex.violated) {
			r->violations = 1;
			r->viol = ex.viol;
			break;
		}
		if (o->progress && !(r->executions % PROGRESS_EVERY))
			o->progress(o->progress_arg, r->executions);
	}
}

bool chk_explore(const struct chk_scenario *s, const struct chk_options *o,
		 struct chk_result *r)
{
	double t0 = now();

	*r = (struct chk_result){ 0 };
	if (!begin(s))
		return false;
	ex.mute = o->mute;
	switch (o->mode) {
	case CHK_EXHAUSTIVE:
		explore_exhaustive(o, r);
		break;
	case CHK_STRESS:
		explore_stress(s, o, r);
		break;
	default:
		explore_random(o, r);
		break;
	}
	ex.mute = NULL;
	end(s);
	r->seconds = now() - t0;
	return true;
}

bool chk_replay(const struct chk_scenario *s, const uint32_t *values,
		size_t len, unsigned int bound, bool strict,
		struct chk_result *r)
{
	double t0 = now();

	*r = (struct chk_result){ 0 };
	if (!begin(s))
		return false;
	ex.script = values;
	ex.script_len = len;
	ex.strict = strict;
	ex.beyond = BEYOND_ZERO;
	run_execution(bound);
	r->executions = 1;
	r->setup_events = ex.setup_events;
	if (ex.violated) {
		r->violations = 1;
		r->viol = ex.viol;
	}
	end(s);
	r->seconds = now() - t0;
	return !ex.mismatch;
}

void chk_result_release(struct chk_result *r)
{
	free(r->trace.c);
	r->trace = (struct chk_trace){ 0 };
	r->have_trace = false;
}
