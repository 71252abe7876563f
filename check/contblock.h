/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One folio per folded block: whenever a page table's PTL is released, a
 * block of it with PTE_CONT in any entry is whole (every entry valid and
 * contiguous), maps consecutive pages from an aligned frame, all of one
 * folio, and its entries agree on everything but the access and dirty
 * state (permissions included); no entry that is not valid carries
 * PTE_CONT.  Only the holder of the PTL changes
 * entries other than by hardware A/D updates, so at its release the block
 * is what the next reader will rely on.  Blocks written since the last
 * release are the ones checked.
 */
#ifndef CHECK_CONTBLOCK_H
#define CHECK_CONTBLOCK_H

#include <linux/pgtable.h>

/*
 * Watch the page tables whose PTL @table_of() names (NULL for any other
 * lock), until chk_cont_block_stop().
 */
void chk_cont_block_start(pte_t *(*table_of)(const void *lock));
void chk_cont_block_stop(void);
/* Before each execution. */
void chk_cont_block_reset(void);

#endif /* CHECK_CONTBLOCK_H */
