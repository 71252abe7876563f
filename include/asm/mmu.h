/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _ASM_MMU_H
#define _ASM_MMU_H

#include <linux/types.h>

typedef struct {
	u64 id;		/* the ASID lives in the low 16 bits */
} mm_context_t;

#define ASID(mm)	((u16)((mm)->context.id & 0xffff))

#endif /* _ASM_MMU_H */
