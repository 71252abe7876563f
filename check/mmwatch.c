// SPDX-License-Identifier: GPL-2.0-only
#include <asm/el0.h>

#include "hw/mem.h"
#include "hw/walk.h"
#include "mm/oracle.h"
#include "explore.h"
#include "mmwatch.h"

static const struct chk_mm_oracle *const oracles[] = {
	&chk_cow_isolation,
	&chk_pin_coherence,
	&chk_permission,
	&chk_uffd_protection,
};

#define NR_ORACLES	(sizeof(oracles) / sizeof(oracles[0]))

bool chk_mm_watching(void)
{
	return hw_sched_hooked();
}

struct mm_model *chk_mm_of_asid(u16 asid)
{
	struct mm_model *mm = asid && asid <= MM_POOL_SIZE ?
			      &mm_pool[asid - 1] : NULL;

	return mm && mm_live(mm) ? mm : NULL;
}

pte_t *chk_mm_peek(struct mm_model *mm, unsigned long va)
{
	struct hw_ctx ctx;

	if (!mm->mm.pgd)
		return NULL;
	ctx = __el0_ctx(&mm->mm);
	return (pte_t *)hw_peek_tables(&ctx, va);
}

pte_t chk_mm_peek_pte(struct mm_model *mm, unsigned long va)
{
	pte_t *ptep = chk_mm_peek(mm, va);

	return ptep ? __pte(__atomic_load_n(&pte_val(*ptep), __ATOMIC_SEQ_CST)) :
		      __pte(0);
}

/* Every oracle's @hook that it has, with the arguments that follow. */
#define tell_oracles(hook, ...)						\
	do {								\
		unsigned int i;						\
									\
		for (i = 0; i < NR_ORACLES; i++)			\
			if (oracles[i]->hook)				\
				oracles[i]->hook(__VA_ARGS__);		\
	} while (0)

static void on_access(void *arg, const struct hw_access_rec *a)
{
	struct mm_model *mm = chk_mm_of_asid(a->asid);

	if (mm && chk_mm_watching())
		tell_oracles(access, mm, a);
}

static void on_write(void *arg, uint64_t *p, uint64_t old, uint64_t new,
		     bool by_hw)
{
	if (chk_mm_watching())
		tell_oracles(written, p, old, new, by_hw);
}

static void on_fork(void *arg, struct mm_model *parent, struct mm_model *child,
		    bool done)
{
	if (chk_mm_watching())
		tell_oracles(fork, parent, child, done);
}

static void on_unmap(void *arg, struct mm_model *mm, unsigned long start,
		     unsigned long end)
{
	if (chk_mm_watching())
		tell_oracles(unmap, mm, start, end);
}

static void on_uffd_wp(void *arg, struct mm_model *mm, unsigned long start,
		       unsigned long end, bool protect)
{
	if (chk_mm_watching())
		tell_oracles(uffd_wp, mm, start, end, protect);
}

static void on_refused(void *arg, struct mm_model *mm, unsigned long va,
		       unsigned int fault_flags)
{
	if (chk_mm_watching())
		tell_oracles(refused, mm, va, fault_flags);
}

static const struct hw_write_observer write_observer = { on_write, NULL };
static const struct mm_observer mm_observer = {
	.fork = on_fork, .unmap = on_unmap, .uffd_wp = on_uffd_wp,
	.refused = on_refused,
};

void chk_mmwatch_start(void)
{
	hw_set_access_observer(on_access, NULL);
	BUG_ON(!hw_add_write_observer(&write_observer));
	mm_set_observer(&mm_observer);
}

void chk_mmwatch_stop(void)
{
	mm_set_observer(NULL);
	hw_remove_write_observer(&write_observer);
	hw_set_access_observer(NULL, NULL);
}

void chk_mmwatch_reset(void)
{
	tell_oracles(reset);
}
