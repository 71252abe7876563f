// SPDX-License-Identifier: GPL-2.0-only
#include <asm/pgtable.h>

struct contpte_stats contpte_stats;
