/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The oracles that watch the core-mm world as it runs, rather than at the
 * end of an execution: every user load and store that completed or the
 * fault handler refused, every descriptor write, every fork and every
 * range unmapped.  Each is one struct chk_mm_oracle, listed in mmwatch.c.
 * They watch executions of the explorer (coroutines): the stress mode's
 * real threads only run the machine's monitors.
 */
#ifndef CHECK_MMWATCH_H
#define CHECK_MMWATCH_H

#include "hw/mmu.h"
#include "mm/core.h"

/*
 * @va lies past the last page of the file @vma maps: a fault there raises
 * SIGBUS (shmem's large folios are mapped across it all the same).
 */
static inline bool vma_past_eof(const struct vm_area *vma, unsigned long va)
{
	return vma->mapping &&
	       linear_page_index(vma, va) >= i_size_read(vma->mapping);
}

struct chk_mm_oracle {
	/* A new execution: forget everything. */
	void (*reset)(void);
	/* A user access by @mm completed (a load, or a store, @a). */
	void (*access)(struct mm_model *mm, const struct hw_access_rec *a);
	void (*written)(uint64_t *p, uint64_t old, uint64_t new, bool by_hw);
	void (*fork)(struct mm_model *parent, struct mm_model *child,
		     bool done);
	void (*unmap)(struct mm_model *mm, unsigned long start,
		      unsigned long end);
	void (*uffd_wp)(struct mm_model *mm, unsigned long start,
			unsigned long end, bool protect);
	/*
	 * The fault handler refused a user access (SIGSEGV): its fault's
	 * FAULT_FLAG_WRITE and FAULT_FLAG_INSTRUCTION.
	 */
	void (*refused)(struct mm_model *mm, unsigned long va,
			unsigned int fault_flags);
};

extern const struct chk_mm_oracle chk_cow_isolation;
extern const struct chk_mm_oracle chk_pin_coherence;
extern const struct chk_mm_oracle chk_permission;
extern const struct chk_mm_oracle chk_uffd_protection;

/*
 * @va of @mm lies in a range UFFDIO_WRITEPROTECT protected and the
 * monitor has not resolved since (check/uffdprot.c).
 */
bool chk_uffd_protected(struct mm_model *mm, unsigned long va);
/* @pte carries that protection: PTE_UFFD_WP, or its swap or marker bit. */
bool chk_uffd_wp_entry(pte_t pte);

/* Install the watch for a run of the core-mm world, and remove it. */
void chk_mmwatch_start(void);
void chk_mmwatch_stop(void);
/* Before each execution. */
void chk_mmwatch_reset(void);

/* Watched: an execution of the explorer, not the stress mode's threads. */
bool chk_mm_watching(void);
/* The live mm an access ran under, by its ASID, or NULL. */
struct mm_model *chk_mm_of_asid(u16 asid);
/*
 * The entry of @mm mapping @va, read without a scheduling point (as an
 * observer may), or NULL when there is no table for it.
 */
pte_t *chk_mm_peek(struct mm_model *mm, unsigned long va);
/* That entry's value, read once; none where there is no table. */
pte_t chk_mm_peek_pte(struct mm_model *mm, unsigned long va);

#endif /* CHECK_MMWATCH_H */
