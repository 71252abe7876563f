/* SPDX-License-Identifier: GPL-2.0-only */
/* Page-table entry types: distinct structs so they cannot be mixed up. */
#ifndef __ASM_PGTABLE_TYPES_H
#define __ASM_PGTABLE_TYPES_H

#include <linux/types.h>

typedef u64 pteval_t;
typedef u64 pgdval_t;

typedef struct { pteval_t pte; } pte_t;
typedef struct { pgdval_t pgd; } pgd_t;
typedef struct { pteval_t pgprot; } pgprot_t;

#define pte_val(x)	((x).pte)
#define __pte(x)	((pte_t) { (x) })
#define pgd_val(x)	((x).pgd)
#define __pgd(x)	((pgd_t) { (x) })
#define pgprot_val(x)	((x).pgprot)
#define __pgprot(x)	((pgprot_t) { (x) })

#endif /* __ASM_PGTABLE_TYPES_H */
