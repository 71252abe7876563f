/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pin coherence: a page pinned with write intent (GUP-fast or its slow
 * path) is the page the process reads and writes at that address until
 * the mapping is removed.  Scenarios take their write pins through these
 * two calls, which the oracle watches.
 */
#ifndef CHECK_PINS_H
#define CHECK_PINS_H

#include "mm/core.h"

/*
 * pin_user_pages_fast(FOLL_WRITE) of the page of @mm at @va.  The page
 * returned must have been mapped there, in that allocation of its frame,
 * at some moment of the call: a pin of a frame freed and reused meanwhile
 * (a recheck that did not back off) is a pin-coherence violation.  From
 * then on every access of @mm at @va must reach that page, until the
 * range is unmapped or MADV_FREEd, or the pin goes.
 */
long chk_mm_pin(struct mm_model *mm, unsigned long va, struct page **page);
/*
 * The same without FOLL_WRITE: a read-only pin of an anonymous page is
 * coherent too (GUP unshares a page fork() may share before pinning it).
 */
long chk_mm_pin_read(struct mm_model *mm, unsigned long va,
		     struct page **page);
/*
 * A pin that nothing could refuse (the page mapped in a VMA that allows
 * the access, no call changing it) returned @ret: it must have pinned
 * the page (liveness: GUP of a mapped page that fails, as one whose
 * unshare fault never makes the page exclusive does).
 */
bool chk_mm_check_pinned(long ret);
/* unpin_user_pages() of a page chk_mm_pin() returned. */
void chk_mm_unpin(struct page *page);
/*
 * A device's write of @value into @page, which a read (O_DIRECT) holds:
 * the IO in flight first (a scheduling point: anything may run before
 * the device writes), then the store and the folio dirtied.
 */
void chk_dio_write(struct page *page, u64 value);
/*
 * An O_DIRECT read of @value into the page of @mm at @va: chk_mm_pin(),
 * chk_dio_write(), chk_mm_unpin().  Returns what chk_mm_pin() did.
 */
long chk_mm_dio_read(struct mm_model *mm, unsigned long va, u64 value,
		     struct page **page);
/*
 * The same under a GUP reference (get_user_pages_fast(FOLL_WRITE), as
 * O_DIRECT took before its conversion to FOLL_PIN, and as vmsplice() and
 * other GUP users still do), not a pin: try_to_migrate() and
 * try_to_unmap() refuse only pinned exclusive pages, so the reference
 * count migration and reclaim expect is all that keeps them off.
 * Returns what get_user_pages_fast() did.
 */
long chk_mm_dio_read_ref(struct mm_model *mm, unsigned long va, u64 value,
			 struct page **page);
/*
 * The device's read of @page, which a write (O_DIRECT) holds: the IO in
 * flight first (a scheduling point), then the load.
 */
u64 chk_dio_fetch(struct page *page);
/*
 * An O_DIRECT write from the page of @mm at @va: chk_mm_pin_read(),
 * chk_dio_fetch() into @value, chk_mm_unpin().  Returns what
 * chk_mm_pin_read() did.
 */
long chk_mm_dio_write(struct mm_model *mm, unsigned long va, u64 *value,
		      struct page **page);

#endif /* CHECK_PINS_H */
