/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine as a whole: one reset between runs, and the sequence numbers
 * that order fills, TLBIs and descriptor writes for provenance.
 */
#ifndef HW_MACHINE_H
#define HW_MACHINE_H

#include <stdint.h>

/*
 * Empty every TLB, forget pending TLBIs, per-descriptor agents, monitor
 * state and recorded violations, zero the counters, and install the
 * monitors.  Configuration, tables, frames and the chooser are kept.
 */
void hw_machine_reset(void);

/* The next machine sequence number (monotonic, never 0). */
uint64_t hw_seq_next(void);

#endif /* HW_MACHINE_H */
