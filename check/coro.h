/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Coroutines for the checker: the threads of a scenario run on their own
 * stacks in one OS thread and switch only where the explorer decides, so
 * an execution is a function of its choices.  A small hand-written context
 * switch (callee-saved registers and the stack pointer) keeps a switch to a
 * few nanoseconds; swapcontext() would add a system call per switch.
 */
#ifndef CHECK_CORO_H
#define CHECK_CORO_H

#include <stdbool.h>
#include <stddef.h>

struct chk_coro {
	void *sp;			/* saved stack pointer */
	char *stack;			/* NULL for the OS thread's own stack */
	size_t stack_size;
	void (*fn)(void *arg);
	void *arg;
	bool done;
	/* AddressSanitizer's view of the stack (fiber annotations). */
	void *asan_fake;
	const void *asan_bottom;
	size_t asan_size;
};

/*
 * Allocate @c's stack, between two guard pages; false when out of memory.
 */
bool chk_coro_alloc(struct chk_coro *c, size_t stack_size);
void chk_coro_free(struct chk_coro *c);

/* Make @c start fn(@arg) from the top of its stack when switched to. */
void chk_coro_prepare(struct chk_coro *c, void (*fn)(void *), void *arg);

/*
 * Suspend @from (the running context) and resume @to.  When fn() returns,
 * the coroutine is marked done and switches to chk_coro_return_to.
 */
void chk_coro_switch(struct chk_coro *from, struct chk_coro *to);

/*
 * The top of @c's stack, made usable again for a fresh call: a fault
 * handler resumes the coroutine there, abandoning its frames.
 */
void *chk_coro_fresh_top(struct chk_coro *c);

/*
 * @addr in the guard page above @c's stack (1: a write past the frames
 * toward their callers'), the one below (-1: a recursion without end, a
 * frame too large), or neither (0).
 */
int chk_coro_guard(const struct chk_coro *c, const void *addr);

/* Where a finished coroutine goes: the explorer's own context. */
extern struct chk_coro *chk_coro_return_to;

#endif /* CHECK_CORO_H */
