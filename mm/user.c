// SPDX-License-Identifier: GPL-2.0-only
/*
 * User threads: a program of loads and stores that a simulated CPU runs
 * through its MMU in an mm's translation context.  An abort enters the
 * fault handler the way arm64's do_page_fault() would, then the access is
 * retried.  A fault that keeps coming back is a liveness violation.
 */
#include <linux/smp.h>

#include "core.h"
#include "oracle.h"
#include "user.h"

#include <asm/el0.h>

/* Faults on one access before it counts as a livelock. */
#define USER_MAX_FAULTS	16

/* SIGSEGV (no VMA allows the access) or SIGBUS (past the file's end). */
static bool fault_refused(enum vm_fault_reason ret)
{
	return ret == VM_FAULT_SIGSEGV || ret == VM_FAULT_SIGBUS;
}

/*
 * arm64's do_page_fault(): the VMA under its per-VMA lock, without
 * mmap_lock (lock_vma_under_rcu()); if a writer of mmap_lock has it, or
 * there is none, under mmap_lock for reading instead.  Whether the VMA
 * allows the access (VM_EXEC for an instruction abort) is
 * handle_mm_fault()'s access_error() here.  A fault handed to the
 * userfaultfd monitor (VM_FAULT_RETRY) waits for it with neither lock
 * held, then the access is retried.
 */
static enum vm_fault_reason do_page_fault(struct mm_model *mm,
					  unsigned long va, unsigned int flags)
{
	unsigned int kind = flags & (FAULT_FLAG_WRITE | FAULT_FLAG_INSTRUCTION);
	struct vm_area *vma = lock_vma_under_rcu(mm, va);
	enum vm_fault_reason ret;

	flags |= FAULT_FLAG_ALLOW_RETRY;
	if (vma) {
		ret = handle_mm_fault(vma, va, flags);
		if (fault_refused(ret))
			mm_notify_refused(mm, va, kind);
		vma_end_read(vma);
	} else {
		mmap_read_lock(mm);
		vma = find_vma(mm, va);
		ret = vma ? handle_mm_fault(vma, va, flags) : VM_FAULT_SIGSEGV;
		if (fault_refused(ret))
			mm_notify_refused(mm, va, kind);
		mmap_read_unlock(mm);
	}
	if (ret == VM_FAULT_RETRY) {
		userfaultfd_wait(mm, va & PAGE_MASK);
		ret = VM_FAULT_DONE;
	}
	return ret;
}

static const char *access_name(unsigned int flags)
{
	if (flags & FAULT_FLAG_INSTRUCTION)
		return "fetch";
	return flags & FAULT_FLAG_WRITE ? "store" : "load";
}

/* @flags: FAULT_FLAG_WRITE for a store, FAULT_FLAG_INSTRUCTION a fetch. */
static int do_el0_abort(struct mm_model *mm, unsigned long va,
			unsigned int flags, enum el0_abort abort)
{
	if (abort == EL0_ABORT_TLB_CONFLICT) {
		/* Conflicting entries: drop them and try again. */
		flush_tlb_mm(&mm->mm);
		return 0;
	}
	if (abort == EL0_ABORT_EXTERNAL) {
		mm_report("bookkeeping", va, "entry maps no memory");
		return -EFAULT_USER;
	}
	switch (do_page_fault(mm, va, flags)) {
	case VM_FAULT_DONE:
		return 0;
	case VM_FAULT_SIGSEGV:
	case VM_FAULT_SIGBUS:
		return -EFAULT_USER;
	default:
		/*
		 * Each world's memory is sized for what its threads map: an
		 * access that runs out was failed by a leak or a missing
		 * fallback (a large folio that could have been order 0).
		 */
		mm_report("liveness", va, "%s failed: out of memory",
			  access_name(flags));
		return -ENOMEM_USER;
	}
}

static int user_access_flags(struct mm_model *mm, unsigned long va,
			     unsigned int flags, u64 *value)
{
	unsigned int cpu = smp_processor_id(), faults;
	enum el0_abort abort;
	int ret;

	for (faults = 0;; faults++) {
		if (flags & FAULT_FLAG_INSTRUCTION)
			abort = el0_fetch(cpu, &mm->mm, va, value);
		else
			abort = el0_access(cpu, &mm->mm, va,
					   flags & FAULT_FLAG_WRITE, value);
		if (abort == EL0_ABORT_NONE)
			return 0;
		if (faults == USER_MAX_FAULTS) {
			mm_report("liveness", va, "%s still faults after %u faults",
				  access_name(flags), faults);
			return -EAGAIN_USER;
		}
		ret = do_el0_abort(mm, va, flags, abort);
		if (ret)
			return ret;
	}
}

int user_access(struct mm_model *mm, unsigned long va, bool write, u64 *value)
{
	return user_access_flags(mm, va, write ? FAULT_FLAG_WRITE : 0, value);
}

int user_load(struct mm_model *mm, unsigned long va, u64 *value)
{
	return user_access(mm, va, false, value);
}

int user_store(struct mm_model *mm, unsigned long va, u64 value)
{
	return user_access(mm, va, true, &value);
}

int user_fetch(struct mm_model *mm, unsigned long va, u64 *value)
{
	return user_access_flags(mm, va, FAULT_FLAG_INSTRUCTION, value);
}
bool user_thread_step(struct user_thread *t)
{
	const struct user_op *op;
	u64 value;

	if (t->pc == t->nr_ops)
		return false;
	op = &t->prog[t->pc];
	value = op->value;
	t->ret[t->pc] = user_access(t->mm, op->va, op->write, &value);
	t->loaded[t->pc] = value;
	t->pc++;
	return t->pc < t->nr_ops;
}

void user_thread_run(struct user_thread *t)
{
	while (user_thread_step(t))
		;
}
