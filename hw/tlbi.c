// SPDX-License-Identifier: GPL-2.0-only
#include "event.h"
#include "mem.h"
#include "order.h"
#include "stats.h"
#include "tlb.h"
#include "tlbi.h"

const char *const hw_tlbi_op_names[HW_NR_TLBI_OPS] = {
	[HW_TLBI_VAE1] = "vae1", [HW_TLBI_VALE1] = "vale1",
	[HW_TLBI_VAAE1] = "vaae1", [HW_TLBI_VAALE1] = "vaale1",
	[HW_TLBI_RVAE1] = "rvae1", [HW_TLBI_RVALE1] = "rvale1",
	[HW_TLBI_ASIDE1] = "aside1", [HW_TLBI_VMALLE1] = "vmalle1",
};

const char *const hw_dsb_names[HW_NR_DSB] = {
	[HW_DSB_ISHST] = "ishst", [HW_DSB_ISH] = "ish",
	[HW_DSB_NSHST] = "nshst", [HW_DSB_NSH] = "nsh",
};

static struct hw_tlb_backend custom;
static const struct hw_tlb_backend *backend = &hw_tlb_backend;

void hw_set_tlb_backend(const struct hw_tlb_backend *be)
{
	if (be) {
		custom = *be;
		backend = &custom;
	} else {
		backend = &hw_tlb_backend;
	}
}

void hw_tlbi(const struct hw_tlbi *t)
{
	struct hw_event ev = { .kind = HW_EV_TLBI, .cpu = hw_this_cpu, .tlbi = *t };

	hw_sched_point(HW_SYNC_TLBI, NULL);
	hw_count(tlbi[t->op][t->broadcast]);
	hw_count_n(tlbi_pages, t->pages);
	hw_event_add(&ev);
	if (backend->tlbi)
		backend->tlbi(backend->arg, hw_this_cpu, t);
}

void hw_dsb(enum hw_dsb kind)
{
	hw_dsb_at(kind, NULL);
}

void hw_dsb_at(enum hw_dsb kind, const struct hw_site *at)
{
	struct hw_event ev = { .kind = HW_EV_DSB, .cpu = hw_this_cpu,
			       .dsb = kind, .at = at };

	hw_sched_point(HW_SYNC_DSB, NULL);
	hw_count(dsb[kind]);
	hw_event_add(&ev);
	hw_order_dsb(hw_this_cpu, kind);
	if (backend->dsb)
		backend->dsb(backend->arg, hw_this_cpu, kind);
}

void hw_isb(void)
{
	struct hw_event ev = { .kind = HW_EV_ISB, .cpu = hw_this_cpu };

	hw_count(isb);
	hw_event_add(&ev);
}
