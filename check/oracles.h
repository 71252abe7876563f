/* SPDX-License-Identifier: GPL-2.0-only */
/* The oracles, gravest first, as `contpte list oracles` names them. */
#ifndef CHECK_ORACLES_H
#define CHECK_ORACLES_H

#include "hw/violation.h"

enum chk_oracle {
	CHK_DATA_LOSS,
	CHK_CRASH,
	CHK_COW_ISOLATION,
	CHK_PIN_COHERENCE,
	CHK_STALE_TLB,
	CHK_PERMISSION,
	CHK_AD_CONTRACT,
	CHK_LOCKLESS_GARBAGE,
	CHK_GUP_PIN,
	CHK_CONT_BLOCK,
	CHK_BBM,
	CHK_MISPROGRAMMED,
	CHK_TLB_CONFLICT,
	CHK_LIVENESS,
	CHK_BOOKKEEPING,
	CHK_NR_ORACLES
};

struct chk_oracle_info {
	const char *name;	/* as reports, tokens and options name it */
	const char *desc;
};

extern const struct chk_oracle_info chk_oracles[CHK_NR_ORACLES];

static inline const char *chk_oracle_name(enum chk_oracle o)
{
	return o < CHK_NR_ORACLES ? chk_oracles[o].name : "none";
}

/* The oracle named @name (core-mm reports by name), or CHK_NR_ORACLES. */
enum chk_oracle chk_oracle_by_name(const char *name);

/* The oracle a machine monitor's violation belongs to. */
enum chk_oracle chk_oracle_of_hw(enum hw_oracle o);

#endif /* CHECK_ORACLES_H */
