/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The entries left in an address space's tables, checked against its
 * VMAs once no change of it is in flight (check/mapsweep.c).
 */
#ifndef CHECK_MAPSWEEP_H
#define CHECK_MAPSWEEP_H

#include "mm/core.h"

/* Every live mm's: reports the first entry that disagrees; false then. */
bool chk_mm_sweep(void);

#endif /* CHECK_MAPSWEEP_H */
