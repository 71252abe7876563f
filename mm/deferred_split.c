// SPDX-License-Identifier: GPL-2.0-only
/*
 * The deferred split queue (deferred_split_folio(), deferred_split_scan(),
 * v6.12): an anonymous large folio that an unmap left partly mapped is
 * queued, and the shrinker splits it later, locking it and taking a
 * reference first; its remaining entries, often the rest of a block the
 * unmap unfolded, are rewritten entry by entry through migration entries
 * (split_folio()).  A folio freed while queued leaves the queue
 * (folio_unqueue_deferred_split()).  "Partly mapped" is judged from the
 * total mapcount, fewer mappings than pages, where the kernel counts the
 * pages mapped at least once; and the queue holds at most
 * DEFERRED_SPLIT_MAX folios (the kernel's list has no bound).
 */
#include <string.h>

#include "core.h"
#include "oracle.h"

#define DEFERRED_SPLIT_MAX	8

static struct {
	spinlock_t lock;	/* split_queue_lock */
	struct folio *folios[DEFERRED_SPLIT_MAX];
	unsigned int nr;
} ds_queue;

void deferred_split_init(void)
{
	memset(&ds_queue, 0, sizeof(ds_queue));
	spin_lock_init(&ds_queue.lock);
}

/* Under the queue lock: take @i out. */
static void ds_remove(unsigned int i)
{
	folio_clear(ds_queue.folios[i], PG_partially_mapped);
	ds_queue.folios[i] = ds_queue.folios[--ds_queue.nr];
}

/* After an rmap removal: queue @folio if it is now partly mapped. */
void deferred_split_folio(struct folio *folio)
{
	int mapped = folio_mapcount(folio);

	if (!folio_test_anon(folio) || !folio->order || mapped <= 0 ||
	    mapped >= (int)folio_nr_pages(folio))
		return;
	spin_lock(&ds_queue.lock);
	if (!folio_test(folio, PG_partially_mapped) &&
	    ds_queue.nr < DEFERRED_SPLIT_MAX) {
		folio_set(folio, PG_partially_mapped);
		ds_queue.folios[ds_queue.nr++] = folio;
	}
	spin_unlock(&ds_queue.lock);
}

void folio_unqueue_deferred_split(struct folio *folio)
{
	unsigned int i;

	if (!folio_test(folio, PG_partially_mapped))
		return;
	spin_lock(&ds_queue.lock);
	for (i = 0; i < ds_queue.nr; i++)
		if (ds_queue.folios[i] == folio) {
			ds_remove(i);
			break;
		}
	spin_unlock(&ds_queue.lock);
}

/*
 * The shrinker: every queued folio it can reference and lock is split
 * (one it cannot stays queued, as in the kernel a failed split is put
 * back); returns how many were split.
 */
int deferred_split_scan(void)
{
	struct folio *batch[DEFERRED_SPLIT_MAX];
	unsigned int nr = 0, i;
	int split = 0;

	spin_lock(&ds_queue.lock);
	for (i = 0; i < ds_queue.nr;) {
		/* A folio being freed leaves the queue itself. */
		if (!folio_try_get(ds_queue.folios[i])) {
			i++;
			continue;
		}
		batch[nr++] = ds_queue.folios[i];
		ds_remove(i);
	}
	spin_unlock(&ds_queue.lock);
	for (i = 0; i < nr; i++) {
		if (folio_trylock(batch[i])) {
			if (!split_folio(batch[i]))
				split++;
			else
				deferred_split_folio(batch[i]);
			folio_unlock(batch[i]);
		} else {
			deferred_split_folio(batch[i]);
		}
		folio_put(batch[i]);
	}
	return split;
}

/*
 * End of a run, every anonymous folio freed: a folio left on the queue
 * was freed without leaving it, and the queue points into the allocator's
 * free frames (bookkeeping).
 */
bool deferred_split_check_leaks(void)
{
	if (!ds_queue.nr)
		return true;
	mm_report("bookkeeping", 0,
		  "deferred split queue holds pfn %#lx at the end of the run",
		  folio_pfn(ds_queue.folios[0]));
	return false;
}
