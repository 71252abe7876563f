/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spinlocks.  Each acquisition attempt is a scheduling point, so an explorer
 * sees contention; a CPU that fails to take the lock spins through further
 * attempts.  Atomic, so the stress mode's threads can share it.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/bug.h>

typedef struct {
	unsigned int locked;	/* owner CPU + 1, 0 when free */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name)	{ 0 }
#define DEFINE_SPINLOCK(x)		spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

static inline void spin_lock_init(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELAXED);
}

static inline bool spin_trylock(spinlock_t *lock)
{
	unsigned int free = 0;

	hw_sched_point(HW_SYNC_LOCK, lock);
	return __atomic_compare_exchange_n(&lock->locked, &free,
					   hw_this_cpu + 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_lock(spinlock_t *lock)
{
	while (!spin_trylock(lock))
		;
}

static inline void spin_unlock(spinlock_t *lock)
{
	WARN_ON(__atomic_load_n(&lock->locked, __ATOMIC_RELAXED) !=
		hw_this_cpu + 1);
	hw_notify_release(lock);
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
	hw_sched_point(HW_SYNC_UNLOCK, lock);
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED) != 0;
}

/* True when the calling CPU holds @lock. */
static inline bool spin_is_held_by_me(spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED) ==
	       hw_this_cpu + 1;
}

#define lockdep_assert_held(l)	VM_WARN_ON(!spin_is_held_by_me(l))

/*
 * Each lock operation records its caller (hw/site.h): a trace names the
 * kernel function that took or released a lock.  Defined after the
 * definitions, so the ones above do not add frames.
 */
#define spin_trylock(...)	HW_AT(spin_trylock, __VA_ARGS__)
#define spin_lock(...)		HW_AT_VOID(spin_lock, __VA_ARGS__)
#define spin_unlock(...)	HW_AT_VOID(spin_unlock, __VA_ARGS__)

#endif /* _LINUX_SPINLOCK_H */
