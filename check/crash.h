/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Faults in the code under check are findings, not the end of the
 * checker: a signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT) raised by
 * an execution's kernel code, or a thread that runs for a while without
 * reaching a scheduling point (a loop that never ends), is handed to the
 * explorer, which reports it as a violation with the schedule that led
 * there and goes on.  A fault in a scenario thread resumes that thread in
 * a function of the explorer's choosing on its own stack; a fault in the
 * explorer's own context (an execution's setup or final checks) jumps
 * back to where the explorer started that part.  In the test build an
 * AddressSanitizer report is a finding as well, made at the next
 * scheduling point of the code that caused it.
 */
#ifndef CHECK_CRASH_H
#define CHECK_CRASH_H

#include <stdbool.h>

#include "oracles.h"

/* What the explorer tells the handler about the execution in progress. */
struct chk_crash_ops {
	/* An execution runs: its faults are findings. */
	bool (*active)(void);
	/*
	 * The running thread's fresh stack top, or NULL in the explorer's
	 * own context.
	 */
	void *(*thread_stack)(void);
	/* Steps taken so far: the watchdog's measure of progress. */
	unsigned long (*progress)(void);
	/*
	 * Called on the thread's stack with the fault described (never
	 * returns); or, in the explorer's context, from the handler itself,
	 * to jump away (never returns).
	 */
	void (*fault)(enum chk_oracle oracle, const char *what);
};

/* Install the handlers and the watchdog; false if that failed. */
bool chk_crash_arm(const struct chk_crash_ops *ops);
/* Put back what was there before. */
void chk_crash_disarm(void);
/*
 * After a jump out of a handler that did not restore the signal mask:
 * the signals it handles are deliverable again.
 */
void chk_crash_unblock(void);
/*
 * At a scheduling point, the end of a thread, the setup or the final
 * checks: report the sanitizer finding kept since the last one, through
 * the ops' fault() (never returns then).
 */
void chk_crash_poll(void);

/* CPU time without a step before a thread counts as spinning forever. */
#define CHK_WATCHDOG_MS		300

#endif /* CHECK_CRASH_H */
