/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Level-3 descriptor layout (VMSAv8-64 stage 1, 48-bit output addresses,
 * no LPA2, no permission indirection or overlays) and the geometry derived
 * from the granule.  Bit positions follow the Arm ARM and Linux v6.12+.
 */
#ifndef __ASM_PGTABLE_HWDEF_H
#define __ASM_PGTABLE_HWDEF_H

#include <linux/bits.h>
#include <asm/page-def.h>

#define PTRS_PER_PTE		(1 << (PAGE_SHIFT - 3))

#define CONT_PTE_SHIFT		(CONFIG_ARM64_CONT_PTE_SHIFT + PAGE_SHIFT)
#define CONT_PTES		(1 << (CONT_PTE_SHIFT - PAGE_SHIFT))
#define CONT_PTE_SIZE		(CONT_PTES * PAGE_SIZE)
#define CONT_PTE_MASK		(~(CONT_PTE_SIZE - 1))

/* Hardware fields. */
#define PTE_VALID		BIT(0)
#define PTE_TYPE_MASK		(3UL << 0)
#define PTE_TYPE_PAGE		(3UL << 0)
#define PTE_TABLE_BIT		BIT(1)
#define PTE_ATTRINDX_SHIFT	2
#define PTE_ATTRINDX(t)		((unsigned long)(t) << PTE_ATTRINDX_SHIFT)
#define PTE_ATTRINDX_MASK	(7UL << PTE_ATTRINDX_SHIFT)
#define PTE_USER		BIT(6)		/* AP[1] */
#define PTE_RDONLY		BIT(7)		/* AP[2] */
#define PTE_SHARED		(3UL << 8)	/* SH[1:0], inner shareable */
#define PTE_AF			BIT(10)		/* Access flag */
#define PTE_NG			BIT(11)		/* not global */
#define PTE_GP			BIT(50)		/* BTI guarded */
#define PTE_DBM			BIT(51)		/* Dirty Bit Modifier */
#define PTE_CONT		BIT(52)		/* Contiguous hint */
#define PTE_PXN			BIT(53)
#define PTE_UXN			BIT(54)

/* Output address: bits [47:PAGE_SHIFT]. */
#define PTE_ADDR_MASK		GENMASK(47, PAGE_SHIFT)

/* Memory types (MAIR_EL1 indices). */
#define MT_NORMAL		0

#endif /* __ASM_PGTABLE_HWDEF_H */
