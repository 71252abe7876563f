// SPDX-License-Identifier: GPL-2.0-only
/*
 * userfaultfd write-protection (UFFDIO_REGISTER_MODE_WP and
 * UFFDIO_WRITEPROTECT, v6.12; arm64 since "arm64/mm: Add uffd
 * write-protect support", v6.10).  Protecting a range goes through
 * change_protection() with MM_CP_UFFD_WP: each entry gets PTE_UFFD_WP and
 * loses write permission, batch by batch, so a range that starts or ends
 * inside a folded block unfolds it.  Resolving (mode 0) clears the bit
 * with MM_CP_UFFD_WP_RESOLVE and makes exclusive anonymous entries
 * writable again (MM_CP_TRY_CHANGE_WRITABLE), which may fold a block
 * whose entries agree again; then the faults waiting on the range wake.
 *
 * A write fault on a protected entry is the monitor's (do_wp_page() ->
 * handle_userfault()): the kernel queues it on the context, checks the
 * entry once more (userfaultfd_must_wait()) and sleeps with the fault's
 * lock dropped; woken, the fault returns VM_FAULT_RETRY and the access is
 * retried.  Here handle_userfault() joins the wait queue (notes the
 * wake-ups so far) and posts the message the monitor reads, in one: the
 * kernel's queued waiter is the message.  It returns VM_FAULT_RETRY, and
 * the arch fault handler, once it dropped its lock, waits in
 * userfaultfd_wait(): recheck the entry, sleep until a wake-up after the
 * join.  Noting the wake-ups any later would miss a resolve that came
 * in between: the monitor may read the message and resolve at once, and
 * a page another mm still shares stays read-only after it, so the
 * recheck says wait.
 */
#include <linux/swapops.h>
#include <linux/userfaultfd_k.h>

#include "core.h"
#include "oracle.h"
#include "fault.h"

int userfaultfd_register(struct mm_model *mm, unsigned long start,
			 unsigned long len)
{
	unsigned long end = start + len;
	struct vm_area *vma;

	if (mmap_write_lock_range(mm, start, len))
		return -1;
	/* userfaultfd_register_range(): no fault in it meanwhile. */
	for_each_vma(mm, vma) {
		if (vma->vma.vm_start < start || vma->vma.vm_end > end)
			continue;
		vma_start_write(vma);
		vm_flags_set(vma, VM_UFFD_WP);
		vma_set_page_prot(vma);
	}
	mmap_write_unlock(mm);
	return 0;
}

/* uffd_wp_range(), v6.12: one VMA's part of the range. */
static void uffd_wp_range(struct vm_area *vma, unsigned long start,
			  unsigned long end, bool enable_wp)
{
	struct mm_model *mm = mm_model(vma->vma.vm_mm);
	unsigned int cp_flags = MM_CP_UFFD_WP;
	struct mmu_gather tlb;

	if (!enable_wp) {
		cp_flags = MM_CP_UFFD_WP_RESOLVE;
		/* vma_wants_manual_pte_write_upgrade() */
		if (vma->vma.vm_flags & VM_WRITE)
			cp_flags |= MM_CP_TRY_CHANGE_WRITABLE;
	}
	tlb_gather_mmu(&tlb, mm);
	change_protection(&tlb, vma, start, end, cp_flags);
	tlb_finish_mmu(&tlb);
}

/*
 * The context's queues, counted: each look at one and each change is a
 * scheduling point, as the queue's lock would be.
 */
static unsigned int uffd_count(unsigned int *count)
{
	hw_sched_point(HW_SYNC_ATOMIC, count);
	return __atomic_load_n(count, __ATOMIC_ACQUIRE);
}

static void uffd_count_inc(unsigned int *count)
{
	hw_sched_point(HW_SYNC_ATOMIC, count);
	__atomic_fetch_add(count, 1, __ATOMIC_RELEASE);
}

/* wake_userfault(): every fault waiting on this context looks again. */
static void wake_userfault(struct userfaultfd_ctx *ctx)
{
	uffd_count_inc(&ctx->wake_seq);
}

unsigned int userfaultfd_read(struct mm_model *mm)
{
	return uffd_count(&mm->uffd.fault_msgs);
}

/*
 * mwriteprotect_range() under mmap_lock and map_changing_lock, both for
 * reading (beside faults), then, when resolving, the wake-up that
 * userfaultfd_writeprotect() issues unless told not to.  Every VMA the
 * range meets must be registered for write-protection (-ENOENT).
 */
int mwriteprotect_range(struct mm_model *mm, unsigned long start,
			unsigned long len, bool enable_wp)
{
	struct userfaultfd_ctx *ctx = &mm->uffd;
	unsigned long end = start + len, s, e;
	struct vm_area *vma;
	int err = 0;

	if ((start | len) & ~PAGE_MASK || !len)
		return -1;
	if (!enable_wp)
		mm_notify_uffd_wp(mm, start, end, false);
	mmap_read_lock(mm);
	down_read(&ctx->map_changing_lock);
	for_each_vma(mm, vma) {
		if (vma->vma.vm_end <= start || vma->vma.vm_start >= end)
			continue;
		if (!userfaultfd_wp(&vma->vma)) {
			err = -1;
			break;
		}
		s = start > vma->vma.vm_start ? start : vma->vma.vm_start;
		e = end < vma->vma.vm_end ? end : vma->vma.vm_end;
		uffd_wp_range(vma, s, e, enable_wp);
	}
	if (!err && enable_wp)
		mm_notify_uffd_wp(mm, start, end, true);
	up_read(&ctx->map_changing_lock);
	mmap_read_unlock(mm);
	if (!err && !enable_wp)
		wake_userfault(ctx);
	return err;
}

/*
 * handle_userfault(), for a write to a protected entry (VM_UFFD_WP): a
 * fault that may drop its lock and retry is handed to the monitor, a
 * message posted for its read(2); any other (GUP here) fails, as the
 * kernel's does without FAULT_FLAG_ALLOW_RETRY.
 */
enum vm_fault_reason handle_userfault(struct vm_fault *vmf)
{
	struct userfaultfd_ctx *ctx = &vmf->mm->uffd;

	if (!(vmf->flags & FAULT_FLAG_ALLOW_RETRY))
		return VM_FAULT_SIGSEGV;
	ctx->joined[smp_processor_id()] = uffd_count(&ctx->wake_seq);
	uffd_count_inc(&ctx->fault_msgs);
	return VM_FAULT_RETRY;
}

/*
 * userfaultfd_must_wait() for write-protection: the entry still denies
 * the write.  Read without the PTL, as the kernel reads it.
 */
static bool userfaultfd_must_wait(struct mm_model *mm, unsigned long addr)
{
	pte_t *pte = pte_offset_map(mm, addr);

	return pte && !pte_write(ptep_get_lockless(pte));
}

void userfaultfd_wait(struct mm_model *mm, unsigned long addr)
{
	struct userfaultfd_ctx *ctx = &mm->uffd;
	unsigned int seq = ctx->joined[smp_processor_id()];

	if (!userfaultfd_must_wait(mm, addr))
		return;
	while (uffd_count(&ctx->wake_seq) == seq)
		;
}

bool userfaultfd_wp_use_markers(struct vm_area *vma)
{
	return userfaultfd_wp(&vma->vma) && vma->mapping;
}

void pte_install_uffd_wp_if_needed(struct vm_area *vma, unsigned long addr,
				   pte_t *pte, unsigned int nr, pte_t pteval)
{
	struct mm_struct *mm = vma->vma.vm_mm;
	unsigned int i;

	if (!userfaultfd_wp_use_markers(vma))
		return;
	if (pte_present(pteval) ? !pte_uffd_wp(pteval) :
				  !pte_swp_uffd_wp(pteval) &&
				  !pte_marker_uffd_wp(pteval))
		return;
	for (i = 0; i < nr; i++, pte++, addr += PAGE_SIZE)
		set_pte_at(mm, addr, pte, make_pte_marker(PTE_MARKER_UFFD_WP));
}

/*
 * userfaultfd_reset_ctx(): the VMA fork() or mremap() made is not
 * registered, the context having no UFFD_FEATURE_EVENT_FORK or
 * UFFD_FEATURE_EVENT_REMAP (dup_userfaultfd(), mremap_userfaultfd_prep());
 * copy_page_range() and move_ptes() drop the bit from what they copy.
 */
void userfaultfd_reset_ctx(struct vm_area *vma)
{
	if (!userfaultfd_wp(&vma->vma))
		return;
	vm_flags_clear(vma, VM_UFFD_WP);
	vma_set_page_prot(vma);
}
