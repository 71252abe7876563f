/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User accesses of the arch-level scenarios: a load or store by the
 * running thread's CPU through the machine's MMU in the world's address
 * space (hw_access: TLB lookup with stale entries usable until a
 * completed TLBI, a walk whose hardware A/D update lands where ad-policy
 * says, contiguous or page fills, speculative fills and evictions).  A CPU
 * marked with hw_cpu_set_agent() under agent=smmu is a per-descriptor
 * agent: no hardware A/D, it faults on its own entry instead.
 */
#ifndef CHECK_ACCESS_H
#define CHECK_ACCESS_H

#include <stdbool.h>

/* A load or store through entry @i of the world; false when it faults. */
bool chk_access(unsigned long i, bool write);
/* An instruction fetch through entry @i (UXN of the translation used). */
bool chk_fetch(unsigned long i);

/*
 * The same, and after each fault handle_pte_fault()'s update of a present
 * entry (ptep_set_access_flags() of it young, and dirty for a store,
 * under the PTL), until the access completes; @max faults and it is a
 * livelock: the fault handler never updates the entry the access needs
 * (liveness).
 */
void chk_access_faulting(unsigned long i, bool write, unsigned int max);

#endif /* CHECK_ACCESS_H */
