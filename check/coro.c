// SPDX-License-Identifier: GPL-2.0-only
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "coro.h"

#if defined(__SANITIZE_ADDRESS__)
#define CORO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CORO_ASAN 1
#endif
#endif

#ifdef CORO_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

struct chk_coro *chk_coro_return_to;

/* The coroutine that switched to the one now running. */
static struct chk_coro *coro_prev;
static struct chk_coro *coro_current;

/* void chk_ctx_switch(void **save_sp, void *new_sp) */
void chk_ctx_switch(void **save_sp, void *new_sp);

#if defined(__x86_64__)
#define CORO_SAVED_WORDS	6	/* rbp rbx r12 r13 r14 r15 */
__asm__(
	".text\n"
	".globl chk_ctx_switch\n"
	".type chk_ctx_switch, @function\n"
	"chk_ctx_switch:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size chk_ctx_switch, .-chk_ctx_switch\n");
#elif defined(__aarch64__)
#define CORO_SAVED_WORDS	22	/* x19-x30, d8-d15, padding to 16 bytes */
__asm__(
	".text\n"
	".globl chk_ctx_switch\n"
	".type chk_ctx_switch, %function\n"
	"chk_ctx_switch:\n"
	"	sub sp, sp, #176\n"
	"	stp x19, x20, [sp, #0]\n"
	"	stp x21, x22, [sp, #16]\n"
	"	stp x23, x24, [sp, #32]\n"
	"	stp x25, x26, [sp, #48]\n"
	"	stp x27, x28, [sp, #64]\n"
	"	stp x29, x30, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n"
	"	stp d10, d11, [sp, #112]\n"
	"	stp d12, d13, [sp, #128]\n"
	"	stp d14, d15, [sp, #144]\n"
	"	mov x2, sp\n"
	"	str x2, [x0]\n"
	"	mov sp, x1\n"
	"	ldp x19, x20, [sp, #0]\n"
	"	ldp x21, x22, [sp, #16]\n"
	"	ldp x23, x24, [sp, #32]\n"
	"	ldp x25, x26, [sp, #48]\n"
	"	ldp x27, x28, [sp, #64]\n"
	"	ldp x29, x30, [sp, #80]\n"
	"	ldp d8, d9, [sp, #96]\n"
	"	ldp d10, d11, [sp, #112]\n"
	"	ldp d12, d13, [sp, #128]\n"
	"	ldp d14, d15, [sp, #144]\n"
	"	add sp, sp, #176\n"
	"	ret\n"
	".size chk_ctx_switch, .-chk_ctx_switch\n");
#else
#error "the checker's context switch supports x86_64 and aarch64"
#endif

/*
 * A stack has an inaccessible page on either side: code under check that
 * recurses without end, or writes an array past its frame toward its
 * callers', faults there (a finding) instead of writing over the memory
 * next to it, another thread's stack or the explorer's own.
 */
static size_t guard_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

bool chk_coro_alloc(struct chk_coro *c, size_t stack_size)
{
	size_t guard = guard_size();
	char *s = mmap(NULL, stack_size + 2 * guard, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (s == MAP_FAILED)
		return false;
	if (mprotect(s + guard, stack_size, PROT_READ | PROT_WRITE)) {
		munmap(s, stack_size + 2 * guard);
		return false;
	}
	*c = (struct chk_coro){ .stack = s + guard, .stack_size = stack_size };
	return true;
}

void chk_coro_free(struct chk_coro *c)
{
	size_t guard = guard_size();

	if (c->stack)
		munmap(c->stack - guard, c->stack_size + 2 * guard);
	c->stack = NULL;
}

static void coro_finish_switch(struct chk_coro *self)
{
#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(self->asan_fake, &coro_prev->asan_bottom,
					&coro_prev->asan_size);
#endif
	coro_current = self;
}

static void coro_start_switch(struct chk_coro *from, struct chk_coro *to)
{
#ifdef CORO_ASAN
	/* A finished coroutine never comes back: let ASan drop its frames. */
	__sanitizer_start_switch_fiber(from->done ? NULL : &from->asan_fake,
				       to->asan_bottom, to->asan_size);
#endif
	coro_prev = from;
}

static void coro_entry(void)
{
	struct chk_coro *self = coro_current;

	coro_finish_switch(self);
	self->fn(self->arg);
	self->done = true;
	chk_coro_switch(self, chk_coro_return_to);
	__builtin_unreachable();
}

void chk_coro_prepare(struct chk_coro *c, void (*fn)(void *), void *arg)
{
	uintptr_t top = ((uintptr_t)c->stack + c->stack_size) & ~(uintptr_t)15;
	void **sp;

	c->fn = fn;
	c->arg = arg;
	c->done = false;
	c->asan_fake = NULL;
	c->asan_bottom = c->stack;
	c->asan_size = c->stack_size;
#ifdef CORO_ASAN
	/* Frames of an abandoned run never returned: drop their redzones. */
	ASAN_UNPOISON_MEMORY_REGION(c->stack, c->stack_size);
#endif
#if defined(__x86_64__)
	/* A zero "return address" above the entry keeps the ABI alignment. */
	sp = (void **)top - 2;
	sp[1] = NULL;
	sp[0] = (void *)coro_entry;
	sp -= CORO_SAVED_WORDS;
	for (int i = 0; i < CORO_SAVED_WORDS; i++)
		sp[i] = NULL;
#else
	sp = (void **)top - CORO_SAVED_WORDS;
	for (int i = 0; i < CORO_SAVED_WORDS; i++)
		sp[i] = NULL;
	sp[11] = (void *)coro_entry;	/* x30, restored then returned to */
#endif
	c->sp = sp;
}

/* Room at the top of a stack for the function a fault handler resumes. */
#define FRESH_FRAMES	(64u << 10)

void *chk_coro_fresh_top(struct chk_coro *c)
{
	char *top = c->stack + c->stack_size;

#ifdef CORO_ASAN
	/* The abandoned frames' redzones would poison the resumed call. */
	ASAN_UNPOISON_MEMORY_REGION(top - FRESH_FRAMES, FRESH_FRAMES);
#endif
	return top;
}

int chk_coro_guard(const struct chk_coro *c, const void *addr)
{
	const char *a = addr, *top = c->stack + c->stack_size;
	size_t guard = guard_size();

	if (!c->stack)
		return 0;
	if (a >= top && a < top + guard)
		return 1;
	if (a >= c->stack - guard && a < c->stack)
		return -1;
	return 0;
}

void chk_coro_switch(struct chk_coro *from, struct chk_coro *to)
{
	coro_start_switch(from, to);
	coro_current = to;
	chk_ctx_switch(&from->sp, to->sp);
	coro_finish_switch(from);
}
