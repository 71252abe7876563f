/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User threads: loads, stores and instruction fetches of a simulated CPU,
 * faults included.
 */
#ifndef MM_USER_H
#define MM_USER_H

#include "core.h"

/* Errors of a user access (as the process would see them). */
#define EFAULT_USER	14	/* SIGSEGV */
#define ENOMEM_USER	12	/* OOM */
#define EAGAIN_USER	11	/* the fault never resolved */

/* On the calling thread's CPU (smp_processor_id()); 0 or -E*_USER. */
int user_access(struct mm_model *mm, unsigned long va, bool write,
		u64 *value);
int user_load(struct mm_model *mm, unsigned long va, u64 *value);
int user_store(struct mm_model *mm, unsigned long va, u64 value);
/* An instruction fetch: an abort of it is an instruction abort. */
int user_fetch(struct mm_model *mm, unsigned long va, u64 *value);

struct user_op {
	bool write;
	unsigned long va;
	u64 value;		/* stored */
};

/* A program; results land in @loaded and @ret, one slot per op. */
struct user_thread {
	struct mm_model *mm;
	const struct user_op *prog;
	unsigned int nr_ops;
	unsigned int pc;
	u64 *loaded;
	int *ret;
};

/* Run the next op; false once the program is done. */
bool user_thread_step(struct user_thread *t);
void user_thread_run(struct user_thread *t);

#endif /* MM_USER_H */
