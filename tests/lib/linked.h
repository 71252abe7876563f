/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tests that pin a behaviour only some kernels' contpte.c have skip,
 * saying why, when the linked one lacks it (make KERNEL=DIR).
 */
#ifndef TESTS_LINKED_H
#define TESTS_LINKED_H

#include <asm/contpte_linked.h>

#include "ktap.h"

#define REQUIRE_CONTPTE(feature) do {					\
	const char *__why = contpte_lacks(feature);			\
									\
	if (__why)							\
		ktap_skip(__why);					\
} while (0)

/* The exact page-table accesses are pinned for the project's file only. */
#define REQUIRE_PROJECT_CONTPTE() do {					\
	if (!contpte_linked_is_project_file())				\
		ktap_skip("exact page-table accesses are pinned for the project's contpte.c, not a kernel tree's"); \
} while (0)

#endif /* TESTS_LINKED_H */
