// SPDX-License-Identifier: GPL-2.0-only
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#endif

#include "hw/site.h"
#include "crash.h"

#define ALTSTACK_SIZE	(256u << 10)
#define TICK_MS		50

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
#define NR_FATAL	(sizeof(fatal_signals) / sizeof(fatal_signals[0]))

static struct {
	const struct chk_crash_ops *ops;
	struct sigaction old[NR_FATAL], old_alarm;
	stack_t altstack, old_altstack;
	/* The fault to report, for the function the thread resumes in. */
	char what[512];
	enum chk_oracle oracle;
	/* The watchdog: progress at the last tick, ticks without any. */
	unsigned long seen;
	unsigned int idle;
	/* A sanitizer report is being made; one is kept for chk_crash_poll(). */
	bool in_report, pending;
} crash;

static void resume_in_thread(void)
{
	crash.ops->fault(crash.oracle, crash.what);
	__builtin_unreachable();
}

/*
 * Make the interrupted thread continue in resume_in_thread() from the top
 * of its stack, as if called there: the frames of the faulting code are
 * abandoned with the execution.
 */
static void redirect(ucontext_t *uc, void *top)
{
	uintptr_t sp = (uintptr_t)top & ~(uintptr_t)15;

#if defined(__x86_64__)
	sp -= sizeof(void *);		/* a null return address */
	*(void **)sp = NULL;
	uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)resume_in_thread;
	uc->uc_mcontext.gregs[REG_RSP] = (greg_t)sp;
	uc->uc_mcontext.gregs[REG_RBP] = 0;
#elif defined(__aarch64__)
	uc->uc_mcontext.pc = (uintptr_t)resume_in_thread;
	uc->uc_mcontext.sp = sp;
	uc->uc_mcontext.regs[29] = 0;
	uc->uc_mcontext.regs[30] = 0;
#else
#error "the checker's fault recovery supports x86_64 and aarch64"
#endif
}

/* Report the fault from where it happened, then leave the execution. */
static void take_over(void *ucontext, enum chk_oracle oracle)
{
	void *top = crash.ops->thread_stack();

	crash.oracle = oracle;
	if (top) {
		redirect(ucontext, top);
		return;
	}
	crash.ops->fault(oracle, crash.what);
}

static void *fault_pc(const ucontext_t *uc)
{
#if defined(__x86_64__)
	return (void *)(uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#else
	return (void *)(uintptr_t)uc->uc_mcontext.pc;
#endif
}

/*
 * "in contpte_ptep_get < lockless_reader (check/scn_lockless.c:114)":
 * the function the program counter is in, if the executable names it
 * (static functions it does not), then the kernel calls in progress.
 */
static void describe_where(char *buf, size_t size, const ucontext_t *uc)
{
	const char *func = NULL;
	char calls[224];
	Dl_info info;

	if (dladdr(fault_pc(uc), &info))
		func = info.dli_sname;
	hw_site_format(calls, sizeof(calls), NULL);
	snprintf(buf, size, "%s%s%s", func ? func : "",
		 func && calls[0] ? " < " : "",
		 calls[0] || func ? calls : "code outside any kernel call");
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGILL: return "SIGILL";
	case SIGFPE: return "SIGFPE";
	default: return "SIGABRT";
	}
}

static void on_fatal(int sig, siginfo_t *si, void *ucontext)
{
	char where[256];
	int guard;

	if (!crash.ops->active()) {
		/* The checker's own fault: die of it as usual. */
		signal(sig, SIG_DFL);
		return;
	}
	describe_where(where, sizeof(where), ucontext);
	guard = sig == SIGSEGV ? crash.ops->stack_guard(si->si_addr) : 0;
	if (guard)
		/* Named, not addressed: the stack lies elsewhere each run. */
		snprintf(crash.what, sizeof(crash.what),
			 "the code under check ran off its stack (SIGSEGV on the guard page %s), in %s",
			 guard > 0 ? "above it: a write past its frame over its callers'" :
				     "below it: a recursion without end, or a frame too large",
			 where);
	else if (sig == SIGABRT)
		snprintf(crash.what, sizeof(crash.what),
			 "the code under check aborted (SIGABRT), in %s", where);
	else
		snprintf(crash.what, sizeof(crash.what),
			 "the code under check crashed: %s at address %p, in %s",
			 signal_name(sig), si->si_addr, where);
	take_over(ucontext, CHK_CRASH);
}

/*
 * A thread that reaches no scheduling point for CHK_WATCHDOG_MS of CPU
 * time is in a loop that never ends: every primitive of the machine is a
 * scheduling point, so correct kernel code gets to one within
 * microseconds.
 */
static void on_tick(int sig, siginfo_t *si, void *ucontext)
{
	char where[256];
	unsigned long now;

	/* In stress mode a tick may land on two threads at once. */
	if (!crash.ops->active() || crash.in_report) {
		__atomic_store_n(&crash.idle, 0, __ATOMIC_RELAXED);
		return;
	}
	now = crash.ops->progress();
	if (__atomic_exchange_n(&crash.seen, now, __ATOMIC_RELAXED) != now) {
		__atomic_store_n(&crash.idle, 0, __ATOMIC_RELAXED);
		return;
	}
	if (__atomic_add_fetch(&crash.idle, 1, __ATOMIC_RELAXED) * TICK_MS <
	    CHK_WATCHDOG_MS)
		return;
	__atomic_store_n(&crash.idle, 0, __ATOMIC_RELAXED);
	describe_where(where, sizeof(where), ucontext);
	snprintf(crash.what, sizeof(crash.what),
		 "no scheduling point for %u ms of CPU time: a loop that never ends, in %s",
		 CHK_WATCHDOG_MS, where);
	take_over(ucontext, CHK_LIVENESS);
}

void chk_crash_poll(void)
{
	if (!crash.pending)
		return;
	crash.pending = false;
	crash.ops->fault(CHK_CRASH, crash.what);
}

#ifdef __SANITIZE_ADDRESS__
/*
 * An AddressSanitizer report is a finding too.  The test build compiles
 * with -fsanitize-recover=address and runs with halt_on_error=0, so that
 * a report returns to the code that made it (leaving a report any other
 * way would keep the runtime's report locks held); the report is kept for
 * the thread's next scheduling point.  Every report must reach the
 * callback, replays included: no deduplication by program counter.
 */
const char *__asan_default_options(void)
{
	return "halt_on_error=0:suppress_equal_pcs=0";
}

/* The runtime found an error: the watchdog waits until it has reported. */
void __asan_on_error(void)
{
	crash.in_report = true;
}

/* "in make_fault tests/check_faults.c:40", from the report's frame #0. */
static void report_frame(char *buf, size_t size, const char *report)
{
	const char *f = strstr(report, "\n    #0 "), *in, *eol;

	buf[0] = '\0';
	if (!f || !(in = strstr(f, " in ")))
		return;
	eol = strchrnul(in, '\n');
	snprintf(buf, size, "%.*s", (int)(eol - in - 1), in + 1);
}

static void on_asan_report(const char *report)
{
	char frame[160], calls[200];

	crash.in_report = false;
	if (!crash.ops || !crash.ops->active()) {
		/* The checker's own error: as fatal, and as loud, as ever. */
		if (crash.ops)
			write(STDERR_FILENO, report, strlen(report));
		_exit(1);
	}
	if (crash.pending)
		return;
	report_frame(frame, sizeof(frame), report);
	hw_site_format(calls, sizeof(calls), NULL);
	snprintf(crash.what, sizeof(crash.what),
		 "the code under check: AddressSanitizer %s, %s of %zu bytes, %s%s%s",
		 __asan_get_report_description(),
		 __asan_get_report_access_type() ? "write" : "read",
		 __asan_get_report_access_size(),
		 frame[0] ? frame : "in code the report does not name",
		 calls[0] ? " < " : "", calls);
	crash.pending = true;
}

static __attribute__((constructor)) void asan_report_to_checker(void)
{
	__asan_set_error_report_callback(on_asan_report);
}

/*
 * While armed, the runtime writes its reports to /dev/null: the finding
 * carries what matters, and each replay of the run would report again.
 */
static void asan_quiet(bool quiet)
{
	static int devnull = -1;

	if (devnull < 0)
		devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (devnull >= 0)
		__sanitizer_set_report_fd((void *)(uintptr_t)(quiet ? devnull :
							     STDERR_FILENO));
}
#else
static void asan_quiet(bool quiet)
{
}
#endif

static bool set_timer(unsigned int ms)
{
	struct itimerval t = {
		.it_interval = { 0, ms * 1000 }, .it_value = { 0, ms * 1000 },
	};

	return !setitimer(ITIMER_VIRTUAL, &t, NULL);
}

bool chk_crash_arm(const struct chk_crash_ops *ops)
{
	struct sigaction sa = { .sa_flags = SA_SIGINFO | SA_ONSTACK };
	unsigned int i;
	void *stack;

	if (crash.ops)
		return true;
	stack = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (stack == MAP_FAILED)
		return false;
	crash.altstack = (stack_t){ .ss_sp = stack, .ss_size = ALTSTACK_SIZE };
	if (sigaltstack(&crash.altstack, &crash.old_altstack)) {
		munmap(stack, ALTSTACK_SIZE);
		return false;
	}
	crash.ops = ops;
	sigemptyset(&sa.sa_mask);
	sa.sa_sigaction = on_fatal;
	for (i = 0; i < NR_FATAL; i++)
		sigaction(fatal_signals[i], &sa, &crash.old[i]);
	sa.sa_sigaction = on_tick;
	sa.sa_flags |= SA_RESTART;
	sigaction(SIGVTALRM, &sa, &crash.old_alarm);
	crash.seen = 0;
	crash.idle = 0;
	crash.pending = false;
	asan_quiet(true);
	return set_timer(TICK_MS);
}

void chk_crash_disarm(void)
{
	unsigned int i;

	if (!crash.ops)
		return;
	set_timer(0);
	asan_quiet(false);
	sigaction(SIGVTALRM, &crash.old_alarm, NULL);
	for (i = 0; i < NR_FATAL; i++)
		sigaction(fatal_signals[i], &crash.old[i], NULL);
	sigaltstack(&crash.old_altstack, NULL);
	munmap(crash.altstack.ss_sp, crash.altstack.ss_size);
	crash.ops = NULL;
}
