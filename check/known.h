/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Known problems: design settings the default `contpte check` reports, on
 * which scenarios and by which oracle (docs/checker.md, "Known problems
 * found").  `contpte list known` prints them; tests/check_known.c asserts
 * every row, with its token replayed, and make regtest that the design
 * knobs find nothing else.
 */
#ifndef CHECK_KNOWN_H
#define CHECK_KNOWN_H

struct chk_known {
	const char *design;	/* "K=V K=V": --design settings */
	const char *scenarios;	/* space-separated scenario names */
	const char *oracle;	/* or "A,B": the first found is one of them */
	/* A feature the linked contpte.c needs for it (contpte_feature), or 0. */
	unsigned int needs;
	const char *note;	/* why, in a line */
};

extern const struct chk_known chk_known[];
extern const unsigned int chk_nr_known;

#endif /* CHECK_KNOWN_H */
