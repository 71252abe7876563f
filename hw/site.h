/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where in the kernel code an access to the machine comes from.  The shim
 * primitives capture their own call site (HW_HERE()), and the arch API's
 * wrappers record the call that is in progress on each CPU (HW_CALL()), so
 * that a report can name the kernel function that made an access and the
 * calls that led to it: "__ptep_get (pgtable.h:212) <
 * __clear_young_dirty_ptes from contpte_clear_young_dirty_ptes
 * (contpte.c:361) < clear_young_dirty_ptes from madvise_free_clear
 * (mm/madvise.c:55)".
 */
#ifndef HW_SITE_H
#define HW_SITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hw_site {
	const char *func;
	const char *file;
	unsigned int line;
	const char *callee;	/* the function called there, or NULL */
	const char *args;	/* its arguments as written there */
};

/* The site of the expansion, as a pointer to a constant. */
#define HW_HERE() HW_CALL_SITE(NULL, NULL)
#define HW_CALL_SITE(name, text) ({					\
	static const struct hw_site __hw_here = {			\
		__func__, __FILE__, __LINE__, name, text };		\
	&__hw_here;							\
})

/* Calls in progress per CPU, outermost first; deeper ones are counted. */
#define HW_SITE_DEPTH	16

void hw_site_enter(const struct hw_site *site);
void hw_site_leave(void);
/*
 * Names the outermost call in progress on this CPU, unique in the run (0:
 * none).  Two accesses with the same id belong to one call of the API.
 */
uint64_t hw_site_call_id(void);
/* Forget every CPU's calls: an execution was abandoned mid-way. */
void hw_site_reset(void);

/*
 * The calls in progress on @cpu: how many (those at depth HW_SITE_DEPTH
 * and beyond are counted, not recorded), the one at depth @d (0:
 * outermost, below HW_SITE_DEPTH), and a number that
 * names that call among every call made on @cpu, so that an explorer can
 * tell a call still in progress from a later one made at the same depth.
 */
unsigned int hw_site_depth(unsigned int cpu);
const struct hw_site *hw_site_frame(unsigned int cpu, unsigned int d);
uint64_t hw_site_serial(unsigned int cpu, unsigned int d);
/* Called at every call's entry, on its CPU (NULL: none). */
void hw_site_set_enter_hook(void (*fn)(void *arg, const struct hw_site *site),
			    void *arg);

/*
 * A value as the event log keeps it: its bits, and what they are (a
 * pointer, a structure such as a pte_t, or a number).
 */
enum hw_value_class {
	HW_VALUE_NUMBER, HW_VALUE_POINTER, HW_VALUE_STRUCT,
	HW_VALUE_TABLE,		/* a pointer into page-table memory (logged) */
};
#define HW_MAX_ARGS	8

struct hw_value {
	uint64_t bits;
	enum hw_value_class class;
};

#define HW_VALUE(x) ({							\
	__auto_type __hw_v = (x);					\
	struct hw_value __hw_r = { 0, HW_VALUE_NUMBER };		\
	__builtin_memcpy(&__hw_r.bits, &__hw_v,				\
			 sizeof(__hw_v) < 8 ? sizeof(__hw_v) : 8);	\
	if (__builtin_classify_type(__hw_v) == 5)			\
		__hw_r.class = HW_VALUE_POINTER;			\
	else if (__builtin_classify_type(__hw_v) == 12)			\
		__hw_r.class = HW_VALUE_STRUCT;				\
	__hw_r;								\
})

/*
 * The outermost call of a CPU, with its arguments, and what it returned,
 * for the event log (hw/event.h) when it is on.
 */
void hw_site_log_call(const struct hw_site *site, const struct hw_value *args,
		      unsigned int nr);
void hw_site_log_return(const struct hw_site *site, const struct hw_value *ret);
/* True when calls are to be logged: the log is on, no call in progress. */
bool hw_site_logging(void);

/* Each argument evaluated once, into __hw_a0.. */
#define HW_NARGS(...) HW_NARGS_(__VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define HW_NARGS_(a, b, c, d, e, f, g, h, n, ...) n
#define HW_PASTE(a, b) HW_PASTE_(a, b)
#define HW_PASTE_(a, b) a##b
#define HW_DECL1(a) __auto_type __hw_a0 = (a);
#define HW_DECL2(a, ...) HW_DECL1(a) __auto_type __hw_a1 = (__VA_ARGS__);
#define HW_DECL3(a, b, ...) HW_DECL2(a, b) __auto_type __hw_a2 = (__VA_ARGS__);
#define HW_DECL4(a, b, c, ...) HW_DECL3(a, b, c) __auto_type __hw_a3 = (__VA_ARGS__);
#define HW_DECL5(a, b, c, d, ...) HW_DECL4(a, b, c, d) __auto_type __hw_a4 = (__VA_ARGS__);
#define HW_DECL6(a, b, c, d, e, ...) HW_DECL5(a, b, c, d, e) __auto_type __hw_a5 = (__VA_ARGS__);
#define HW_DECL7(a, b, c, d, e, f, ...) HW_DECL6(a, b, c, d, e, f) __auto_type __hw_a6 = (__VA_ARGS__);
#define HW_DECL8(a, b, c, d, e, f, g, ...) HW_DECL7(a, b, c, d, e, f, g) __auto_type __hw_a7 = (__VA_ARGS__);
#define HW_USE1 __hw_a0
#define HW_USE2 HW_USE1, __hw_a1
#define HW_USE3 HW_USE2, __hw_a2
#define HW_USE4 HW_USE3, __hw_a3
#define HW_USE5 HW_USE4, __hw_a4
#define HW_USE6 HW_USE5, __hw_a5
#define HW_USE7 HW_USE6, __hw_a6
#define HW_USE8 HW_USE7, __hw_a7
#define HW_LOG1 HW_VALUE(__hw_a0)
#define HW_LOG2 HW_LOG1, HW_VALUE(__hw_a1)
#define HW_LOG3 HW_LOG2, HW_VALUE(__hw_a2)
#define HW_LOG4 HW_LOG3, HW_VALUE(__hw_a3)
#define HW_LOG5 HW_LOG4, HW_VALUE(__hw_a4)
#define HW_LOG6 HW_LOG5, HW_VALUE(__hw_a5)
#define HW_LOG7 HW_LOG6, HW_VALUE(__hw_a6)
#define HW_LOG8 HW_LOG7, HW_VALUE(__hw_a7)

/* Enter @site, logging the call if it is the CPU's outermost. */
#define HW_ENTER(site, n)						\
	bool __hw_log = hw_site_logging();				\
	if (__hw_log) {							\
		const struct hw_value __hw_args[] = { HW_LOG##n };	\
		hw_site_log_call(site, __hw_args, n);			\
	}								\
	hw_site_enter(site)

/*
 * Call @fn(...) with the site of the expansion recorded as the call in
 * progress on this CPU, each argument evaluated once.  HW_CALL() yields
 * the value of the call; HW_CALL_VOID() is for functions without one.
 * The outermost call of a CPU and what it returned go to the event log.
 */
#define HW_CALL(fn, ...) HW_CALL_N(fn, HW_NARGS(__VA_ARGS__), __VA_ARGS__)
#define HW_CALL_N(fn, n, ...) HW_CALL_(fn, n, __VA_ARGS__)
#define HW_CALL_(fn, n, ...) ({						\
	const struct hw_site *__hw_s = HW_CALL_SITE(#fn, #__VA_ARGS__);	\
	HW_DECL##n(__VA_ARGS__)						\
	HW_ENTER(__hw_s, n);						\
	__auto_type __hw_ret = fn(HW_USE##n);				\
	hw_site_leave();						\
	if (__hw_log) {							\
		const struct hw_value __hw_rv = HW_VALUE(__hw_ret);	\
		hw_site_log_return(__hw_s, &__hw_rv);			\
	}								\
	__hw_ret;							\
})

#define HW_CALL_VOID(fn, ...) HW_CALL_VOID_N(fn, HW_NARGS(__VA_ARGS__), __VA_ARGS__)
#define HW_CALL_VOID_N(fn, n, ...) HW_CALL_VOID_(fn, n, __VA_ARGS__)
#define HW_CALL_VOID_(fn, n, ...) ({					\
	const struct hw_site *__hw_s = HW_CALL_SITE(#fn, #__VA_ARGS__);	\
	HW_DECL##n(__VA_ARGS__)						\
	HW_ENTER(__hw_s, n);						\
	fn(HW_USE##n);							\
	hw_site_leave();						\
	if (__hw_log)							\
		hw_site_log_return(__hw_s, NULL);			\
})

/*
 * Call @fn(...), a primitive (a lock, a TLB flush), with its call site
 * recorded but no call logged: the primitive logs itself.
 */
#define HW_AT_VOID(fn, ...) ({						\
	hw_site_enter(HW_CALL_SITE(#fn, NULL));				\
	fn(__VA_ARGS__);						\
	hw_site_leave();						\
})
#define HW_AT(fn, ...) ({						\
	hw_site_enter(HW_CALL_SITE(#fn, NULL));				\
	__auto_type __hw_ret = fn(__VA_ARGS__);				\
	hw_site_leave();						\
	__hw_ret;							\
})

/* @file from the source tree's top ("arch/arm64/mm/contpte.c"). */
const char *hw_site_path(const char *file);

/* The innermost call in progress on this CPU, or NULL. */
const struct hw_site *hw_site_top(void);
/* Whether @site's call is written in a header (an inline helper). */
bool hw_site_in_header(const struct hw_site *site);
/*
 * The innermost call in progress on this CPU made from a source file, or
 * else the innermost: what a helper inline in a header does is its
 * caller's (folio_lock() from migrate_pages()).
 */
const struct hw_site *hw_site_top_in_source(void);

/*
 * "func (file:line) < callee from caller (file:line) < ...": @at (may be
 * NULL), then the calls in progress on this CPU from the innermost out.
 * Returns the length written, as snprintf().
 */
size_t hw_site_format(char *buf, size_t size, const struct hw_site *at);

#endif /* HW_SITE_H */
