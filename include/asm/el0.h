/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User (EL0) loads, stores and instruction fetches of a simulated CPU, run
 * through the MMU in
 * the translation context of an mm (its ASID and root table).  A failed
 * access reports the abort the kernel's fault handler would receive.
 */
#ifndef _ASM_EL0_H
#define _ASM_EL0_H

#include <linux/mm_types.h>
#include <asm/pgalloc.h>
#include "hw/mmu.h"

enum el0_abort {
	EL0_ABORT_NONE,
	EL0_ABORT_TRANSLATION,
	EL0_ABORT_ACCESS_FLAG,
	EL0_ABORT_PERMISSION,
	EL0_ABORT_TLB_CONFLICT,
	EL0_ABORT_EXTERNAL,	/* the output address is no memory */
};

static inline struct hw_ctx __el0_ctx(struct mm_struct *mm)
{
	return (struct hw_ctx){ .asid = ASID(mm),
				.root_pa = __pa_table(mm->pgd) };
}

/* The mm's tables become live for walkers (a TTBR0 write). */
static inline void activate_mm(struct mm_struct *mm)
{
	struct hw_ctx ctx = __el0_ctx(mm);

	hw_ctx_activate(&ctx);
}

/*
 * exit_mmap(): the mm's last user is gone, and no CPU runs in it again.
 * arm64 leaves what TLBs hold of its ASID there (a new mm gets the ASID
 * only after a rollover invalidated every TLB), so pages the teardown
 * frees may still be translated: by a dead context, which the machine
 * must not take for a live one.
 */
static inline void retire_mm(struct mm_struct *mm)
{
	struct hw_ctx ctx = __el0_ctx(mm);

	hw_ctx_retire(&ctx);
}

static inline enum el0_abort __el0_abort(const struct hw_fault *fault)
{
	switch (fault->kind) {
	case HW_FAULT_ACCESS_FLAG:
		return EL0_ABORT_ACCESS_FLAG;
	case HW_FAULT_PERMISSION:
		return EL0_ABORT_PERMISSION;
	case HW_FAULT_TLB_CONFLICT:
		return EL0_ABORT_TLB_CONFLICT;
	case HW_FAULT_EXTERNAL:
		return EL0_ABORT_EXTERNAL;
	default:
		return EL0_ABORT_TRANSLATION;
	}
}

/* Returns EL0_ABORT_NONE when the access completed. */
static inline enum el0_abort el0_access(unsigned int cpu,
					struct mm_struct *mm,
					unsigned long va, bool write,
					u64 *value)
{
	struct hw_ctx ctx = __el0_ctx(mm);
	struct hw_fault fault;

	if (hw_access(cpu, &ctx, va, write, value, &fault))
		return EL0_ABORT_NONE;
	return __el0_abort(&fault);
}

/*
 * An instruction fetch; its abort is an instruction abort (ESR_ELx.EC
 * IABT_LOW), which the fault handler tells from a data abort.
 */
static inline enum el0_abort el0_fetch(unsigned int cpu, struct mm_struct *mm,
				       unsigned long va, u64 *value)
{
	struct hw_ctx ctx = __el0_ctx(mm);
	struct hw_fault fault;

	if (hw_fetch(cpu, &ctx, va, value, &fault))
		return EL0_ABORT_NONE;
	return __el0_abort(&fault);
}

#endif /* _ASM_EL0_H */
