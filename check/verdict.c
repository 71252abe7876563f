// SPDX-License-Identifier: GPL-2.0-only
/*
 * The verdict of an execution: every oracle reports here, through
 * chk_fail() or the handlers of the machine's monitors and of the kernel
 * shims' WARN_ON and BUG_ON.  Threads stop at their first violation; the
 * end-of-execution checks all run, and the gravest finding is kept.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <linux/bug.h>

#include "hw/event.h"
#include "hw/violation.h"
#include "exec.h"

/* The stress mode's threads share the verdict under this. */
static pthread_mutex_t stress_lock = PTHREAD_MUTEX_INITIALIZER;

void chk_verdict_reset(struct chk_verdict *v)
{
	v->violated = false;
	v->blame = CHK_NO_THREAD;
}

static void record(struct chk_exec *ex, struct chk_violation *v)
{
	struct chk_verdict *vd = &ex->verdict;

	v->thread = vd->blame != CHK_NO_THREAD ? vd->blame : ex->cur;
	v->event = hw_event_log_enabled() ? hw_event_log_count() : 0;
	vd->blame = CHK_NO_THREAD;
	if (!vd->violated ||
	    (ex->cur == CHK_NO_THREAD && v->oracle < vd->viol.oracle)) {
		vd->violated = true;
		vd->viol = *v;
	}
}

/* In stress mode no thread can be abandoned: the run ends here. */
static void __attribute__((noreturn)) stress_fatal(const struct chk_violation *v)
{
	fprintf(stderr, "contpte: stress mode: %s: %s (the run cannot go on)\n",
		chk_oracle_name(v->oracle), v->message);
	fflush(NULL);
	_exit(1);
}

static void format(struct chk_violation *v, enum chk_oracle oracle,
		   const char *fmt, va_list ap)
{
	v->oracle = oracle;
	vsnprintf(v->message, sizeof(v->message), fmt, ap);
	/* A report naming no oracle is a bug of the checker's own. */
	if (oracle >= CHK_NR_ORACLES) {
		fprintf(stderr, "contpte: a report names no oracle: %s\n",
			v->message);
		abort();
	}
}

void chk_fail_fatal(enum chk_oracle oracle, const char *fmt, ...)
{
	struct chk_exec *ex = chk_exec_running();
	struct chk_violation v;
	va_list ap;

	va_start(ap, fmt);
	format(&v, oracle, fmt, ap);
	va_end(ap);
	if (ex->stress)
		stress_fatal(&v);
	record(ex, &v);
	chk_exec_leave(ex);
}

void chk_fail(enum chk_oracle oracle, const char *fmt, ...)
{
	struct chk_exec *ex = chk_exec_running();
	struct chk_violation v;
	va_list ap;

	if (oracle < CHK_NR_ORACLES && (ex->verdict.mute & (1u << oracle))) {
		ex->verdict.blame = CHK_NO_THREAD;
		return;
	}
	va_start(ap, fmt);
	format(&v, oracle, fmt, ap);
	va_end(ap);
	if (ex->stress) {
		pthread_mutex_lock(&stress_lock);
		if (!ex->verdict.violated) {
			ex->verdict.violated = true;
			ex->verdict.viol = v;
		}
		pthread_mutex_unlock(&stress_lock);
		return;
	}
	record(ex, &v);
	if (ex->cur != CHK_NO_THREAD)
		chk_exec_abandon(ex);
}

bool chk_failed(void)
{
	struct chk_exec *ex = chk_exec_running();

	return ex && ex->verdict.violated;
}

static void warn_to_violation(const char *file, int line, const char *cond)
{
	chk_fail(CHK_BOOKKEEPING, "WARN_ON(%s) at %s:%d", cond, file, line);
}

/* A BUG_ON is a kernel oops: the path that hit it goes no further. */
static void bug_to_violation(const char *file, int line, const char *cond)
{
	chk_fail_fatal(CHK_CRASH, "BUG_ON(%s) at %s:%d", cond, file, line);
}

/* The machine's monitors are oracles too. */
static void hw_to_violation(void *arg, const struct hw_violation *v)
{
	enum chk_oracle o = chk_oracle_of_hw(v->oracle);
	struct chk_exec *ex = arg;

	if (ex->scn && v->cpu < ex->scn->nr_threads)
		ex->verdict.blame = v->cpu;
	if (v->fatal)
		chk_fail_fatal(o, "cpu%u %s, at pa %#lx, in %s", v->cpu,
			       v->what, (unsigned long)v->va, v->where);
	chk_fail(o, "cpu%u va %#lx: %s", v->cpu, (unsigned long)v->va,
		 v->what);
}

void chk_verdict_install(struct chk_exec *ex)
{
	set_warn_handler(warn_to_violation);
	set_bug_handler(bug_to_violation);
	hw_set_violation_handler(hw_to_violation, ex);
}

void chk_verdict_remove(void)
{
	hw_set_violation_handler(NULL, NULL);
	set_warn_handler(NULL);
	set_bug_handler(NULL);
}
