// SPDX-License-Identifier: GPL-2.0-only
/*
 * The alternatives to the upstream layer that were argued about on
 * linux-mm (docs/arch.md, "Designs"), selected at run time through
 * contpte_design.
 * They live apart from contpte.c so that a kernel tree's contpte.c can
 * replace ours and still be compared with them.
 */
#include <linux/pgtable.h>
#include <asm/contpte_linked.h>

struct contpte_design contpte_design;

const char *const contpte_lockless_names[NR_LOCKLESS] = {
	[LOCKLESS_RETRY] = "retry",
	[LOCKLESS_WRAP_PTEP_GET] = "wrap-ptep_get",
	[LOCKLESS_RAW] = "raw",
	[LOCKLESS_NORECENCY] = "norecency",
};

const char *const contpte_gup_recheck_names[NR_GUP_RECHECK] = {
	[GUP_RECHECK_LOCKLESS] = "lockless",
	[GUP_RECHECK_PTEP_GET] = "ptep_get",
	[GUP_RECHECK_NORECENCY] = "norecency",
};

const char *const contpte_teardown_names[NR_TEARDOWN] = {
	[TEARDOWN_BATCH] = "batch",
	[TEARDOWN_UNFOLD] = "unfold",
	[TEARDOWN_FULL] = "full",
};

const char *const contpte_fork_names[NR_FORK] = {
	[FORK_BATCH] = "batch",
	[FORK_UNFOLD] = "unfold",
};

const char *const contpte_access_flags_names[NR_ACCESS_FLAGS] = {
	[ACCESS_FLAGS_PER_SUBPTE] = "per-subpte",
	[ACCESS_FLAGS_GATHERED] = "gathered",
	[ACCESS_FLAGS_GENERIC] = "generic",
};

const char *const contpte_madv_free_names[NR_MADV_FREE] = {
	[LAZYFREE_BATCH] = "batch",
	[LAZYFREE_UNFOLD] = "unfold",
};

const char *const contpte_deref_names[NR_DEREF] = {
	[DEREF_PTEP_GET] = "ptep_get",
	[DEREF_PLAIN] = "plain",
};

const char *const contpte_fault_flush_names[NR_FAULT_FLUSH] = {
	[FAULT_FLUSH_LOCAL] = "local",
	[FAULT_FLUSH_BROADCAST] = "broadcast",
};

/* Indexed by convert_no_tlbi and no_contpte. */
const char *const contpte_on_off_names[2] = { "on", "off" };

/*
 * The upstream design of the kernel the linked contpte.c comes from.  Its
 * fault path flushed broadcast after ptep_set_access_flags(), with an
 * empty spurious-fault fix-up, up to v6.18 ("arm64, tlbflush: don't TLBI
 * broadcast if page reused in write fault", v6.19): a tree older than
 * that is checked with the fault path it runs.
 */
void contpte_design_reset(void)
{
	contpte_design = (struct contpte_design){
		.fault_flush = contpte_version_older(contpte_linked.version, 6, 19) ?
			       FAULT_FLUSH_BROADCAST : FAULT_FLUSH_LOCAL,
	};
}

/*
 * teardown=full, the v2 ptep_get_and_clear_full() (Nov 2023): during a
 * full teardown clear the entry alone, leaving its block half cleared with
 * PTE_CONT still set on the rest, and return its own A/D only.  A later
 * ptep_get() of the block no longer sees A/D held by entries already
 * cleared: teardown-hw-dirty reports it as ad-contract.
 */
pte_t contpte_ptep_get_and_clear_full_v2(struct mm_struct *mm,
					 unsigned long addr, pte_t *ptep)
{
	pte_t orig_pte = __ptep_get(ptep);

	if (!pte_valid_cont(orig_pte))
		return ptep_get_and_clear(mm, addr, ptep);
	return __ptep_get_and_clear(mm, addr, ptep);
}

/*
 * access-flags=gathered, arm64 before the 2026 SMMU/ATS fix: the no-op
 * test looks at the gathered value, so a block whose A/D sit in some other
 * entry looks done even though the faulting agent's own entry is not.
 */
int contpte_ptep_set_access_flags_gathered(struct vm_area_struct *vma,
					   unsigned long addr, pte_t *ptep,
					   pte_t entry, int dirty)
{
	if (pte_same(pte_mknoncont(ptep_get(ptep)), entry))
		return 0;
	return contpte_ptep_set_access_flags(vma, addr, ptep, entry, dirty);
}

/*
 * access-flags=generic, include/linux/pgtable.h's version for architectures
 * without hardware A/D: if the value differs, overwrite it.  The store is
 * not atomic with the comparison, which is what loses a dirty bit when the
 * caller's @entry was built from a value read without A/D (norecency).
 */
int ptep_set_access_flags_generic(struct vm_area_struct *vma,
				  unsigned long addr, pte_t *ptep,
				  pte_t entry, int dirty)
{
	int changed = !pte_same(ptep_get(ptep), entry);

	if (changed) {
		set_pte_at(vma->vm_mm, addr, ptep, entry);
		flush_tlb_fix_spurious_fault(vma, addr, ptep);
	}
	return changed;
}
