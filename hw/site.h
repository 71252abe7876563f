/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where in the kernel code an access to the machine comes from.  The shim
 * primitives capture their own call site (HW_HERE()), and the arch API's
 * wrappers record the call that is in progress on each CPU (HW_CALL()), so
 * that a report can name the kernel function that made an access and the
 * calls that led to it: "__ptep_get (pgtable.h:212) <
 * __clear_young_dirty_ptes from contpte_clear_young_dirty_ptes
 * (contpte.c:361) < clear_young_dirty_ptes from madvise_free_clear
 * (mm/madvise.c:55)".
 */
#ifndef HW_SITE_H
#define HW_SITE_H

#include <stddef.h>
#include <stdint.h>

struct hw_site {
	const char *func;
	const char *file;
	unsigned int line;
	const char *callee;	/* the function called there, or NULL */
};

/* The site of the expansion, as a pointer to a constant. */
#define HW_HERE() HW_CALL_SITE(NULL)
#define HW_CALL_SITE(name) ({						\
	static const struct hw_site __hw_here = {			\
		__func__, __FILE__, __LINE__, name };			\
	&__hw_here;							\
})

/* Calls in progress per CPU, outermost first; deeper ones are counted. */
#define HW_SITE_DEPTH	16

void hw_site_enter(const struct hw_site *site);
void hw_site_leave(void);
/*
 * Names the outermost call in progress on this CPU, unique in the run (0:
 * none).  Two accesses with the same id belong to one call of the API.
 */
uint64_t hw_site_call_id(void);
/* Forget every CPU's calls: an execution was abandoned mid-way. */
void hw_site_reset(void);

/*
 * The calls in progress on @cpu: how many (those at depth HW_SITE_DEPTH
 * and beyond are counted, not recorded), the one at depth @d (0:
 * outermost, below HW_SITE_DEPTH), and a number that
 * names that call among every call made on @cpu, so that an explorer can
 * tell a call still in progress from a later one made at the same depth.
 */
unsigned int hw_site_depth(unsigned int cpu);
const struct hw_site *hw_site_frame(unsigned int cpu, unsigned int d);
uint64_t hw_site_serial(unsigned int cpu, unsigned int d);
/* Called at every call's entry, on its CPU (NULL: none). */
void hw_site_set_enter_hook(void (*fn)(void *arg, const struct hw_site *site),
			    void *arg);

/*
 * Call @fn(...) with the site of the expansion recorded as the call in
 * progress on this CPU.  HW_CALL() yields the value of the call;
 * HW_CALL_VOID() is for functions without one.
 */
#define HW_CALL(fn, ...) ({						\
	hw_site_enter(HW_CALL_SITE(#fn));				\
	__auto_type __hw_ret = fn(__VA_ARGS__);				\
	hw_site_leave();						\
	__hw_ret;							\
})

#define HW_CALL_VOID(fn, ...) ({					\
	hw_site_enter(HW_CALL_SITE(#fn));				\
	fn(__VA_ARGS__);						\
	hw_site_leave();						\
})

/*
 * "func (file:line) < callee from caller (file:line) < ...": @at (may be
 * NULL), then the calls in progress on this CPU from the innermost out.
 * Returns the length written, as snprintf().
 */
size_t hw_site_format(char *buf, size_t size, const struct hw_site *at);

#endif /* HW_SITE_H */
