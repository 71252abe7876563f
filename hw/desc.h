/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-1 descriptor fields as the hardware interprets them (Arm ARM
 * D8.3, VMSAv8-64, 48-bit OA).  Software's names for the same bits live in
 * arch/arm64; the machine only knows the architecture's.
 */
#ifndef HW_DESC_H
#define HW_DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

#define HW_DESC_VALID		(1ull << 0)
#define HW_DESC_TABLE		(1ull << 1)	/* table (L0-2) or page (L3) */
#define HW_DESC_ATTRINDX	(7ull << 2)
#define HW_DESC_AP1		(1ull << 6)	/* EL0 access */
#define HW_DESC_AP2		(1ull << 7)	/* read-only */
#define HW_DESC_SH		(3ull << 8)
#define HW_DESC_AF		(1ull << 10)
#define HW_DESC_NG		(1ull << 11)
#define HW_DESC_GP		(1ull << 50)
#define HW_DESC_DBM		(1ull << 51)
#define HW_DESC_CONT		(1ull << 52)
#define HW_DESC_PXN		(1ull << 53)
#define HW_DESC_UXN		(1ull << 54)
#define HW_DESC_SW		(0xfull << 55)	/* ignored by hardware */

static inline uint64_t hw_desc_oa_mask(void)
{
	return ((1ull << 48) - 1) & ~((1ull << hw_cfg.page_shift) - 1);
}

/* A level-3 page descriptor: bits[1:0] == 0b11 (0b01 is reserved). */
static inline bool hw_desc_is_page(uint64_t d)
{
	return (d & 3) == 3;
}

static inline uint64_t hw_desc_pfn(uint64_t d)
{
	return (d & hw_desc_oa_mask()) >> hw_cfg.page_shift;
}

/* Writable as far as the hardware is concerned (AP[2] clear). */
static inline bool hw_desc_writable(uint64_t d)
{
	return !(d & HW_DESC_AP2);
}

/* Writable-clean: a write clears AP[2] when HD=1 (Arm ARM D8.4.6). */
static inline bool hw_desc_writable_clean(uint64_t d)
{
	return (d & HW_DESC_DBM) && (d & HW_DESC_AP2);
}

static inline uint64_t hw_desc_oa(uint64_t d)
{
	return d & hw_desc_oa_mask();
}

/*
 * Fields every member of a contiguous group must share (memory type,
 * shareability, EL0 access, global-ness, execute permissions, guarded
 * page); all but the execute permissions (HW_DESC_XN) also need
 * break-before-make to change.
 */
#define HW_DESC_ATTRS	(HW_DESC_VALID | HW_DESC_TABLE | HW_DESC_ATTRINDX | \
			 HW_DESC_AP1 | HW_DESC_SH | HW_DESC_NG | HW_DESC_GP | \
			 HW_DESC_PXN | HW_DESC_UXN)

/* Execute permissions: a change of them needs no break-before-make. */
#define HW_DESC_XN	(HW_DESC_PXN | HW_DESC_UXN)

/* Write permission as the hardware sees it once HD may clear AP[2]. */
static inline bool hw_desc_may_write(uint64_t d, bool hd)
{
	return hw_desc_writable(d) || (hd && (d & HW_DESC_DBM));
}

/* Entries in one contiguous group, and its span as a shift. */
static inline unsigned int hw_group_shift(void)
{
	return hw_cfg.page_shift + __builtin_ctz(hw_cfg.cont_ptes);
}

/* The first descriptor of the contiguous group containing @p. */
static inline uint64_t *hw_group_of(const uint64_t *p)
{
	return (uint64_t *)((uintptr_t)p &
			    ~((uintptr_t)hw_cfg.cont_ptes * sizeof(*p) - 1));
}

/* "pa=0x... V AF nG RO DBM CONT ..." for traces and violation reports. */
size_t hw_desc_format(uint64_t d, char *buf, size_t size);

#endif /* HW_DESC_H */
