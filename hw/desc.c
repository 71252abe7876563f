// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>

#include "desc.h"

size_t hw_desc_format(uint64_t d, char *buf, size_t size)
{
	static const struct { uint64_t bit; const char *name; } flags[] = {
		{ HW_DESC_AF, "AF" }, { HW_DESC_NG, "nG" },
		{ HW_DESC_AP1, "USER" }, { HW_DESC_AP2, "RO" },
		{ HW_DESC_DBM, "DBM" }, { HW_DESC_CONT, "CONT" },
		{ HW_DESC_PXN, "PXN" }, { HW_DESC_UXN, "UXN" },
	};
	size_t off, i;

	if (!(d & HW_DESC_VALID))
		return snprintf(buf, size, "invalid(0x%llx)", (unsigned long long)d);
	off = snprintf(buf, size, "pfn=0x%llx",
		       (unsigned long long)hw_desc_pfn(d));
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (d & flags[i].bit)
			off += snprintf(buf + off, off < size ? size - off : 0,
					" %s", flags[i].name);
	if (d & HW_DESC_SW)
		off += snprintf(buf + off, off < size ? size - off : 0,
				" sw=0x%llx",
				(unsigned long long)((d & HW_DESC_SW) >> 55));
	return off;
}
