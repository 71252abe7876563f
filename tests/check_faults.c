// SPDX-License-Identifier: GPL-2.0-only
/*
 * Faults in the code under check are findings: a crash, a BUG_ON, an
 * access that runs off its page table, a loop that never ends, a livelock
 * and a loop writing past its frame each end the execution they happen in
 * with a violation, in a scenario thread as in the setup or the final
 * checks; the run replays to
 * the same violation from its choices, and the checker goes on to the
 * next scenario; a livelock's counterexample prints its loop once.  The
 * faulty code is in this file's own scenarios.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pgtable.h>

#include "check/access.h"
#include "check/explore.h"
#include "check/scenarios.h"
#include "check/world.h"
#include "hw/mem.h"
#include "lib/chktest.h"
#include "lib/ktap.h"

enum fault {
	F_SEGV, F_BUG, F_OFF_TABLE, F_HANG, F_LIVELOCK, F_OVERFLOW, F_SMASH,
	F_RECURSE
};

static enum fault fault;

/* Where the fault happens: a thread, the setup or the final checks. */
enum where { IN_THREAD, IN_SETUP, IN_FINISH };

static enum where where;

/*
 * A retry inside one call, as in a lockless read: its entry, then a
 * sibling, forever.
 */
static void retry_forever(pte_t *ptep, pte_t *sibling)
{
	for (;;) {
		(void)__ptep_get(ptep);
		(void)__ptep_get(sibling);
	}
}

/*
 * A loop that never ends filling an array on the stack, one scheduling
 * point an element, as exit_mmap() would over VMAs that never end: it
 * writes past its frame over its callers', toward the top of the stack.
 * Not instrumented, or the test build's sanitizer would report it first.
 */
static void __attribute__((noinline, no_sanitize("address")))
fill_past_frame(void)
{
	unsigned long vmas[4], *p = vmas;
	unsigned long i;

	/* The compiler cannot see p's bounds, nor drop the stores. */
	__asm__ volatile("" : "+r"(p));
	for (i = 0;; i++) {
		(void)__ptep_get(chk_ptep(0));
		p[i] = i;
		__asm__ volatile("" : : "r"(p) : "memory");
	}
}

/*
 * A recursion that never ends, one scheduling point a call: what the
 * compiler warns of is the point.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static unsigned long __attribute__((noinline)) recurse(unsigned long depth)
{
	volatile unsigned long frame[8] = { depth };

	(void)__ptep_get(chk_ptep(0));
	return recurse(frame[0] + 1) + frame[1];
}
#pragma GCC diagnostic pop

static void __attribute__((noinline)) make_fault(void)
{
	volatile unsigned long spin = 0;
	volatile int *buf;
	pte_t *end;

	switch (fault) {
	case F_SEGV:
		*(volatile int *)(uintptr_t)(16 + spin) = 1;
		break;
	case F_BUG:
		BUG_ON(spin == 0);
		break;
	case F_OFF_TABLE:
		/* One entry past the end of the world's leaf table. */
		end = chk_ptep(PTRS_PER_PTE);
		(void)ptep_get(end);
		break;
	case F_HANG:
		while (spin != ~0ul)
			spin = spin * 3 + 1;
		break;
	case F_LIVELOCK:
		HW_CALL_VOID(retry_forever, chk_ptep(1), chk_ptep(0));
		break;
	case F_OVERFLOW:
		/*
		 * One int past a heap buffer of a size the compiler does not
		 * know (or UBSan's object-size check, fatal, would see it).
		 */
		spin = 4;
		buf = malloc(spin * sizeof(*buf));
		spin = buf[spin];
		free((void *)buf);
		break;
	case F_SMASH:
		fill_past_frame();
		break;
	case F_RECURSE:
		recurse(0);
		break;
	}
}

static void setup(void)
{
	chk_world_setup();
	chk_map_block(0, 0, pfn_pte(0, PAGE_SHARED));
	if (where == IN_SETUP)
		make_fault();
}

static void thread(unsigned int t)
{
	chk_access(t, true);
	if (where == IN_THREAD && t == 1)
		make_fault();
	chk_access(t, false);
}

static void finish(void)
{
	if (where == IN_FINISH)
		make_fault();
}

static const struct chk_scenario faulty = {
	.name = "faulty",
	.desc = "a thread, the setup or the final checks go wrong",
	.nr_threads = 2,
	.thread_names = { "cpu-store", "faulty" },
	.init = chk_world_init,
	.setup = setup,
	.thread = thread,
	.finish = finish,
	.exit = chk_world_exit,
};

static void expect_finding(enum fault f, enum where w, enum chk_oracle oracle,
			   const char *text)
{
	fault = f;
	where = w;
	chktest_expect_finding(&faulty, 50, oracle, text);
}

/* After the faulty run, a catalogue scenario still runs clean. */
static void expect_checker_goes_on(void)
{
	static const char *const none[] = { NULL };
	struct chk_result r;

	chktest_settings(none);
	r = chktest_explore("lockless-agrees", CHK_EXHAUSTIVE, 2000, 0);
	EXPECT_EQ(r.violations, 0);
	EXPECT_EQ(r.executions, 2000);
	chk_result_release(&r);
}

TEST(segv_in_a_thread)
{
	expect_finding(F_SEGV, IN_THREAD, CHK_CRASH, "SIGSEGV");
	expect_checker_goes_on();
}

TEST(segv_in_the_setup)
{
	expect_finding(F_SEGV, IN_SETUP, CHK_CRASH, "SIGSEGV");
	expect_checker_goes_on();
}

TEST(segv_in_the_final_checks)
{
	expect_finding(F_SEGV, IN_FINISH, CHK_CRASH, "SIGSEGV");
	expect_checker_goes_on();
}

TEST(bug_on_is_a_crash)
{
	expect_finding(F_BUG, IN_THREAD, CHK_CRASH, "BUG_ON(spin == 0)");
	expect_finding(F_BUG, IN_FINISH, CHK_CRASH, "BUG_ON(spin == 0)");
	expect_checker_goes_on();
}

/* Caught at the first entry past the table, with the code that read it. */
TEST(access_off_the_table_is_reported_where_it_happens)
{
	expect_finding(F_OFF_TABLE, IN_THREAD, CHK_BOOKKEEPING,
		       "page-table read outside every live table");
	expect_finding(F_OFF_TABLE, IN_THREAD, CHK_BOOKKEEPING,
		       "< ptep_get from make_fault (tests/check_faults.c:");
	expect_finding(F_OFF_TABLE, IN_SETUP, CHK_BOOKKEEPING,
		       "outside every live table");
	expect_checker_goes_on();
}

TEST(loop_without_scheduling_points_is_liveness)
{
	expect_finding(F_HANG, IN_THREAD, CHK_LIVENESS, "a loop that never ends");
	expect_finding(F_HANG, IN_FINISH, CHK_LIVENESS, "a loop that never ends");
	expect_checker_goes_on();
}

/*
 * Each context's stack lies between guard pages: the write past the top
 * faults there, and the explorer's own frames (where the setup and the
 * final checks once ran) are left whole for the next execution.
 */
TEST(writing_past_the_frame_is_a_crash)
{
	expect_finding(F_SMASH, IN_THREAD, CHK_CRASH, "guard page above it");
	expect_finding(F_SMASH, IN_SETUP, CHK_CRASH, "guard page above it");
	expect_finding(F_SMASH, IN_FINISH, CHK_CRASH, "guard page above it");
	expect_checker_goes_on();
}

/* And the recursion that runs off the bottom of its stack. */
TEST(recursion_without_end_is_a_crash)
{
	expect_finding(F_RECURSE, IN_THREAD, CHK_CRASH, "guard page below it");
	expect_finding(F_RECURSE, IN_SETUP, CHK_CRASH, "guard page below it");
	expect_finding(F_RECURSE, IN_FINISH, CHK_CRASH, "guard page below it");
	expect_checker_goes_on();
}

/* Lines of @text from @from on. */
static unsigned int lines_from(const char *text, const char *from)
{
	unsigned int n = 0;

	for (text = strstr(text, from); text && *text; text++)
		n += *text == '\n';
	return n;
}

/*
 * A livelock's counterexample: its trace is the whole event log, a loop
 * of two reads run tens of thousands of times, and the report prints the
 * body once and its repeats as one line.
 */
static void expect_livelock_report(void)
{
	static const char *const none[] = { NULL };
	struct chk_options o = { .mode = CHK_RANDOM, .executions = 50,
				 .seed = ktap_seed };
	struct chk_result r, again;
	char *text;

	fault = F_LIVELOCK;
	where = IN_THREAD;
	chktest_settings(none);
	ASSERT_TRUE(chk_explore(&faulty, &o, &r));
	ASSERT_EQ(r.violations, 1);
	ASSERT_TRUE(r.have_trace);
	text = chktest_report(&faulty, &r, &again);
	ASSERT_TRUE(text);
	ktap_info("%u lines", lines_from(text, "Violation:"));
	EXPECT_EQ(again.viol.oracle, CHK_LIVENESS);
	EXPECT_TRUE(strstr(text, "no end after 200000 steps: livelock"));
	EXPECT_TRUE(lines_from(text, "Violation:") <= 30);
	EXPECT_TRUE(strstr(text, "read T0[1] = ") &&
		    strstr(text, "in retry_forever (tests/check_faults.c:"));
	EXPECT_TRUE(strstr(text, " the 2 lines above again, "));
	free(text);
	chk_result_release(&again);
	chk_result_release(&r);
}

TEST(livelock_is_liveness)
{
	expect_livelock_report();
	expect_finding(F_LIVELOCK, IN_SETUP, CHK_LIVENESS, "livelock");
	expect_checker_goes_on();
}

/*
 * Two threads spin until a third writes a word, and the third is made to
 * wait: whichever runs first, each spinner yields in turn, and never to
 * the other spinner alone, so the writer runs and nobody livelocks.
 */
static uint64_t flag;

static void spinners_thread(unsigned int t)
{
	if (!t) {
		(void)hw_mem_read(&flag);
		hw_mem_write(&flag, 1);
		return;
	}
	while (!hw_mem_read(&flag))
		;
}

static void spinners_setup(void)
{
	chk_world_setup();
	flag = 0;
}

static const struct chk_scenario spinners = {
	.name = "spinners",
	.desc = "two threads spin on a word a third writes",
	.nr_threads = 3,
	.thread_names = { "writer", "spinner", "spinner" },
	.init = chk_world_init,
	.setup = spinners_setup,
	.thread = spinners_thread,
	.exit = chk_world_exit,
};

TEST(spinners_waiting_for_a_thread_are_not_a_livelock)
{
	static const char *const none[] = { NULL };
	struct chk_options o = { .mode = CHK_EXHAUSTIVE, .bound = 1,
				 .reduction = CHK_REDUCE_NONE,
				 .executions = 100000 };
	struct chk_result r;

	chktest_settings(none);
	ASSERT_TRUE(chk_explore(&spinners, &o, &r));
	ktap_info("%lu executions%s, %lu violations", r.executions,
		  r.exhausted ? " (all)" : "", r.violations);
	EXPECT_EQ(r.violations, 0);
	EXPECT_TRUE(r.exhausted);
	chk_result_release(&r);
}

#ifdef __SANITIZE_ADDRESS__
/* The test build's sanitizer report, made at the next scheduling point. */
TEST(sanitizer_report_is_a_crash)
{
	expect_finding(F_OVERFLOW, IN_THREAD, CHK_CRASH,
		       "AddressSanitizer heap-buffer-overflow, read of 4 bytes");
	expect_finding(F_OVERFLOW, IN_THREAD, CHK_CRASH,
		       "in make_fault tests/check_faults.c:");
	expect_finding(F_OVERFLOW, IN_SETUP, CHK_CRASH, "heap-buffer-overflow");
	expect_finding(F_OVERFLOW, IN_FINISH, CHK_CRASH, "heap-buffer-overflow");
	expect_checker_goes_on();
}
#endif
