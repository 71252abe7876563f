/* SPDX-License-Identifier: GPL-2.0-only */
/* CPU features software may query, answered from the machine's config. */
#ifndef _ASM_CPUFEATURE_H
#define _ASM_CPUFEATURE_H

#include <linux/types.h>
#include <asm/contpte_design.h>
#include "hw/config.h"

/*
 * FEAT_BBML2 with the guarantee of no TLB conflict abort (BBML3).  The
 * design knob convert-tlbi=off is this answering yes on a machine without
 * it: software then skips the TLBI between break and make when it changes
 * a block's size (contpte_convert() since "arm64/mm: Elide tlbi in
 * contpte_convert() under BBML2"), and the machine judges the result.  A
 * contpte.c from before that change (v6.12) never asks, so the knob does
 * nothing to it.
 */
static inline bool system_supports_bbml2_noabort(void)
{
	return hw_cfg.bbm == HW_BBM_2_NOABORT || contpte_design.convert_no_tlbi;
}

/* FEAT_HAFDBS with TCR_EL1.HA set: the walker sets the Access flag. */
static inline bool cpu_has_hw_af(void)
{
	return hw_cfg.ha;
}

#endif /* _ASM_CPUFEATURE_H */
