// SPDX-License-Identifier: GPL-2.0-only
/*
 * Counterexamples a kernel developer reads in a minute: for every known
 * problem (docs/checker.md), the default report of `contpte check` is at
 * most 30 lines from "Violation:" to "Replay:", and names the kernel
 * function whose access decides it, with its file and line; every event
 * line of the trace names where it came from.
 */
#include <stdio.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/ktap.h"

#define OUT_MAX		(1 << 20)
#define MAX_LINES	30

static char out[OUT_MAX];

static const struct {
	const char *args;	/* scenario and settings */
	const char *decisive;	/* "in FUNCTION" of the deciding access */
} known[] = {
	{ "lockless-refold --design lockless=wrap-ptep_get",
	  "in contpte_ptep_get (arch/arm64/mm/contpte.c:" },
	{ "teardown-hw-dirty --design teardown=full",
	  "in contpte_ptep_get (arch/arm64/mm/contpte.c:" },
	{ "agent-sibling-dirty --design access-flags=gathered",
	  "from contpte_ptep_set_access_flags_gathered (" },
	{ "agent-fault --design access-flags=gathered",
	  "from contpte_ptep_set_access_flags_gathered (" },
	{ "fault-no-hw-dirty --design lockless=norecency --design access-flags=generic",
	  "in ptep_set_access_flags_generic (" },
	{ "lockless-agrees --design lockless=raw",
	  "in ptep_get_lockless from lockless_reader (" },
	{ "fault-recheck --design lockless=raw",
	  "in ptep_get_lockless from fault_read_lockless (mm/memory.c:" },
	{ "fault-recheck --design deref=plain",
	  "in ptep_deref (include/linux/pgtable.h:" },
	{ "mprotect-partial --design convert-tlbi=off",
	  "in contpte_convert (arch/arm64/mm/contpte.c:" },
	{ "munmap-partial --design convert-tlbi=off",
	  "in contpte_convert (arch/arm64/mm/contpte.c:" },
};

/* Lines from "Violation:" to the end, and the trace's event lines. */
static void measure(const char *report, unsigned int *lines,
		    unsigned int *events, unsigned int *named)
{
	const char *p = strstr(report, "Violation:"), *nl;
	bool in_trace = false;

	*lines = *events = *named = 0;
	for (; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		(*lines)++;
		if (!strncmp(p, "Trace (", 7))
			in_trace = true;
		else if (in_trace && !strncmp(p, "Executions explored", 19))
			in_trace = false;
		else if (in_trace && !strncmp(p, "  (", 3)) {
			(*events)++;
			/* Where it came from: a call site or a function. */
			*named += memmem(p, nl - p, " in ", 4) ||
				  memmem(p, nl - p, " from ", 6) ||
				  memmem(p, nl - p, " returns", 8) ||
				  memmem(p, nl - p, "hardware updates", 16) ||
				  memmem(p, nl - p, " fault at ", 10) ||
				  memmem(p, nl - p, "tlb-", 4) ||
				  memmem(p, nl - p, "store va=", 9) ||
				  memmem(p, nl - p, "load va=", 8) ||
				  memmem(p, nl - p, "note ", 5);
		}
	}
}

TEST(known_problems_fit_in_30_lines_and_name_the_deciding_function)
{
	unsigned int i, lines, events, named;
	char args[256];

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		snprintf(args, sizeof(args), "check %s", known[i].args);
		EXPECT_EQ(cli_run(args, out, OUT_MAX), 1);
		measure(out, &lines, &events, &named);
		ktap_info("%s: %u lines, %u event lines", known[i].args, lines,
			  events);
		EXPECT_TRUE(lines > 0 && lines <= MAX_LINES);
		EXPECT_TRUE(events > 0);
		EXPECT_EQ(named, events);
		EXPECT_TRUE(strstr(out, known[i].decisive));
		if (!strstr(out, known[i].decisive) || lines > MAX_LINES)
			ktap_diag("%s", strstr(out, "Violation:") ?: out);
	}
}

/*
 * The API calls of a thread appear with their arguments and what they
 * returned; loops over a block fold into one line.
 */
TEST(calls_show_arguments_and_results_and_loops_fold)
{
	EXPECT_EQ(cli_run("check agent-sibling-dirty --design access-flags=gathered",
			  out, OUT_MAX), 1);
	EXPECT_TRUE(strstr(out, "ptep_set_access_flags(chk_w.vma, 0x100000f000, T0[15], entry=[valid cont young dirty(hw+sw) write pfn=0x2f], write=1) from fault (check/scn_agent.c:"));
	EXPECT_TRUE(strstr(out, "ptep_set_access_flags returns 0"));
	EXPECT_TRUE(strstr(out, "lock the PTL in fault (check/scn_agent.c:"));
	EXPECT_EQ(cli_run("check lockless-refold --design lockless=wrap-ptep_get",
			  out, OUT_MAX), 1);
	EXPECT_TRUE(strstr(out, "read T0[0..14] = [valid cont rdonly write pfn=0x20..0x2e] in contpte_ptep_get"));
	/* TLB maintenance names the function that issued it. */
	EXPECT_EQ(cli_run("check fault-no-hw-dirty --design lockless=norecency --design access-flags=generic",
			  out, OUT_MAX), 1);
	EXPECT_TRUE(strstr(out, "tlbi rvale1is va=0x1000000000 pages=16 in contpte_convert (arch/arm64/mm/contpte.c:"));
}
