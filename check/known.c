// SPDX-License-Identifier: GPL-2.0-only
#include <asm/contpte_linked.h>

#include "known.h"

const struct chk_known chk_known[] = {
	{ "lockless=wrap-ptep_get", "lockless-refold", "lockless-garbage", 0,
	  "gathering without a consistency check mixes two states of a block" },
	{ "lockless=raw", "lockless-refold lockless-agrees", "ad-contract", 0,
	  "the target entry alone misses A/D the hardware set in a sibling" },
	{ "lockless=raw",
	  "agent-fault fault-recheck fork-write madv-free-fork reclaim-write",
	  "liveness,gup-pin", 0,
	  "the raw read never matches the gathered recheck once a sibling is young (slow GUP gives up: gup-pin)" },
	{ "lockless=norecency", "lockless-refold lockless-agrees",
	  "ad-contract", 0,
	  "callers that compare A/D-blind do not make the read gather" },
	{ "lockless=norecency access-flags=generic", "fault-no-hw-dirty",
	  "bookkeeping,data-loss,liveness", 0,
	  "the A/D-blind recheck passes after a racing write fault set dirty; set_pte_at() writes it clean, which the debug build's __check_safe_pte_update() warns of first (racy dirty state clearing); without it, data-loss, or liveness on a fault path older than v6.19, whose empty spurious-fault fix-up leaves the generic update's stale entry faulting" },
	{ "teardown=full", "teardown-hw-dirty", "ad-contract", 0,
	  "a block half cleared hides the A/D of its cleared entries; no store is lost" },
	{ "teardown=full",
	  "age-partial age-split-flush age-split-race exit-split-file",
	  "cont-block", 0,
	  "exit zaps a block split among VMAs one VMA at a time: the PTL is released with part of it cleared and the rest still PTE_CONT" },
	{ "access-flags=gathered",
	  "agent-sibling-dirty agent-siblings-young agent-fault", "liveness",
	  0, "a per-descriptor agent's own entry is never updated" },
	{ "convert-tlbi=off",
	  "lockless-refold fault-recheck fork-write fork-partial mprotect-partial mprotect-refold split-refold migrate-block swap-block swap-sync-reuse uffd-wp-partial munmap-partial partial-ranges madv-free-fork reclaim-write file-writeback numa-hint combined",
	  "bbm", CONTPTE_BBML2_ELISION,
	  "folds and unfolds without a TLBI need BBML2_NOABORT: clean with --hw bbm=2-noabort" },
	{ "convert-tlbi=off", "fold-conflict", "tlb-conflict",
	  CONTPTE_BBML2_ELISION,
	  "a fold without a TLBI on FEAT_BBML2 alone: a CPU that cached a page entry of the block may take a TLB conflict abort; clean with --hw bbm=2-noabort" },
	{ "deref=plain",
	  "agent-fault fault-recheck fork-write madv-free-fork reclaim-write",
	  "liveness,gup-pin", 0,
	  "the plain recheck never matches the gathered lockless read once a sibling holds A/D (slow GUP gives up: gup-pin)" },
	{ "fork=unfold", "madv-free-fork-cow", "data-loss", 0,
	  "a store lost as with contpte=off: fork unfolds the block before it write-protects it, so a dirty bit set after its read stays in the one parent entry that the next store's COW replaces" },
	{ "contpte=off", "madv-free-fork-cow", "data-loss", 0,
	  "fork() reads an entry, then write-protects it: a dirty bit set in between stays with the parent, whose next store COWs the page away; the child's entry is clean and reclaim discards the lazyfree store (copy_present_ptes() without contpte; with it, the COW fault's unfold gathers the bit into the parent's other entries of the block)" },
};

const unsigned int chk_nr_known = sizeof(chk_known) / sizeof(chk_known[0]);
