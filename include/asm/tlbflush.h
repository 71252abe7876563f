/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 TLB maintenance as the kernel issues it, landing on the machine's
 * TLBI interface (hw/tlbi.h).  The machine implements FEAT_TLBIRANGE, so a
 * range flush becomes as few range operations as the encoding allows.
 *
 * Ordering follows the Arm ARM completion rules: DSB ISHST makes the PTE
 * stores visible to walkers before the invalidation, and the trailing DSB
 * ISH waits for a broadcast TLBI to complete on every CPU (RDDMVT steps
 * 2-4).  The _nosync forms omit the trailing DSB.
 */
#ifndef _ASM_TLBFLUSH_H
#define _ASM_TLBFLUSH_H

#include <linux/bug.h>
#include <linux/mm_types.h>
#include <asm/barrier.h>
#include <asm/mmu.h>
#include <asm/page-def.h>

/* Level hint meaning "unknown" (FEAT_TTL). */
#define TLBI_TTL_UNKNOWN	0

/* Range TLBI covers (NUM + 1) << (5 * SCALE + 1) pages, SCALE <= 3. */
#define MAX_TLBI_RANGE_PAGES	(32UL << 16)

static inline void __tlbi_issue(enum hw_tlbi_op op, bool broadcast, u16 asid,
				unsigned long va, unsigned long pages, int ttl)
{
	struct hw_tlbi t = {
		.op = op, .broadcast = broadcast, .asid = asid,
		.va = va, .pages = pages, .ttl = ttl,
	};

	hw_tlbi(&t);
}

/*
 * A range operation at @start of @num << (5 * @scale + 1) pages (@num
 * from 1 to 32, the field's NUM + 1), encoded as the instruction's
 * operand is (TLBI RVALE1: SCALE in bits [45:44], NUM in bits [43:39],
 * the range (NUM + 1) << (5 * SCALE + 1) pages): the machine invalidates
 * what the fields hold, so a count or a scale outside them invalidates
 * another range than the one meant, as the operand "arm64: tlb: Fix
 * TLBI RANGE operand" corrected did.
 */
static inline void __tlbi_range_issue(enum hw_tlbi_op op, bool broadcast,
				      u16 asid, unsigned long start, int scale,
				      unsigned long num, int ttl)
{
	unsigned long field_scale = scale & 3, field_num = (num - 1) & 31;

	__tlbi_issue(op, broadcast, asid, start,
		     (field_num + 1) << (5 * field_scale + 1), ttl);
}

/*
 * Cover [start, start + pages) with by-VA and range operations: an odd page
 * first by VA, then one range operation per non-zero base-32 digit of
 * pages / 2, smallest scale first.  SCALE 3 takes what is left, up to
 * NUM + 1 = 32, so MAX_TLBI_RANGE_PAGES itself is one operation.
 */
static inline void __flush_tlb_range_op(bool broadcast, u16 asid,
					unsigned long start, unsigned long pages,
					bool last_level, int ttl)
{
	enum hw_tlbi_op va_op = last_level ? HW_TLBI_VALE1 : HW_TLBI_VAE1;
	enum hw_tlbi_op range_op = last_level ? HW_TLBI_RVALE1 : HW_TLBI_RVAE1;
	unsigned long pairs, num, chunk;
	int scale;

	if (pages & 1) {
		__tlbi_issue(va_op, broadcast, asid, start, 1, ttl);
		start += PAGE_SIZE;
		pages--;
	}
	pairs = pages / 2;
	for (scale = 0; pairs; scale++, pairs >>= 5) {
		num = scale == 3 ? pairs : pairs & 31;
		if (!num)
			continue;
		chunk = num << (5 * scale + 1);
		__tlbi_range_issue(range_op, broadcast, asid, start, scale, num,
				   ttl);
		start += chunk << PAGE_SHIFT;
		if (scale == 3)
			break;
	}
}

static inline void flush_tlb_all(void)
{
	dsb(ishst);
	__tlbi_issue(HW_TLBI_VMALLE1, true, 0, 0, 0, TLBI_TTL_UNKNOWN);
	dsb(ish);
	isb();
}

static inline void flush_tlb_mm(struct mm_struct *mm)
{
	dsb(ishst);
	__tlbi_issue(HW_TLBI_ASIDE1, true, ASID(mm), 0, 0, TLBI_TTL_UNKNOWN);
	dsb(ish);
}

static inline void __flush_tlb_page_nosync(struct mm_struct *mm,
					   unsigned long uaddr)
{
	dsb(ishst);
	__tlbi_issue(HW_TLBI_VALE1, true, ASID(mm), uaddr & PAGE_MASK, 1,
		     TLBI_TTL_UNKNOWN);
}

static inline void flush_tlb_page_nosync(struct vm_area_struct *vma,
					 unsigned long uaddr)
{
	__flush_tlb_page_nosync(vma->vm_mm, uaddr);
}

static inline void flush_tlb_page(struct vm_area_struct *vma,
				  unsigned long uaddr)
{
	flush_tlb_page_nosync(vma, uaddr);
	dsb(ish);
}

static inline void ___flush_tlb_range_nosync(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end,
					     unsigned long stride,
					     bool last_level, int tlb_level)
{
	unsigned long pages;

	/* Every caller in this model invalidates page by page. */
	WARN_ON_ONCE(stride != PAGE_SIZE);
	start &= PAGE_MASK;
	end = (end + PAGE_SIZE - 1) & PAGE_MASK;
	pages = (end - start) >> PAGE_SHIFT;
	if (pages > MAX_TLBI_RANGE_PAGES) {
		flush_tlb_mm(mm);
		return;
	}
	dsb(ishst);
	__flush_tlb_range_op(true, ASID(mm), start, pages, last_level,
			     tlb_level);
}

static inline struct mm_struct *__tlb_mm_of_mm(struct mm_struct *mm)
{
	return mm;
}

static inline struct mm_struct *__tlb_mm_of_vma(struct vm_area_struct *vma)
{
	return vma->vm_mm;
}

/*
 * The address space whose ASID a flush names, from either form of its
 * first argument: v6.12's contpte.c passes the vma, mainline's the mm (its
 * callers include the batched-unmap flush, which has no vma).  Any other
 * type does not compile, so a kernel file is never flushed with a wrong
 * ASID.
 */
#define __tlb_mm(vma_or_mm)						\
	_Generic((vma_or_mm),						\
		 struct vm_area_struct *: __tlb_mm_of_vma,		\
		 struct mm_struct *: __tlb_mm_of_mm)(vma_or_mm)

#define __flush_tlb_range_nosync(vma_or_mm, ...)			\
	___flush_tlb_range_nosync(__tlb_mm(vma_or_mm), __VA_ARGS__)

static inline void __flush_tlb_range(struct vm_area_struct *vma,
				     unsigned long start, unsigned long end,
				     unsigned long stride, bool last_level,
				     int tlb_level)
{
	__flush_tlb_range_nosync(vma->vm_mm, start, end, stride, last_level,
				 tlb_level);
	dsb(ish);
}

static inline void flush_tlb_range(struct vm_area_struct *vma,
				   unsigned long start, unsigned long end)
{
	/* Not last-level only: page-table pages may have gone too. */
	__flush_tlb_range(vma, start, end, PAGE_SIZE, false, TLBI_TTL_UNKNOWN);
}

/*
 * Reclaim's deferred flush (CONFIG_ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH):
 * each unmapped range's TLBI is issued at once, without waiting; the
 * reclaiming CPU's DSB at arch_tlbbatch_flush() waits for them all.  A
 * DSB elsewhere does not, so another CPU that must know them complete
 * flushes the whole mm (arch_flush_tlb_batched_pending()).
 */
struct arch_tlbflush_unmap_batch {
};

static inline void arch_tlbbatch_add_pending(struct arch_tlbflush_unmap_batch *b,
					     struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end)
{
	__flush_tlb_range_nosync(mm, start, end, PAGE_SIZE, true, 3);
}

static inline void arch_tlbbatch_flush(struct arch_tlbflush_unmap_batch *b)
{
	dsb(ish);
}

static inline void arch_flush_tlb_batched_pending(struct mm_struct *mm)
{
	flush_tlb_mm(mm);
}

/* This CPU only (non-IS forms); remote CPUs recover by spurious faults. */
static inline void local_flush_tlb_page(struct vm_area_struct *vma,
					unsigned long uaddr)
{
	dsb(nshst);
	__tlbi_issue(HW_TLBI_VALE1, false, ASID(vma->vm_mm), uaddr & PAGE_MASK,
		     1, TLBI_TTL_UNKNOWN);
	dsb(nsh);
}

static inline void local_flush_tlb_range(struct vm_area_struct *vma,
					 unsigned long start,
					 unsigned long end, int tlb_level)
{
	dsb(nshst);
	__flush_tlb_range_op(false, ASID(vma->vm_mm), start,
			     (end - start) >> PAGE_SHIFT, true, tlb_level);
	dsb(nsh);
}

/*
 * Each flush records its caller (hw/site.h), so that the TLBIs and DSBs in
 * a trace name the kernel function that issued them.  Defined after the
 * definitions: flushes inside this header add no frames.
 */
#define flush_tlb_all(...)	HW_AT_VOID(flush_tlb_all, __VA_ARGS__)
#define flush_tlb_mm(...)	HW_AT_VOID(flush_tlb_mm, __VA_ARGS__)
#define __flush_tlb_page_nosync(...)	HW_AT_VOID(__flush_tlb_page_nosync, __VA_ARGS__)
#define flush_tlb_page_nosync(...)	HW_AT_VOID(flush_tlb_page_nosync, __VA_ARGS__)
#define flush_tlb_page(...)	HW_AT_VOID(flush_tlb_page, __VA_ARGS__)
#define __flush_tlb_range(...)	HW_AT_VOID(__flush_tlb_range, __VA_ARGS__)
#define flush_tlb_range(...)	HW_AT_VOID(flush_tlb_range, __VA_ARGS__)
#define local_flush_tlb_page(...)	HW_AT_VOID(local_flush_tlb_page, __VA_ARGS__)
#define local_flush_tlb_range(...)	HW_AT_VOID(local_flush_tlb_range, __VA_ARGS__)
#define arch_tlbbatch_add_pending(...)	HW_AT_VOID(arch_tlbbatch_add_pending, __VA_ARGS__)
#define arch_tlbbatch_flush(...)	HW_AT_VOID(arch_tlbbatch_flush, __VA_ARGS__)
#define arch_flush_tlb_batched_pending(...)	HW_AT_VOID(arch_flush_tlb_batched_pending, __VA_ARGS__)
#undef __flush_tlb_range_nosync
#define __flush_tlb_range_nosync(vma_or_mm, ...)			\
	HW_AT_VOID(___flush_tlb_range_nosync, __tlb_mm(vma_or_mm), __VA_ARGS__)

#endif /* _ASM_TLBFLUSH_H */
