// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "hw/mem.h"
#include "hw/phys.h"
#include "hw/tlb.h"
#include "explore.h"
#include "mmwatch.h"
#include "pins.h"

#define PINS		16
#define SEEN		8

/* A write pin the process must keep seeing. */
struct pin {
	struct mm_model *mm;
	unsigned long va;
	unsigned long pfn;
	bool live;
};

/* The frames the entry at (asid, va) mapped during one GUP call. */
struct gup_call {
	bool on;
	u16 asid;
	unsigned long va;
	unsigned int nr;
	struct { unsigned long pfn; u64 gen; } seen[SEEN];
	bool overflow;
};

static struct {
	struct pin pin[PINS];
	struct gup_call call[HW_MAX_CPUS];
} pins;

static void pins_reset(void)
{
	memset(&pins, 0, sizeof(pins));
}

static void saw(struct gup_call *c, pte_t pte)
{
	if (!pte_present(pte) || !hw_frame_exists(pte_pfn(pte)))
		return;
	if (c->nr == SEEN) {
		c->overflow = true;
		return;
	}
	c->seen[c->nr].pfn = pte_pfn(pte);
	c->seen[c->nr++].gen = hw_frame_generation(pte_pfn(pte));
}

static void pins_written(uint64_t *p, uint64_t old, uint64_t new,
			   bool by_hw)
{
	unsigned int cpu;
	uint64_t va;
	u16 asid;

	if (by_hw || !hw_desc_va(p, &asid, &va))
		return;
	for (cpu = 0; cpu < HW_MAX_CPUS; cpu++)
		if (pins.call[cpu].on && pins.call[cpu].asid == asid &&
		    pins.call[cpu].va == va)
			saw(&pins.call[cpu], __pte(new));
}

/* Did the entry map @page, in its frame's present allocation? */
static bool was_mapped(const struct gup_call *c, struct page *page)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned int i;

	if (c->overflow)
		return true;
	for (i = 0; i < c->nr; i++)
		if (c->seen[i].pfn == pfn &&
		    c->seen[i].gen == hw_frame_generation(pfn))
			return true;
	return false;
}

static void remember(struct mm_model *mm, unsigned long va, struct page *page)
{
	unsigned int i;

	for (i = 0; i < PINS; i++) {
		if (pins.pin[i].live)
			continue;
		pins.pin[i] = (struct pin){ mm, va, page_to_pfn(page), true };
		return;
	}
	BUG();
}

static long pin_flags(struct mm_model *mm, unsigned long va,
		      unsigned int flags, struct page **page)
{
	struct gup_call *c = &pins.call[hw_this_cpu];
	pte_t *ptep;
	long ret;

	/* The entry's writes are heard only where the world is watched. */
	if (!chk_mm_watching())
		return pin_user_pages_fast(mm, va, 1, flags, page);
	ptep = chk_mm_peek(mm, va & PAGE_MASK);
	*c = (struct gup_call){ .on = true, .asid = ASID(&mm->mm),
				.va = va & PAGE_MASK };
	if (ptep)
		saw(c, __pte(__atomic_load_n(&pte_val(*ptep), __ATOMIC_SEQ_CST)));
	ret = pin_user_pages_fast(mm, va, 1, flags, page);
	c->on = false;
	if (ret != 1)
		return ret;
	if (!was_mapped(c, *page))
		chk_fail(CHK_PIN_COHERENCE,
			 "cpu%u va %#lx: GUP pinned pfn %#lx, which was not mapped there in its present allocation at any moment of the call",
			 hw_this_cpu, va, page_to_pfn(*page));
	remember(mm, va & PAGE_MASK, *page);
	return ret;
}

long chk_mm_pin(struct mm_model *mm, unsigned long va, struct page **page)
{
	return pin_flags(mm, va, FOLL_WRITE, page);
}

long chk_mm_pin_read(struct mm_model *mm, unsigned long va,
		     struct page **page)
{
	return pin_flags(mm, va, 0, page);
}

bool chk_mm_check_pinned(long ret)
{
	if (ret == 1)
		return true;
	chk_fail(CHK_LIVENESS, "the pin of a mapped page returned %ld", ret);
	return false;
}

void chk_mm_unpin(struct page *page)
{
	unsigned int i;

	for (i = 0; i < PINS; i++)
		if (pins.pin[i].live && pins.pin[i].pfn == page_to_pfn(page))
			pins.pin[i].live = false;
	unpin_user_pages(&page, 1);
}

void chk_dio_write(struct page *page, u64 value)
{
	hw_sched_point(HW_SYNC_ATOMIC, page);
	hw_frame_store(page_to_pfn(page), value);
	folio_mark_dirty(page_folio(page));
}

long chk_mm_dio_read(struct mm_model *mm, unsigned long va, u64 value,
		     struct page **page)
{
	long ret = chk_mm_pin(mm, va, page);

	if (ret == 1) {
		chk_dio_write(*page, value);
		chk_mm_unpin(*page);
	}
	return ret;
}

long chk_mm_dio_read_ref(struct mm_model *mm, unsigned long va, u64 value,
			 struct page **page)
{
	long ret = get_user_pages_fast(mm, va, 1, FOLL_WRITE, page);

	if (ret == 1) {
		chk_dio_write(*page, value);
		put_user_pages(page, 1);
	}
	return ret;
}

u64 chk_dio_fetch(struct page *page)
{
	hw_sched_point(HW_SYNC_ATOMIC, page);
	return hw_frame_data(page_to_pfn(page));
}

long chk_mm_dio_write(struct mm_model *mm, unsigned long va, u64 *value,
		      struct page **page)
{
	long ret = chk_mm_pin_read(mm, va, page);

	if (ret == 1) {
		*value = chk_dio_fetch(*page);
		chk_mm_unpin(*page);
	}
	return ret;
}

static void pins_access(struct mm_model *mm, const struct hw_access_rec *a)
{
	const struct pin *p;
	unsigned int i;

	for (i = 0; i < PINS; i++) {
		p = &pins.pin[i];
		if (!p->live || p->mm != mm || p->va != (a->va & PAGE_MASK) ||
		    p->pfn == a->pfn)
			continue;
		chk_fail(CHK_PIN_COHERENCE,
			 "cpu%u va %#lx: the process %s pfn %#lx while its write pin holds pfn %#lx",
			 a->cpu, (unsigned long)a->va,
			 a->write ? "stores to" : "loads from",
			 (unsigned long)a->pfn, p->pfn);
	}
}

static void pins_unmap(struct mm_model *mm, unsigned long start,
		       unsigned long end)
{
	unsigned int i;

	for (i = 0; i < PINS; i++)
		if (pins.pin[i].mm == mm && pins.pin[i].va >= start &&
		    pins.pin[i].va < end)
			pins.pin[i].live = false;
}

const struct chk_mm_oracle chk_pin_coherence = {
	.reset = pins_reset,
	.access = pins_access,
	.written = pins_written,
	.unmap = pins_unmap,
};
