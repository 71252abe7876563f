// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "scenarios.h"

const struct chk_scenario *const chk_scenarios[] = {
	&scn_lockless_refold,
	&scn_lockless_agrees,
	&scn_lockless_reprotect,
	&scn_teardown_hw_dirty,
	&scn_agent_sibling_dirty,
	&scn_wide_block,
	&scn_fold_conflict,
	&scn_access_flags_one,
	&scn_agent_fault,
	&scn_fault_no_hw_dirty,
	&scn_fault_zap,
	&scn_fault_race,
	&scn_fault_unaligned,
	&scn_gup_fast_zap,
	&scn_gup_fast_reuse,
	&scn_fault_recheck,
	&scn_fork_cow_pin,
	&scn_fork_write,
	&scn_fork_pin_write,
	&scn_fork_pin_reuse,
	&scn_fork_pin_read,
	&scn_fork_pin_read_ro,
	&scn_fork_partial,
	&scn_fork_big_folio,
	&scn_fork_merged,
	&scn_mprotect_merged,
	&scn_fork_merged_pin,
	&scn_fork_swap,
	&scn_swap_cow,
	&scn_swap_write,
	&scn_fork_migrate,
	&scn_age_partial,
	&scn_age_unfold,
	&scn_age_split_flush,
	&scn_spurious_table_end,
	&scn_exit_split_file,
	&scn_age_store,
	&scn_mprotect_partial,
	&scn_mprotect_span,
	&scn_mprotect_refold,
	&scn_cow_refold,
	&scn_protnone_refold,
	&scn_split_refold,
	&scn_migrate,
	&scn_swap,
	&scn_swap_split,
	&scn_swap_sync,
	&scn_swap_sync_reuse,
	&scn_uffd_wp,
	&scn_uffd_wp_mprotect,
	&scn_uffd_wp_refold,
	&scn_uffd_wp_migrate,
	&scn_uffd_wp_swap,
	&scn_uffd_wp_swap_sync,
	&scn_uffd_wp_dontneed,
	&scn_uffd_wp_swapped,
	&scn_munmap_partial,
	&scn_partial_ranges,
	&scn_madv_free_write,
	&scn_madv_free_fork,
	&scn_madv_free_shared,
	&scn_lazyfree_pin,
	&scn_gup_migrate,
	&scn_fork_lazyfree,
	&scn_reclaim_write,
	&scn_file_writeback,
	&scn_zap_writeback,
	&scn_zap_many,
	&scn_file_offset,
	&scn_fault_around_end,
	&scn_file_private,
	&scn_mremap,
	&scn_mremap_store,
	&scn_mremap_migrate,
	&scn_numa,
	&scn_numa_split,
	&scn_numa_fork,
	&scn_mprotect_migrate,
	&scn_vma_lock,
	&scn_reclaim_unmap,
	&scn_reclaim_protnone,
	&scn_combined,
};

const unsigned int chk_nr_scenarios =
	sizeof(chk_scenarios) / sizeof(chk_scenarios[0]);

const struct chk_scenario *chk_find_scenario(const char *name)
{
	unsigned int i;

	for (i = 0; i < chk_nr_scenarios; i++)
		if (!strcmp(chk_scenarios[i]->name, name))
			return chk_scenarios[i];
	return NULL;
}
