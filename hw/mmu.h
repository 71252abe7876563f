/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The MMU of each simulated CPU: TLB lookup, table walk with hardware A/D
 * updates, permission checks, and the load or store itself (docs/hw.md).
 */
#ifndef HW_MMU_H
#define HW_MMU_H

#include <stdbool.h>
#include <stdint.h>

enum hw_fault_kind {
	HW_FAULT_NONE,
	HW_FAULT_TRANSLATION,	/* invalid descriptor at some level */
	HW_FAULT_ACCESS_FLAG,	/* AF == 0 and HA == 0 (or per-descriptor agent) */
	HW_FAULT_PERMISSION,	/* write to read-only, EL0 to non-user, ... */
	HW_FAULT_TLB_CONFLICT,	/* multi-hit resolved as an abort */
	HW_FAULT_EXTERNAL,	/* output address is not a data frame */
	HW_NR_FAULT_KINDS
};

extern const char *const hw_fault_kind_names[HW_NR_FAULT_KINDS];

struct hw_fault {
	enum hw_fault_kind kind;
	uint64_t va;
	bool write;
	bool fetch;		/* an instruction fetch (an instruction abort) */
	int level;		/* walk level of a translation fault */
};

/* The translation context an access runs in (TTBR0_EL1 and its ASID). */
struct hw_ctx {
	uint16_t asid;
	uint64_t root_pa;	/* table at hw_start_level() */
};

/*
 * A user (EL0) load (@write false, *@value receives the word) or store
 * (@write true, *@value is stored) by @cpu at @va.  Returns true on
 * success, false with *@fault filled in.  The agent that performs it is
 * the CPU's (hw_cfg.agent applies to CPUs marked as agents).
 */
bool hw_access(unsigned int cpu, const struct hw_ctx *ctx, uint64_t va,
	       bool write, uint64_t *value, struct hw_fault *fault);
/*
 * An EL0 instruction fetch by @cpu at @va (*@value receives the word):
 * the same lookup, walk and fill as a load, but the permission it needs
 * is execute at EL0, UXN clear in the translation used (a cached entry's,
 * a whole contiguous group's when that is what the TLB holds, or the
 * walked descriptor's), whatever AP[1] says (an EL0 execute-only page has
 * it clear).  PXN is EL1's and never consulted.
 */
bool hw_fetch(unsigned int cpu, const struct hw_ctx *ctx, uint64_t va,
	      uint64_t *value, struct hw_fault *fault);

/*
 * An access observer hears of every load, store and fetch that completed,
 * as one event with it: the CPU, the ASID it ran under, the VA, the frame
 * it reached and the value loaded, fetched or stored.  A fetch reads the
 * frame as a load does (@write false) and says so in @fetch.  One at a
 * time; NULL removes it.
 */
struct hw_access_rec {
	unsigned int cpu;
	uint16_t asid;
	uint64_t va, pfn, value;
	bool write;
	bool fetch;
};

typedef void (*hw_access_fn)(void *arg, const struct hw_access_rec *a);
void hw_set_access_observer(hw_access_fn fn, void *arg);

/*
 * Mark @cpu as a per-descriptor agent (SMMU without HTTU / CPU without
 * DBM).  With hw_cfg.agent == HW_AGENT_SMMU a marked CPU walks without
 * hardware A/D management, faulting on its own entry's AF=0 or AP[2]=1,
 * and caches page-sized entries only.
 */
void hw_cpu_set_agent(unsigned int cpu, bool agent);
bool hw_cpu_is_agent(unsigned int cpu);

/*
 * Software installed @ctx (a TTBR0 write): from now on walkers may read
 * every table reachable from its root, so the monitors start watching
 * them.  The first access through a context does the same for the
 * tables it walks.
 */
void hw_ctx_activate(const struct hw_ctx *ctx);
/*
 * No access runs in @ctx again (its mm's last user is gone): what TLBs
 * still hold of it is dead, until hw_ctx_activate() of a context with
 * its ASID (hw/tlb.h, hw_tlb_retire()).
 */
void hw_ctx_retire(const struct hw_ctx *ctx);

/*
 * N1 and N5 on demand: a speculative walk and fill of @va by @cpu (may
 * set AF, never dirty; true if an entry was filled), and a spurious AF
 * set on a valid descriptor (true if AF went from 0 to 1).  The machine
 * also does both by itself around accesses, as the chooser decides,
 * within the contiguous group of the accessed VA.
 */
bool hw_spec_fill(unsigned int cpu, const struct hw_ctx *ctx, uint64_t va);
bool hw_spurious_af(uint64_t *ptep);

#endif /* HW_MMU_H */
