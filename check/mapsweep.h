/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The entries left in an address space's tables, checked against its
 * VMAs once no change of it is in flight (check/mapsweep.c).
 */
#ifndef CHECK_MAPSWEEP_H
#define CHECK_MAPSWEEP_H

#include "mm/core.h"

/*
 * The rest of an anonymous page the setup wrote (chk_mm_anon_map()): its
 * own, per page index in the VMA, as a file page's is
 * (mapping_page_fill(); a different range of values), so that a copy of
 * another page shows through the store that overwrites its data word.  A
 * page faulted in after the setup starts zeroed.
 */
static inline u64 chk_anon_page_fill(unsigned long index)
{
	return 1ULL << 62 | index;
}

/* Every live mm's: reports the first entry that disagrees; false then. */
bool chk_mm_sweep(void);
/*
 * Every live mm's TLB entries against its tables (hw_tlb_sweep()): false
 * if one gives more.
 */
bool chk_mm_sweep_tlbs(void);

#endif /* CHECK_MAPSWEEP_H */
