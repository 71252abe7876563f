// SPDX-License-Identifier: GPL-2.0-only
#include "ad.h"
#include "desc.h"
#include "event.h"
#include "mem.h"
#include "stats.h"

/* Counters, trace and observers for one hardware update that happened. */
static void ad_done(uint64_t *p, uint64_t old, uint64_t new)
{
	struct hw_event ev = { .kind = HW_EV_HW_UPDATE, .cpu = hw_this_cpu,
			       .ptep = p, .old = old, .new = new };

	if ((new ^ old) & HW_DESC_AF)
		hw_count(hw_af_updates);
	if ((new ^ old) & HW_DESC_AP2)
		hw_count(hw_dirty_updates);
	hw_event_add(&ev);
	hw_notify_write(p, old, new, true);
}

bool hw_ad_try_for(uint64_t *p, uint64_t old, uint64_t new,
		   const uint64_t *walked, uint64_t seen)
{
	bool held, ok;

	hw_sched_point(HW_MEM_CMPXCHG, p);
	held = hw_pt_lock(true);
	ok = __atomic_load_n(walked, __ATOMIC_SEQ_CST) == seen &&
	     __atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST);
	if (ok)
		ad_done(p, old, new);
	hw_pt_unlock(held);
	return ok;
}

bool hw_ad_try(uint64_t *p, uint64_t old, uint64_t new)
{
	return hw_ad_try_for(p, old, new, p, old);
}

/* The update hw_ad_update() asks for, pt_lock held. */
static enum hw_ad_result ad_update(uint64_t *p, bool af, bool dirty)
{
	uint64_t old, new;

	old = __atomic_load_n(p, __ATOMIC_SEQ_CST);
	for (;;) {
		if (!hw_desc_is_page(old))
			return HW_AD_INVALID;
		if (dirty && !(old & HW_DESC_DBM))
			return HW_AD_NO_DBM;
		new = old;
		if (af)
			new |= HW_DESC_AF;
		if (dirty)
			new &= ~HW_DESC_AP2;
		if (new == old)
			return HW_AD_DONE;
		/* The walk restarts from whatever value software left. */
		if (__atomic_compare_exchange_n(p, &old, new, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			break;
	}
	ad_done(p, old, new);
	return HW_AD_DONE;
}

enum hw_ad_result hw_ad_update(uint64_t *p, bool af, bool dirty)
{
	enum hw_ad_result r;
	bool held;

	hw_sched_point(HW_MEM_CMPXCHG, p);
	held = hw_pt_lock(true);
	r = ad_update(p, af, dirty);
	hw_pt_unlock(held);
	return r;
}
