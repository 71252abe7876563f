// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>

#include <asm/contpte_linked.h>
#include <generated/contpte_api.h>
#include <generated/contpte_source.h>

const struct contpte_linked contpte_linked = {
	.path = CONTPTE_SOURCE_PATH,
	.sha256 = CONTPTE_SOURCE_SHA256,
	.version = CONTPTE_SOURCE_VERSION,
	.features = 0
#ifdef CONTPTE_API_CLEAR_FLUSH_YOUNG_PTES
		| CONTPTE_BATCHED_YOUNG
#endif
#ifdef CONTPTE_USES_BBML2_NOABORT
		| CONTPTE_BBML2_ELISION
#endif
#ifdef CONTPTE_USES_LOCAL_FLUSH_TLB_CONTPTE
		| CONTPTE_LOCAL_FLUSH
#endif
#ifdef CONTPTE_API_CLEAR_YOUNG_DIRTY_PTES
		| CONTPTE_CLEAR_YOUNG_DIRTY
#endif
		,
};

bool contpte_version_older(const char *version, unsigned int major,
			   unsigned int minor)
{
	unsigned int v, p;

	if (sscanf(version, "%u.%u", &v, &p) != 2)
		return false;
	return v < major || (v == major && p < minor);
}

int contpte_linked_format(char *buf, size_t size)
{
	const struct contpte_linked *l = &contpte_linked;

	if (*l->version)
		return snprintf(buf, size, "%s (Linux %s, sha256 %s)", l->path,
				l->version, l->sha256);
	return snprintf(buf, size, "%s (this project's, sha256 %s)", l->path,
			l->sha256);
}

const char *contpte_lacks(enum contpte_feature feature)
{
	static const struct {
		enum contpte_feature feature;
		const char *why;
	} reasons[] = {
		{ CONTPTE_BATCHED_YOUNG,
		  "the linked contpte.c has no batched young API (contpte_clear_flush_young_ptes)" },
		{ CONTPTE_BBML2_ELISION,
		  "the linked contpte.c never elides the convert TLBI under BBML2_NOABORT" },
		{ CONTPTE_LOCAL_FLUSH,
		  "the linked contpte.c flushes ptep_set_access_flags() broadcast, not locally (local_flush_tlb_contpte)" },
		{ CONTPTE_CLEAR_YOUNG_DIRTY,
		  "the linked contpte.c has no contpte_clear_young_dirty_ptes()" },
	};
	unsigned int i;

	/* Every feature asked for (none: nothing lacks). */
	if ((contpte_linked.features & feature) == feature)
		return NULL;
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].feature == feature)
			return reasons[i].why;
	return "the linked contpte.c lacks a feature this test needs";
}
