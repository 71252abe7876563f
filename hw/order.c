// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "config.h"
#include "desc.h"
#include "mem.h"
#include "order.h"
#include "tlb.h"

struct store {
	uint64_t va;
	uint16_t asid;
	bool local;		/* ordered for the CPU's own walks (DSB NSH*) */
};

/* Each CPU's list is changed only by that CPU's writes, DSBs and reset. */
static struct {
	unsigned int n;
	bool overflow;		/* more stores than fit ... */
	bool overflow_local;	/* ... all ordered for its own walks */
	struct store s[HW_ORDER_MAX];
} cpus[HW_MAX_CPUS];

/*
 * A software store that replaced a valid level-3 descriptor: what a TLB
 * may hold of the old value is what the next TLBI there is for.  Stores
 * to invalid entries need none (IWZCBG); the hardware's own A/D updates
 * are not software's to order.
 */
static void order_write(void *arg, uint64_t *p, uint64_t old, uint64_t new,
			bool by_hw)
{
	unsigned int cpu = hw_this_cpu, i;
	uint16_t asid;
	uint64_t va;

	if (by_hw || cpu >= HW_MAX_CPUS || !hw_desc_is_page(old) ||
	    !hw_desc_va(p, &asid, &va))
		return;
	for (i = 0; i < cpus[cpu].n; i++) {
		if (cpus[cpu].s[i].va == va && cpus[cpu].s[i].asid == asid) {
			cpus[cpu].s[i].local = false;
			return;
		}
	}
	if (cpus[cpu].n == HW_ORDER_MAX) {
		cpus[cpu].overflow = true;
		cpus[cpu].overflow_local = false;
		return;
	}
	cpus[cpu].s[cpus[cpu].n++] = (struct store){ .va = va, .asid = asid };
}

static const struct hw_write_observer observer = { .fn = order_write };

void hw_order_tlbi(unsigned int cpu, const struct hw_tlbi *t,
		   struct hw_unordered *out)
{
	const struct store *s;
	unsigned int i;

	out->n = 0;
	out->all = false;
	if (cpu >= HW_MAX_CPUS)
		return;
	for (i = 0; i < cpus[cpu].n; i++) {
		s = &cpus[cpu].s[i];
		if ((t->broadcast || !s->local) &&
		    hw_tlbi_covers(t, s->va, hw_cfg.page_shift, s->asid,
				   false)) {
			out->page[out->n].va = s->va;
			out->page[out->n++].asid = s->asid;
		}
	}
	out->all = cpus[cpu].overflow &&
		   (t->broadcast || !cpus[cpu].overflow_local);
}

bool hw_unordered_covers(const struct hw_unordered *u, uint64_t va,
			 unsigned int shift, uint16_t asid, bool global)
{
	unsigned int i;

	if (u->all)
		return true;
	for (i = 0; i < u->n; i++)
		if ((global || u->page[i].asid == asid) &&
		    ((u->page[i].va ^ va) >> shift) == 0)
			return true;
	return false;
}

void hw_order_dsb(unsigned int cpu, enum hw_dsb kind)
{
	unsigned int i;

	if (cpu >= HW_MAX_CPUS)
		return;
	if (kind == HW_DSB_ISHST || kind == HW_DSB_ISH) {
		cpus[cpu].n = 0;
		cpus[cpu].overflow = false;
		return;
	}
	for (i = 0; i < cpus[cpu].n; i++)
		cpus[cpu].s[i].local = true;
	cpus[cpu].overflow_local = true;
}

void hw_order_reset(void)
{
	memset(cpus, 0, sizeof(cpus));
	hw_remove_write_observer(&observer);
	hw_add_write_observer(&observer);
}
