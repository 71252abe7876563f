/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The results of contpte check: one outcome per scenario, printed as a
 * table with the counterexamples, or as one JSON object.
 */
#ifndef TOOLS_RESULTS_H
#define TOOLS_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "check/explore.h"

struct outcome {
	const struct chk_scenario *scn;
	enum chk_mode mode;
	unsigned int bound;		/* exhaustive runs */
	uint64_t seed;			/* random and stress runs */
	unsigned long budget;		/* --executions: runs, or the cap */
	char design[256], hw[256];	/* the settings it ran under */
	struct chk_result r;
	char *token;
	/* --shard: which part of the search this is (shards 0: all). */
	unsigned int shard, shards;
};


/* Every outcome as one JSON object; @ok: all clean. */
void print_json(const struct outcome *out, unsigned int n, bool ok,
		bool interrupted);

/*
 * The settings of the options, a line per scenario with the machine
 * settings it changed for itself, then the counterexamples (@full: every
 * event).
 */
void print_table(const struct outcome *out, unsigned int n,
		 const char *design, const char *hw, uint64_t seed, bool full,
		 bool interrupted);

#endif /* TOOLS_RESULTS_H */
