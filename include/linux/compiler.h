/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compiler helpers and the marked accesses.  READ_ONCE()/WRITE_ONCE() of a
 * 64-bit object go through the machine's memory primitives (hw/mem.h): they
 * are atomic, counted when they touch page-table memory, a scheduling
 * point for an explorer, and they tell the machine where they were made.  Narrower objects use volatile accesses.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#include <linux/types.h>
#include "hw/mem.h"

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#undef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))

#define __is_u64(x)		(sizeof(x) == sizeof(u64))

#define READ_ONCE(x) ({							\
	union { __typeof__(x) __v; u64 __raw; } __u;			\
	if (__is_u64(x))						\
		__u.__raw = hw_mem_read_at((const u64 *)(const void *)&(x),	\
					   HW_HERE());			\
	else								\
		__u.__v = *(const volatile __typeof__(x) *)&(x);	\
	__u.__v;							\
})

#define WRITE_ONCE(x, val) do {						\
	union { __typeof__(x) __v; u64 __raw; } __u = { .__v = (val) };	\
	if (__is_u64(x))						\
		hw_mem_write_at((u64 *)(void *)&(x), __u.__raw, HW_HERE()); \
	else								\
		*(volatile __typeof__(x) *)&(x) = __u.__v;		\
} while (0)

#endif /* _LINUX_COMPILER_H */
