// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include <asm/contpte_linked.h>

#include "check/oracles.h"
#include "check/report.h"
#include "check/token.h"
#include "results.h"

/* The counterexample of @o, or what a stress run can say about it. */
static void print_counterexample(const struct outcome *o, bool json,
				 bool full)
{
	struct chk_token t;
	const char *err = o->token ? chk_token_parse(o->token, &t) :
				     "not replayable";

	if (!err) {
		err = chk_print_run(stdout, &t, o->token, o->r.executions, json,
				    full, NULL);
		chk_token_release(&t);
		if (!err)
			return;
	}
	if (json) {
		printf("{\"oracle\": ");
		chk_json_string(stdout, chk_oracle_name(o->r.viol.oracle));
		printf(", \"message\": ");
		chk_json_string(stdout, o->r.viol.message);
		printf(", \"replay\": \"\", \"events\": []}");
	} else {
		printf("Violation: %s\n  %s\n(%s mode: no replay token)\n",
		       chk_oracle_name(o->r.viol.oracle), o->r.viol.message,
		       chk_mode_names[o->mode]);
	}
}

/* What `contpte merge` needs of a shard: its parts and its violation. */
static void print_shard(const struct outcome *o)
{
	size_t i;

	printf(", \"shard\": [%u, %u], \"budget\": %lu, \"position\": ",
	       o->shard, o->shards, o->budget);
	if (o->r.violations)
		printf("%llu", (unsigned long long)o->r.position);
	else
		printf("null");
	printf(", \"parts\": [");
	for (i = 0; i < o->r.nr_parts; i++)
		printf("%s[%u, %lu, %s, %lu]", i ? ", " : "",
		       o->r.parts[i].part, o->r.parts[i].executions,
		       o->r.parts[i].complete ? "true" : "false",
		       o->r.parts[i].classes);
	printf("]");
}

void print_json(const struct outcome *out, unsigned int n, bool ok,
		bool interrupted)
{
	unsigned int i;

	printf("{\"ok\": %s, \"interrupted\": %s, \"contpte_c\": {\"path\": ",
	       ok ? "true" : "false", interrupted ? "true" : "false");
	chk_json_string(stdout, contpte_linked.path);
	printf(", \"sha256\": ");
	chk_json_string(stdout, contpte_linked.sha256);
	printf(", \"version\": ");
	chk_json_string(stdout, contpte_linked.version);
	printf("}, \"scenarios\": [");
	for (i = 0; i < n; i++) {
		const struct outcome *o = &out[i];

		printf("%s{\"name\": ", i ? ", " : "");
		chk_json_string(stdout, o->scn->name);
		printf(", \"mode\": \"%s\", \"design\": ", chk_mode_names[o->mode]);
		chk_json_string(stdout, o->design);
		printf(", \"hw\": ");
		chk_json_string(stdout, o->hw);
		if (o->mode != CHK_EXHAUSTIVE)
			printf(", \"bound\": null, \"seed\": %llu",
			       (unsigned long long)o->seed);
		else if (o->bound == CHK_NO_BOUND)
			printf(", \"bound\": \"none\", \"seed\": null");
		else
			printf(", \"bound\": %u, \"seed\": null", o->bound);
		if (o->mode == CHK_EXHAUSTIVE)
			printf(", \"reduction\": \"%s\"",
			       o->r.reduced ? "dpor" : "none");
		if (o->r.classes)
			printf(", \"classes\": %lu", o->r.classes);
		else
			printf(", \"classes\": null");
		printf(", \"executions\": %lu, \"exhausted\": %s, \"interrupted\": %s, \"violations\": %lu, \"seconds\": %.3f",
		       o->r.executions, o->r.exhausted ? "true" : "false",
		       o->r.interrupted ? "true" : "false", o->r.violations,
		       o->r.seconds);
		if (o->shards > 1)
			print_shard(o);
		if (o->r.violations) {
			printf(", \"counterexample\": ");
			print_counterexample(o, true, false);
		}
		printf("}");
	}
	printf("]}\n");
}

/* The "KNOB=VALUE" words of @hw that differ from @base's, or "". */
static void hw_changes(char *buf, size_t size, const char *hw,
		       const char *base)
{
	char a[256], b[256], *sa, *sb, *wa, *wb;
	size_t len = 0;

	snprintf(a, sizeof(a), "%s", hw);
	snprintf(b, sizeof(b), "%s", base);
	buf[0] = 0;
	for (wa = strtok_r(a, " ", &sa), wb = strtok_r(b, " ", &sb); wa && wb;
	     wa = strtok_r(NULL, " ", &sa), wb = strtok_r(NULL, " ", &sb))
		if (strcmp(wa, wb) && len < size)
			len += snprintf(buf + len, size - len, "%s%s",
					len ? " " : "", wa);
}

/* "12345 (all)", "12345 (stopped)" or "12345". */
static void executions(char *buf, size_t size, const struct outcome *o)
{
	snprintf(buf, size, "%lu%s", o->r.executions,
		 o->r.interrupted ? " (stopped)" :
		 o->mode == CHK_EXHAUSTIVE && o->r.exhausted ? " (all)" : "");
}

/*
 * The settings of the options, then a line per scenario with the machine
 * settings the scenario changed for itself.
 */
void print_table(const struct outcome *out, unsigned int n,
		 const char *design, const char *hw, uint64_t seed, bool full,
		 bool interrupted)
{
	char changes[256], linked[512], ex[40], classes[24], bound[16];
	unsigned int i;

	contpte_linked_format(linked, sizeof(linked));
	printf("contpte.c: %s\ndesign: %s\nhw: %s\nseed: %llu\n\n", linked,
	       design, hw, (unsigned long long)seed);
	printf("%-24s %-10s %5s %22s %10s %10s %9s  %s\n", "scenario", "mode",
	       "bound", "executions", "classes", "violations", "seconds",
	       "machine");
	for (i = 0; i < n; i++) {
		const struct outcome *o = &out[i];

		snprintf(bound, sizeof(bound), "-");
		snprintf(classes, sizeof(classes), "-");
		if (o->mode == CHK_EXHAUSTIVE) {
			if (o->bound == CHK_NO_BOUND)
				snprintf(bound, sizeof(bound), "none");
			else
				snprintf(bound, sizeof(bound), "%u", o->bound);
			if (o->r.classes)
				snprintf(classes, sizeof(classes), "%lu",
					 o->r.classes);
		}
		executions(ex, sizeof(ex), o);
		hw_changes(changes, sizeof(changes), o->hw, hw);
		printf("%-24s %-10s %5s %22s %10s %10lu %9.2f  %s\n",
		       o->scn->name, chk_mode_names[o->mode], bound, ex,
		       classes, o->r.violations, o->r.seconds, changes);
	}
	for (i = 0; i < n; i++) {
		if (!out[i].r.violations)
			continue;
		printf("\n== %s ==\n", out[i].scn->name);
		print_counterexample(&out[i], false, full);
	}
	if (n && out[0].shards > 1)
		printf("\nShard %u of %u of each search: merge the --json outputs of all with contpte merge.\n",
		       out[0].shard, out[0].shards);
	if (interrupted)
		printf("\nInterrupted: the table shows what ran before.\n");
}

