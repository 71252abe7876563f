// SPDX-License-Identifier: GPL-2.0-only
/*
 * A zap's deferred invalidation and a fault that maps the address again
 * before it completes, on the full machine.
 *
 * MADV_DONTNEED zaps under mmap_lock for reading, and for entries whose
 * dirty state does not matter (anonymous memory, clean file pages) it
 * invalidates only in tlb_finish_mmu(), after the PTL is dropped.  A page
 * fault on the same address, also under mmap_lock for reading, may map it
 * meanwhile: for anonymous memory a new page, while another CPU may still
 * hold the old translation.  By the Arm ARM that is a change of output
 * address without a completed invalidation between break and make
 * (RWHZWS, RDDMVT), and the machine reports it (bbm).  The old page is not
 * freed until the flush, so a store through the stale entry reaches
 * memory the process no longer maps rather than someone else's: Linux
 * relies on that, and on a TLB not caching two entries for one address.
 * Whether hardware can then take a TLB conflict was not settled here; the
 * default catalogue keeps away from the sequence, and this test records
 * what the machine, built from the Arm ARM rules, says of it.
 */
#include "lib/mmfix.h"

MM_VARIANTS

static void zap_then_refault(bool flush_first)
{
	struct mm_model *mm = mm_alloc();
	struct vm_area *vma;
	struct mmu_gather tlb;

	ASSERT_TRUE(mm);
	vma = fix_mmap_anon(mm, 0, 1, 0);
	fix_store(mm, fix_va(0), 1);
	/* CPU 1 caches the translation. */
	hw_this_cpu = 1;
	fix_load(mm, fix_va(0));
	hw_this_cpu = 0;
	tlb_gather_mmu(&tlb, mm);
	unmap_page_range(&tlb, vma, fix_va(0), fix_va(1));
	if (flush_first)
		tlb_flush_mmu(&tlb);
	/* CPU 2, which never cached it, faults and maps a new page. */
	hw_this_cpu = 2;
	fix_store(mm, fix_va(0), 2);
	hw_this_cpu = 0;
	tlb_finish_mmu(&tlb);
	fix_mmput_all();
}

TEST(refault_before_the_zaps_flush_is_reported)
{
	zap_then_refault(false);
	EXPECT_EQ(fix_violations_of("bbm"), 1);
}

TEST(refault_after_the_zaps_flush_is_quiet)
{
	zap_then_refault(true);
	EXPECT_EQ(fix_nr_violations, 0);
}
