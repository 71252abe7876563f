/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page geometry.  The kernel fixes these at build time; here they are read
 * from the machine configuration so that one binary runs every granule.
 */
#ifndef _ASM_PAGE_DEF_H
#define _ASM_PAGE_DEF_H

#include "hw/config.h"

#define PAGE_SHIFT	((int)hw_cfg.page_shift)
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* Kconfig ARM64_CONT_PTE_SHIFT: log2 of the contiguous group size. */
#define CONFIG_ARM64_CONT_PTE_SHIFT	((int)__builtin_ctz(hw_cfg.cont_ptes))

#endif /* _ASM_PAGE_DEF_H */
