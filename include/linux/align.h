/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_ALIGN_H
#define _LINUX_ALIGN_H

#include <stdint.h>

/* @a must be a power of two. */
#define ALIGN(x, a)		(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define PTR_ALIGN_DOWN(p, a)	\
	((__typeof__(p))ALIGN_DOWN((uintptr_t)(p), (a)))

#endif /* _LINUX_ALIGN_H */
