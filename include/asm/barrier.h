/* SPDX-License-Identifier: GPL-2.0-only */
/* Barriers: counted and delivered to the machine (hw/tlbi.h). */
#ifndef _ASM_BARRIER_H
#define _ASM_BARRIER_H

#include "hw/tlbi.h"

#define __dsb_ishst	HW_DSB_ISHST
#define __dsb_ish	HW_DSB_ISH
#define __dsb_nshst	HW_DSB_NSHST
#define __dsb_nsh	HW_DSB_NSH

#define dsb(opt)	hw_dsb_at(__dsb_##opt, HW_HERE())
#define isb()		hw_isb()

#endif /* _ASM_BARRIER_H */
