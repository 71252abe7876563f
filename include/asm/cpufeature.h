/* SPDX-License-Identifier: GPL-2.0-only */
/* CPU features software may query, answered from the machine's config. */
#ifndef _ASM_CPUFEATURE_H
#define _ASM_CPUFEATURE_H

#include <linux/types.h>
#include "hw/config.h"

/* FEAT_BBML2 with the guarantee of no TLB conflict abort (BBML3). */
static inline bool system_supports_bbml2_noabort(void)
{
	return hw_cfg.bbm == HW_BBM_2_NOABORT;
}

#endif /* _ASM_CPUFEATURE_H */
