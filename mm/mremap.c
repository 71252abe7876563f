// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap() to a fixed free range (v6.12 mm/mremap.c, move_vma()): under
 * mmap_lock for writing, the old range is made whole VMAs, a copy of its
 * VMA is linked at the new address with the same page offset
 * (copy_vma()), the entries are moved table by table (move_ptes()), and
 * the old VMA, empty now, is unmapped without downgrading mmap_lock
 * (do_vmi_munmap()).  A VMA registered for userfaultfd write-protection
 * moves unregistered (no UFFD_FEATURE_EVENT_REMAP), its entries without
 * the uffd-wp bit ("mm: Clear uffd-wp PTE/PMD state on mremap()").
 */
#include <linux/swapops.h>
#include <linux/userfaultfd_k.h>

#include "core.h"

/* The entry at the new address, as the new VMA will not be registered. */
static pte_t move_uffd_wp(struct vm_area *vma, pte_t pte)
{
	if (!userfaultfd_wp(&vma->vma))
		return pte;
	if (pte_present(pte))
		return pte_clear_uffd_wp(pte);
	return pte_swp_clear_uffd_wp(pte);
}

/*
 * One table's worth: under both PTLs each entry is taken out at the old
 * address and set at the new one, and the old range is flushed before
 * the PTLs are dropped, or reclaim could free a page through the new
 * mapping while a CPU still uses the old ("mremap: properly flush TLB
 * before releasing the page", CVE-2018-18281).  A reverse-map walk that
 * could visit the new VMA before the old would miss an entry in transit:
 * then the move holds the reverse map's locks too (need_rmap_locks).
 */
static int move_ptes(struct vm_area *vma, unsigned long old_addr,
		     unsigned long old_end, unsigned long new_addr,
		     bool need_rmap_locks)
{
	struct mm_model *mm = mm_model(vma->vma.vm_mm);
	unsigned long len = old_end - old_addr;
	pte_t *old_pte, *new_pte = pte_alloc_map(mm, new_addr);
	spinlock_t *old_ptl, *new_ptl;
	bool force_flush = false;
	pte_t pte;

	if (!new_pte)
		return -1;
	if (need_rmap_locks)
		vma_rmap_lock_write(vma);
	old_pte = pte_offset_map_lock(mm, old_addr, &old_ptl);
	if (!old_pte)
		goto out;
	new_ptl = pte_lockptr(mm, new_pte);
	if (new_ptl != old_ptl)
		spin_lock(new_ptl);
	flush_tlb_batched_pending(mm);
	for (; old_addr < old_end; old_pte++, new_pte++,
	     old_addr += PAGE_SIZE, new_addr += PAGE_SIZE) {
		if (pte_none(ptep_deref(old_pte)))
			continue;
		pte = ptep_get_and_clear(&mm->mm, old_addr, old_pte);
		if (pte_present(pte))
			force_flush = true;
		/* The new VMA is not registered: its markers go. */
		if (userfaultfd_wp(&vma->vma) && pte_marker_uffd_wp(pte))
			continue;
		set_pte_at(&mm->mm, new_addr, new_pte, move_uffd_wp(vma, pte));
	}
	if (force_flush)
		flush_tlb_range(&vma->vma, old_end - len, old_end);
	if (new_ptl != old_ptl)
		spin_unlock(new_ptl);
	spin_unlock(old_ptl);
out:
	if (need_rmap_locks)
		vma_rmap_unlock_write(vma);
	return 0;
}

/*
 * move_page_tables(): in pieces that stay within one table at both ends.
 * The reverse map walks an mm's VMA slots in order: the kernel's
 * guarantee that it meets the old VMA first holds when the new slot
 * comes later.
 */
static int move_page_tables(struct vm_area *vma, unsigned long old_addr,
			    struct vm_area *new_vma, unsigned long new_addr,
			    unsigned long len)
{
	unsigned long old_end = old_addr + len, step;
	bool need_rmap_locks = new_vma < vma;

	for (; old_addr < old_end; old_addr += step, new_addr += step) {
		step = pte_table_end(old_addr, old_end) - old_addr;
		if (pte_table_end(new_addr, new_addr + step) - new_addr < step)
			step = pte_table_end(new_addr, new_addr + step) -
			       new_addr;
		if (move_ptes(vma, old_addr, old_addr + step, new_addr,
			      need_rmap_locks))
			return -1;
	}
	return 0;
}

int do_mremap(struct mm_model *mm, unsigned long old_addr, unsigned long len,
	      unsigned long new_addr)
{
	struct vm_area *vma, *new_vma;
	int ret = -1;

	if ((new_addr & ~PAGE_MASK) || !len ||
	    (new_addr < old_addr + len && old_addr < new_addr + len) ||
	    mmap_write_lock_range(mm, old_addr, len))
		return -1;
	vma = find_vma(mm, old_addr);
	if (vma && vma->vma.vm_end == old_addr + len &&
	    (new_vma = copy_vma(vma, new_addr))) {
		vma_start_write(vma);
		ret = move_page_tables(vma, old_addr, new_vma, new_addr, len);
		/* mremap_userfaultfd_prep() */
		userfaultfd_reset_ctx(new_vma);
		/* What did not move is zapped with the old VMA. */
		do_vmi_munmap(mm, old_addr, old_addr + len, false);
	}
	mmap_write_unlock(mm);
	return ret;
}
