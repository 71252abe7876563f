/* SPDX-License-Identifier: GPL-2.0-only */
/* The oracles, gravest first, as `contpte list oracles` names them. */
#ifndef CHECK_ORACLES_H
#define CHECK_ORACLES_H

struct chk_oracle {
	const char *name;
	const char *desc;
};

extern const struct chk_oracle chk_oracles[];
extern const unsigned int chk_nr_oracles;

/* Gravity: the table is ordered from data loss down (unknown: last). */
unsigned int chk_oracle_rank(const char *name);

#endif /* CHECK_ORACLES_H */
