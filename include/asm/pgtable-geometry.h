/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How many translation levels there are and which VA bits index each, read
 * from the machine (the kernel fixes these with CONFIG_PGTABLE_LEVELS).
 */
#ifndef _ASM_PGTABLE_GEOMETRY_H
#define _ASM_PGTABLE_GEOMETRY_H

#include "hw/config.h"

#define PGTABLE_LEAF_LEVEL	HW_LEAF_LEVEL
#define pgtable_start_level()	hw_start_level()
#define pgtable_level_shift(l)	hw_level_shift(l)
#define pgtable_level_index(addr, l)	hw_level_index((addr), (l))
/* User addresses span [0, TASK_SIZE). */
#define TASK_SIZE		(1UL << HW_VA_BITS)

#endif /* _ASM_PGTABLE_GEOMETRY_H */
