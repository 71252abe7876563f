// SPDX-License-Identifier: GPL-2.0-only
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/contpte_design.h>
#include "hw/config.h"
#include "explore.h"
#include "settings.h"

static const char *const bool_names[2] = { "0", "1" };

/*
 * A design knob is one row: its name, value names and help, and the field
 * of contpte_design it sets (every field is unsigned int sized, which
 * SIZE_IS_UINT() checks at compile time).
 */
#define SIZE_IS_UINT(x)	(sizeof(char[sizeof(x) == sizeof(unsigned int) ? 1 : -1]) - 1)
#define DESIGN_KNOB(f, n, names, nr, h)					\
	{ .name = n, .values = names, .nr_values = nr, .help = h,	\
	  .field = offsetof(struct contpte_design, f) +			\
		   SIZE_IS_UINT(contpte_design.f) }

const struct chk_knob chk_design_knobs[] = {
	DESIGN_KNOB(lockless, "lockless", contpte_lockless_names, NR_LOCKLESS,
		    "ptep_get_lockless(): retry until consistent, plain ptep_get(), target only, or target only with A/D-blind callers"),
	DESIGN_KNOB(gup_recheck, "gup-recheck", contpte_gup_recheck_names,
		    NR_GUP_RECHECK,
		    "how GUP-fast rechecks the entry after grabbing the folio"),
	DESIGN_KNOB(teardown, "teardown", contpte_teardown_names, NR_TEARDOWN,
		    "exit/munmap clears: batched, entry by entry unfolding, or the v2 ptep_get_and_clear_full()"),
	DESIGN_KNOB(fork, "fork", contpte_fork_names, NR_FORK,
		    "fork write-protect: wrprotect_ptes() batches or entry by entry"),
	DESIGN_KNOB(access_flags, "access-flags", contpte_access_flags_names,
		    NR_ACCESS_FLAGS,
		    "ptep_set_access_flags(): per-entry no-op test, gathered test, or generic set_pte_at()"),
	DESIGN_KNOB(convert_no_tlbi, "convert-tlbi", contpte_on_off_names, 2,
		    "TLBI between break and make when (un)folding (off: as under BBML2_NOABORT)"),
	DESIGN_KNOB(madv_free, "madv-free", contpte_madv_free_names,
		    NR_MADV_FREE,
		    "MADV_FREE: clear_young_dirty_ptes() batches, or entry by entry unfolding and refolding"),
	DESIGN_KNOB(no_contpte, "contpte", contpte_on_off_names, 2,
		    "off: the kernel without ARM64_CONTPTE, PTE_CONT never set (the benchmarks' baseline)"),
	DESIGN_KNOB(deref, "deref", contpte_deref_names, NR_DEREF,
		    "how core-mm reads an entry under the PTL: ptep_get(), or a plain *ptep (the 2023 ptep_deref() proposal): the target alone, reloaded at will"),
	DESIGN_KNOB(fault_flush, "fault-flush", contpte_fault_flush_names,
		    NR_FAULT_FLUSH,
		    "the TLBI after ptep_set_access_flags() made an entry dirty, and the spurious-fault fix-up: this CPU's only, and a local flush of the faulting page (v6.19 on), or broadcast, and none (up to v6.18; the default for a kernel tree older than v6.19)"),
};
const unsigned int chk_nr_design_knobs =
	sizeof(chk_design_knobs) / sizeof(chk_design_knobs[0]);

const struct chk_knob chk_hw_knobs[] = {
	{ "ha", bool_names, 2,
	  "hardware Access flag management (0: a CPU without FEAT_HAFDBS, which manages the dirty state in software too: hd=0)" },
	{ "hd", bool_names, 2,
	  "hardware dirty state management (DBM; 1 comes with ha=1)" },
	{ "ad-policy", hw_ad_policy_names, HW_NR_AD_POLICIES,
	  "which entry of a contiguous block receives a hardware A/D update" },
	{ "bbm", hw_bbm_names, HW_NR_BBM, "FEAT_BBM level" },
	{ "contig-fill", hw_contig_fill_names, HW_NR_FILL,
	  "whether a walk of a contiguous entry fills a block-sized TLB entry" },
	{ "conflict", hw_conflict_names, HW_NR_CONFLICT,
	  "a TLB multi-hit the architecture allows to abort: the chooser picks an entry or the abort, always the abort, or always an entry" },
	{ "agent", hw_agent_names, HW_NR_AGENTS,
	  "a per-descriptor agent (SMMU without HTTU) beside the CPUs" },
	{ "granule", hw_granule_names, HW_NR_GRANULES, "translation granule" },
	{ "cont-ptes", NULL, 0,
	  "entries per contiguous block: 4, 8, 16, 32, 64 or 128 (overrides the granule's)" },
};
const unsigned int chk_nr_hw_knobs =
	sizeof(chk_hw_knobs) / sizeof(chk_hw_knobs[0]);

enum { H_HA, H_HD, H_AD, H_BBM, H_FILL, H_CONFLICT, H_AGENT, H_GRANULE,
       H_CONT };

static unsigned int *design_field(unsigned int k)
{
	return (unsigned int *)((char *)&contpte_design +
				chk_design_knobs[k].field);
}

static unsigned int design_get(unsigned int k)
{
	return *design_field(k);
}

static void design_store(unsigned int k, unsigned int v)
{
	*design_field(k) = v;
}

static unsigned int hw_get(unsigned int k)
{
	switch (k) {
	case H_HA: return hw_cfg.ha;
	case H_HD: return hw_cfg.hd;
	case H_AD: return hw_cfg.ad_policy;
	case H_BBM: return hw_cfg.bbm;
	case H_FILL: return hw_cfg.contig_fill;
	case H_CONFLICT: return hw_cfg.conflict;
	case H_AGENT: return hw_cfg.agent;
	case H_GRANULE: return hw_cfg.granule;
	default: return hw_cfg.cont_ptes;
	}
}

/* A new granule keeps every other knob but takes its own group size. */
static void set_granule(enum hw_granule g)
{
	struct hw_config keep = hw_cfg;

	hw_config_default(g);
	hw_cfg.ha = keep.ha;
	hw_cfg.hd = keep.hd;
	hw_cfg.bbm = keep.bbm;
	hw_cfg.ad_policy = keep.ad_policy;
	hw_cfg.contig_fill = keep.contig_fill;
	hw_cfg.conflict = keep.conflict;
	hw_cfg.agent = keep.agent;
	hw_cfg.nr_cpus = keep.nr_cpus;
}

/*
 * ID_AA64MMFR1_EL1.HAFDBS has no value for dirty state management without
 * Access flag management (0b0001: the Access flag; 0b0010: both), and the
 * kernel sets TCR_EL1.HD only beside TCR_EL1.HA: each of the two knobs
 * brings the other along where the CPU it names needs it.
 */
static bool hw_store(unsigned int k, unsigned int v)
{
	switch (k) {
	case H_HA: hw_cfg.ha = v; hw_cfg.hd &= v; break;
	case H_HD: hw_cfg.hd = v; hw_cfg.ha |= v; break;
	case H_AD: hw_cfg.ad_policy = v; break;
	case H_BBM: hw_cfg.bbm = v; break;
	case H_FILL: hw_cfg.contig_fill = v; break;
	case H_CONFLICT: hw_cfg.conflict = v; break;
	case H_AGENT: hw_cfg.agent = v; break;
	case H_GRANULE: set_granule(v); break;
	default: return hw_config_set_cont_ptes(v);
	}
	return true;
}

unsigned int chk_knob_get(const struct chk_knob *k, bool design)
{
	return design ? design_get(k - chk_design_knobs) :
			hw_get(k - chk_hw_knobs);
}

void chk_settings_default(void)
{
	contpte_design_reset();
	hw_config_default(HW_GRANULE_4K);
}

static int value_index(const struct chk_knob *k, const char *v)
{
	unsigned int i;

	for (i = 0; i < k->nr_values; i++)
		if (!strcmp(k->values[i], v))
			return i;
	return -1;
}

static const struct chk_knob *find_knob(const struct chk_knob *t,
					unsigned int n, const char *kv,
					size_t *klen)
{
	const char *eq = strchr(kv, '=');
	unsigned int i;

	*klen = eq ? (size_t)(eq - kv) : strlen(kv);
	for (i = 0; i < n; i++)
		if (strlen(t[i].name) == *klen && !strncmp(t[i].name, kv, *klen))
			return &t[i];
	return NULL;
}

static char errbuf[512];

/* "unknown WHAT 'ARG' (one, two, ...)": the valid names listed. */
static const char *list_error(const char *what, const char *arg, size_t len,
			      const char *const *names, unsigned int n,
			      size_t stride)
{
	size_t off;
	unsigned int i;

	off = snprintf(errbuf, sizeof(errbuf), "unknown %s '%.*s' (", what,
		       (int)len, arg);
	for (i = 0; i < n && off < sizeof(errbuf); i++)
		off += snprintf(errbuf + off, sizeof(errbuf) - off, "%s%s",
				i ? ", " : "",
				*(const char *const *)((const char *)names +
						       i * stride));
	if (off < sizeof(errbuf))
		snprintf(errbuf + off, sizeof(errbuf) - off, ")");
	return errbuf;
}

static const char *parse_number(const char *v, unsigned int *out)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);

	if (!*v || *end || n > 1u << 20)
		return "not a number";
	*out = n;
	return NULL;
}

static const char *set(const struct chk_knob *t, unsigned int n,
		       const char *kv, bool design)
{
	const struct chk_knob *k;
	unsigned int v;
	size_t klen;
	int i;

	k = find_knob(t, n, kv, &klen);
	if (!k)
		return list_error(design ? "design knob" : "hardware knob", kv,
				  klen, &t[0].name, n, sizeof(*t));
	if (kv[klen] != '=') {
		snprintf(errbuf, sizeof(errbuf),
			 "expected KNOB=VALUE, not '%s'", kv);
		return errbuf;
	}
	if (!k->nr_values) {
		if (parse_number(kv + klen + 1, &v) || v < CHK_MIN_CONT_PTES ||
		    !hw_store(k - t, v)) {
			snprintf(errbuf, sizeof(errbuf),
				 "bad %s: cont-ptes is 4, 8, 16, 32, 64 or 128 (a power of two: every scenario needs four entries in a block, and no granule has more than 128)",
				 kv);
			return errbuf;
		}
		return NULL;
	}
	i = value_index(k, kv + klen + 1);
	if (i < 0) {
		char what[64];

		snprintf(what, sizeof(what), "%s value", k->name);
		return list_error(what, kv + klen + 1, strlen(kv + klen + 1),
				  k->values, k->nr_values, sizeof(*k->values));
	}
	if (design)
		design_store(k - t, i);
	else
		hw_store(k - t, i);
	return NULL;
}

const char *chk_set_design(const char *kv)
{
	return set(chk_design_knobs, chk_nr_design_knobs, kv, true);
}

const char *chk_set_hw(const char *kv)
{
	return set(chk_hw_knobs, chk_nr_hw_knobs, kv, false);
}

static bool is_granule(const char *kv)
{
	return !strncmp(kv, "granule=", 8);
}

static bool in_list(const char *const *l, unsigned int n, const char *kv)
{
	while (n--)
		if (!strcmp(l[n], kv))
			return true;
	return false;
}

/*
 * A granule resets the group size, so granules go first.  One list names
 * one machine: ha=0 beside hd=1 is a CPU no HAFDBS value describes.
 */
static const char *set_hw_list(const char *const *hw, unsigned int n)
{
	const char *err;
	unsigned int pass, i;

	if (in_list(hw, n, "ha=0") && in_list(hw, n, "hd=1"))
		return "ha=0 with hd=1: no CPU manages the dirty state without the Access flag (ID_AA64MMFR1_EL1.HAFDBS: 0b0001 the Access flag, 0b0010 both); give ha=0 alone, or hd=1 with ha=1";

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++)
			if (is_granule(hw[i]) == !pass &&
			    (err = chk_set_hw(hw[i])))
				return err;
	return NULL;
}

static unsigned int list_len(const char *const *l)
{
	unsigned int n = 0;

	while (l && l[n])
		n++;
	return n;
}

unsigned int chk_machines(const struct chk_scenario *s)
{
	return 1 + list_len(s->also);
}

const char *chk_settings_apply(const struct chk_scenario *s,
			       unsigned int machine,
			       const char *const *design, unsigned int nd,
			       const char *const *hw, unsigned int nh)
{
	const char *err;
	unsigned int i;

	chk_settings_default();
	for (i = 0; i < nd; i++)
		if ((err = chk_set_design(design[i])))
			return err;
	if (s && (err = set_hw_list(s->hw, list_len(s->hw))))
		return err;
	if (s && machine >= chk_machines(s))
		return "no such machine of the scenario";
	if (s && machine && (err = set_hw_list(&s->also[machine - 1], 1)))
		return err;
	return set_hw_list(hw, nh);
}

bool chk_machine_repeats(const struct chk_scenario *s, unsigned int machine,
			 const char *const *design, unsigned int nd,
			 const char *const *hw, unsigned int nh)
{
	char want[64], enc[64];
	unsigned int m;

	if (chk_settings_apply(s, machine, design, nd, hw, nh))
		return false;
	chk_settings_encode(want, sizeof(want));
	for (m = 0; m < machine; m++) {
		if (chk_settings_apply(s, m, design, nd, hw, nh))
			continue;
		chk_settings_encode(enc, sizeof(enc));
		if (!strcmp(enc, want))
			return true;
	}
	return false;
}

void chk_describe(char *buf, size_t size, bool design)
{
	const struct chk_knob *t = design ? chk_design_knobs : chk_hw_knobs;
	unsigned int n = design ? chk_nr_design_knobs : chk_nr_hw_knobs, i;
	size_t len = 0;

	buf[0] = 0;
	for (i = 0; i < n && len < size; i++) {
		unsigned int v = chk_knob_get(&t[i], design);

		if (t[i].nr_values)
			len += snprintf(buf + len, size - len, "%s%s=%s",
					i ? " " : "", t[i].name, t[i].values[v]);
		else
			len += snprintf(buf + len, size - len, "%s%s=%u",
					i ? " " : "", t[i].name, v);
	}
}

/* Knob values are small: one base-36 digit each; cont-ptes as log2. */
static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";

void chk_settings_encode(char *buf, size_t size)
{
	unsigned int i, n = 0;

	for (i = 0; i < chk_nr_design_knobs && n + 1 < size; i++)
		buf[n++] = digits[chk_knob_get(&chk_design_knobs[i], true)];
	for (i = 0; i < chk_nr_hw_knobs && n + 1 < size; i++) {
		unsigned int v = chk_knob_get(&chk_hw_knobs[i], false);

		buf[n++] = digits[chk_hw_knobs[i].nr_values ? v :
				  (unsigned int)__builtin_ctz(v)];
	}
	buf[n] = 0;
}

static int digit(char c)
{
	const char *p = c ? strchr(digits, c) : NULL;

	return p ? p - digits : -1;
}

bool chk_settings_decode(const char *s, size_t len)
{
	unsigned int i, nd = chk_nr_design_knobs;
	int v[64];

	if (len != nd + chk_nr_hw_knobs || len > sizeof(v) / sizeof(v[0]))
		return false;
	for (i = 0; i < len; i++) {
		const struct chk_knob *k = i < nd ? &chk_design_knobs[i] :
						    &chk_hw_knobs[i - nd];

		v[i] = digit(s[i]);
		if (v[i] < 0 || (k->nr_values && v[i] >= (int)k->nr_values))
			return false;
	}
	if (!v[nd + H_HA] && v[nd + H_HD])
		return false;
	chk_settings_default();
	for (i = 0; i < nd; i++)
		design_store(i, v[i]);
	/* Granule first: it resets the group size. */
	hw_store(H_GRANULE, v[nd + H_GRANULE]);
	for (i = 0; i < H_CONT; i++)
		if (i != H_GRANULE)
			hw_store(i, v[nd + i]);
	return v[nd + H_CONT] <= 20 && hw_store(H_CONT, 1u << v[nd + H_CONT]);
}
