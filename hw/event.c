// SPDX-License-Identifier: GPL-2.0-only
#include <pthread.h>
#include <stdlib.h>

#include "event.h"

const char *const hw_event_kind_names[HW_NR_EVENT_KINDS] = {
	[HW_EV_PTE_READ] = "read",
	[HW_EV_PTE_WRITE] = "write",
	[HW_EV_PTE_CMPXCHG_FAIL] = "cmpxchg-fail",
	[HW_EV_HW_UPDATE] = "hw-update",
	[HW_EV_TLBI] = "tlbi",
	[HW_EV_DSB] = "dsb",
	[HW_EV_ISB] = "isb",
	[HW_EV_TLB_FILL] = "tlb-fill",
	[HW_EV_TLB_EVICT] = "tlb-evict",
	[HW_EV_FAULT] = "fault",
	[HW_EV_ACCESS] = "access",
	[HW_EV_NOTE] = "note",
	[HW_EV_CALL] = "call",
	[HW_EV_RETURN] = "return",
	[HW_EV_LOCK] = "lock",
	[HW_EV_UNLOCK] = "unlock",
};

/* Events software makes (not the hardware on its own). */
static bool by_software(enum hw_event_kind kind)
{
	return kind == HW_EV_PTE_READ || kind == HW_EV_PTE_WRITE ||
	       kind == HW_EV_PTE_CMPXCHG_FAIL || kind == HW_EV_TLBI ||
	       kind == HW_EV_DSB || kind == HW_EV_ISB || kind == HW_EV_LOCK ||
	       kind == HW_EV_UNLOCK;
}

static struct {
	pthread_mutex_t lock;
	struct hw_event *ev;
	size_t cap, count, dropped;
	uint64_t seq;
	bool on;
} log_ = { .lock = PTHREAD_MUTEX_INITIALIZER };

void hw_event_log_enable(size_t capacity)
{
	pthread_mutex_lock(&log_.lock);
	/* Reuse the buffer: tests enable the log for every case. */
	if (!log_.ev || log_.cap != capacity) {
		free(log_.ev);
		log_.ev = calloc(capacity, sizeof(*log_.ev));
		log_.cap = log_.ev ? capacity : 0;
	}
	log_.count = log_.dropped = 0;
	log_.on = log_.cap != 0;
	pthread_mutex_unlock(&log_.lock);
}

void hw_event_log_disable(void)
{
	pthread_mutex_lock(&log_.lock);
	free(log_.ev);
	log_.ev = NULL;
	log_.cap = log_.count = log_.dropped = 0;
	log_.on = false;
	pthread_mutex_unlock(&log_.lock);
}

void hw_event_log_clear(void)
{
	pthread_mutex_lock(&log_.lock);
	log_.count = log_.dropped = 0;
	pthread_mutex_unlock(&log_.lock);
}

bool hw_event_log_enabled(void)
{
	return __atomic_load_n(&log_.on, __ATOMIC_RELAXED);
}

size_t hw_event_log_count(void)
{
	return log_.count;
}

size_t hw_event_log_dropped(void)
{
	return log_.dropped;
}

const struct hw_event *hw_event_log_get(size_t i)
{
	return i < log_.count ? &log_.ev[i] : NULL;
}

void hw_event_add(const struct hw_event *ev)
{
	if (!hw_event_log_enabled())
		return;
	pthread_mutex_lock(&log_.lock);
	if (log_.count < log_.cap) {
		log_.ev[log_.count] = *ev;
		log_.ev[log_.count].seq = log_.seq;
		if (!ev->site && by_software(ev->kind))
			log_.ev[log_.count].site = hw_site_top();
		log_.count++;
	} else {
		log_.dropped++;
	}
	log_.seq++;
	pthread_mutex_unlock(&log_.lock);
}
