// SPDX-License-Identifier: GPL-2.0-only
/*
 * One swap device and the swap cache (mm/swapfile.c and mm/swap_state.c,
 * v6.12), reduced to what the callers of the contpte layer meet.  A slot
 * holds a page's contents as the last swap write that ended left them
 * (swap_io_end()) and a count of the swap entries that refer to it (the
 * kernel's swap_map); the swap cache is the folio each slot is cached
 * in, which holds one reference per page.  A large anonymous folio gets
 * a naturally aligned run of slots and stays whole in the cache
 * (THP_SWAP, as arm64 has it) until it is swapped in or freed.  No
 * device: swapoff(), add_to_swap() fails and anonymous memory stays where
 * it is, as on a system without swap.
 *
 * A synchronous device (SWP_SYNCHRONOUS_IO: zram, pmem) completes a write
 * within pageout(), so reclaim frees the folio from the cache in the same
 * pass, and a fault on an entry no other refers to reads the page straight
 * into a new folio outside the cache (mm/swap_sync.c), which holds the
 * slots meanwhile as the kernel's SWAP_HAS_CACHE does (the slot's claim).
 *
 * One lock, the device's, covers the counts and the cache; a folio is
 * added to or taken out of the cache under its own lock as well, which
 * is what a fault that found it there takes and rechecks
 * (folio_test_swapcache() in do_swap_page()).
 *
 * The data-loss oracle of anonymous memory: clean_version (page_ext) is
 * the store version the page's slot holds once the device read it for
 * pageout (landing in the slot when the I/O ends, which PG_writeback
 * covers) or swap-in read it; a folio taken out of the cache with a page
 * newer than that, while an entry still refers to its slot, loses that
 * store.
 */
#include <errno.h>
#include <string.h>

#include <linux/highmem.h>
#include <linux/swapops.h>

#include "core.h"
#include "oracle.h"

#define SWAP_MAX_SLOTS	1024

struct swap_slot {
	unsigned int count;	/* swap entries that refer to it */
	struct folio *cache;	/* the swap cache's folio for it, or NULL */
	/*
	 * The folio a synchronous swap-in reads it into, outside the cache
	 * (swapcache_prepare()'s SWAP_HAS_CACHE), or NULL.
	 */
	struct folio *claim;
	u64 data;		/* what the last write landed */
	u64 fill;		/* and the rest of the page */
};

static struct swap_info_struct {
	spinlock_t lock;
	unsigned long nr_slots;	/* 0: no device, or its slots freed */
	unsigned int flags;	/* SWP_SYNCHRONOUS_IO */
	bool writeok;		/* slots are handed out (SWP_WRITEOK) */
	bool dying;		/* swapoff() killed si->users */
	int users;		/* get_swap_device()'s references */
	struct swap_slot slots[SWAP_MAX_SLOTS];
} swap_info;

int swapon(unsigned long nr_slots, unsigned int flags)
{
	if (nr_slots > SWAP_MAX_SLOTS || (flags & ~SWP_SYNCHRONOUS_IO))
		return -1;
	swap_reset();
	swap_info.flags = flags;
	swap_info.nr_slots = nr_slots;
	swap_info.writeok = true;
	return 0;
}

bool swap_synchronous(void)
{
	return __atomic_load_n(&swap_info.flags, __ATOMIC_RELAXED) &
	       SWP_SYNCHRONOUS_IO;
}

/*
 * Only the slots in use are cleared (swapoff() clears its own when it
 * frees them): the checker does it every run.
 */
void swap_reset(void)
{
	memset(swap_info.slots, 0,
	       swap_info.nr_slots * sizeof(swap_info.slots[0]));
	swap_info.nr_slots = 0;
	swap_info.flags = 0;
	swap_info.writeok = false;
	swap_info.dying = false;
	swap_info.users = 0;
	spin_lock_init(&swap_info.lock);
}

/*
 * get_swap_device(): a reference that keeps swapoff() from freeing the
 * slots while @entry's are used (percpu_ref_tryget_live() of si->users,
 * which swapoff() kills and then waits to drain).  0; -ENODEV once
 * swapoff() killed it, which no error report goes with: the entry is
 * gone, or is about to be; -EINVAL if no slot of the device is @entry's
 * ("Bad swap file entry").  The get and the put are a per-CPU count,
 * not a lock, and no scheduling point, but for a get once swapoff() has
 * begun: a fault that read its swap entry before swapoff() swapped it
 * back in may get there after swapoff() is over, which no other
 * interleaving shows.
 */
int get_swap_device(swp_entry_t entry)
{
	unsigned long offset = swp_offset(entry);

	if (swp_type(entry) || !offset)
		return -EINVAL;
	if (!__atomic_load_n(&swap_info.writeok, __ATOMIC_RELAXED))
		hw_sched_point(HW_SYNC_ATOMIC, &swap_info.users);
	__atomic_fetch_add(&swap_info.users, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&swap_info.dying, __ATOMIC_SEQ_CST)) {
		put_swap_device();
		return -ENODEV;
	}
	if (offset >= __atomic_load_n(&swap_info.nr_slots, __ATOMIC_RELAXED)) {
		put_swap_device();
		return -EINVAL;
	}
	return 0;
}

void put_swap_device(void)
{
	__atomic_fetch_sub(&swap_info.users, 1, __ATOMIC_SEQ_CST);
}

static struct swap_slot *swap_slot(swp_entry_t entry)
{
	unsigned long offset = swp_offset(entry);

	BUG_ON(non_swap_entry(entry) || !offset ||
	       offset >= swap_info.nr_slots);
	return &swap_info.slots[offset];
}

swp_entry_t page_swap_entry(struct folio *folio, struct page *page)
{
	return swp_entry(0, page_ext_get(&folio->page)->swap +
			    (page - &folio->page));
}

unsigned int swap_count(swp_entry_t entry)
{
	unsigned int count;

	spin_lock(&swap_info.lock);
	count = swap_slot(entry)->count;
	spin_unlock(&swap_info.lock);
	return count;
}

/*
 * A slot's count, cache and claim are written under the device lock and
 * read also without it (swap_next_in_use()): each store is one relaxed
 * atomic, as the kernel's WRITE_ONCE() of swap_map, and the lockless
 * reads are READ_ONCE()'s.
 */
#define slot_store(field, val)	\
	__atomic_store_n(&(field), (val), __ATOMIC_RELAXED)
#define slot_load(field)	__atomic_load_n(&(field), __ATOMIC_RELAXED)

/* No entry, no cache, no swap-in holds it. */
static bool swap_slot_free(const struct swap_slot *slot)
{
	return !slot_load(slot->count) && !slot_load(slot->cache) &&
	       !slot_load(slot->claim);
}

/*
 * A naturally aligned run of @nr free slots (folio_alloc_swap(): a large
 * folio is swapped out whole only into a run of its own size); slot 0 is
 * the device's header, never handed out, so no swap entry reads as none.
 */
static unsigned long swap_alloc_run(unsigned long nr)
{
	unsigned long start, i;

	for (start = nr; start + nr <= swap_info.nr_slots; start += nr) {
		for (i = 0; i < nr; i++)
			if (!swap_slot_free(&swap_info.slots[start + i]))
				break;
		if (i == nr)
			return start;
	}
	return 0;
}

/*
 * add_to_swap(), the folio locked: slots for all of it, and the folio in
 * the swap cache, marked dirty so that pageout writes it even if no entry
 * said dirty (a MADV_FREE folio made swap-backed again).
 */
bool add_to_swap(struct folio *folio)
{
	unsigned long nr = folio_nr_pages(folio), start, i;

	VM_BUG_ON(!folio_test_locked(folio));
	spin_lock(&swap_info.lock);
	start = swap_info.writeok ? swap_alloc_run(nr) : 0;
	if (start) {
		page_ext_get(&folio->page)->swap = start;
		folio_ref_add(folio, nr);
		folio_set(folio, PG_swapcache);
		for (i = 0; i < nr; i++)
			slot_store(swap_info.slots[start + i].cache, folio);
	}
	spin_unlock(&swap_info.lock);
	if (!start)
		return false;
	folio_mark_dirty(folio);
	return true;
}

/* The cached folio of @entry, with a reference (swap_cache_get_folio()). */
struct folio *swap_cache_get_folio(swp_entry_t entry)
{
	struct folio *folio;

	spin_lock(&swap_info.lock);
	folio = swap_slot(entry)->cache;
	if (folio && !folio_try_get(folio))
		folio = NULL;
	spin_unlock(&swap_info.lock);
	return folio;
}

/*
 * read_swap_cache_async() without readahead, for a new order-0 @folio the
 * fault or swapoff() allocated: locked, cached for @entry and filled
 * from its slot; false if the slot was freed, another fault cached it
 * first or a synchronous swap-in claimed it (swapcache_prepare()'s
 * -EEXIST on SWAP_HAS_CACHE: the caller retries once it let go).
 */
bool swap_read_folio_cached(struct folio *folio, swp_entry_t entry)
{
	struct swap_slot *slot = swap_slot(entry);
	bool added = false;

	folio_lock(folio);
	page_ext_get(&folio->page)->swap = swp_offset(entry);
	spin_lock(&swap_info.lock);
	if (slot->count && !slot->cache && !slot->claim) {
		folio_ref_add(folio, 1);
		folio_set(folio, PG_swapcache);
		slot_store(slot->cache, folio);
		added = true;
	}
	spin_unlock(&swap_info.lock);
	if (!added) {
		folio_unlock(folio);
		return false;
	}
	/* swap_read_folio(), under the folio lock: the slot's copy, clean. */
	page_read_backing(&folio->page,
			  __atomic_load_n(&slot->data, __ATOMIC_RELAXED),
			  __atomic_load_n(&slot->fill, __ATOMIC_RELAXED));
	return true;
}

u64 swap_entry_data(swp_entry_t entry)
{
	const struct swap_slot *slot = swap_slot(entry);
	struct folio *folio = __atomic_load_n(&slot->cache, __ATOMIC_RELAXED);

	if (folio)
		return page_data(&folio->page + swp_offset(entry) -
				 page_ext_get(&folio->page)->swap);
	return __atomic_load_n(&slot->data, __ATOMIC_RELAXED);
}

/* copy_nonpresent_pte(): one more entry refers to the slot. */
int swap_duplicate(swp_entry_t entry)
{
	struct swap_slot *slot = swap_slot(entry);
	int ret = 0;

	spin_lock(&swap_info.lock);
	if (!swap_slot_free(slot))
		slot_store(slot->count, slot->count + 1);
	else
		ret = -1;
	spin_unlock(&swap_info.lock);
	return ret;
}

/* Under the device lock: one entry less; true if only the cache is left. */
static bool swap_put_one(struct swap_slot *slot, unsigned long offset)
{
	if (!slot->count) {
		mm_report("bookkeeping", 0,
			  "swap slot %#lx count below zero", offset);
		return false;
	}
	slot_store(slot->count, slot->count - 1);
	return !slot->count && slot->cache;
}

/* swap_free_nr(): @nr entries from @entry gone (swap-in mapped them). */
void swap_free_nr(swp_entry_t entry, unsigned int nr)
{
	unsigned long offset = swp_offset(entry), i;

	spin_lock(&swap_info.lock);
	for (i = 0; i < nr; i++)
		swap_put_one(swap_slot(swp_entry(0, offset + i)), offset + i);
	spin_unlock(&swap_info.lock);
}

/*
 * Under the device lock: does an entry still refer to a slot of @folio
 * (folio_swapped())?
 */
static bool folio_swapped(struct folio *folio)
{
	unsigned long start = page_ext_get(&folio->page)->swap, i;

	for (i = 0; i < folio_nr_pages(folio); i++)
		if (swap_info.slots[start + i].count)
			return true;
	return false;
}

/*
 * Under the device lock, as @page leaves the swap cache while an entry
 * still refers to its slot: the slot is all that is left of the page, so
 * it must hold what the page holds.  A store since the device read the
 * page, never handed to the folio as dirty, is lost; so is a page whose
 * write landed elsewhere, or not at all, though nothing wrote to it.
 */
static void swap_check_slot_holds(struct folio *folio, struct page *page,
				  unsigned long offset)
{
	const struct swap_slot *slot = &swap_info.slots[offset];

	if (page_has_unsaved_data(page))
		mm_report("data-loss", folio_index(folio) << PAGE_SHIFT,
			  "pfn %#lx dropped from the swap cache with content newer than swap slot %#lx",
			  page_to_pfn(page), offset);
	else if (slot->data != page_data(page) || slot->fill != page_fill(page))
		mm_report("data-loss", folio_index(folio) << PAGE_SHIFT,
			  "pfn %#lx dropped from the swap cache clean, but swap slot %#lx does not hold its content",
			  page_to_pfn(page), offset);
}

/*
 * __delete_from_swap_cache() and put_swap_folio(), under the device
 * lock: the slots free, unless an entry still refers to one, whose page
 * must then be what the slot holds (data-loss otherwise).  Each slot
 * must cache this folio (the kernel's VM_BUG_ON_PAGE() on the entry the
 * xarray store replaced: bookkeeping otherwise).
 */
static void __delete_from_swap_cache(struct folio *folio)
{
	unsigned long start = page_ext_get(&folio->page)->swap, i;
	struct page *page;

	VM_BUG_ON(!folio_test_locked(folio));
	/* Its write in flight still lands on the slots. */
	VM_BUG_ON(folio_test(folio, PG_writeback));
	for (i = 0; i < folio_nr_pages(folio); i++) {
		page = folio_page(folio, i);
		if (swap_info.slots[start + i].cache != folio)
			mm_report("bookkeeping", folio_index(folio) << PAGE_SHIFT,
				  "swap slot %#lx does not cache pfn %#lx, which leaves the cache for it",
				  start + i, page_to_pfn(page));
		if (swap_info.slots[start + i].count)
			swap_check_slot_holds(folio, page, start + i);
		slot_store(swap_info.slots[start + i].cache, NULL);
	}
	folio_clear(folio, PG_swapcache);
}

/*
 * folio_free_swap(), the folio locked: once no entry refers to its slots
 * the folio leaves the cache, dirty, since no copy of it is left.
 */
bool folio_free_swap(struct folio *folio)
{
	bool swapped;

	VM_BUG_ON(!folio_test_locked(folio));
	/* Its copy in flight still writes to the slots. */
	if (!folio_test(folio, PG_swapcache) ||
	    folio_test(folio, PG_writeback))
		return false;
	spin_lock(&swap_info.lock);
	swapped = folio_swapped(folio);
	if (!swapped)
		__delete_from_swap_cache(folio);
	spin_unlock(&swap_info.lock);
	if (swapped)
		return false;
	folio_mark_dirty(folio);
	folio_put_refs(folio, folio_nr_pages(folio));
	return true;
}

/*
 * __folio_migrate_mapping() for a swap cache folio, @src and @dst locked
 * and @src unmapped: the slots' cache entries, the references they hold
 * and the slot number (the folio's private) go to @dst, if nothing but
 * the caller's reference and the cache's holds @src.  The kernel freezes
 * the count under the swap cache's lock; lookups take their reference
 * under this one.  The flags follow with the contents (the caller).
 */
bool swap_cache_migrate(struct folio *dst, struct folio *src)
{
	unsigned long start = page_ext_get(&src->page)->swap, i;
	int nr = folio_nr_pages(src);
	bool moved;

	spin_lock(&swap_info.lock);
	moved = folio_ref_count(src) == 1 + nr;
	if (moved) {
		for (i = 0; i < (unsigned long)nr; i++)
			slot_store(swap_info.slots[start + i].cache, dst);
		page_ext_get(&dst->page)->swap = start;
		folio_ref_add(dst, nr);
		/* The caller's own is left: no put can free it here. */
		folio_ref_add(src, -nr);
	}
	spin_unlock(&swap_info.lock);
	return moved;
}

/*
 * __remove_mapping() for a swap cache folio, locked, clean and unmapped:
 * out of the cache only if nothing but the caller's reference and the
 * cache's holds it (the kernel freezes the count), checked under the
 * lock lookups take their reference under.
 */
bool swap_evict_folio(struct folio *folio)
{
	int nr = folio_nr_pages(folio);
	bool evict;

	/* __remove_mapping(): the caller holds the lock, evicting or not. */
	VM_BUG_ON(!folio_test_locked(folio));
	spin_lock(&swap_info.lock);
	evict = !folio_mapcount(folio) && !folio_test(folio, PG_dirty) &&
		folio_ref_count(folio) == 1 + nr;
	if (evict)
		__delete_from_swap_cache(folio);
	spin_unlock(&swap_info.lock);
	if (evict)
		folio_put_refs(folio, nr);
	return evict;
}

/*
 * pageout() → swap_writepage() of a locked, dirty folio the swap cache
 * holds: clean and under writeback, then unlocked once the I/O is
 * submitted, as __swap_writepage() does on every device.  The device
 * picks the I/O up at a later step and reads each page then, into @io;
 * what it read lands in the slots when the write completes
 * (swap_io_end()): at once on a synchronous device, after reclaim let go
 * of the folio on another (mm/vmscan.c).  Reading at the first step keeps
 * the window of a store the copy must not miss before reclaim's final
 * flush; landing at the end keeps the one where the slots must still be
 * the folio's.
 */
void swap_writepage(struct folio *folio, struct swap_io *io)
{
	unsigned long start = page_ext_get(&folio->page)->swap, i;
	struct swap_io_page *p;
	struct page *page;

	BUG_ON(io->nr_pages + folio_nr_pages(folio) > 1U << MAX_FOLIO_ORDER);
	/* Under writeback before it is clean, as folio_writepage(). */
	folio_start_writeback(folio);
	folio_clear(folio, PG_dirty);
	folio_unlock(folio);
	hw_sched_point(HW_SYNC_ATOMIC, &folio->flags);
	for (i = 0; i < folio_nr_pages(folio); i++) {
		page = folio_page(folio, i);
		p = &io->pages[io->nr_pages++];
		p->page = page;
		p->offset = start + i;
		p->data = page_write_backing(page);
		p->fill = page_read_fill(page);
	}
	io->folios[io->nr_folios++] = (struct swap_io_folio){
		.folio = folio, .end = io->nr_pages,
	};
}

/*
 * The write of one page of @folio lands in its slot, which must still
 * cache the folio: folio_free_swap() refuses a folio under writeback, so
 * a slot that left it before the write landed (freed, maybe given to
 * another swap-out whose data this overwrites) is a bug of whoever took
 * it away.
 */
static void swap_io_land(const struct swap_io_page *p, struct folio *folio)
{
	struct swap_slot *slot = &swap_info.slots[p->offset];

	if (slot_load(slot->cache) != folio)
		mm_report("data-loss", folio_index(folio) << PAGE_SHIFT,
			  "pfn %#lx written to swap slot %#lx, which no longer caches its folio",
			  page_to_pfn(p->page), p->offset);
	slot_store(slot->data, p->data);
	slot_store(slot->fill, p->fill);
}

/*
 * The device completes the writes of @io from its @first folio on, in
 * the order they were submitted: each folio's pages land in their slots
 * and its writeback ends; @async, each at a step of its own, as the
 * bio's end_io runs when the device says.
 */
static void swap_io_complete(struct swap_io *io, unsigned int first,
			     bool async)
{
	unsigned int f, i = first ? io->folios[first - 1].end : 0;
	struct folio *folio;

	io->nr_pages = i;
	for (f = first; f < io->nr_folios; f++) {
		folio = io->folios[f].folio;
		if (async)
			hw_sched_point(HW_SYNC_ATOMIC, &folio->flags);
		for (; i < io->folios[f].end; i++)
			swap_io_land(&io->pages[i], folio);
		folio_end_writeback(folio);
	}
	io->nr_folios = first;
}

/* A device that is not synchronous completes every write of @io. */
void swap_io_end(struct swap_io *io)
{
	swap_io_complete(io, 0, true);
}

/*
 * A synchronous device completes the write just submitted within the
 * submission (SWP_SYNCHRONOUS_IO).
 */
void swap_io_end_sync(struct swap_io *io)
{
	swap_io_complete(io, io->nr_folios - 1, false);
}

/*
 * A cached folio leaves the cache once its slots are unused, if nothing
 * maps it, or whatever maps it if @mapped.
 */
static void try_free_swap_cache(struct folio *folio, bool mapped)
{
	if (!folio_test(folio, PG_swapcache) ||
	    (!mapped && folio_mapcount(folio)) || !folio_trylock(folio))
		return;
	folio_free_swap(folio);
	folio_unlock(folio);
}

/* free_swap_cache(), as the mmu_gather drops its references. */
void free_swap_cache(struct folio *folio)
{
	try_free_swap_cache(folio, false);
}

/*
 * free_swap_and_cache_nr(): @nr entries from @entry zapped.  A slot left
 * with only its cached folio frees that folio's slots if nothing maps it,
 * or if swap is more than half full (__try_to_reclaim_swap() with
 * TTRS_UNMAPPED | TTRS_FULL).  The caller still has
 * the entries in its table, but once their counts are down swapoff() has
 * nothing to wait for there: the device reference keeps the slots until
 * the cache is looked at ("mm: swap: fix race between
 * free_swap_and_cache() and swapoff()").
 */
void free_swap_and_cache_nr(swp_entry_t entry, unsigned int nr)
{
	unsigned long offset = swp_offset(entry), i;
	struct folio *folio;
	bool only_cache;

	if (get_swap_device(entry))
		return;
	for (i = 0; i < nr; i++) {
		spin_lock(&swap_info.lock);
		only_cache = swap_put_one(swap_slot(swp_entry(0, offset + i)),
					  offset + i);
		spin_unlock(&swap_info.lock);
		if (!only_cache)
			continue;
		folio = swap_cache_get_folio(swp_entry(0, offset + i));
		if (!folio)
			continue;
		try_free_swap_cache(folio, vm_swap_full());
		folio_put(folio);
	}
	put_swap_device();
}

/* swapoff()'s first step: no slot is handed out any more (SWP_WRITEOK). */
void swap_stop_alloc(void)
{
	spin_lock(&swap_info.lock);
	__atomic_store_n(&swap_info.writeok, false, __ATOMIC_RELAXED);
	spin_unlock(&swap_info.lock);
}

/*
 * The first slot from @offset on that an entry, the cache or a claim
 * still holds (find_next_to_unuse(), which reads si->swap_map without the
 * lock: a stale answer only costs try_to_unuse() another pass), or 0.
 * A scheduling point, as the scan's cond_resched() is: try_to_unuse()
 * may go round waiting for another thread.
 */
unsigned long swap_next_in_use(unsigned long offset)
{
	unsigned long nr = __atomic_load_n(&swap_info.nr_slots,
					   __ATOMIC_RELAXED);

	hw_sched_point(HW_SYNC_ATOMIC, swap_info.slots);
	for (offset = offset ?: 1; offset < nr; offset++)
		if (!swap_slot_free(&swap_info.slots[offset]))
			return offset;
	return 0;
}

/*
 * swapoff()'s last step, once no slot is in use: kill si->users, wait
 * for every reference taken before to be put, then free the slots.  A
 * slot looked at after this is a use of freed memory, and swap_slot()'s
 * BUG_ON() says so.
 */
void swap_release_device(void)
{
	__atomic_store_n(&swap_info.dying, true, __ATOMIC_SEQ_CST);
	for (;;) {
		hw_sched_point(HW_SYNC_ATOMIC, &swap_info.users);
		if (!__atomic_load_n(&swap_info.users, __ATOMIC_SEQ_CST))
			break;
	}
	spin_lock(&swap_info.lock);
	memset(swap_info.slots, 0,
	       swap_info.nr_slots * sizeof(swap_info.slots[0]));
	__atomic_store_n(&swap_info.nr_slots, 0, __ATOMIC_RELAXED);
	spin_unlock(&swap_info.lock);
}

/* End of a run: every slot unused and uncached (bookkeeping). */
bool swap_check_leaks(void)
{
	unsigned long i;

	for (i = 1; i < swap_info.nr_slots; i++)
		if (!swap_slot_free(&swap_info.slots[i])) {
			mm_report("bookkeeping", 0,
				  "swap slot %#lx left with count %u%s", i,
				  swap_info.slots[i].count,
				  swap_info.slots[i].cache ? " and cached" :
				  swap_info.slots[i].claim ? " and claimed" :
				  "");
			return false;
		}
	return true;
}

/* The device's size in slots, slot 0 its header; 0 without a device. */
unsigned long swap_nr_slots(void)
{
	return __atomic_load_n(&swap_info.nr_slots, __ATOMIC_RELAXED);
}

unsigned long get_nr_swap_pages(void)
{
	unsigned long i, nr = 0;

	if (!__atomic_load_n(&swap_info.nr_slots, __ATOMIC_RELAXED))
		return 0;
	spin_lock(&swap_info.lock);
	for (i = 1; i < swap_info.nr_slots; i++)
		nr += swap_slot_free(&swap_info.slots[i]);
	spin_unlock(&swap_info.lock);
	return nr;
}

/*
 * vm_swap_full(): more than half the device's slots handed out, which is
 * what mem_cgroup_swap_full() says without a memory cgroup limit.  The
 * kernel reads nr_swap_pages without a lock, as this reads the slots.
 */
bool vm_swap_full(void)
{
	unsigned long nr = swap_nr_slots(), i, free = 0;

	for (i = 1; i < nr; i++)
		free += swap_slot_free(&swap_info.slots[i]);
	return nr > 1 && free * 2 < nr - 1;
}

/*
 * can_swapin_thp()'s look at the cache, v6.12: the @nr slots from @entry
 * are all cached or claimed, or none is, as the first (the kernel reads
 * swap_map without the lock: swapcache_prepare() decides).  A large folio
 * read from the device while one of its pages sits in the cache would
 * only find its claim refused, fault after fault.
 */
bool swap_range_cache_alike(swp_entry_t entry, unsigned int nr)
{
	unsigned long offset = swp_offset(entry), i;
	struct swap_slot *slot;
	bool first = false, has, alike = true;

	spin_lock(&swap_info.lock);
	for (i = 0; i < nr && alike; i++) {
		slot = swap_slot(swp_entry(0, offset + i));
		has = slot->cache || slot->claim;
		if (!i)
			first = has;
		alike = has == first;
	}
	spin_unlock(&swap_info.lock);
	return alike;
}

/*
 * swapcache_prepare(@entry, @nr), v6.12 (__swap_duplicate() with
 * SWAP_HAS_CACHE): the slots claimed for @folio, a new folio a synchronous
 * swap-in reads them into, locked; all or none.  -ENOENT when an entry no
 * longer refers to one, -EEXIST when one is cached or claimed already,
 * with *@busy the folio to wait for (its lock, without a reference).
 */
int swapcache_prepare(swp_entry_t entry, unsigned int nr,
		      struct folio *folio, struct folio **busy)
{
	unsigned long offset = swp_offset(entry), i;
	struct swap_slot *slot;
	int err = 0;

	*busy = NULL;
	spin_lock(&swap_info.lock);
	for (i = 0; i < nr && !err; i++) {
		slot = swap_slot(swp_entry(0, offset + i));
		if (slot->cache || slot->claim) {
			*busy = slot->cache ? slot->cache : slot->claim;
			err = -EEXIST;
		} else if (!slot->count) {
			err = -ENOENT;
		}
	}
	for (i = 0; i < nr && !err; i++)
		slot_store(swap_info.slots[offset + i].claim, folio);
	spin_unlock(&swap_info.lock);
	return err;
}

/* swapcache_clear(): the claim given up; a slot no entry refers to frees. */
void swapcache_clear(swp_entry_t entry, unsigned int nr)
{
	unsigned long offset = swp_offset(entry), i;

	spin_lock(&swap_info.lock);
	for (i = 0; i < nr; i++)
		slot_store(swap_slot(swp_entry(0, offset + i))->claim, NULL);
	spin_unlock(&swap_info.lock);
}

/*
 * swap_read_folio() of a folio outside the cache, its slots claimed: each
 * page the copy of its slot, as clean as it.
 */
void swap_read_folio_direct(struct folio *folio, swp_entry_t entry)
{
	unsigned long offset = swp_offset(entry), i;

	for (i = 0; i < folio_nr_pages(folio); i++)
		page_read_backing(folio_page(folio, i),
				  __atomic_load_n(&swap_info.slots[offset + i].data,
						  __ATOMIC_RELAXED),
				  __atomic_load_n(&swap_info.slots[offset + i].fill,
						  __ATOMIC_RELAXED));
}
