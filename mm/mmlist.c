// SPDX-License-Identifier: GPL-2.0-only
/*
 * The list swapoff() walks for swap entries (init_mm.mmlist under
 * mmlist_lock, v6.12).  An mm joins when reclaim makes its first swap
 * entry (try_to_unmap_one()), at the front, and a child joins right
 * after its parent when fork() copies a swap entry into it
 * (copy_nonpresent_pte()), so that a walk at the parent meets the child
 * next; each joins once.  An mm leaves after its last user's
 * exit_mmap() (__mmput()), before it is freed.
 *
 * The walk holds mmlist_lock only to step: it takes a reference on the
 * mm it stops at, drops the lock for the mm's swap-in, and steps on from
 * that mm while it still holds the reference, which keeps the mm on the
 * list.  Stepping from an mm that left reads list_del()'s poison.
 */
#include "core.h"
#include "oracle.h"

static struct {
	spinlock_t lock;		/* mmlist_lock */
	struct list_head head;		/* init_mm.mmlist */
} mmlist;

void mmlist_init(void)
{
	spin_lock_init(&mmlist.lock);
	INIT_LIST_HEAD(&mmlist.head);
}

void mmlist_add(struct mm_model *mm, struct mm_model *after)
{
	/* Unlocked first, as the kernel's callers test it: joined once. */
	if (!list_empty(&mm->mmlist))
		return;
	spin_lock(&mmlist.lock);
	if (list_empty(&mm->mmlist))
		list_add(&mm->mmlist, after ? &after->mmlist : &mmlist.head);
	spin_unlock(&mmlist.lock);
}

void mmlist_del(struct mm_model *mm)
{
	if (list_empty(&mm->mmlist))
		return;
	spin_lock(&mmlist.lock);
	list_del(&mm->mmlist);
	spin_unlock(&mmlist.lock);
}

struct mm_model *mmlist_next(struct mm_model *prev)
{
	struct list_head *p = prev ? &prev->mmlist : &mmlist.head;
	struct mm_model *mm = NULL;

	spin_lock(&mmlist.lock);
	while ((p = p->next) != &mmlist.head) {
		mm = list_entry(p, struct mm_model, mmlist);
		/* An mm freed while on the list: KASAN's use-after-free. */
		BUG_ON(!mm_live(mm));
		if (mmget_not_zero(mm))
			break;
		mm = NULL;
	}
	spin_unlock(&mmlist.lock);
	return mm;
}

/*
 * @mm is reachable from the head: an oracle's look, no machine event,
 * at links another CPU's list_add() may be writing.
 */
static bool mmlist_holds(struct mm_model *mm)
{
	struct list_head *p = __atomic_load_n(&mmlist.head.next,
					      __ATOMIC_ACQUIRE);
	unsigned int n;

	for (n = 0; p != &mmlist.head && n <= MM_POOL_SIZE;
	     n++, p = __atomic_load_n(&p->next, __ATOMIC_ACQUIRE))
		if (p == &mm->mmlist)
			return true;
	return false;
}

/*
 * At an mm's last put, before its exit gives its swap entries back: an mm
 * that holds one is on the list, or no swapoff() would swap it back in.
 * Both joins come before the entry they are for, so this holds at every
 * step, not only at the end.
 */
void mmlist_check_exit(struct mm_model *mm)
{
	long swapents = get_mm_swapents(mm);

	if (swapents && !mmlist_holds(mm))
		mm_report("bookkeeping", 0,
			  "mm %u exits with %ld swap entries, none of them on swapoff's list",
			  mm_nr(mm), swapents);
}

/* End of a run, every mm gone: none is left on the list. */
bool mmlist_check_leaks(void)
{
	struct mm_model *mm;

	if (list_empty(&mmlist.head))
		return true;
	mm = list_entry(mmlist.head.next, struct mm_model, mmlist);
	mm_report("bookkeeping", 0,
		  "swapoff's list holds mm %u once every mm is gone",
		  mm_nr(mm));
	return false;
}
