/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What one step of a thread touched: the partial-order reduction's notion
 * of dependence.  A step runs a thread from one scheduling point to its
 * next; it starts with the primitive its point names (a page-table word,
 * any other word, a lock, a folio count, a TLBI or DSB) and then runs
 * code that no scheduling point names.  That code is known only where the
 * step never leaves one call of the arch API (the contpte layer and its
 * helpers touch nothing but page-table words through the primitives, and
 * TLBs through TLBI and DSB); anywhere else (core-mm, a scenario, a user
 * access through the MMU) the step may touch any state of the kernel and
 * the machine: it is "hidden", and two hidden steps are always dependent.
 *
 * Two steps of different threads are dependent when:
 *  - either ended the execution (a violation), or both are hidden;
 *  - their primitives name the same object and one of them writes it
 *    (every lock operation and folio count access writes);
 *  - one writes a page-table word and the other is hidden (the watchers
 *    and monitors a hidden step may consult read every word);
 *  - one changes the TLBs (TLBI, DSB, or a hidden step, which may fill
 *    them) and the other writes a page-table word (the break-before-make
 *    monitors read the TLBs) or changes them too;
 *  - one allocated or freed a table and the other accesses page-table
 *    memory.
 */
#ifndef CHECK_FOOTPRINT_H
#define CHECK_FOOTPRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/mem.h"
#include "explore.h"

enum {
	CHK_FP_HIDDEN		= 1u << 0,
	CHK_FP_TABLES_READ	= 1u << 1,	/* every page-table word */
	CHK_FP_TABLE_WRITE	= 1u << 2,	/* some page-table word */
	CHK_FP_TLB_READ		= 1u << 3,
	CHK_FP_TLB_WRITE	= 1u << 4,
	CHK_FP_ARENA_READ	= 1u << 5,	/* which tables are live */
	CHK_FP_ARENA_WRITE	= 1u << 6,
	CHK_FP_END		= 1u << 7,	/* ended the execution */
};

struct chk_footprint {
	unsigned int flags;
	const void *obj;	/* what its primitive names, or NULL */
	bool write;		/* the primitive changes @obj */
};

bool chk_fp_dependent(const struct chk_footprint *a,
		      const struct chk_footprint *b);

/* The footprints of several variants of one step (hardware choices). */
void chk_fp_union(struct chk_footprint *into, const struct chk_footprint *fp);

/*
 * Following each thread's steps.  chk_fp_arrive() when thread @t reaches
 * a scheduling point (the primitive it is about to make), chk_fp_start()
 * when a step of @t begins, chk_fp_end() when it ends (the thread reached
 * its next point or finished): the step's footprint.
 */
struct chk_fp_thread {
	enum hw_mem_op op;
	const void *p;
	bool at_point;		/* false: the thread has not started */
	/* The outermost arch call the point is in, or depth 0: none. */
	unsigned int depth;
	uint64_t serial;
	uint64_t impure, generation;	/* when the step began */
};

struct chk_fp_watch {
	struct chk_fp_thread t[CHK_MAX_THREADS];
	uint64_t impure[CHK_MAX_THREADS];	/* calls entered per CPU outside the arch API */
};

/* Install the call observer; chk_fp_watch_stop() removes it. */
void chk_fp_watch_start(struct chk_fp_watch *w);
void chk_fp_watch_stop(void);
void chk_fp_watch_reset(struct chk_fp_watch *w);
void chk_fp_arrive(struct chk_fp_watch *w, unsigned int t, enum hw_mem_op op,
		   const void *p);
void chk_fp_start(struct chk_fp_watch *w, unsigned int t);
/* @finished: the thread ran to its end in this step. */
void chk_fp_end(struct chk_fp_watch *w, unsigned int t, bool finished,
		struct chk_footprint *fp);

#endif /* CHECK_FOOTPRINT_H */
