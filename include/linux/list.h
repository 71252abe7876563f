/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's circular doubly linked list, the part the model uses.
 * list_del() poisons the entry's pointers, as the kernel's does with
 * CONFIG_DEBUG_LIST off: a walk that steps from an entry someone took
 * out reads an address no mapping covers, and faults.
 */
#ifndef _LINUX_LIST_H
#define _LINUX_LIST_H

#include <linux/types.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_POISON1	((struct list_head *)0xdead000000000100UL)
#define LIST_POISON2	((struct list_head *)0xdead000000000122UL)

#define container_of(ptr, type, member)					\
	((type *)((char *)(ptr) - offsetof(type, member)))
#define list_entry(ptr, type, member)	container_of(ptr, type, member)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	__atomic_store_n(&list->next, list, __ATOMIC_RELAXED);
	list->prev = list;
}

static inline bool list_empty(const struct list_head *head)
{
	return __atomic_load_n(&head->next, __ATOMIC_RELAXED) == head;
}

/*
 * @new right after @head: the next a walk from @head meets.  Published
 * with release, as list_add_rcu() does, so that a lockless walk (an
 * oracle's) that finds @new reads its links as they were set.
 */
static inline void list_add(struct list_head *new, struct list_head *head)
{
	struct list_head *next = head->next;

	next->prev = new;
	__atomic_store_n(&new->next, next, __ATOMIC_RELAXED);
	new->prev = head;
	__atomic_store_n(&head->next, new, __ATOMIC_RELEASE);
}

static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	__atomic_store_n(&entry->prev->next, entry->next, __ATOMIC_RELAXED);
	__atomic_store_n(&entry->next, LIST_POISON1, __ATOMIC_RELAXED);
	entry->prev = LIST_POISON2;
}

#endif /* _LINUX_LIST_H */
