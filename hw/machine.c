// SPDX-License-Identifier: GPL-2.0-only
#include "convert.h"
#include "machine.h"
#include "mmu.h"
#include "monitor.h"
#include "order.h"
#include "site.h"
#include "stats.h"
#include "tlb.h"
#include "violation.h"

static uint64_t seq;

uint64_t hw_seq_next(void)
{
	return __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED);
}

void hw_machine_reset(void)
{
	unsigned int cpu;

	hw_tlb_reset();
	for (cpu = 0; cpu < HW_MAX_CPUS; cpu++)
		hw_cpu_set_agent(cpu, false);
	hw_monitors_reset();
	hw_order_reset();
	hw_site_reset();
	hw_convert_reset();
	hw_violations_clear();
	hw_stats_reset();
	__atomic_store_n(&seq, 0, __ATOMIC_RELAXED);
}
