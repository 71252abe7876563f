/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_BITS_H
#define _LINUX_BITS_H

#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
/* Bits @l..@h inclusive. */
#define GENMASK(h, l)		(((~0UL) >> (63 - (h))) & ~((1UL << (l)) - 1))
#define GENMASK_ULL(h, l)	GENMASK(h, l)

#endif /* _LINUX_BITS_H */
