// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "stats.h"

struct hw_stats hw_stats;

void hw_stats_reset(void)
{
	memset(&hw_stats, 0, sizeof(hw_stats));
}

uint64_t hw_stats_tlbi_of(const struct hw_stats *s, enum hw_tlbi_op op)
{
	return s->tlbi[op][0] + s->tlbi[op][1];
}

uint64_t hw_stats_tlbi_total(const struct hw_stats *s)
{
	uint64_t n = 0;
	int op;

	for (op = 0; op < HW_NR_TLBI_OPS; op++)
		n += hw_stats_tlbi_of(s, op);
	return n;
}
