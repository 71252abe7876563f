// SPDX-License-Identifier: GPL-2.0-only
#include <asm/contpte_linked.h>

#include "known.h"

const struct chk_known chk_known[] = {
	{ "lockless=wrap-ptep_get", "lockless-refold", "lockless-garbage", 0,
	  "gathering without a consistency check mixes two states of a block" },
	{ "lockless=raw", "lockless-refold lockless-agrees", "ad-contract", 0,
	  "the target entry alone misses A/D the hardware set in a sibling" },
	{ "lockless=raw",
	  "agent-fault fault-recheck fork-write madv-free-fork reclaim-write combined",
	  "liveness,gup-pin", 0,
	  "the raw read never matches the gathered recheck once a sibling is young (slow GUP gives up: gup-pin)" },
	{ "lockless=norecency", "lockless-refold lockless-agrees",
	  "ad-contract", 0,
	  "callers that compare A/D-blind do not make the read gather" },
	{ "lockless=norecency access-flags=generic", "fault-no-hw-dirty",
	  "data-loss", 0,
	  "the A/D-blind recheck passes after a racing write fault set dirty; set_pte_at() writes it clean" },
	{ "teardown=full", "teardown-hw-dirty", "ad-contract", 0,
	  "a block half cleared hides the A/D of its cleared entries; no store is lost" },
	{ "access-flags=gathered", "agent-sibling-dirty agent-fault", "liveness",
	  0, "a per-descriptor agent's own entry is never updated" },
	{ "access-flags=generic", "numa-hint", "bbm", 0,
	  "the NUMA scan re-makes a block's entries before the TLBI of their break completed" },
	{ "access-flags=generic", "migrate-block", "bbm", 0,
	  "a fault's set_pte_at() unfolded the migrated block; reclaim clears it, must keep it (dirty) and puts it back with set_ptes(), which folds it before the deferred TLBI of the break completed" },
	{ "convert-tlbi=off",
	  "lockless-refold fault-recheck fork-write fork-partial mprotect-partial mprotect-refold split-refold migrate-block munmap-partial partial-ranges madv-free-fork reclaim-write file-writeback numa-hint combined",
	  "bbm", CONTPTE_BBML2_ELISION,
	  "folds and unfolds without a TLBI need BBML2_NOABORT: clean with --hw bbm=2-noabort" },
	{ "deref=plain",
	  "agent-fault fault-recheck fork-write madv-free-fork reclaim-write combined",
	  "liveness,gup-pin", 0,
	  "the plain recheck never matches the gathered lockless read once a sibling holds A/D (slow GUP gives up: gup-pin)" },
	{ "fork=unfold", "madv-free-fork reclaim-unmap", "bbm,data-loss", 0,
	  "under investigation: fork() write-protecting a MADV_FREEd block entry by entry, beside reclaim: an entry re-made before its break's TLBI completed, or a store lost" },
	{ "contpte=off", "madv-free-fork", "data-loss", 0,
	  "under investigation: a store lost as with fork=unfold, without contpte" },
};

const unsigned int chk_nr_known = sizeof(chk_known) / sizeof(chk_known[0]);
