// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler: a scenario's threads as coroutines on one OS thread, with
 * a scheduling decision at every primitive of the machine
 * (hw_set_sched_hook), taken through the choice engine, so that an
 * execution is a function of its choice sequence.  Choice 0 always means
 * "keep running the current thread", so an all-zero sequence is the
 * sequential run.
 */
#include <stdlib.h>

#include <linux/bug.h>

#include "hw/event.h"
#include "crash.h"
#include "exec.h"

/* Big enough for the kernel paths under ASan's redzones. */
#define CORO_STACK_SIZE		(1u << 20)
/*
 * A thread that ran this many steps in a row while others could run is
 * spinning (a retry loop waiting for another thread): it is made to yield,
 * without spending a preemption, as a fair scheduler would.  It yields to
 * a thread that is not spinning too, when there is one: two spinners that
 * wait for a third (two ptep_get_lockless() retrying over a block a zap
 * has half cleared) must not hand the CPU to each other for ever.
 */
#define FAIR_STEPS		400

static unsigned long *lock_gen(struct chk_exec *ex, const void *p)
{
	unsigned int i;

	for (i = 0; i < ex->nr_locks; i++)
		if (ex->locks[i].p == p)
			return &ex->locks[i].gen;
	if (ex->nr_locks == CHK_MAX_LOCKS)
		return NULL;
	ex->locks[ex->nr_locks].p = p;
	ex->locks[ex->nr_locks].gen = 0;
	return &ex->locks[ex->nr_locks++].gen;
}

static bool runnable(struct chk_exec *ex, unsigned int t)
{
	if (ex->finished[t])
		return false;
	if (ex->blocked_on[t] &&
	    *lock_gen(ex, ex->blocked_on[t]) == ex->blocked_gen[t])
		return false;
	ex->blocked_on[t] = NULL;
	return true;
}

/*
 * Threads that may run next, the current one first so that choice 0
 * means "no preemption".  Returns how many.
 */
static unsigned int runnable_threads(struct chk_exec *ex, unsigned int *opt,
				     bool *cur_first)
{
	unsigned int t, n = 0;

	*cur_first = ex->cur != CHK_NO_THREAD && runnable(ex, ex->cur);
	if (*cur_first)
		opt[n++] = ex->cur;
	for (t = 0; t < ex->scn->nr_threads; t++)
		if (t != ex->cur && runnable(ex, t))
			opt[n++] = t;
	return n;
}

/*
 * Keep, of the @n threads at @opt, those not spinning, unless all are;
 * returns how many are left.
 */
static unsigned int not_spinning(struct chk_exec *ex, unsigned int *opt,
				 unsigned int n)
{
	unsigned int i, m = 0;

	for (i = 0; i < n; i++)
		if (!(ex->spinning & (1u << opt[i])))
			opt[m++] = opt[i];
	return m ? m : n;
}

/* Which of @n threads runs next, asked through the choice engine. */
static unsigned int schedule(struct chk_exec *ex, const unsigned int *opt,
			     unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		ex->opt[i] = opt[i];
	ex->nr_opt = n;
	return opt[hw_choose(HW_CHOICE_SCHEDULE, n)];
}

static unsigned int pick_thread(struct chk_exec *ex)
{
	unsigned int opt[CHK_MAX_THREADS], n, t;
	bool cur_first;

	n = runnable_threads(ex, opt, &cur_first);
	if (!n) {
		for (t = 0; t < ex->scn->nr_threads; t++)
			if (!ex->finished[t])
				chk_fail(CHK_LIVENESS,
					 "deadlock: thread %s waits for a lock nobody releases",
					 ex->scn->thread_names[t]);
		return CHK_NO_THREAD;
	}
	if (cur_first && n > 1 && ex->run_len >= FAIR_STEPS) {
		/* A spinning thread waits for the others. */
		if (ex->strategy.yield)
			ex->strategy.yield(ex->strategy.arg, ex->cur);
		ex->spinning |= 1u << ex->cur;
		n = not_spinning(ex, opt + 1, n - 1);
		return schedule(ex, opt + 1, n);
	}
	if (cur_first && !ex->choices.budget)
		return ex->cur;
	t = schedule(ex, opt, n);
	if (cur_first && t != ex->cur)
		ex->choices.budget--;
	return t;
}

/*
 * The next thread, told to the strategy with the choice that picked it;
 * CHK_NO_THREAD with @ex->pruned set if the strategy refuses the step.
 */
static unsigned int decide(struct chk_exec *ex)
{
	size_t before = ex->choices.len;
	unsigned int t = pick_thread(ex);
	long node = ex->choices.len > before ? (long)before : -1;

	if (t == CHK_NO_THREAD || !ex->strategy.run ||
	    ex->strategy.run(ex->strategy.arg, t, node))
		return t;
	ex->pruned = true;
	return CHK_NO_THREAD;
}

/* A second attempt in a row on one lock means the first one failed. */
static void note_lock_attempt(struct chk_exec *ex, unsigned int t,
			      enum hw_mem_op op, const void *p)
{
	unsigned long *gen = lock_gen(ex, p);

	if (op == HW_SYNC_UNLOCK) {
		if (gen)
			++*gen;
		ex->last_lock[t] = NULL;
		return;
	}
	if (ex->last_lock[t] == p && gen && *gen == ex->blocked_gen[t]) {
		ex->blocked_on[t] = p;
		return;
	}
	ex->last_lock[t] = p;
	ex->blocked_gen[t] = gen ? *gen : 0;
}

static void switch_to(struct chk_exec *ex, unsigned int next)
{
	unsigned int prev = ex->cur;

	ex->run_len = 0;
	ex->cur = next;
	hw_this_cpu = next;
	chk_coro_switch(&ex->co[prev], &ex->co[next]);
}

/* The setup or the final checks: no choices, but an end. */
static void main_step(struct chk_exec *ex)
{
	if (ex->in_main && ++ex->main_steps > CHK_MAX_STEPS)
		chk_fail_fatal(CHK_LIVENESS, "no end after %d steps: livelock",
			       CHK_MAX_STEPS);
}

/*
 * Lock operations go to the event log, for counterexamples, each at the
 * kernel function that asked for it, not at a header's helper.
 */
static void log_lock(enum hw_mem_op op, const void *p)
{
	struct hw_event ev = {
		.kind = op == HW_SYNC_LOCK ? HW_EV_LOCK : HW_EV_UNLOCK,
		.cpu = hw_this_cpu, .lock = p,
	};

	if ((op == HW_SYNC_LOCK || op == HW_SYNC_UNLOCK) &&
	    hw_event_log_enabled()) {
		ev.site = hw_site_top_in_source();
		hw_event_add(&ev);
	}
}

static void sched_hook(void *arg, enum hw_mem_op op, const void *p)
{
	struct chk_exec *ex = arg;
	unsigned int t = ex->cur, next;

	if (ex->stress)
		return;
	log_lock(op, p);
	chk_crash_poll();
	ex->progress++;
	if (t == CHK_NO_THREAD)
		return main_step(ex);
	if (++ex->steps > CHK_MAX_STEPS)
		chk_fail_fatal(CHK_LIVENESS, "no end after %d steps: livelock",
			       CHK_MAX_STEPS);
	if (ex->choices.oom || ex->choices.len > CHK_MAX_CHOICES)
		chk_fail(CHK_LIVENESS, "choice sequence too long to record");
	ex->run_len++;
	/* What the spinners wait for may change; a load changes nothing. */
	if (op != HW_MEM_READ && !(ex->spinning & (1u << t)))
		ex->spinning = 0;
	if (ex->strategy.step)
		ex->strategy.step(ex->strategy.arg, t, op, p);
	if (op == HW_SYNC_LOCK || op == HW_SYNC_UNLOCK)
		note_lock_attempt(ex, t, op, p);
	else
		ex->last_lock[t] = NULL;
	next = decide(ex);
	if (ex->pruned)
		chk_exec_abandon(ex);
	if (next != t)
		switch_to(ex, next);
}

/* The scheduling hook has no other way to its execution's threads. */
static struct chk_exec *running;

static void thread_entry(void *arg)
{
	struct chk_exec *ex = running;
	unsigned int t = (uintptr_t)arg;

	ex->scn->thread(t);
	chk_crash_poll();
	ex->finished[t] = true;
	if (ex->strategy.finished)
		ex->strategy.finished(ex->strategy.arg, t);
	ex->next = decide(ex);
	ex->cur = CHK_NO_THREAD;
}

void chk_exec_abandon(struct chk_exec *ex)
{
	unsigned int t = ex->cur;

	ex->next = CHK_NO_THREAD;
	ex->cur = CHK_NO_THREAD;
	chk_coro_switch(&ex->co[t], &ex->main);
	__builtin_unreachable();
}

void chk_exec_leave(struct chk_exec *ex)
{
	if (ex->cur != CHK_NO_THREAD)
		chk_exec_abandon(ex);
	if (ex->in_main)
		chk_coro_switch(&ex->world, &ex->main);
	abort();
}

void chk_exec_reset(struct chk_exec *ex, const struct hw_choice *script,
		    size_t len, unsigned int budget)
{
	unsigned int t;

	ex->cur = ex->next = CHK_NO_THREAD;
	for (t = 0; t < CHK_MAX_THREADS; t++) {
		ex->finished[t] = false;
		ex->last_lock[t] = ex->blocked_on[t] = NULL;
		ex->blocked_gen[t] = 0;
	}
	ex->nr_locks = 0;
	ex->steps = ex->run_len = ex->main_steps = 0;
	ex->spinning = 0;
	ex->hung = ex->pruned = false;
	ex->world_end = NULL;
	hw_choices_start(&ex->choices, script, len, budget);
	chk_verdict_reset(&ex->verdict);
	hw_event_log_clear();
	warn_count_reset();
}

static void world_entry(void *arg)
{
	struct chk_exec *ex = arg;

	ex->world_fn();
	chk_crash_poll();
}

/*
 * Run the setup or the final checks on a stack of their own, not the
 * explorer's: a fault in them abandons that stack (chk_exec_leave()), and
 * code that writes past its frame cannot reach the explorer's frames.
 * False if they did not end.
 */
static bool run_world(struct chk_exec *ex, void (*fn)(void))
{
	ex->world_fn = fn;
	chk_coro_prepare(&ex->world, world_entry, ex);
	ex->in_main = true;
	chk_coro_switch(&ex->main, &ex->world);
	ex->in_main = false;
	return ex->world.done;
}

static void run_threads(struct chk_exec *ex)
{
	const struct chk_scenario *s = ex->scn;
	unsigned int t;

	for (t = 0; t < s->nr_threads; t++)
		chk_coro_prepare(&ex->co[t], thread_entry, (void *)(uintptr_t)t);
	/* The first thread to run is a free choice, not a preemption. */
	ex->next = decide(ex);
	while (ex->next != CHK_NO_THREAD && !ex->verdict.violated) {
		ex->run_len = 0;
		ex->cur = ex->next;
		hw_this_cpu = ex->cur;
		chk_coro_switch(&ex->main, &ex->co[ex->cur]);
	}
	ex->cur = CHK_NO_THREAD;
	hw_this_cpu = 0;
}

void chk_exec_run(struct chk_exec *ex, const struct hw_choice *script,
		  size_t len, unsigned int budget)
{
	const struct chk_scenario *s = ex->scn;
	bool ok;

	chk_exec_reset(ex, script, len, budget);
	hw_this_cpu = 0;
	ex->running = true;
	ok = run_world(ex, s->setup);
	ex->setup_events = hw_event_log_count();
	ex->final_events = ex->setup_events;
	if (ok) {
		run_threads(ex);
		ex->final_events = hw_event_log_count();
		if (ex->strategy.end && !ex->pruned)
			ex->strategy.end(ex->strategy.arg);
		if (!ex->verdict.violated && !ex->pruned && ex->world_end)
			ok = run_world(ex, ex->world_end);
		if (ok && !ex->verdict.violated && !ex->pruned && s->finish)
			run_world(ex, s->finish);
	}
	ex->running = false;
}

unsigned long chk_exec_cost(const struct chk_exec *ex)
{
	return ex->steps + ex->main_steps + 1;
}

/* What the fault handlers need to know of the execution in progress. */
static bool crash_active(void)
{
	return running && running->running && !running->stress;
}

/* The coroutine running: a thread, the setup or final checks, or none. */
static struct chk_coro *running_coro(void)
{
	if (running->cur != CHK_NO_THREAD)
		return &running->co[running->cur];
	return running->in_main ? &running->world : NULL;
}

static void *crash_thread_stack(void)
{
	struct chk_coro *c = running_coro();

	return c ? chk_coro_fresh_top(c) : NULL;
}

static int crash_stack_guard(const void *addr)
{
	struct chk_coro *c = running_coro();

	return c ? chk_coro_guard(c, addr) : 0;
}

static unsigned long crash_progress(void)
{
	return running->progress;
}

/* A signal, or the watchdog (liveness): a costly run to replay. */
static void crash_fault(enum chk_oracle oracle, const char *what)
{
	running->hung = oracle == CHK_LIVENESS;
	chk_fail_fatal(oracle, "%s", what);
}

static const struct chk_crash_ops crash_ops = {
	.active = crash_active,
	.thread_stack = crash_thread_stack,
	.stack_guard = crash_stack_guard,
	.progress = crash_progress,
	.fault = crash_fault,
};

static void free_stacks(struct chk_exec *ex)
{
	unsigned int t;

	for (t = 0; t < CHK_MAX_THREADS; t++)
		chk_coro_free(&ex->co[t]);
	chk_coro_free(&ex->world);
}

bool chk_exec_begin(struct chk_exec *ex, const struct chk_scenario *s,
		    unsigned int mute)
{
	unsigned int t;

	ex->scn = s;
	ex->cur = CHK_NO_THREAD;
	ex->verdict.mute = mute;
	for (t = 0; t < s->nr_threads; t++)
		if (!chk_coro_alloc(&ex->co[t], CORO_STACK_SIZE))
			goto fail;
	if (!chk_coro_alloc(&ex->world, CORO_STACK_SIZE))
		goto fail;
	running = ex;
	chk_coro_return_to = &ex->main;
	if (!chk_crash_arm(&crash_ops))
		goto fail;
	chk_verdict_install(ex);
	hw_set_sched_hook(sched_hook, ex);
	hw_set_chooser(&ex->choices.chooser);
	if (s->init)
		s->init();
	return true;
fail:
	running = NULL;
	free_stacks(ex);
	return false;
}

void chk_exec_end(struct chk_exec *ex)
{
	hw_set_sched_hook(NULL, NULL);
	hw_set_chooser(NULL);
	chk_verdict_remove();
	chk_crash_disarm();
	if (ex->scn->exit)
		ex->scn->exit();
	free_stacks(ex);
	running = NULL;
}

struct chk_exec *chk_exec_running(void)
{
	return running;
}

unsigned int chk_current_thread(void)
{
	return running ? running->cur : CHK_NO_THREAD;
}
