/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A design of a benchmark run: the upstream design and the machine of
 * --hw, with its own settings ("K=V,K=V", design or machine knobs of
 * contpte list designs and contpte list hw) on top.
 */
#ifndef BENCH_DESIGN_H
#define BENCH_DESIGN_H

#include <stdbool.h>

#include "hw/config.h"
#include "bench.h"

/*
 * Apply one "K=V": any knob of a design (@in_design), or a machine knob
 * (--hw); NULL or a message naming it and what is valid.  Granule and
 * group size size the machine's memory, so no design may change them.
 */
const char *bench_set_setting(const char *kv, bool in_design);

/*
 * The upstream design on machine @hw, then @d's settings; NULL or a
 * message naming the setting that is wrong.
 */
const char *bench_apply_design(const struct bench_design *d,
			       const struct hw_config *hw);

#endif /* BENCH_DESIGN_H */
