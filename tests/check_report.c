// SPDX-License-Identifier: GPL-2.0-only
/*
 * Counterexamples a kernel developer reads in a minute: for every known
 * problem (check/known.c), a counterexample of the default report of
 * `contpte check` on a scenario that reports it (one for each machine the
 * scenario runs on) is at most 30 lines from "Violation:" to its end (the
 * shortest of its scenarios'), and the report names the kernel function
 * whose access decides it, with its file and line; on every scenario of
 * every row, each event line of the trace names where it came from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/contpte_linked.h>

#include <linux/spinlock.h>

#include "check/known.h"
#include "check/world.h"
#include "lib/chktest.h"
#include "lib/cli.h"
#include "lib/ktap.h"

#define OUT_MAX		(1 << 20)
#define MAX_LINES	30

static char out[OUT_MAX];

/*
 * The kernel function whose access decides each known problem, by its
 * design settings and, where one setting breaks two oracles, its oracle.
 */
static const struct {
	const char *design;
	const char *oracle;	/* NULL: every row of @design */
	const char *decisive;	/* as the trace names it */
} deciding[] = {
	{ "lockless=wrap-ptep_get", NULL, "in contpte_ptep_get (arch/arm64/mm/contpte.c:" },
	{ "lockless=raw", NULL, "in ptep_get_lockless from " },
	{ "lockless=norecency", NULL, "in ptep_get_lockless from " },
	/*
	 * The debug build's check of the generic update's plain store over
	 * the live entry, made in set_pte_at().
	 */
	{ "lockless=norecency access-flags=generic", NULL, "in set_ptes from set_pte_at (" },
	{ "teardown=full", "ad-contract", "in contpte_ptep_get (arch/arm64/mm/contpte.c:" },
	{ "teardown=full", "cont-block", "in contpte_ptep_get_and_clear_full_v2 (arch/arm64/mm/contpte_designs.c:" },
	{ "access-flags=gathered", NULL, "from contpte_ptep_set_access_flags_gathered (" },
	{ "convert-tlbi=off", "bbm", "in contpte_convert (arch/arm64/mm/contpte.c:" },
	/* The fold's make, the write that meets the cached page entry. */
	{ "convert-tlbi=off", "tlb-conflict", "in __set_ptes from contpte_convert (arch/arm64/mm/contpte.c:" },
	{ "deref=plain", NULL, "in ptep_deref (include/linux/pgtable.h:" },
	/*
	 * fork()'s read of the parent's entry, before the hardware dirtied
	 * it: the child's copy is made from it, clean.
	 */
	{ "fork=unfold", NULL, "in ptep_get from ptep_deref (include/linux/pgtable.h:" },
	{ "contpte=off", NULL, "in ptep_get from folio_pte_batch (mm/pte_batch.c:" },
};

static const char *decisive(const struct chk_known *k)
{
	unsigned int i;

	for (i = 0; i < sizeof(deciding) / sizeof(deciding[0]); i++)
		if (!strcmp(deciding[i].design, k->design) &&
		    (!deciding[i].oracle || !strcmp(deciding[i].oracle, k->oracle)))
			return deciding[i].decisive;
	return NULL;
}

/*
 * Lines of the counterexample at @report, from "Violation:" to the next
 * one's "== SCENARIO ==" (a scenario run on several machines reports on
 * each) or the end, and the trace's event lines.
 */
static void measure(const char *report, unsigned int *lines,
		    unsigned int *events, unsigned int *named)
{
	const char *p = report, *nl;
	bool in_trace = false;

	*lines = *events = *named = 0;
	for (; p && *p && strncmp(p, "== ", 3); p = nl + 1) {
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

/* "--design A --design B" for "A B". */
static void design_args(char *buf, size_t size, const char *design)
{
	char words[256], *w, *save;
	size_t len = 0;

	snprintf(words, sizeof(words), "%s", design);
	buf[0] = 0;
	for (w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save))
		len += snprintf(buf + len, size - len, " --design %s", w);
}

TEST(known_problems_fit_in_30_lines_and_name_the_deciding_function)
{
	unsigned int i, lines, events, named, shortest, runs = 0, rows = 0;
	char args[512], design[256], names[512], *s, *save;
	const char *want, *c;

	for (i = 0; i < chk_nr_known; i++) {
		if (contpte_lacks(chk_known[i].needs))
			continue;
		rows++;
		design_args(design, sizeof(design), chk_known[i].design);
		want = decisive(&chk_known[i]);
		snprintf(names, sizeof(names), "%s", chk_known[i].scenarios);
		shortest = ~0u;
		for (s = strtok_r(names, " ", &save); s;
		     s = strtok_r(NULL, " ", &save)) {
			snprintf(args, sizeof(args), "check %s%s", s, design);
			EXPECT_EQ(cli_run(args, out, OUT_MAX), 1);
			c = strstr(out, "Violation:");
			EXPECT_TRUE(c);
			for (; c; c = strstr(c + 1, "\nViolation:")) {
				c += *c == '\n';
				measure(c, &lines, &events, &named);
				ktap_info("%s: %u lines, %u event lines", args,
					  lines, events);
				EXPECT_TRUE(lines > 0);
				if (lines < shortest)
					shortest = lines;
				EXPECT_TRUE(events > 0);
				EXPECT_EQ(named, events);
				if (lines > MAX_LINES)
					ktap_diag("%s", c);
			}
			if (want)
				EXPECT_TRUE(strstr(out, want));
			if (want && !strstr(out, want))
				ktap_diag("%s", out);
			runs++;
		}
		EXPECT_TRUE(shortest <= MAX_LINES);
	}
	/* At least one run for each row the linked contpte.c can show. */
	EXPECT_TRUE(rows > 0 && runs >= rows);
}

/*
 * The API calls of a thread appear with their arguments and what they
 * returned; loops over a block fold into one line.
 */
TEST(calls_show_arguments_and_results_and_loops_fold)
{
	EXPECT_EQ(cli_run("check agent-sibling-dirty --design access-flags=gathered",
			  out, OUT_MAX), 1);
	EXPECT_TRUE(strstr(out, "ptep_set_access_flags(chk_w.vma, 0x100000f000, T0[15], entry=[valid cont young dirty(hw+sw) write pfn=0x2f], write=1) from fault (check/access.c:"));
	EXPECT_TRUE(strstr(out, "ptep_set_access_flags returns 0"));
	EXPECT_TRUE(strstr(out, "lock the PTL in fault (check/access.c:"));
	EXPECT_EQ(cli_run("check lockless-refold --design lockless=wrap-ptep_get",
			  out, OUT_MAX), 1);
	EXPECT_TRUE(strstr(out, "read T0[0..14] = [valid cont rdonly write pfn=0x20..0x2e] in contpte_ptep_get"));
	/* TLB maintenance names the function that issued it. */
	EXPECT_EQ(cli_run("check fault-no-hw-dirty --design lockless=norecency --design access-flags=generic",
			  out, OUT_MAX), 1);
	EXPECT_TRUE(strstr(out, "tlbi rvale1is va=0x1000000000 pages=16 in contpte_convert (arch/arm64/mm/contpte.c:"));
}

/*
 * Locks are named by what they guard, never by their address (which
 * changes from run to run); others are numbered.  A lock taken in a
 * header's helper is its caller's.  The final checks' events
 * have a section of their own in the full trace.
 */
TEST(locks_are_named_and_final_checks_have_their_section)
{
	EXPECT_EQ(cli_run("check agent-fault --design lockless=raw --full",
			  out, OUT_MAX), 1);
	EXPECT_TRUE(strstr(out, "lock vm_lock of mm 0's VMA at 0x1000000000 in vma_start_read (mm/mmap_lock.c:"));
	EXPECT_TRUE(strstr(out, "lock the anon_vma lock of mm 0 in vma_rmap_lock_write (mm/rmap.c:"));
	EXPECT_TRUE(strstr(out, "lock L0 in folio_alloc (mm/page_alloc.c:"));
	EXPECT_FALSE(strstr(out, "lock 0x"));
	EXPECT_TRUE(strstr(out, "\nFinal checks:\n"));
	/*
	 * A folio's lock by its pfn, at the kernel function that took it,
	 * not at the header's helper (folio_trylock()).
	 */
	EXPECT_EQ(cli_run("check reclaim-write --design lockless=raw --full",
			  out, OUT_MAX), 1);
	EXPECT_TRUE(strstr(out, "lock the folio lock of pfn 0x10 in fault_around_folios (mm/fault_around.c:"));
	EXPECT_FALSE(strstr(out, "(mm/core.h:"));
}

/* A folded block read naming a young entry after the range's state. */
static bool odd_young_entry(const char *report)
{
	const char *p, *nl;

	for (p = report; (p = strstr(p, "], T0[")); p = nl) {
		nl = strchr(p, '\n');
		if (!nl)
			return false;
		if (memmem(p, nl - p, " young ", 7) &&
		    memmem(p, nl - p, "in contpte_ptep_get_lockless (", 30))
			return true;
	}
	return false;
}

/*
 * A loop over a block whose entries differ only in where the hardware put
 * A/D folds too, with the most common state for the range and the odd
 * entries named after it.
 */
TEST(loops_fold_across_access_and_dirty)
{
	EXPECT_EQ(cli_run("check agent-fault --design deref=plain", out,
			  OUT_MAX), 1);
	EXPECT_TRUE(strstr(out, "read T0[0..15] = [valid cont rdonly write pfn=0x10..0x1f], T0[0] = [valid cont young dirty(hw) write pfn=0x10] in contpte_ptep_get_lockless (arch/arm64/mm/contpte.c:"));
	/* Which entry is young depends on the search the linked file makes. */
	EXPECT_EQ(cli_run("check reclaim-write --design deref=plain", out,
			  OUT_MAX), 1);
	EXPECT_TRUE(odd_young_entry(out));
}

/*
 * Lock order: a thread finds what a lock protects changed, after it let
 * the lock go or once it takes it; the other thread's hold of it just
 * before is in the slice, though no page-table entry links the two
 * (reclaim freeing a folio fsync's writeback let go of, MADV_FREE taking
 * a folio out of the swap cache while its copy is in flight).  This
 * file's own scenario.
 */
static spinlock_t lo_lock;
static uint64_t lo_freed, lo_released;
/* The check after the lock is let go, the free waiting for that. */
static bool lo_after;

static void lo_setup(void)
{
	chk_world_setup();
	spin_lock_init(&lo_lock);
	lo_freed = lo_released = 0;
}

static void lo_free(void)
{
	while (lo_after && !__atomic_load_n(&lo_released, __ATOMIC_RELAXED))
		hw_sched_point(HW_SYNC_ATOMIC, &lo_released);
	spin_lock(&lo_lock);
	__atomic_store_n(&lo_freed, 1, __ATOMIC_RELAXED);
	spin_unlock(&lo_lock);
}

static void lo_use(void)
{
	spin_lock(&lo_lock);
	if (lo_after) {
		spin_unlock(&lo_lock);
		__atomic_store_n(&lo_released, 1, __ATOMIC_RELAXED);
		hw_sched_point(HW_SYNC_ATOMIC, &lo_freed);
	}
	BUG_ON(__atomic_load_n(&lo_freed, __ATOMIC_RELAXED));
	if (!lo_after)
		spin_unlock(&lo_lock);
}

static void lo_thread(unsigned int t)
{
	if (t)
		lo_use();
	else
		lo_free();
}

static const struct chk_scenario lock_order = {
	.name = "lock-order",
	.desc = "a thread finds what a lock protects freed",
	.nr_threads = 2,
	.thread_names = { "free", "use" },
	.init = chk_world_init,
	.setup = lo_setup,
	.thread = lo_thread,
	.exit = chk_world_exit,
	.mode = CHK_EXHAUSTIVE,
	.bound = 1,
};

static void expect_free_hold_shown(bool after)
{
	static const char *const none[] = { NULL };
	struct chk_options o = { .mode = CHK_EXHAUSTIVE, .executions = 100,
				 .bound = 1, .seed = ktap_seed };
	struct chk_result r, again;
	char *text;

	lo_after = after;
	chktest_settings(none);
	ASSERT_TRUE(chk_explore(&lock_order, &o, &r));
	ASSERT_EQ(r.violations, 1);
	ASSERT_TRUE(r.have_trace);
	text = chktest_report(&lock_order, &r, &again);
	ASSERT_TRUE(text);
	EXPECT_EQ(again.viol.oracle, CHK_CRASH);
	EXPECT_TRUE(strstr(text, "use          lock L0 in lo_use (tests/check_report.c:"));
	EXPECT_TRUE(strstr(text, "free         lock L0 in lo_free (tests/check_report.c:"));
	EXPECT_TRUE(strstr(text, "free         unlock L0 in lo_free (tests/check_report.c:"));
	free(text);
	chk_result_release(&again);
	chk_result_release(&r);
}

TEST(slice_shows_the_hold_after_a_release)
{
	expect_free_hold_shown(true);
}

TEST(slice_shows_the_hold_before_an_acquisition)
{
	expect_free_hold_shown(false);
}
