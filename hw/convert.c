// SPDX-License-Identifier: GPL-2.0-only
/*
 * contpte_convert() is the only code that changes the contiguous bit of a
 * live block: under the PTL it clears every entry of the group, flushes
 * (unless BBML2_NOABORT), and writes every entry back with the bit
 * flipped, all within one call of the arch API.  Writes spread over
 * several calls (mprotect's start and commit, an unmap then a new fault)
 * are not a convert even when they leave the same entries behind.
 */
#include <string.h>

#include "convert.h"
#include "desc.h"
#include "mem.h"
#include "site.h"
#include "stats.h"
#include "tlb.h"

#define WORDS	(HW_MAX_CONT_PTES / 64)

/* The group a CPU is part-way through breaking or making. */
struct convert {
	uint64_t call;		/* hw_site_call_id() of the call, 0: none */
	uint64_t *group;
	uint64_t broken[WORDS], made[WORDS];
	int cont;		/* the broken entries' contiguous bit, or -1 */
};

static struct convert cpus[HW_MAX_CPUS];

static void start(struct convert *c, uint64_t call, uint64_t *group)
{
	*c = (struct convert){ .call = call, .group = group, .cont = -1 };
}

static void mark(uint64_t *bits, unsigned int i)
{
	bits[i / 64] |= 1ull << (i % 64);
}

static bool all(const uint64_t *bits)
{
	unsigned int i, n = hw_cfg.cont_ptes;

	for (i = 0; i < n; i++)
		if (!(bits[i / 64] & (1ull << (i % 64))))
			return false;
	return true;
}

/*
 * A break.  An entry that was already invalid counts as broken (a block
 * half cleared by teardown=full is still converted whole); the live ones
 * must agree on the contiguous bit, which the make must flip.
 */
static void note_break(struct convert *c, unsigned int i, uint64_t old)
{
	int cont = !!(old & HW_DESC_CONT);

	if (all(c->broken) || (hw_desc_is_page(old) && c->cont >= 0 &&
			       c->cont != cont))
		start(c, c->call, c->group);
	if (hw_desc_is_page(old))
		c->cont = cont;
	mark(c->broken, i);
}

/* A make: once all are made with the bit flipped, count the convert. */
static void note_make(struct convert *c, unsigned int i, uint64_t new)
{
	bool cont = new & HW_DESC_CONT;

	if (!all(c->broken) || c->cont < 0 || cont == c->cont) {
		start(c, c->call, c->group);
		return;
	}
	mark(c->made, i);
	if (!all(c->made))
		return;
	if (cont)
		hw_count(folds);
	else
		hw_count(unfolds);
	start(c, 0, NULL);
}

void hw_convert_note(uint64_t *p, uint64_t old, uint64_t new)
{
	struct convert *c = &cpus[hw_this_cpu];
	uint64_t call = hw_site_call_id(), *group = hw_group_of(p);

	if (!call) {
		start(c, 0, NULL);
		return;
	}
	if (c->call != call || c->group != group)
		start(c, call, group);
	if (hw_desc_is_page(new))
		note_make(c, p - group, new);
	else
		note_break(c, p - group, old);
}

void hw_convert_reset(void)
{
	memset(cpus, 0, sizeof(cpus));
}
