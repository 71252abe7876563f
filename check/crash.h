/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Faults in the code under check are findings, not the end of the
 * checker: a signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT) raised by
 * an execution's kernel code, or a thread that runs for a while without
 * reaching a scheduling point (a loop that never ends), is handed to the
 * explorer, which reports it as a violation with the schedule that led
 * there and goes on.  A fault in a scenario thread, or in an execution's
 * setup or final checks (which run on a stack of their own too), resumes
 * that context in a function of the explorer's choosing from the top of
 * its stack.  In the test build an AddressSanitizer report is a finding
 * as well, made at the next scheduling point of the code that caused it.
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
	 * The fresh stack top of the running thread, setup or final checks;
	 * NULL in the explorer's own code.
	 */
	void *(*thread_stack)(void);
	/*
	 * @addr in the guard page above the running context's stack (1),
	 * below it (-1), or in neither (0).
	 */
	int (*stack_guard)(const void *addr);
	/* Steps taken so far: the watchdog's measure of progress. */
	unsigned long (*progress)(void);
	/*
	 * Called on that stack with the fault described; or, in the
	 * explorer's own code, from the handler itself.  Never returns.
	 */
	void (*fault)(enum chk_oracle oracle, const char *what);
};

/* Install the handlers and the watchdog; false if that failed. */
bool chk_crash_arm(const struct chk_crash_ops *ops);
/* Put back what was there before. */
void chk_crash_disarm(void);
/*
 * At a scheduling point, the end of a thread, the setup or the final
 * checks: report the sanitizer finding kept since the last one, through
 * the ops' fault() (never returns then).
 */
void chk_crash_poll(void);

/* CPU time without a step before a thread counts as spinning forever. */
#define CHK_WATCHDOG_MS		300

#endif /* CHECK_CRASH_H */
