// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "oracles.h"

const struct chk_oracle chk_oracles[] = {
	{ "data-loss", "a folio freed, discarded or reclaimed with content newer than its backing copy, never marked dirty" },
	{ "crash", "the code under check crashed: a signal (SIGSEGV, SIGBUS, abort), a sanitizer report or a BUG_ON" },
	{ "cow-isolation", "after fork(), a store through one process's private mapping reached a page the other maps, or the child read other than its parent's contents at fork()" },
	{ "pin-coherence", "a write pin is not the page the process reads and writes at that address, or GUP pinned a frame that was never mapped there during the call" },
	{ "stale-tlb", "an access through a stale TLB entry to a page that was freed or reused" },
	{ "permission", "a user access completed where no VMA allows it after mprotect() or munmap() returned" },
	{ "ad-contract", "ptep_get() under the PTL missed young/dirty the hardware set in the block since its last clear, or ptep_get_lockless() differed from ptep_get() with nothing racing" },
	{ "lockless-garbage", "ptep_get_lockless() returned a value mixing two states of a block" },
	{ "gup-pin", "a pinned page freed or reused while pinned, or a write pin no longer the page the process writes to" },
	{ "cont-block", "at a PTL's release, a block with PTE_CONT is not whole, maps more than one folio, or its entries differ in more than access and dirty state" },
	{ "bbm", "a live entry changed without break-before-make where the architecture requires it" },
	{ "misprogrammed", "a contiguous block whose valid entries disagree, visible to a TLB" },
	{ "tlb-conflict", "a TLB lookup hit several disagreeing entries (conflict abort or unpredictable)" },
	{ "liveness", "a fault never resolved within its retries, a livelock, a deadlock or a loop without end" },
	{ "bookkeeping", "a negative or leaked count, a page-table access outside every live table, or a kernel WARN_ON" },
};

const unsigned int chk_nr_oracles = sizeof(chk_oracles) / sizeof(chk_oracles[0]);

unsigned int chk_oracle_rank(const char *name)
{
	unsigned int i;

	for (i = 0; i < chk_nr_oracles; i++)
		if (!strcmp(chk_oracles[i].name, name))
			return i;
	return i;
}
