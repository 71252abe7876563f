// SPDX-License-Identifier: GPL-2.0-only
/*
 * COW isolation: after fork(), a store through one process's private
 * mapping is never seen through the other's, and the child sees what its
 * parent's pages held at the time of fork().
 *
 * At a store by mm A to frame F through a private mapping: F is not the
 * zero page nor a file's page-cache page, and no other live mm maps F at
 * that address, unless A is forking that mm and its flush has not
 * completed (until then A's other threads may still write through
 * writable TLB entries, which the child may see: fork() is not atomic to
 * a multi-threaded parent).
 *
 * At a load by a child: each page of its parent's private anonymous
 * mappings was snapshot when fork() began, and every store the parent
 * made to it until fork()'s flush completed is also allowed; the child
 * reads one of those, until it stores there itself or the page is
 * unmapped or MADV_FREEd (its contents may then legitimately change).
 */
#include <string.h>

#include <linux/highmem.h>
#include <linux/swapops.h>

#include "hw/phys.h"
#include "explore.h"
#include "mmwatch.h"

#define SLOTS		1024	/* a power of two */
#define VALUES		4
#define FORKS		4

/* What a child may read at one page. */
struct allowed {
	unsigned long epoch;	/* valid in this execution only */
	unsigned int mm;	/* pool slot of the child */
	unsigned long vpn;
	bool live;		/* false: forgotten (a tombstone) */
	bool any;		/* more values than we keep: anything */
	unsigned int nr;
	u64 v[VALUES];
};

static struct {
	unsigned long epoch;
	struct allowed slot[SLOTS];
	/* Forks whose flush has not completed. */
	struct { struct mm_model *parent, *child; } open[FORKS];
} cow;

/*
 * The entry of (@mm, @va), or NULL; with @claim, a fresh one in its place
 * (open addressing: forgotten entries keep their key as tombstones).
 */
static struct allowed *find(struct mm_model *mm, unsigned long va,
			    bool claim)
{
	unsigned long vpn = va >> PAGE_SHIFT, i, h;
	struct allowed *a;

	h = (vpn * 0x9e3779b97f4a7c15ull + mm_nr(mm)) & (SLOTS - 1);
	for (i = 0; i < SLOTS; i++) {
		a = &cow.slot[(h + i) & (SLOTS - 1)];
		if (a->epoch == cow.epoch &&
		    (a->mm != mm_nr(mm) || a->vpn != vpn))
			continue;
		if (a->epoch == cow.epoch && !claim)
			return a->live ? a : NULL;
		if (!claim)
			return NULL;
		*a = (struct allowed){ .epoch = cow.epoch, .mm = mm_nr(mm),
				       .vpn = vpn, .live = true };
		return a;
	}
	BUG();
}

static void allow(struct allowed *a, u64 v)
{
	unsigned int i;

	for (i = 0; i < a->nr; i++)
		if (a->v[i] == v)
			return;
	if (a->nr == VALUES)
		a->any = true;
	else
		a->v[a->nr++] = v;
}

/* A fork of @child from @parent (NULL: any) whose flush is pending. */
static bool forking(struct mm_model *parent, struct mm_model *child)
{
	unsigned int i;

	for (i = 0; i < FORKS; i++)
		if (cow.open[i].child && (!parent || cow.open[i].parent == parent) &&
		    (!child || cow.open[i].child == child))
			return true;
	return false;
}

static void cow_reset(void)
{
	cow.epoch++;
	memset(cow.open, 0, sizeof(cow.open));
}

static bool private_anon(const struct vm_area *vma)
{
	return vma && !vma->mapping && !(vma->vma.vm_flags & VM_SHARED);
}

/*
 * What a page of the parent's reads now, if its entry says: the page it
 * maps; the one a swap-in of it would map (its cached folio's page, or
 * its slot); the page under migration.  Not an entry that is none, which
 * may be a block's break-before-make or an unmap under the PTL, on its
 * way to an entry for the same page.
 */
static bool page_now(pte_t pte, u64 *data)
{
	swp_entry_t entry;

	if (pte_present(pte)) {
		*data = page_data(pte_page(pte));
		return true;
	}
	if (!is_swap_pte(pte) || is_pte_marker(pte))
		return false;
	entry = pte_to_swp_entry(pte);
	*data = is_migration_entry(entry) ?
		page_data(pfn_to_page(swp_offset_pfn(entry))) :
		swap_entry_data(entry);
	return true;
}

/* What the child may read: the parent's pages as they are now. */
static void snapshot(struct mm_model *parent, struct mm_model *child)
{
	struct vm_area *vma;
	unsigned long va;
	u64 data;

	for_each_vma(parent, vma) {
		if (!private_anon(vma) || (vma->vma.vm_flags & VM_DONTCOPY))
			continue;
		for (va = vma->vma.vm_start; va < vma->vma.vm_end;
		     va += PAGE_SIZE)
			if (page_now(chk_mm_peek_pte(parent, va), &data))
				allow(find(child, va, true), data);
	}
}

static void cow_fork(struct mm_model *parent, struct mm_model *child,
		     bool done)
{
	unsigned int i;

	for (i = 0; i < FORKS; i++) {
		if (done && cow.open[i].child == child) {
			cow.open[i].parent = cow.open[i].child = NULL;
			return;
		}
		if (!done && !cow.open[i].parent) {
			cow.open[i].parent = parent;
			cow.open[i].child = child;
			snapshot(parent, child);
			return;
		}
	}
	BUG();
}

static void cow_unmap(struct mm_model *mm, unsigned long start,
		      unsigned long end)
{
	struct allowed *a;

	for (; start < end; start += PAGE_SIZE) {
		a = find(mm, start, false);
		if (a)
			a->live = false;
	}
}

/* A store by the parent during fork() may reach the child's copy. */
static void allow_in_children(struct mm_model *parent, unsigned long va,
			      u64 v)
{
	struct allowed *a;
	unsigned int i;

	for (i = 0; i < FORKS; i++) {
		if (cow.open[i].parent != parent)
			continue;
		a = find(cow.open[i].child, va, false);
		if (a)
			allow(a, v);
	}
}

static bool maps_frame(struct mm_model *mm, unsigned long va, u64 pfn)
{
	pte_t pte = chk_mm_peek_pte(mm, va);

	return pte_present(pte) && pte_pfn(pte) == pfn;
}

/* A private store reached a frame someone else can read. */
static void check_store(struct mm_model *mm, const struct vm_area *vma,
			const struct hw_access_rec *a)
{
	struct folio *folio = page_folio(pfn_to_page(a->pfn));
	struct mm_model *other;

	if (folio_test(folio, PG_zero) || !folio_test_anon(folio))
		chk_fail(CHK_COW_ISOLATION,
			 "cpu%u va %#lx: a store through a private mapping reached %s (pfn %#lx)",
			 a->cpu, (unsigned long)a->va,
			 folio_test(folio, PG_zero) ? "the zero page" :
						      "a file's page cache",
			 (unsigned long)a->pfn);
	for_each_live_mm(other)
		if (other != mm && maps_frame(other, a->va, a->pfn) &&
		    !forking(mm, other))
			chk_fail(CHK_COW_ISOLATION,
				 "cpu%u va %#lx: a store by mm %u reached pfn %#lx, which mm %u maps there too",
				 a->cpu, (unsigned long)a->va, ASID(&mm->mm),
				 (unsigned long)a->pfn, ASID(&other->mm));
}

static void check_load(struct mm_model *mm, const struct hw_access_rec *a)
{
	struct allowed *al = find(mm, a->va, false);
	unsigned int i;

	if (!al || al->any || forking(NULL, mm))
		return;
	for (i = 0; i < al->nr; i++)
		if (al->v[i] == a->value)
			return;
	chk_fail(CHK_COW_ISOLATION,
		 "cpu%u va %#lx: the child mm %u reads %#llx; its parent's page held %#llx at fork()",
		 a->cpu, (unsigned long)a->va, ASID(&mm->mm),
		 (unsigned long long)a->value, (unsigned long long)al->v[0]);
}

static void cow_access(struct mm_model *mm, const struct hw_access_rec *a)
{
	const struct vm_area *vma = find_vma_unlocked(mm, a->va);
	struct allowed *own;

	/*
	 * The mm's own store: it reads that from now on, even where a VMA
	 * split in progress leaves the address in no VMA for a moment.
	 */
	if (a->write) {
		own = find(mm, a->va, false);
		if (own)
			own->live = false;
	}
	if (!vma || (vma->vma.vm_flags & VM_SHARED))
		return;
	if (!a->write) {
		check_load(mm, a);
		return;
	}
	if (private_anon(vma))
		allow_in_children(mm, a->va, a->value);
	check_store(mm, vma, a);
}

const struct chk_mm_oracle chk_cow_isolation = {
	.reset = cow_reset,
	.access = cow_access,
	.fork = cow_fork,
	.unmap = cow_unmap,
};
