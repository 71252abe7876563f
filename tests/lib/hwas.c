// SPDX-License-Identifier: GPL-2.0-only
#include "hwas.h"

void hwas_setup(const struct ktap_variant *v)
{
	machine_setup(v);
	if (hw_phys_init(max_mapnr)) {
		ktap_fail(__FILE__, __LINE__, "out of memory");
		ktap_abort_test();
	}
	hw_set_chooser(NULL);
	hw_machine_reset();
}

void hwas_init(struct hwas *as, uint64_t *leaf, uint16_t asid, uint64_t va)
{
	uint64_t *table = hw_table_alloc(), *next;
	int level;

	BUG_ON(!table);
	as->ctx = (struct hw_ctx){ .asid = asid, .root_pa = hw_table_pa(table) };
	for (level = hw_start_level(); level < HW_LEAF_LEVEL; level++) {
		next = level + 1 == HW_LEAF_LEVEL && leaf ? leaf : hw_table_alloc();
		BUG_ON(!next);
		hw_mem_write(table + hw_level_index(va, level),
			     hw_table_pa(next) | 3);
		table = next;
	}
	as->leaf = table;
	as->va = va & ~((1ull << hw_level_shift(HW_LEAF_LEVEL - 1)) - 1);
	hw_ctx_activate(&as->ctx);
}

void hwas_attach_tas(struct hwas *as)
{
	hwas_init(as, (uint64_t *)tas.table, ASID(&tas.mm), tas.va);
}

uint64_t hwas_desc(uint64_t pfn, uint64_t flags)
{
	return (pfn << hw_cfg.page_shift) | HW_DESC_VALID | HW_DESC_TABLE |
	       HW_DESC_NG | HW_DESC_AP1 | HW_DESC_SH | flags;
}

void hwas_map(struct hwas *as, unsigned int first, unsigned int n,
	      uint64_t pfn, uint64_t flags)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		hw_mem_write(hwas_ptep(as, first + i), hwas_desc(pfn + i, flags));
}

void hwas_tlbi(unsigned int cpu, enum hw_tlbi_op op, uint16_t asid,
	       uint64_t va, uint64_t pages, bool dsb)
{
	struct hw_tlbi t = { .op = op, .broadcast = true, .asid = asid,
			     .va = va, .pages = pages };
	unsigned int saved = hw_this_cpu;

	hw_this_cpu = cpu;
	/* As each of Linux's flushes: the stores first (hw/order.h). */
	hw_dsb(HW_DSB_ISHST);
	hw_tlbi(&t);
	if (dsb)
		hw_dsb(HW_DSB_ISH);
	hw_this_cpu = saved;
}

void hwas_dsb(unsigned int cpu)
{
	unsigned int saved = hw_this_cpu;

	hw_this_cpu = cpu;
	hw_dsb(HW_DSB_ISH);
	hw_this_cpu = saved;
}

enum hw_fault_kind hwas_try(struct hwas *as, unsigned int cpu,
			    unsigned int i, bool write)
{
	struct hw_fault f;
	uint64_t v = 0x1000 + i;

	if (hw_access(cpu, &as->ctx, hwas_va(as, i), write, &v, &f))
		return HW_FAULT_NONE;
	return f.kind;
}

enum hw_fault_kind hwas_try_fetch(struct hwas *as, unsigned int cpu,
				  unsigned int i)
{
	struct hw_fault f;
	uint64_t v = 0;

	if (hw_fetch(cpu, &as->ctx, hwas_va(as, i), &v, &f))
		return HW_FAULT_NONE;
	return f.kind;
}

uint64_t hwas_read(struct hwas *as, unsigned int cpu, unsigned int i)
{
	struct hw_fault f;
	uint64_t v = 0;

	if (!hw_access(cpu, &as->ctx, hwas_va(as, i), false, &v, &f))
		ktap_fail(__FILE__, __LINE__, "read of entry %u faulted: %s", i,
			  hw_fault_kind_names[f.kind]);
	return v;
}

void hwas_write(struct hwas *as, unsigned int cpu, unsigned int i,
		uint64_t value)
{
	struct hw_fault f;

	if (!hw_access(cpu, &as->ctx, hwas_va(as, i), true, &value, &f))
		ktap_fail(__FILE__, __LINE__, "write of entry %u faulted: %s", i,
			  hw_fault_kind_names[f.kind]);
}

void hwas_dump_violations(void)
{
	const struct hw_violation *v;
	char buf[4096];
	unsigned int i;

	for (i = 0; (v = hw_violation_get(i)); i++) {
		hw_violation_format(v, buf, sizeof(buf));
		ktap_info("%s", buf);
	}
}
