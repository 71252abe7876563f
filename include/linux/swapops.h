/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Migration entries: the non-present entries the kernel leaves where a
 * folio is mapped while it moves (try_to_migrate()) or splits, so that a
 * fault there waits (migration_entry_wait()) instead of mapping anything.
 * The offset is the pfn of the page it stood for; above the pfn, the
 * entry remembers whether the old entry was young and dirty (the
 * kernel's SWP_MIG_YOUNG/SWP_MIG_DIRTY, which arm64 supports), so that
 * remove_migration_pte() restores them.
 *
 * Below the migration types, a PTE marker: no page at all, a note left
 * in an empty entry (make_pte_marker()), here only PTE_MARKER_UFFD_WP,
 * which a zap of a userfaultfd write-protected entry of a file or shmem
 * VMA leaves so that the protection outlives the mapping.
 *
 * Below that, a swap entry proper: type 0, the one swap device
 * (mm/swapfile.c), its offset the slot that holds the page.
 */
#ifndef _LINUX_SWAPOPS_H
#define _LINUX_SWAPOPS_H

#include <linux/mm.h>

/*
 * The highest types, in the order of v6.12's <linux/swap.h> for a build
 * without device-private or hwpoison entries: the migration types from
 * MAX_SWAPFILES up, the PTE marker last.  A test of a type by range, not
 * by equality, meets what lies beyond it, as it would in the kernel.
 */
#define SWP_MIGRATION_NUM		3
#define SWP_PTE_MARKER_NUM		1

/* Types below this are swap devices. */
#define MAX_SWAPFILES	((1 << __SWP_TYPE_BITS) - SWP_MIGRATION_NUM - \
			 SWP_PTE_MARKER_NUM)
#define SWP_MIGRATION_READ		MAX_SWAPFILES
#define SWP_MIGRATION_READ_EXCLUSIVE	(MAX_SWAPFILES + 1)
#define SWP_MIGRATION_WRITE		(MAX_SWAPFILES + 2)
#define SWP_PTE_MARKER			(MAX_SWAPFILES + SWP_MIGRATION_NUM)

/* What a PTE marker says (its offset). */
#define PTE_MARKER_UFFD_WP		BIT(0)

/* The bits of the output address, then young and dirty. */
#define SWP_PFN_BITS		(48 - PAGE_SHIFT)
#define SWP_PFN_MASK		((1UL << SWP_PFN_BITS) - 1)
#define SWP_MIG_YOUNG		(1UL << SWP_PFN_BITS)
#define SWP_MIG_DIRTY		(1UL << (SWP_PFN_BITS + 1))

/* Neither none nor present: a swap (here: migration) entry. */
static inline bool is_swap_pte(pte_t pte)
{
	return !pte_none(pte) && !pte_present(pte);
}

static inline swp_entry_t swp_entry(unsigned long type, unsigned long offset)
{
	return __swp_entry(type, offset);
}

/*
 * @pte without the bits a swap or migration entry carries beside the
 * entry (PTE_SWP_EXCLUSIVE, PTE_SWP_UFFD_WP).
 */
static inline pte_t pte_swp_clear_flags(pte_t pte)
{
	return pte_swp_clear_uffd_wp(pte_swp_clear_exclusive(pte));
}

/*
 * The entry alone, its type and offset: a swp_entry_t never holds the
 * bits beside it, so an entry rebuilt from it compares equal to the PTE
 * it came from only once that PTE's bits are cleared too.
 */
static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	swp_entry_t arch = __pte_to_swp_entry(pte_swp_clear_flags(pte));

	return swp_entry(__swp_type(arch), __swp_offset(arch));
}

static inline pte_t swp_entry_to_pte(swp_entry_t entry)
{
	return __swp_entry_to_pte(entry);
}

static inline unsigned long swp_type(swp_entry_t entry)
{
	return __swp_type(entry);
}

/* A special entry (migration, marker), not one of a swap device. */
static inline bool non_swap_entry(swp_entry_t entry)
{
	return swp_type(entry) >= MAX_SWAPFILES;
}

/*
 * The swap entry @delta slots on from @pte's, with @pte's bits beside the
 * entry (PTE_SWP_EXCLUSIVE, PTE_SWP_UFFD_WP) kept: what the next entry of
 * a batch swapped out together must be (pte_move_swp_offset()).
 */
static inline pte_t pte_move_swp_offset(pte_t pte, long delta)
{
	swp_entry_t entry = pte_to_swp_entry(pte);
	pte_t moved = swp_entry_to_pte(__swp_entry(__swp_type(entry),
						   __swp_offset(entry) + delta));

	if (pte_swp_exclusive(pte))
		moved = pte_swp_mkexclusive(moved);
	return pte_swp_uffd_wp(pte) ? pte_swp_mkuffd_wp(moved) : moved;
}

static inline bool is_pte_marker_entry(swp_entry_t entry)
{
	return __swp_type(entry) == SWP_PTE_MARKER;
}

static inline pte_t make_pte_marker(unsigned long marker)
{
	return swp_entry_to_pte(__swp_entry(SWP_PTE_MARKER, marker));
}

static inline bool is_pte_marker(pte_t pte)
{
	return is_swap_pte(pte) && is_pte_marker_entry(pte_to_swp_entry(pte));
}

static inline bool pte_marker_uffd_wp(pte_t pte)
{
	return is_pte_marker(pte) &&
	       (__swp_offset(pte_to_swp_entry(pte)) & PTE_MARKER_UFFD_WP);
}

static inline bool is_migration_entry(swp_entry_t entry)
{
	return __swp_type(entry) == SWP_MIGRATION_READ ||
	       __swp_type(entry) == SWP_MIGRATION_READ_EXCLUSIVE ||
	       __swp_type(entry) == SWP_MIGRATION_WRITE;
}

static inline bool is_writable_migration_entry(swp_entry_t entry)
{
	return __swp_type(entry) == SWP_MIGRATION_WRITE;
}

static inline bool is_readable_migration_entry(swp_entry_t entry)
{
	return __swp_type(entry) == SWP_MIGRATION_READ;
}

static inline swp_entry_t make_readable_migration_entry(unsigned long pfn)
{
	return __swp_entry(SWP_MIGRATION_READ, pfn);
}

static inline swp_entry_t
make_readable_exclusive_migration_entry(unsigned long pfn)
{
	return __swp_entry(SWP_MIGRATION_READ_EXCLUSIVE, pfn);
}

static inline swp_entry_t make_writable_migration_entry(unsigned long pfn)
{
	return __swp_entry(SWP_MIGRATION_WRITE, pfn);
}

static inline swp_entry_t make_migration_entry_young(swp_entry_t entry)
{
	return __swp_entry(__swp_type(entry), __swp_offset(entry) |
			   SWP_MIG_YOUNG);
}

static inline swp_entry_t make_migration_entry_dirty(swp_entry_t entry)
{
	return __swp_entry(__swp_type(entry), __swp_offset(entry) |
			   SWP_MIG_DIRTY);
}

static inline bool is_migration_entry_young(swp_entry_t entry)
{
	return __swp_offset(entry) & SWP_MIG_YOUNG;
}

static inline bool is_migration_entry_dirty(swp_entry_t entry)
{
	return __swp_offset(entry) & SWP_MIG_DIRTY;
}

/* The whole offset: the pfn and the young and dirty bits. */
static inline unsigned long swp_offset(swp_entry_t entry)
{
	return __swp_offset(entry);
}

/*
 * An entry whose offset is a pfn.  The kernel's is_pfn_swap_entry() also
 * counts device-private, device-exclusive and hwpoison entries, which
 * the model has not.
 */
static inline bool is_pfn_swap_entry(swp_entry_t entry)
{
	return is_migration_entry(entry);
}

/* A slot or a marker read as a pfn names some unrelated page. */
static inline unsigned long swp_offset_pfn(swp_entry_t entry)
{
	VM_BUG_ON(!is_pfn_swap_entry(entry));
	return __swp_offset(entry) & SWP_PFN_MASK;
}

#endif /* _LINUX_SWAPOPS_H */
