/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small kselftest-style harness emitting TAP 13, run by prove.
 *
 *	TEST(name) { ASSERT_EQ(a, b); EXPECT_TRUE(c); }
 *
 * Every test runs once per variant (KTAP_VARIANTS, e.g. one per granule),
 * as "variant.name", in a forked child with a timeout.  Command line:
 *	-s SEED   seed (printed first; random tests derive theirs from it)
 *	-r NAME   run only tests whose full name contains NAME (none: an error)
 *	-x NAME   leave out tests whose full name contains NAME
 *	-l        list tests
 *	-v        verbose diagnostics (ktap_verbose)
 *	-n        do not fork (for a debugger)
 */
#ifndef TESTS_KTAP_H
#define TESTS_KTAP_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct ktap_test {
	const char *name;
	void (*fn)(void);
	const char *file;
	int line;
};

struct ktap_variant {
	const char *name;
	void (*setup)(const struct ktap_variant *v);
	const void *data;
};

void ktap_register(const struct ktap_test *t);
void ktap_set_variants(const struct ktap_variant *v, unsigned int n);

#define TEST(name)							\
	static void test_##name(void);					\
	static const struct ktap_test __ktap_##name = {			\
		#name, test_##name, __FILE__, __LINE__ };		\
	__attribute__((constructor)) static void __ktap_reg_##name(void) \
	{ ktap_register(&__ktap_##name); }				\
	static void test_##name(void)

#define KTAP_VARIANTS(arr)						\
	__attribute__((constructor)) static void __ktap_variants(void)	\
	{ ktap_set_variants(arr, sizeof(arr) / sizeof(arr[0])); }

extern bool ktap_verbose;
extern uint64_t ktap_seed;
/* The variant the current test runs under. */
extern const struct ktap_variant *ktap_variant;

/* Deterministic per-test PRNG (xorshift64*), seeded from ktap_seed. */
uint64_t ktap_rand(void);

void ktap_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ktap_abort_test(void) __attribute__((noreturn));
/* End the test as skipped, reported "ok ... # SKIP @why" (TAP 13). */
void ktap_skip(const char *why) __attribute__((noreturn));
void ktap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Printed only with -v. */
#define ktap_info(...) do { if (ktap_verbose) ktap_diag(__VA_ARGS__); } while (0)

#define __KTAP_CMP(a, op, b, fatal) do {				\
	uint64_t __a = (uint64_t)(a), __b = (uint64_t)(b);		\
	if (!(__a op __b)) {						\
		ktap_fail(__FILE__, __LINE__,				\
			  "%s %s %s: 0x%" PRIx64 " vs 0x%" PRIx64,	\
			  #a, #op, #b, __a, __b);			\
		if (fatal)						\
			ktap_abort_test();				\
	}								\
} while (0)

#define ASSERT_EQ(a, b)		__KTAP_CMP(a, ==, b, 1)
#define ASSERT_NE(a, b)		__KTAP_CMP(a, !=, b, 1)
#define ASSERT_LT(a, b)		__KTAP_CMP(a, <, b, 1)
#define ASSERT_LE(a, b)		__KTAP_CMP(a, <=, b, 1)
#define ASSERT_GE(a, b)		__KTAP_CMP(a, >=, b, 1)
#define ASSERT_GT(a, b)		__KTAP_CMP(a, >, b, 1)
#define ASSERT_TRUE(c)		__KTAP_CMP(!!(c), ==, 1, 1)
#define ASSERT_FALSE(c)		__KTAP_CMP(!!(c), ==, 0, 1)
#define EXPECT_EQ(a, b)		__KTAP_CMP(a, ==, b, 0)
#define EXPECT_NE(a, b)		__KTAP_CMP(a, !=, b, 0)
#define EXPECT_TRUE(c)		__KTAP_CMP(!!(c), ==, 1, 0)
#define EXPECT_FALSE(c)		__KTAP_CMP(!!(c), ==, 0, 0)

#endif /* TESTS_KTAP_H */
