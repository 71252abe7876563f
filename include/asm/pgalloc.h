/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page-table pages come from the machine's table memory, where the walker
 * can follow them by physical address.
 */
#ifndef _ASM_PGALLOC_H
#define _ASM_PGALLOC_H

#include <linux/types.h>
#include "hw/mem.h"

/* A zeroed table of PTRS_PER_PTE entries (any level), or NULL. */
static inline void *pgtable_alloc(void)
{
	return hw_table_alloc();
}

static inline void pgtable_free(void *table)
{
	hw_table_free(table);
}

static inline phys_addr_t __pa_table(const void *table)
{
	return hw_table_pa(table);
}

static inline void *__va_table(phys_addr_t pa)
{
	return hw_table_va(pa);
}

#endif /* _ASM_PGALLOC_H */
