/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel assertions.  A WARN is recorded (and reported to an installed
 * handler, so a checker can turn it into a violation) and execution goes
 * on, as in the kernel; a BUG ends the path that hit it: the program, or
 * the run an installed handler abandons.  CONFIG_DEBUG_VM is on.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>

void __warn(const char *file, int line, const char *cond);
void __noreturn_bug(const char *file, int line, const char *cond)
	__attribute__((__noreturn__));

/* Called for every WARN that fires; NULL restores the default (stderr). */
typedef void (*warn_handler_fn)(const char *file, int line, const char *cond);
void set_warn_handler(warn_handler_fn fn);
/*
 * Called for a BUG, and must not return (a checker abandons the run);
 * NULL restores the default: print and abort.
 */
void set_bug_handler(warn_handler_fn fn);
/* WARNs that fired since the last reset. */
unsigned long warn_count(void);
void warn_count_reset(void);

#define WARN_ON(cond) ({						\
	bool __c = !!(cond);						\
	if (unlikely(__c))						\
		__warn(__FILE__, __LINE__, #cond);			\
	__c;								\
})

#define WARN_ON_ONCE(cond) ({						\
	static bool __warned;						\
	bool __c = !!(cond);						\
	if (unlikely(__c) && !__warned) {				\
		__warned = true;					\
		__warn(__FILE__, __LINE__, #cond);			\
	}								\
	__c;								\
})

/* A WARN that says what went wrong (the kernel's also prints values). */
#define WARN(cond, msg) ({						\
	bool __c = !!(cond);						\
	if (unlikely(__c))						\
		__warn(__FILE__, __LINE__, msg);			\
	__c;								\
})

#define BUG_ON(cond) do {						\
	if (unlikely(cond))						\
		__noreturn_bug(__FILE__, __LINE__, #cond);		\
} while (0)

#define BUG()			BUG_ON(1)
#define VM_WARN_ON(cond)	((void)WARN_ON(cond))
#define VM_WARN_ON_ONCE(cond)	WARN_ON_ONCE(cond)
/* Every time: a checker's run ends at its first report anyway. */
#define VM_WARN_ONCE(cond, msg)	((void)WARN(cond, msg))
#define VM_BUG_ON(cond)		BUG_ON(cond)

#endif /* _LINUX_BUG_H */
