/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which arch/arm64/mm/contpte.c this program was built with (the project's
 * own, or a kernel tree's with make KERNEL=DIR), and which of the
 * behaviours that only some kernels have it implements, as read from the
 * file by scripts/contpte-api.  Reports name it; tests that pin one of the
 * behaviours skip, saying why, when the file lacks it.
 */
#ifndef __ASM_CONTPTE_LINKED_H
#define __ASM_CONTPTE_LINKED_H

#include <stdbool.h>
#include <stddef.h>

enum contpte_feature {
	/* contpte_{test_and,clear_flush}_young_ptes(): mainline */
	CONTPTE_BATCHED_YOUNG		= 1 << 0,
	/* contpte_convert() skips its TLBI under BBML2_NOABORT: mainline */
	CONTPTE_BBML2_ELISION		= 1 << 1,
	/* ptep_set_access_flags() flushes locally: mainline */
	CONTPTE_LOCAL_FLUSH		= 1 << 2,
	/* contpte_clear_young_dirty_ptes(): v6.10 on */
	CONTPTE_CLEAR_YOUNG_DIRTY	= 1 << 3,
};

struct contpte_linked {
	const char *path;	/* as make was given it */
	const char *sha256;	/* the first 12 hex digits */
	const char *version;	/* of the kernel tree, "" for ours */
	unsigned int features;	/* enum contpte_feature */
};

extern const struct contpte_linked contpte_linked;

/* Built without KERNEL=: our own arch/arm64/mm/contpte.c. */
static inline bool contpte_linked_is_project_file(void)
{
	return !*contpte_linked.version;
}

/*
 * Whether kernel @version ("MAJOR.MINOR...", as contpte_linked.version)
 * is older than @major.@minor; never for "" (our own file, or a tree
 * whose Makefile gave no version).
 */
bool contpte_version_older(const char *version, unsigned int major,
			   unsigned int minor);

/*
 * "PATH (Linux VERSION, sha256 HASH)", or "(this project's, ...)" for
 * our own file.  Returns the length written, as snprintf().
 */
int contpte_linked_format(char *buf, size_t size);

/* NULL if the linked file has @feature, else why a test of it skips. */
const char *contpte_lacks(enum contpte_feature feature);

#endif /* __ASM_CONTPTE_LINKED_H */
