// SPDX-License-Identifier: GPL-2.0-only
#include "hw/mem.h"
#include "access.h"
#include "world.h"

bool chk_access(unsigned long i, bool write)
{
	struct hw_fault fault;
	/* A store leaves the entry's index in the page, for the timeline. */
	uint64_t value = i;

	return hw_access(hw_this_cpu, &chk_w.ctx, chk_va(i), write, &value,
			 &fault);
}
