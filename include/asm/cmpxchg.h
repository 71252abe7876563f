/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xchg()/cmpxchg() on 64-bit objects, through the machine's memory
 * primitives.  The model is sequentially consistent, so the _relaxed forms
 * are the same operations; both spellings exist because arm64 code uses
 * both.
 */
#ifndef _ASM_CMPXCHG_H
#define _ASM_CMPXCHG_H

#include <linux/compiler.h>

#define __xchg64(ptr, v) ({						\
	_Static_assert(sizeof(*(ptr)) == sizeof(u64), "xchg: 64-bit only"); \
	(__typeof__(*(ptr)))hw_mem_xchg_at((u64 *)(void *)(ptr), (u64)(v), \
					    HW_HERE());			\
})

#define __cmpxchg64(ptr, o, n) ({					\
	_Static_assert(sizeof(*(ptr)) == sizeof(u64), "cmpxchg: 64-bit only"); \
	(__typeof__(*(ptr)))hw_mem_cmpxchg_at((u64 *)(void *)(ptr),	\
					      (u64)(o), (u64)(n), HW_HERE()); \
})

#define xchg(ptr, v)			__xchg64(ptr, v)
#define xchg_relaxed(ptr, v)		__xchg64(ptr, v)
#define cmpxchg(ptr, o, n)		__cmpxchg64(ptr, o, n)
#define cmpxchg_relaxed(ptr, o, n)	__cmpxchg64(ptr, o, n)

#endif /* _ASM_CMPXCHG_H */
