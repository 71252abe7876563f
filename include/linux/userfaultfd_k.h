/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * userfaultfd in write-protect mode, as the core-mm paths ask about it: a
 * VMA registered with UFFDIO_REGISTER_MODE_WP carries VM_UFFD_WP, and an
 * entry of it with the uffd-wp bit must not become writable until the
 * monitor resolves it (UFFDIO_WRITEPROTECT with mode 0).
 */
#ifndef _LINUX_USERFAULTFD_K_H
#define _LINUX_USERFAULTFD_K_H

#include <linux/mm.h>

static inline bool userfaultfd_wp(const struct vm_area_struct *vma)
{
	/* Asked by the reverse map too (pte_install_uffd_wp_if_needed()). */
	return vm_flags_lockless(vma) & VM_UFFD_WP;
}

/*
 * Registered in any mode (here only write-protect): faults then map page
 * by page, for per-page fidelity (userfaultfd_armed()), and not around
 * (uffd_disable_fault_around()).
 */
static inline bool userfaultfd_armed(const struct vm_area_struct *vma)
{
	return userfaultfd_wp(vma);
}

static inline bool uffd_disable_fault_around(const struct vm_area_struct *vma)
{
	return userfaultfd_armed(vma);
}

/* userfaultfd_pte_wp(): the bit only counts in a registered VMA. */
static inline bool userfaultfd_pte_wp(const struct vm_area_struct *vma,
				      pte_t pte)
{
	return userfaultfd_wp(vma) && pte_uffd_wp(pte);
}

#endif /* _LINUX_USERFAULTFD_K_H */
