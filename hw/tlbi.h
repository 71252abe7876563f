/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TLB maintenance and barriers of the simulated machine.  The kernel shims'
 * flush_tlb_*() and dsb()/isb() land here; each operation is counted by
 * kind and scope and logged, then applied to the simulated TLBs.
 */
#ifndef HW_TLBI_H
#define HW_TLBI_H

#include <stdbool.h>
#include <stdint.h>

#include "site.h"

/* The EL1&0 stage-1 invalidations Linux issues (Arm ARM TLBI encodings). */
enum hw_tlbi_op {
	HW_TLBI_VAE1,		/* by VA, ASID-tagged, all levels */
	HW_TLBI_VALE1,		/* by VA, ASID-tagged, last level only */
	HW_TLBI_VAAE1,		/* by VA, any ASID */
	HW_TLBI_VAALE1,		/* by VA, any ASID, last level only */
	HW_TLBI_RVAE1,		/* by VA range (FEAT_TLBIRANGE) */
	HW_TLBI_RVALE1,		/* by VA range, last level only */
	HW_TLBI_ASIDE1,		/* by ASID */
	HW_TLBI_VMALLE1,	/* everything */
	HW_NR_TLBI_OPS
};

extern const char *const hw_tlbi_op_names[HW_NR_TLBI_OPS];

struct hw_tlbi {
	enum hw_tlbi_op op;
	bool broadcast;		/* the IS form: every CPU in the domain */
	uint16_t asid;
	uint64_t va;		/* first VA (by-VA and range forms) */
	uint64_t pages;		/* pages covered (1 for by-VA forms) */
	unsigned int ttl;	/* level hint, 0 = none */
};

void hw_tlbi(const struct hw_tlbi *t);

enum hw_dsb { HW_DSB_ISHST, HW_DSB_ISH, HW_DSB_NSHST, HW_DSB_NSH, HW_NR_DSB };
extern const char *const hw_dsb_names[HW_NR_DSB];

/*
 * A DSB ISH completes every broadcast TLBI this CPU issued before it, on
 * every CPU; the NSH form completes local ones.
 */
void hw_dsb(enum hw_dsb kind);
/* The same, @at naming the code that issued it (NULL: unknown). */
void hw_dsb_at(enum hw_dsb kind, const struct hw_site *at);
void hw_isb(void);

/*
 * Back end the operations are applied to after being counted and logged:
 * the simulated TLBs (hw/tlb.h) unless another is installed; NULL puts
 * the simulated TLBs back.
 */
struct hw_tlb_backend {
	void (*tlbi)(void *arg, unsigned int cpu, const struct hw_tlbi *t);
	void (*dsb)(void *arg, unsigned int cpu, enum hw_dsb kind);
	void *arg;
};
void hw_set_tlb_backend(const struct hw_tlb_backend *be);

#endif /* HW_TLBI_H */
