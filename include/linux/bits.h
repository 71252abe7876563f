/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_BITS_H
#define _LINUX_BITS_H

#define BIT(n)			(1UL << (n))
/* Bits @l..@h inclusive. */
#define GENMASK(h, l)		(((~0UL) >> (63 - (h))) & ~((1UL << (l)) - 1))

#endif /* _LINUX_BITS_H */
