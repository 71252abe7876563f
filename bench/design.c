// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include <asm/contpte_design.h>
#include "check/settings.h"
#include "design.h"

/* The knob "K=V" names, in either table (@design: the design one). */
static const struct chk_knob *knob_of(const char *kv, bool *design)
{
	size_t n = strcspn(kv, "=");
	unsigned int i;

	for (i = 0; i < chk_nr_design_knobs + chk_nr_hw_knobs; i++) {
		const struct chk_knob *k;

		*design = i < chk_nr_design_knobs;
		k = *design ? &chk_design_knobs[i] :
			      &chk_hw_knobs[i - chk_nr_design_knobs];
		if (strlen(k->name) == n && !strncmp(k->name, kv, n))
			return k;
	}
	return NULL;
}

static char errbuf[320];

/* @why, and the values @k takes. */
const char *bench_set_setting(const char *kv, bool in_design)
{
	const struct chk_knob *k;
	bool design;

	k = knob_of(kv, &design);
	if (!k) {
		snprintf(errbuf, sizeof(errbuf), "unknown %s: %s (see %s)",
			 in_design ? "knob in a design" : "hardware knob", kv,
			 in_design ? "contpte list designs, contpte list hw" :
				     "contpte list hw");
		return errbuf;
	}
	if (!design && in_design && (!strcmp(k->name, "granule") ||
				     !strcmp(k->name, "cont-ptes"))) {
		snprintf(errbuf, sizeof(errbuf),
			 "%s: the granule and group size go in --hw, the same for every design",
			 kv);
		return errbuf;
	}
	if (design && !in_design) {
		snprintf(errbuf, sizeof(errbuf),
			 "%s is a design knob: use --design", kv);
		return errbuf;
	}
	/* The settings' own errors list the valid values. */
	return design ? chk_set_design(kv) : chk_set_hw(kv);
}

const char *bench_apply_design(const struct bench_design *d,
			       const struct hw_config *hw)
{
	char spec[160], *kv, *save;
	const char *err = NULL;

	contpte_design_reset();
	hw_cfg = *hw;
	snprintf(spec, sizeof(spec), "%s", d->spec);
	for (kv = strtok_r(spec, ",", &save); kv && !err;
	     kv = strtok_r(NULL, ",", &save))
		err = bench_set_setting(kv, true);
	return err;
}

