/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linux software bits and protections.  The hardware ignores bits [58:55]
 * (reserved for software) and, when the entry is invalid, everything but
 * bit 0, so PTE_PRESENT_INVALID can reuse nG there.
 */
#ifndef __ASM_PGTABLE_PROT_H
#define __ASM_PGTABLE_PROT_H

#include <asm/pgtable-hwdef.h>
#include <asm/pgtable-types.h>

/* Software "writable" is DBM: writable-clean is DBM && AP[2]. */
#define PTE_WRITE		PTE_DBM
#define PTE_SWBITS_MASK		(BIT(63) | GENMASK(58, 55))
#define PTE_DIRTY		BIT(55)
#define PTE_SPECIAL		BIT(56)
#define PTE_UFFD_WP		BIT(58)
#define PTE_PRESENT_INVALID	PTE_NG		/* only when !PTE_VALID */

#define _PROT_DEFAULT		(PTE_TYPE_PAGE | PTE_AF | PTE_SHARED)
#define _PAGE_DEFAULT		(_PROT_DEFAULT | PTE_ATTRINDX(MT_NORMAL))

/* Kernel mappings: global, privileged, writable and already dirty. */
#define PAGE_KERNEL		__pgprot(_PAGE_DEFAULT | PTE_PXN | PTE_UXN | \
					 PTE_WRITE | PTE_DIRTY)

/* User mappings: shared+writable pages start clean (DBM with AP[2]). */
#define PAGE_NONE		__pgprot((_PAGE_DEFAULT & ~PTE_VALID) | \
					 PTE_PRESENT_INVALID | PTE_RDONLY | \
					 PTE_NG | PTE_PXN | PTE_UXN)
#define PAGE_SHARED		__pgprot(_PAGE_DEFAULT | PTE_USER | PTE_RDONLY | \
					 PTE_NG | PTE_PXN | PTE_UXN | PTE_WRITE)
#define PAGE_SHARED_EXEC	__pgprot(_PAGE_DEFAULT | PTE_USER | PTE_RDONLY | \
					 PTE_NG | PTE_PXN | PTE_WRITE)
#define PAGE_READONLY		__pgprot(_PAGE_DEFAULT | PTE_USER | PTE_RDONLY | \
					 PTE_NG | PTE_PXN | PTE_UXN)
#define PAGE_READONLY_EXEC	__pgprot(_PAGE_DEFAULT | PTE_USER | PTE_RDONLY | \
					 PTE_NG | PTE_PXN)

#endif /* __ASM_PGTABLE_PROT_H */
