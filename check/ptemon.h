/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every entry of the world's table held and what the hardware owes
 * software: a write observer keeps a log of each execution's descriptor
 * writes, and the access/dirty state hardware set that no software store
 * has taken yet, per entry and per contiguous block.
 *
 * The A/D contract (ad-contract, docs/checker.md): ptep_get() under the PTL
 * must report young/dirty if the hardware set it in any entry of the block
 * since the block was last cleared, that is since software last rewrote
 * every entry of the block without it.  A block cleared only in part still
 * owes it.
 */
#ifndef CHECK_PTEMON_H
#define CHECK_PTEMON_H

#include <linux/pgtable.h>

/* Start watching the world's table (after chk_world_setup()). */
void chk_ptemon_setup(void);
void chk_ptemon_exit(void);

/* A clock that ticks at every descriptor write. */
uint64_t chk_ptemon_clock(void);

/* Did any entry in [first, first + nr) change in (from, to]? */
bool chk_ptemon_changed(unsigned long first, unsigned long nr,
			uint64_t from, uint64_t to);

/*
 * Did entry @i hold a value @v with match(v, arg) at some time in
 * [from, to]?  @start is its value at @from.
 */
bool chk_ptemon_held(unsigned long i, pte_t start, uint64_t from, uint64_t to,
		     bool (*match)(pte_t v, const void *arg), const void *arg);

/* Hardware-set young/dirty not yet taken by software, as ptep_get sees it. */
bool chk_ptemon_owes_young(unsigned long i, pte_t raw);
bool chk_ptemon_owes_dirty(unsigned long i, pte_t raw);

/* ptep_get() with the A/D contract checked (ad-contract); PTL held. */
pte_t chk_ptep_get(unsigned long i);

#endif /* CHECK_PTEMON_H */
