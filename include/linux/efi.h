/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The EFI runtime services' address space: a kernel mapping, so the
 * contpte layer never folds it (its mm_is_user() asks mm_is_efi()).
 */
#ifndef _LINUX_EFI_H
#define _LINUX_EFI_H

#include <linux/mm_types.h>

extern struct mm_struct efi_mm;

static inline bool mm_is_efi(struct mm_struct *mm)
{
	return mm == &efi_mm;
}

#endif /* _LINUX_EFI_H */
