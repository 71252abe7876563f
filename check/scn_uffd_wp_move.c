// SPDX-License-Identifier: GPL-2.0-only
/*
 * userfaultfd write-protection across a move of the page under it.  A
 * folded anonymous block is registered and write-protected whole by the
 * monitor in the setup.  One thread then moves the folio out from under
 * its entries: uffd-wp-migrate migrates it (try_to_migrate(): migration
 * entries that keep PTE_SWP_UFFD_WP; remove_migration_ptes(): entries of
 * the new folio, write-protected again), uffd-wp-swap swaps it out
 * (swap entries that keep the bit; do_swap_page() maps the page back
 * write-protected, and not writable though it is exclusive).  Once the
 * move returned the same thread stores to a page of the block: the store
 * must fault to the monitor, which resolves the block and wakes it.
 *
 * The bug class: the protection lost on the way (the bit not carried
 * through the migration entry or the swap entry, or a page mapped back
 * writable with it), so that the store completes unseen while the
 * monitor still protects the page (permission, check/uffdprot.c); a
 * fault never woken (liveness).  Every other mm and machine oracle.
 */
#include "mmwatch.h"
#include "mmworld.h"
#include "pins.h"
#include "scenarios.h"

#define UM_PAGE		(CONT_PTES - 1)
#define UM_VALUE	0x5a5a
#define UM_CHILD_VALUE	0xc5c5

/* What moves the page out from under its protected entry. */
enum um_move {
	UM_MIGRATE,		/* uffd-wp-migrate */
	UM_SWAP,		/* uffd-wp-swap */
	UM_SWAP_SYNC,		/* uffd-wp-swap-sync */
	/*
	 * uffd-wp-dontneed: a folded shmem block, MADV_DONTNEED after the
	 * monitor protected it: each cleared entry keeps the protection in a
	 * uffd-wp marker (zap_install_uffd_wp_if_needed(), for every entry
	 * of the batch), which the fault that maps the page back turns into
	 * PTE_UFFD_WP (set_pte_range()).  The store tests one page; every
	 * page's marker is looked at as soon as MADV_DONTNEED returns.
	 */
	UM_DONTNEED,
	/*
	 * uffd-wp-private: the same of a MAP_PRIVATE mapping of a cached
	 * file, its block mapped read-only by a load's fault-around: the
	 * markers are a file VMA's too, and the store's fault on one copies
	 * the page (do_cow_fault()), which must map the copy protected.
	 */
	UM_PRIVATE,
	/*
	 * uffd-wp-swapped: the block is swapped out before the monitor
	 * protects it: change_pte_range() must set PTE_SWP_UFFD_WP on the
	 * swap entries; nothing moves in the thread.
	 */
	UM_SWAPPED,
	/*
	 * uffd-wp-resolve-part: the monitor resolves the first half of the
	 * block only (a snapshot that copied it); the resolve ends inside
	 * the VMA, and the second half stays protected.
	 */
	UM_RESOLVE_PART,
	/*
	 * uffd-wp-resolve-tail: the other half, the monitor resolving the
	 * second half of the block, and the store made to the first page:
	 * a resolve begins where its range does too, not at the VMA's
	 * start (mwriteprotect_range()'s clip of each VMA's part).
	 */
	UM_RESOLVE_TAIL,
	/*
	 * uffd-wp-swap-fork: the block swapped out, then fork(), in the
	 * setup: copy_nonpresent_pte() takes PTE_SWP_EXCLUSIVE off the
	 * parent's swap entries and must leave PTE_SWP_UFFD_WP beside it
	 * (two of the few bits a swap entry has to spare); the store's
	 * swap-in must find the page still protected.  The child lives
	 * until the end, so the page stays shared and read-only after the
	 * resolve, and the store's retry copies it.
	 */
	UM_SWAP_FORK,
	/*
	 * uffd-wp-fork: fork() of the protected block, in the setup; the
	 * child's VMA is not registered (dup_userfaultfd() without
	 * UFFD_FEATURE_EVENT_FORK: userfaultfd_reset_ctx()), and its entries
	 * are copied without the bit, so the child's store, before the
	 * parent's, copies the page with no fault for any monitor.
	 */
	UM_FORK,
	/*
	 * uffd-wp-fork-marker: uffd-wp-fork of a folded shmem block
	 * MADV_DONTNEED left as uffd-wp markers, in the setup: the child's
	 * VMA is not registered, so fork() copies no marker into it
	 * (copy_pte_marker()), and the child's store maps the page from the
	 * cache with no fault for any monitor.
	 */
	UM_FORK_MARKER,
	/*
	 * uffd-wp-numa: NUMA hinting's scan of a protected folded shmem
	 * block, then the store: do_numa_page() rebuilds each entry from
	 * the VMA's vm_page_prot (pte_modify()), which is read-only only
	 * because a VMA registered for uffd-wp wants write notification
	 * (vma_wants_writenotify()); the entries keep PTE_UFFD_WP and must
	 * not come back writable.
	 */
	UM_NUMA,
	/*
	 * uffd-wp-reclaim-file: reclaim of a shared file mapping's clean
	 * folded block, mapped by a load's fault-around: try_to_unmap()
	 * must leave a uffd-wp marker in each entry it clears
	 * (pte_install_uffd_wp_if_needed()), as MADV_DONTNEED does, or the
	 * store's fault maps the page back, read from the file, writable.
	 */
	UM_RECLAIM_FILE,
	/*
	 * uffd-wp-split-zero: a split to order 0 of the protected block, a
	 * page of which holds only zeros: remap_page() maps that page as
	 * the shared zero page (try_to_map_unused_to_zeropage()), which
	 * must keep the migration entry's PTE_SWP_UFFD_WP as PTE_UFFD_WP,
	 * or the store's fault copies the zero page with no monitor told.
	 */
	UM_SPLIT_ZERO,
	/*
	 * uffd-wp-shmem-clean: a folded shmem block mapped by a load's
	 * fault-around, so its entries are writable but clean, protected
	 * whole.  The resolve leaves a clean shared entry read-only
	 * (can_change_pte_writable(): a shared entry only once it is
	 * dirty), and the VMA's vm_page_prot is read-only while it is
	 * registered (vma_wants_writenotify()), so the store's retry
	 * write-faults on a clean, read-only shmem entry: shmem has no
	 * ->page_mkwrite(), and wp_page_shared() dirties the folio and makes
	 * the entry writable in place under the PTL, taking no reference.
	 * Nothing moves in the thread.
	 */
	UM_SHMEM_CLEAN,
	/*
	 * uffd-wp-untouched: a cached shmem block that no access has
	 * mapped, so its PTE table was never allocated, protected whole:
	 * change_pmd_range() allocates the table first
	 * (pgtable_populate_needed() under MM_CP_UFFD_WP, for a file VMA
	 * that uses markers), and each none entry gets a uffd-wp marker,
	 * which the store's fault turns into PTE_UFFD_WP on the page it
	 * maps from the cache.  Nothing moves in the thread.
	 */
	UM_UNTOUCHED,
	/*
	 * uffd-wp-cold-sw-flags: MADV_COLD of the protected block, then a
	 * load from the page, on CPUs without hardware Access flag
	 * management: the load takes an access-flag fault on a present,
	 * readable entry of an exclusive page in a writable VMA.  That fault
	 * only sets the Access flag; were it to make the page writable
	 * ahead of the store, as do_numa_page() may, it must ask
	 * can_change_pte_writable(), which refuses an entry with
	 * PTE_UFFD_WP, or the store completes with no fault for the monitor.
	 */
	UM_COLD,
	/*
	 * uffd-wp-dontneed-again: uffd-wp-dontneed with the block left as
	 * uffd-wp markers in the setup, and MADV_DONTNEED of it once more
	 * in the thread: a zap that is not munmap() or exit keeps a marker
	 * it meets in a file or shmem VMA (zap_nonpresent_ptes(), unless
	 * ZAP_FLAG_DROP_MARKER).  The monitor then resolves only the page
	 * the fault came from, as a snapshot monitor that copies page by
	 * page does, and the process exits with the rest still protected:
	 * exit's zap must drop those markers, or exit_mmap() frees a PTE
	 * table with entries in it.
	 */
	UM_DONTNEED_AGAIN,
	/*
	 * uffd-wp-fork-pin: fork() of the protected block in the setup, the
	 * child living to the end, then a direct-IO write from the parent's
	 * page: a read-only pin of a page another mm shares must unshare it
	 * first (FAULT_FLAG_UNSHARE: wp_page_copy() maps a private copy,
	 * read-only), and the copy keeps the uffd-wp bit of the entry it
	 * replaces (v6.12 wp_page_copy()).  The parent's store after it must
	 * still fault to the monitor: the copy is exclusive, so a store
	 * that found no bit would reuse it writable.
	 */
	UM_FORK_PIN,
	/*
	 * uffd-wp-protect-migrate: the monitor protects the block while a
	 * migration of its folio runs (the setup only registers it), and the
	 * migrating thread stores once both returned.  The walk may meet the
	 * writable migration entries try_to_migrate() left: it makes them
	 * readable (exclusive) before it sets PTE_SWP_UFFD_WP
	 * (change_pte_range()), so that remove_migration_pte() maps the
	 * new folio read-only and protected rather than writable.
	 */
	UM_PROTECT_MIGRATE,
	/*
	 * uffd-wp-swapoff: uffd-wp-swap, then swapoff() before the store:
	 * unuse_pte() maps each page back, read-only, with the swap entry's
	 * PTE_SWP_UFFD_WP as PTE_UFFD_WP, or the store's write fault reuses
	 * the exclusive page with no monitor told.
	 */
	UM_SWAPOFF,
	/*
	 * uffd-wp-swap-part: the first half of the protected block resolved,
	 * then the folio swapped out whole and kept in the swap cache, in
	 * the setup: its swap entries differ in PTE_SWP_UFFD_WP alone.  A
	 * load from the block's second page, resolved, finds the large folio
	 * cached, and do_swap_page() maps it whole only if the folio's first
	 * entry is the faulting entry's moved back and the run from it is
	 * what swap_pte_batch() vouches for, bit for bit, since it builds
	 * every entry from the faulting one; mapped whole from that entry,
	 * the protected half comes back writable (exclusive, no uffd-wp),
	 * and the store to it completes with no fault for the monitor.
	 */
	UM_SWAP_PART,
	/*
	 * uffd-wp-private-swap: uffd-wp-private with private copies of the
	 * tested page and the one before it, which stores made before the
	 * monitor protected the block, swapped out and freed once it did,
	 * in the setup: a run of two swap entries with PTE_SWP_UFFD_WP in
	 * the file VMA.  MADV_DONTNEED must leave a marker for each entry
	 * of the run (v6.12's zap_pte_range() ends every non-present case
	 * it clears with zap_install_uffd_wp_if_needed()), or the store's
	 * fault copies the file's page again, writable, with no fault for
	 * the monitor.
	 */
	UM_PRIVATE_SWAP,
};

static struct {
	enum um_move move;
	struct mm_model *mm;
	struct mm_model *child;		/* uffd-wp-swap-fork, -fork */
	int child_ret;			/* uffd-wp-fork: the child's store */
	/* uffd-wp-dontneed, -private, -numa, -reclaim-file */
	struct address_space file;
	bool faulted;		/* the monitor read a fault */
	bool moved;		/* the migration or swap-out returned */
	bool stopped;		/* the store is done */
	bool resolved;		/* the resolve returned */
	bool protected;		/* uffd-wp-protect-migrate: protection returned */
	struct chk_mm_store st;
	unsigned long page;	/* the store's */
} um;

static void um_setup_shape(enum um_move move)
{
	chk_mm_setup();
	um.move = move;
	if (move == UM_SWAP || move == UM_SWAPPED || move == UM_SWAP_FORK ||
	    move == UM_SWAPOFF || move == UM_SWAP_PART ||
	    move == UM_PRIVATE_SWAP)
		BUG_ON(swapon(2 * CONT_PTES, 0));
	if (move == UM_SWAP_SYNC)
		BUG_ON(swapon(2 * CONT_PTES, SWP_SYNCHRONOUS_IO));
	if (move == UM_DONTNEED || move == UM_NUMA || move == UM_FORK_MARKER ||
	    move == UM_DONTNEED_AGAIN) {
		chk_mm_shmem_setup(&um.file, CONT_PTES, chk_cont_order());
		um.mm = chk_mm_file_mm(&um.file, CONT_PTES, 0);
		BUG_ON(user_store(um.mm, chk_mm_va(0), 1));
	} else if (move == UM_SHMEM_CLEAN) {
		chk_mm_shmem_setup(&um.file, CONT_PTES, chk_cont_order());
		um.mm = chk_mm_file_mm_loaded(&um.file, CONT_PTES);
	} else if (move == UM_UNTOUCHED) {
		chk_mm_shmem_setup(&um.file, CONT_PTES, chk_cont_order());
		um.mm = chk_mm_file_mm(&um.file, CONT_PTES, 0);
	} else if (move == UM_RECLAIM_FILE) {
		chk_mm_file_setup(&um.file, CONT_PTES, chk_cont_order());
		um.mm = chk_mm_file_mm_loaded(&um.file, CONT_PTES);
	} else if (move == UM_PRIVATE || move == UM_PRIVATE_SWAP) {
		chk_mm_file_setup(&um.file, CONT_PTES, chk_cont_order());
		um.mm = mm_alloc();
		BUG_ON(!um.mm || !do_mmap(um.mm, CHK_MM_BASE, CONT_PTE_SIZE,
					  VM_READ | VM_WRITE, 0, &um.file, 0));
		BUG_ON(user_load(um.mm, chk_mm_va(0), &(u64){ 0 }));
		if (move == UM_PRIVATE_SWAP) {
			BUG_ON(user_store(um.mm, chk_mm_va(UM_PAGE - 1), 1));
			BUG_ON(user_store(um.mm, chk_mm_va(UM_PAGE), 1));
		}
	} else {
		um.mm = chk_mm_anon_blocks(1);
	}
	if (move == UM_SWAPPED)
		chk_mm_swap_out(um.mm, chk_mm_va(0));
	if (move == UM_SPLIT_ZERO)
		chk_mm_zero_pages(um.mm, UM_PAGE, 1);
	BUG_ON(userfaultfd_register(um.mm, chk_mm_va(0), CONT_PTE_SIZE));
	if (move != UM_PROTECT_MIGRATE)
		BUG_ON(mwriteprotect_range(um.mm, chk_mm_va(0), CONT_PTE_SIZE,
					   true));
	if (move == UM_PRIVATE_SWAP) {
		pte_t first;

		chk_mm_swap_out(um.mm, chk_mm_va(UM_PAGE - 1));
		chk_mm_swap_out(um.mm, chk_mm_va(UM_PAGE));
		/* One run, as swap_pte_batch() finds it: the zap takes both. */
		first = mm_read_pte(um.mm, chk_mm_va(UM_PAGE - 1));
		BUG_ON(!is_swap_pte(first) ||
		       !pte_same(mm_read_pte(um.mm, chk_mm_va(UM_PAGE)),
				 pte_move_swp_offset(first, 1)));
	}
	if (move == UM_SWAP_PART) {
		BUG_ON(mwriteprotect_range(um.mm, chk_mm_va(0),
					   CONT_PTE_SIZE / 2, false));
		chk_mm_swap_block_out(um.mm, chk_mm_va(0), true);
	}
	um.child = NULL;
	if (move == UM_SWAP_FORK)
		chk_mm_swap_out(um.mm, chk_mm_va(0));
	if (move == UM_FORK_MARKER || move == UM_DONTNEED_AGAIN)
		BUG_ON(do_madvise(um.mm, chk_mm_va(0), CONT_PTE_SIZE,
				  MADV_DONTNEED));
	if (move == UM_SWAP_FORK || move == UM_FORK || move == UM_FORK_MARKER ||
	    move == UM_FORK_PIN) {
		um.child = dup_mm(um.mm);
		BUG_ON(!um.child);
	}
	um.page = move == UM_RESOLVE_TAIL ? 0 : UM_PAGE;
	um.moved = um.stopped = um.resolved = um.faulted = false;
	um.protected = false;
	um.child_ret = -1;
}

static void um_setup_migrate(void)
{
	um_setup_shape(UM_MIGRATE);
}

static void um_setup_swap(void)
{
	um_setup_shape(UM_SWAP);
}

static void um_setup_swapoff(void)
{
	um_setup_shape(UM_SWAPOFF);
}

static void um_setup_swap_sync(void)
{
	um_setup_shape(UM_SWAP_SYNC);
}

static void um_setup_dontneed(void)
{
	um_setup_shape(UM_DONTNEED);
}

static void um_setup_private(void)
{
	um_setup_shape(UM_PRIVATE);
}

static void um_setup_swapped(void)
{
	um_setup_shape(UM_SWAPPED);
}

static void um_setup_resolve_part(void)
{
	um_setup_shape(UM_RESOLVE_PART);
}

static void um_setup_resolve_tail(void)
{
	um_setup_shape(UM_RESOLVE_TAIL);
}

static void um_setup_swap_fork(void)
{
	um_setup_shape(UM_SWAP_FORK);
}

static void um_setup_fork(void)
{
	um_setup_shape(UM_FORK);
}

static void um_setup_fork_marker(void)
{
	um_setup_shape(UM_FORK_MARKER);
}

static void um_setup_numa(void)
{
	um_setup_shape(UM_NUMA);
}

static void um_setup_reclaim_file(void)
{
	um_setup_shape(UM_RECLAIM_FILE);
}

static void um_setup_split_zero(void)
{
	um_setup_shape(UM_SPLIT_ZERO);
}

static void um_setup_shmem_clean(void)
{
	um_setup_shape(UM_SHMEM_CLEAN);
}

static void um_setup_untouched(void)
{
	um_setup_shape(UM_UNTOUCHED);
}

static void um_setup_cold(void)
{
	um_setup_shape(UM_COLD);
}

static void um_setup_dontneed_again(void)
{
	um_setup_shape(UM_DONTNEED_AGAIN);
}

static void um_setup_fork_pin(void)
{
	um_setup_shape(UM_FORK_PIN);
}

static void um_setup_protect_migrate(void)
{
	um_setup_shape(UM_PROTECT_MIGRATE);
}

static void um_setup_swap_part(void)
{
	um_setup_shape(UM_SWAP_PART);
}

static void um_setup_private_swap(void)
{
	um_setup_shape(UM_PRIVATE_SWAP);
}

/* The move leaves the pages unmapped, each with a uffd-wp marker. */
static bool um_leaves_markers(void)
{
	return um.move == UM_DONTNEED || um.move == UM_PRIVATE ||
	       um.move == UM_RECLAIM_FILE || um.move == UM_DONTNEED_AGAIN ||
	       um.move == UM_PRIVATE_SWAP;
}

/* The world has a file to write back and drop at the end. */
static bool um_has_file(void)
{
	return um_leaves_markers() || um.move == UM_NUMA ||
	       um.move == UM_FORK_MARKER || um.move == UM_SHMEM_CLEAN ||
	       um.move == UM_UNTOUCHED;
}

/* The move of the thread that then stores. */
static void um_move_page(void)
{
	switch (um.move) {
	case UM_MIGRATE:
		do_move_pages(um.mm, chk_mm_va(0));
		break;
	case UM_SWAP:
	case UM_SWAP_SYNC:
		chk_mm_swap_out(um.mm, chk_mm_va(0));
		break;
	case UM_SWAPOFF:
		chk_mm_swap_out(um.mm, chk_mm_va(0));
		swapoff();
		break;
	case UM_DONTNEED:
	case UM_PRIVATE:
	case UM_PRIVATE_SWAP:
	case UM_DONTNEED_AGAIN:
		do_madvise(um.mm, chk_mm_va(0), CONT_PTE_SIZE, MADV_DONTNEED);
		break;
	case UM_SWAPPED:
		break;
	case UM_RESOLVE_PART:
		BUG_ON(mwriteprotect_range(um.mm, chk_mm_va(0),
					   CONT_PTE_SIZE / 2, false));
		break;
	case UM_RESOLVE_TAIL:
		BUG_ON(mwriteprotect_range(um.mm, chk_mm_va(CONT_PTES / 2),
					   CONT_PTE_SIZE / 2, false));
		break;
	case UM_SWAP_FORK:
		break;
	case UM_FORK:
	case UM_FORK_MARKER:
		um.child_ret = user_store(um.child, chk_mm_va(UM_PAGE),
					  UM_CHILD_VALUE);
		break;
	case UM_NUMA:
		task_numa_work(um.mm, chk_mm_va(0), chk_mm_va(CONT_PTES));
		break;
	case UM_RECLAIM_FILE:
		chk_mm_swap_out(um.mm, chk_mm_va(0));
		break;
	case UM_SPLIT_ZERO:
		split_huge_pages_pid(um.mm, chk_mm_va(0), chk_mm_va(CONT_PTES),
				     0);
		break;
	case UM_COLD:
		BUG_ON(do_madvise(um.mm, chk_mm_va(0), CONT_PTE_SIZE,
				  MADV_COLD));
		BUG_ON(user_load(um.mm, chk_mm_va(UM_PAGE), &(u64){ 0 }));
		break;
	case UM_FORK_PIN: {
		struct page *page;
		u64 value;

		if (chk_mm_dio_write(um.mm, chk_mm_va(UM_PAGE), &value,
				     &page) != 1)
			chk_fail(CHK_LIVENESS, "the read-only pin of a mapped page failed");
		break;
	}
	case UM_PROTECT_MIGRATE:
		do_move_pages(um.mm, chk_mm_va(0));
		chk_mm_wait(&um.protected, &um.protected, true);
		break;
	case UM_SWAP_PART:
		/* The resolved half: maps with no fault for the monitor. */
		BUG_ON(user_load(um.mm, chk_mm_va(1), &(u64){ 0 }));
		break;
	case UM_SHMEM_CLEAN:
	case UM_UNTOUCHED:
		break;
	}
}

/*
 * uffd-wp-dontneed and the others that unmap, as soon as the unmap
 * returned and before the store (the monitor resolves nothing before
 * it): every page of the block keeps the protection in a uffd-wp marker,
 * not only the page the store tests.  A page left none would fault back
 * writable unseen by the monitor.
 */
static void um_check_markers(void)
{
	unsigned long p;
	pte_t pte;

	for (p = 0; p < CONT_PTES; p++) {
		pte = chk_mm_peek_pte(um.mm, chk_mm_va(p));
		if (!pte_present(pte) && chk_uffd_wp_entry(pte))
			continue;
		chk_fail(CHK_PERMISSION, "page %lu of the block holds %#llx once unmapped, not a uffd-wp marker: its write-protection is lost",
			 p, (unsigned long long)pte_val(pte));
		return;
	}
}

static void um_thread(unsigned int t)
{
	switch (t) {
	case 0:
		if (um.move == UM_PROTECT_MIGRATE) {
			BUG_ON(mwriteprotect_range(um.mm, chk_mm_va(0),
						   CONT_PTE_SIZE, true));
			chk_mm_mark(&um.protected);
		}
		/* The monitor: resolve once a fault came, or none will. */
		while (!(um.faulted = userfaultfd_read(um.mm)) &&
		       !chk_mm_seen(&um.stopped))
			;
		/* uffd-wp-dontneed-again: the faulting page only. */
		if (um.move == UM_DONTNEED_AGAIN)
			BUG_ON(mwriteprotect_range(um.mm, chk_mm_va(um.page),
						   PAGE_SIZE, false));
		else
			BUG_ON(mwriteprotect_range(um.mm, chk_mm_va(0),
						   CONT_PTE_SIZE, false));
		chk_mm_mark(&um.resolved);
		break;
	default:
		/* The move, then the store: nothing else runs meanwhile. */
		um_move_page();
		if (um_leaves_markers())
			um_check_markers();
		chk_mm_mark(&um.moved);
		chk_mm_store_until(&um.st, um.mm, chk_mm_va(um.page), UM_VALUE,
				   &um.resolved);
		chk_mm_mark(&um.stopped);
		break;
	}
}

static void um_finish(void)
{
	/* The child's shmem page is the parent's: the parent stores last. */
	if (um.move == UM_FORK_MARKER &&
	    !chk_mm_stored(chk_mm_va(UM_PAGE), um.child_ret))
		return;
	if (um.move == UM_FORK &&
	    !chk_mm_check_stored(um.child, chk_mm_va(UM_PAGE), um.child_ret,
				 UM_CHILD_VALUE))
		return;
	if (um.child)
		mmput(um.child);
	if (um.st.refused) {
		chk_fail(CHK_LIVENESS, "a store failed (%d)", um.st.refused);
		return;
	}
	/*
	 * Nothing resolves the page before a fault is read: a store that
	 * completed first went through an entry that lost the protection
	 * (this also covers a zap, whose markers the oracle does not follow).
	 */
	if (!um.faulted) {
		chk_fail(CHK_PERMISSION, "the store to page %lu completed with no userfaultfd fault: its protection was lost on the way",
			 um.page);
		return;
	}
	if (!chk_mm_check_store(um.mm, chk_mm_va(um.page), true, UM_VALUE))
		return;
	chk_mm_finish(um_has_file() ? &um.file : NULL);
}

const struct chk_scenario scn_uffd_wp_migrate = {
	.name = "uffd-wp-migrate",
	.desc = "migration of a folded block userfaultfd write-protected whole, then a store to it: the protection survives the migration entries (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "migrate-store" },
	.init = chk_mm_init,
	.setup = um_setup_migrate,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_swap = {
	.name = "uffd-wp-swap",
	.desc = "swap-out of a folded block userfaultfd write-protected whole, then a store that swaps it in: the protection survives the swap entries (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "reclaim-store" },
	.init = chk_mm_init,
	.setup = um_setup_swap,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_swapoff = {
	.name = "uffd-wp-swapoff",
	.desc = "uffd-wp-swap with swapoff() between the swap-out and the store: swapoff() maps each page back with the swap entry's protection (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "reclaim-swapoff-store" },
	.init = chk_mm_init,
	.setup = um_setup_swapoff,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_swap_sync = {
	.name = "uffd-wp-swap-sync",
	.desc = "the same on a synchronous swap device, the page read back into a new folio outside the swap cache: the protection survives (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "reclaim-store" },
	.init = chk_mm_init,
	.setup = um_setup_swap_sync,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_fork = {
	.name = "uffd-wp-fork",
	.desc = "fork() of a folded block userfaultfd write-protected whole, then the child's store and the parent's: the child's VMA is not registered and its entries lose the bit, so only the parent's store faults to the monitor (liveness, permission)",
	.nr_threads = 2,
	.thread_names = { "monitor", "child-parent-store" },
	.init = chk_mm_init,
	.setup = um_setup_fork,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_fork_marker = {
	.name = "uffd-wp-fork-marker",
	.desc = "fork() of a folded shmem block userfaultfd write-protected whole and left as uffd-wp markers by MADV_DONTNEED, then the child's store and the parent's: the child's VMA is not registered and gets no marker, so only the parent's store faults to the monitor (liveness, permission)",
	.nr_threads = 2,
	.thread_names = { "monitor", "child-parent-store" },
	.init = chk_mm_init,
	.setup = um_setup_fork_marker,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_dontneed = {
	.name = "uffd-wp-dontneed",
	.desc = "MADV_DONTNEED of a folded shmem block userfaultfd write-protected whole, then a store that faults its last page back: every page keeps the protection in a uffd-wp marker (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "dontneed-store" },
	.init = chk_mm_init,
	.setup = um_setup_dontneed,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_private = {
	.name = "uffd-wp-private",
	.desc = "the same of a MAP_PRIVATE mapping of a cached file: the store's fault copies the page under the marker and must map the copy protected (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "dontneed-store" },
	.init = chk_mm_init,
	.setup = um_setup_private,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_swapped = {
	.name = "uffd-wp-swapped",
	.desc = "userfaultfd write-protection of a block already swapped out, then a store that swaps it in: the swap entries take the protection (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "store" },
	.init = chk_mm_init,
	.setup = um_setup_swapped,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_resolve_part = {
	.name = "uffd-wp-resolve-part",
	.desc = "userfaultfd write-protection of a folded block, the first half resolved, then a store to the second: the resolve ends where its range does (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "resolve-store" },
	.init = chk_mm_init,
	.setup = um_setup_resolve_part,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_resolve_tail = {
	.name = "uffd-wp-resolve-tail",
	.desc = "userfaultfd write-protection of a folded block, the second half resolved, then a store to the first: the resolve begins where its range does (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "resolve-store" },
	.init = chk_mm_init,
	.setup = um_setup_resolve_tail,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_swap_fork = {
	.name = "uffd-wp-swap-fork",
	.desc = "swap-out of a folded block userfaultfd write-protected whole, fork(), then the parent's store that swaps it in: fork() takes the exclusive bit off the parent's swap entries, not the protection (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "swap-fork-store" },
	.init = chk_mm_init,
	.setup = um_setup_swap_fork,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_numa = {
	.name = "uffd-wp-numa",
	.desc = "NUMA hinting's scan of a folded shmem block userfaultfd write-protected whole, then a store that faults it back: the rebuilt entries keep the protection and stay read-only (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "numa-store" },
	.init = chk_mm_init,
	.setup = um_setup_numa,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_reclaim_file = {
	.name = "uffd-wp-reclaim-file",
	.desc = "reclaim of a shared file mapping's clean folded block userfaultfd write-protected whole, then a store that faults its last page back from the file: every page keeps the protection in a uffd-wp marker (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "reclaim-store" },
	.init = chk_mm_init,
	.setup = um_setup_reclaim_file,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_split_zero = {
	.name = "uffd-wp-split-zero",
	.desc = "split to order 0 of a folded block userfaultfd write-protected whole, its last page holding only zeros and so mapped as the zero page, then a store to that page: the zero page's entry keeps the protection (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "split-store" },
	.init = chk_mm_init,
	.setup = um_setup_split_zero,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_shmem_clean = {
	.name = "uffd-wp-shmem-clean",
	.desc = "userfaultfd write-protection of a clean folded shmem block a load mapped, then a store: the resolve leaves the clean shared entries read-only, and the store's retry makes its entry writable in place (wp_page_shared()), the folio freed at the end (permission, liveness, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "monitor", "store" },
	.init = chk_mm_init,
	.setup = um_setup_shmem_clean,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_untouched = {
	.name = "uffd-wp-untouched",
	.desc = "userfaultfd write-protection of a cached shmem block no access has mapped, its PTE table never allocated, then a store: the protection allocates the table for the uffd-wp markers, and the store faults to the monitor (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "store" },
	.init = chk_mm_init,
	.setup = um_setup_untouched,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_cold_sw_flags = {
	.name = "uffd-wp-cold-sw-flags",
	.desc = "MADV_COLD of a folded block userfaultfd write-protected whole, then a load and a store, on CPUs without hardware Access flag and dirty state management: the load's access-flag fault leaves the page read-only, and the store faults to the monitor (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "cold-load-store" },
	.init = chk_mm_init,
	.setup = um_setup_cold,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.hw = (const char *const[]){ "ha=0", "hd=0", NULL },
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_dontneed_again = {
	.name = "uffd-wp-dontneed-again",
	.desc = "MADV_DONTNEED of a folded shmem block userfaultfd write-protected whole and already left as uffd-wp markers, a store that faults its last page back, which alone the monitor resolves, then exit: the second zap keeps the markers, exit's drops them (permission, liveness, bookkeeping)",
	.nr_threads = 2,
	.thread_names = { "monitor", "dontneed-store" },
	.init = chk_mm_init,
	.setup = um_setup_dontneed_again,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_fork_pin = {
	.name = "uffd-wp-fork-pin",
	.desc = "fork() of a folded block userfaultfd write-protected whole, then a direct-IO write from a page of the parent's, whose read-only pin unshares the page, and the parent's store to it: the unshared copy keeps the uffd-wp bit (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "pin-store" },
	.init = chk_mm_init,
	.setup = um_setup_fork_pin,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_protect_migrate = {
	.name = "uffd-wp-protect-migrate",
	.desc = "userfaultfd write-protection of a folded block while its folio migrates, then a store: writable migration entries made readable before they take the uffd-wp bit (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "migrate-store" },
	.init = chk_mm_init,
	.setup = um_setup_protect_migrate,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_swap_part = {
	.name = "uffd-wp-swap-part",
	.desc = "a folded block userfaultfd write-protected whole, its first half resolved, swapped out and kept in the swap cache, then a load from its second page and a store to its last: the load maps the cached folio whole only over swap entries alike in PTE_SWP_UFFD_WP from the folio's first (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "load-store" },
	.init = chk_mm_init,
	.setup = um_setup_swap_part,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};

const struct chk_scenario scn_uffd_wp_private_swap = {
	.name = "uffd-wp-private-swap",
	.desc = "uffd-wp-private with private copies of the stored page and the one before it, swapped out once the block was protected: MADV_DONTNEED leaves a uffd-wp marker for each entry of their run of swap entries too (permission, liveness)",
	.nr_threads = 2,
	.thread_names = { "monitor", "dontneed-store" },
	.init = chk_mm_init,
	.setup = um_setup_private_swap,
	.thread = um_thread,
	.finish = um_finish,
	.exit = chk_mm_exit,
	.mode = CHK_EXHAUSTIVE,
	.executions = 20000,
	.bound = 1,
};
