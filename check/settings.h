/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The runtime settings a check runs under: the design knobs
 * (contpte_design, docs/arch.md) and the hardware knobs (hw_cfg,
 * docs/hw.md), by their command-line names, to set, describe and encode
 * in replay tokens.
 */
#ifndef CHECK_SETTINGS_H
#define CHECK_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

/* The smallest block every scenario of the catalogue fits in. */
#define CHK_MIN_CONT_PTES	4

struct chk_knob {
	const char *name;
	const char *const *values;	/* indexed by the setting's value */
	unsigned int nr_values;		/* 0: a number (cont-ptes) */
	const char *help;
	size_t field;			/* design knobs: offset in contpte_design */
};

extern const struct chk_knob chk_design_knobs[];
extern const unsigned int chk_nr_design_knobs;
extern const struct chk_knob chk_hw_knobs[];
extern const unsigned int chk_nr_hw_knobs;

/* The upstream design on the default machine. */
void chk_settings_default(void);

/*
 * Apply "KNOB=VALUE".  Returns NULL, or a message naming what is wrong.
 * A granule resets cont-ptes to the granule's own group size, so apply
 * granules before cont-ptes.
 */
const char *chk_set_design(const char *kv);
const char *chk_set_hw(const char *kv);

struct chk_scenario;

/*
 * The machines scenario @s runs on by default: its own (0), then one per
 * word of its also-list.
 */
unsigned int chk_machines(const struct chk_scenario *s);

/*
 * The settings scenario @s runs under: the upstream design on the default
 * machine, then the @nd "KNOB=VALUE" of @design, the scenario's machine
 * @machine (chk_machines()), and the @nh of @hw (granules before
 * cont-ptes).  Returns NULL, or a message naming what is wrong.
 */
const char *chk_settings_apply(const struct chk_scenario *s,
			       unsigned int machine,
			       const char *const *design, unsigned int nd,
			       const char *const *hw, unsigned int nh);

/*
 * Whether @s's machine @machine, under the same options, is one of its
 * machines before it (--hw can make two the same): a search there would
 * only repeat that one's.  Leaves the settings changed.
 */
bool chk_machine_repeats(const struct chk_scenario *s, unsigned int machine,
			 const char *const *design, unsigned int nd,
			 const char *const *hw, unsigned int nh);

/* Current value of knob @k (a design knob if @design) as an index. */
unsigned int chk_knob_get(const struct chk_knob *k, bool design);

/* "KNOB=VALUE ..." of every knob. */
void chk_describe(char *buf, size_t size, bool design);

/* One character per knob, for replay tokens, and back (false: malformed). */
void chk_settings_encode(char *buf, size_t size);
bool chk_settings_decode(const char *s, size_t len);

#endif /* CHECK_SETTINGS_H */
