// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "oracles.h"

const struct chk_oracle_info chk_oracles[CHK_NR_ORACLES] = {
	[CHK_DATA_LOSS] = { "data-loss", "a folio freed, discarded or reclaimed with content newer than its backing copy, never marked dirty, or a file page that does not read as its store once the file is written back at the end, or a write-back to a block a truncation freed" },
	[CHK_CRASH] = { "crash", "the code under check crashed: a signal (SIGSEGV, SIGBUS, abort), a sanitizer report or a BUG_ON" },
	[CHK_COW_ISOLATION] = { "cow-isolation", "after fork(), a store through one process's private mapping reached a page the other maps, or the child read other than its parent's contents at fork()" },
	[CHK_PIN_COHERENCE] = { "pin-coherence", "a write pin is not the page the process reads and writes at that address, or GUP pinned a frame that was never mapped there during the call" },
	[CHK_STALE_TLB] = { "stale-tlb", "an access through a stale TLB entry to a page that was freed or reused, a page freed while a TLB of a live address space still translates to it, or a TLB entry left at the end of the run that gives more than the page tables do" },
	[CHK_PERMISSION] = { "permission", "a user access completed where no VMA allows it after mprotect() or munmap() returned, or a store through an entry userfaultfd write-protected after UFFDIO_WRITEPROTECT returned" },
	[CHK_AD_CONTRACT] = { "ad-contract", "ptep_get() under the PTL missed young/dirty the hardware set in the block since its last clear, or ptep_get_lockless() differed from ptep_get() with nothing racing" },
	[CHK_LOCKLESS_GARBAGE] = { "lockless-garbage", "ptep_get_lockless() returned a value mixing two states of a block" },
	[CHK_GUP_PIN] = { "gup-pin", "a pinned page freed or reused while pinned, or a write pin no longer the page the process writes to" },
	[CHK_CONT_BLOCK] = { "cont-block", "at a PTL's release, a block with PTE_CONT is not whole, maps more than one folio, or its entries differ in more than access and dirty state" },
	[CHK_BBM] = { "bbm", "a live entry changed without break-before-make where the architecture requires it" },
	[CHK_MISPROGRAMMED] = { "misprogrammed", "a contiguous block whose valid entries disagree, visible to a TLB" },
	[CHK_TLB_CONFLICT] = { "tlb-conflict", "a TLB lookup hit several disagreeing entries (conflict abort or unpredictable)" },
	[CHK_LIVENESS] = { "liveness", "a fault never resolved within its retries, a livelock, a deadlock or a loop without end" },
	[CHK_BOOKKEEPING] = { "bookkeeping", "a negative or leaked count, a folio freed locked, a page-table access outside every live table, or a kernel WARN_ON" },
};

enum chk_oracle chk_oracle_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < CHK_NR_ORACLES; i++)
		if (!strcmp(chk_oracles[i].name, name))
			return i;
	return CHK_NR_ORACLES;
}

enum chk_oracle chk_oracle_of_hw(enum hw_oracle o)
{
	static const enum chk_oracle of[HW_NR_ORACLES] = {
		[HW_ORACLE_BBM] = CHK_BBM,
		[HW_ORACLE_MISPROGRAMMED] = CHK_MISPROGRAMMED,
		[HW_ORACLE_TLB_CONFLICT] = CHK_TLB_CONFLICT,
		[HW_ORACLE_STALE_TLB] = CHK_STALE_TLB,
		[HW_ORACLE_BOOKKEEPING] = CHK_BOOKKEEPING,
	};

	return of[o];
}
