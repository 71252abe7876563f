/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reader-writer semaphores as spinning locks: readers share, a writer
 * excludes everyone.  Every attempt is a scheduling point, like a spinlock.
 */
#ifndef _LINUX_RWSEM_H
#define _LINUX_RWSEM_H

#include <linux/spinlock.h>

struct rw_semaphore {
	int count;		/* readers, or -1 for a writer */
};

static inline void init_rwsem(struct rw_semaphore *sem)
{
	__atomic_store_n(&sem->count, 0, __ATOMIC_RELAXED);
}

static inline bool down_read_trylock(struct rw_semaphore *sem)
{
	int c;

	hw_sched_point(HW_SYNC_LOCK, sem);
	c = __atomic_load_n(&sem->count, __ATOMIC_RELAXED);
	return c >= 0 &&
	       __atomic_compare_exchange_n(&sem->count, &c, c + 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void down_read(struct rw_semaphore *sem)
{
	while (!down_read_trylock(sem))
		;
}

static inline void up_read(struct rw_semaphore *sem)
{
	WARN_ON(__atomic_fetch_sub(&sem->count, 1, __ATOMIC_RELEASE) <= 0);
	hw_sched_point(HW_SYNC_UNLOCK, sem);
}

static inline bool down_write_trylock(struct rw_semaphore *sem)
{
	int free = 0;

	hw_sched_point(HW_SYNC_LOCK, sem);
	return __atomic_compare_exchange_n(&sem->count, &free, -1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void down_write(struct rw_semaphore *sem)
{
	while (!down_write_trylock(sem))
		;
}

static inline void up_write(struct rw_semaphore *sem)
{
	WARN_ON(__atomic_load_n(&sem->count, __ATOMIC_RELAXED) != -1);
	__atomic_store_n(&sem->count, 0, __ATOMIC_RELEASE);
	hw_sched_point(HW_SYNC_UNLOCK, sem);
}

/* Held by anyone, reader or writer (what a lock assertion can test). */
static inline bool rwsem_is_locked(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->count, __ATOMIC_RELAXED) != 0;
}

/* The writer becomes a reader, letting other readers in, atomically. */
static inline void downgrade_write(struct rw_semaphore *sem)
{
	WARN_ON(__atomic_load_n(&sem->count, __ATOMIC_RELAXED) != -1);
	__atomic_store_n(&sem->count, 1, __ATOMIC_RELEASE);
	hw_sched_point(HW_SYNC_UNLOCK, sem);
}

/* As for spinlocks: each operation records its caller (hw/site.h). */
#define down_read_trylock(...)	HW_AT(down_read_trylock, __VA_ARGS__)
#define down_read(...)		HW_AT_VOID(down_read, __VA_ARGS__)
#define up_read(...)		HW_AT_VOID(up_read, __VA_ARGS__)
#define down_write_trylock(...)	HW_AT(down_write_trylock, __VA_ARGS__)
#define down_write(...)		HW_AT_VOID(down_write, __VA_ARGS__)
#define up_write(...)		HW_AT_VOID(up_write, __VA_ARGS__)
#define downgrade_write(...)	HW_AT_VOID(downgrade_write, __VA_ARGS__)

#endif /* _LINUX_RWSEM_H */
