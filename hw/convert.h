/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Folds and unfolds as the machine sees them, whoever's contpte.c made
 * them (docs/hw.md, "Converts"): a contiguous group whose every entry one
 * call of the arch API broke and then made valid again with the
 * contiguous bit flipped.  Counted in hw_stats.folds and hw_stats.unfolds.
 */
#ifndef HW_CONVERT_H
#define HW_CONVERT_H

#include <stdint.h>

/* A software write of the level-3 descriptor @p, from @old to @new. */
void hw_convert_note(uint64_t *p, uint64_t old, uint64_t new);
/* Forget every CPU's group in progress. */
void hw_convert_reset(void);

#endif /* HW_CONVERT_H */
