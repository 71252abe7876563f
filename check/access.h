/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User accesses as the arch-level scenarios need them: a table walk of one
 * entry of the world with the hardware's access/dirty update, placed in the
 * contiguous block by hw_cfg.ad_policy through the chooser, and the
 * per-descriptor agent (agent=smmu) that never updates A/D and faults on
 * its own entry.  No TLB: every access walks.
 */
#ifndef CHECK_ACCESS_H
#define CHECK_ACCESS_H

#include <stdbool.h>

/* A load or store through entry @i; false when it faults. */
bool chk_cpu_access(unsigned long i, bool write);
/* The same by a per-descriptor agent (an SMMU without HTTU). */
bool chk_agent_access(unsigned long i, bool write);

#endif /* CHECK_ACCESS_H */
