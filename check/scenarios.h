/* SPDX-License-Identifier: GPL-2.0-only */
/* The scenario catalogue (docs/checker.md describes each one). */
#ifndef CHECK_SCENARIOS_H
#define CHECK_SCENARIOS_H

#include "explore.h"

extern const struct chk_scenario *const chk_scenarios[];
extern const unsigned int chk_nr_scenarios;

const struct chk_scenario *chk_find_scenario(const char *name);

/*
 * A machine with BBML2_NOABORT, on which contpte_convert() skips its
 * invalidation (RNGLXZ, RJQQTC): that path, and callers whose own flush
 * the skipped one used to cover, show nowhere else.  The scenarios that
 * fold or unfold blocks under racing stores and hardware A/D updates run
 * on it too.
 */
#define CHK_ALSO_BBML2	((const char *const[]){ "bbm=2-noabort", NULL })

/*
 * A CPU that manages the Access flag but not the dirty state
 * (ID_AA64MMFR1_EL1.HAFDBS = 0b0001): a store through a writable, clean
 * entry takes a permission fault, which must make the entry dirty
 * (__ptep_set_access_flags()), where a CPU with DBM would have written
 * the entry itself.
 */
#define CHK_ALSO_NO_HW_DIRTY	((const char *const[]){ "hd=0", NULL })

/*
 * A machine whose hardware A/D updates land in the entry the access went
 * through and whose walk of a contiguous entry fills a block-sized TLB
 * entry: for a scenario whose bug lies in what software does with swap
 * slots, claims or lookups, where which entry takes the flag and the size
 * of a fill only multiply the executions (others run those choices: each
 * user's comment names one).
 */
#define CHK_HW_ONE_AD_FILL	((const char *const[]){			\
	"ad-policy=faulting", "contig-fill=honour", NULL })

/*
 * A CPU without FEAT_HAFDBS (ID_AA64MMFR1_EL1.HAFDBS = 0b0000): software
 * sets the Access flag on an access-flag fault and the dirty state on a
 * permission fault (ha=0 takes hd=0 with it), and no entry is made young
 * or dirty behind its back, so an old entry is one a TLB may still hold
 * only if it was young when cached.
 */
#define CHK_ALSO_NO_HW_AF	((const char *const[]){ "ha=0", NULL })

/* Defined in the scn_*.c files, one concept each. */
extern const struct chk_scenario scn_lockless_refold;
extern const struct chk_scenario scn_lockless_agrees;
extern const struct chk_scenario scn_lockless_reprotect;
extern const struct chk_scenario scn_teardown_hw_dirty;
extern const struct chk_scenario scn_agent_sibling_dirty;
extern const struct chk_scenario scn_agent_siblings_young;
extern const struct chk_scenario scn_wide_block;
extern const struct chk_scenario scn_fold_conflict;
extern const struct chk_scenario scn_access_flags_one;
extern const struct chk_scenario scn_agent_fault;
extern const struct chk_scenario scn_fault_no_hw_dirty;
extern const struct chk_scenario scn_fault_zap;
extern const struct chk_scenario scn_fault_race;
extern const struct chk_scenario scn_fault_unaligned;
extern const struct chk_scenario scn_fault_fresh;
extern const struct chk_scenario scn_gup_fast_zap;
extern const struct chk_scenario scn_gup_fast_reuse;
extern const struct chk_scenario scn_gup_slow_zap;
extern const struct chk_scenario scn_gup_readonly;
extern const struct chk_scenario scn_fault_recheck;
extern const struct chk_scenario scn_fork_cow_pin;
extern const struct chk_scenario scn_fork_write;
extern const struct chk_scenario scn_fork_write_sw_flags;
extern const struct chk_scenario scn_fork_pin_write;
extern const struct chk_scenario scn_fork_pin_reuse;
extern const struct chk_scenario scn_fork_pin_read;
extern const struct chk_scenario scn_fork_pin_read_ro;
extern const struct chk_scenario scn_fork_pin_copy_ro;
extern const struct chk_scenario scn_fork_partial;
extern const struct chk_scenario scn_fork_big_folio;
extern const struct chk_scenario scn_fork_big_folio_middle;
extern const struct chk_scenario scn_fork_straddle;
extern const struct chk_scenario scn_fork_zero;
extern const struct chk_scenario scn_fork_merged;
extern const struct chk_scenario scn_mprotect_merged;
extern const struct chk_scenario scn_fork_merged_pin;
extern const struct chk_scenario scn_fork_swap;
extern const struct chk_scenario scn_fork_swap_child_store;
extern const struct chk_scenario scn_fork_swap_neighbour;
extern const struct chk_scenario scn_fork_swap_reuse;
extern const struct chk_scenario scn_swap_mixed;
extern const struct chk_scenario scn_swap_cow;
extern const struct chk_scenario scn_swap_cow_exit;
extern const struct chk_scenario scn_swap_in_race;
extern const struct chk_scenario scn_swap_cache_reuse;
extern const struct chk_scenario scn_swapoff_exit;
extern const struct chk_scenario scn_swapoff_load;
extern const struct chk_scenario scn_swapoff_load_sync;
extern const struct chk_scenario scn_swapoff_reclaim;
extern const struct chk_scenario scn_swapoff_fork;
extern const struct chk_scenario scn_swapoff_fork_exit;
extern const struct chk_scenario scn_swap_write;
extern const struct chk_scenario scn_fork_migrate;
extern const struct chk_scenario scn_migrate_pin;
extern const struct chk_scenario scn_migrate_get;
extern const struct chk_scenario scn_age_partial;
extern const struct chk_scenario scn_age_unfold;
extern const struct chk_scenario scn_age_look_around;
extern const struct chk_scenario scn_age_look_around_edge;
extern const struct chk_scenario scn_age_look_around_wide;
extern const struct chk_scenario scn_age_look_around_migrate;
extern const struct chk_scenario scn_age_look_around_store;
extern const struct chk_scenario scn_age_split_flush;
extern const struct chk_scenario scn_age_split_race;
extern const struct chk_scenario scn_age_neighbours;
extern const struct chk_scenario scn_age_two_blocks;
extern const struct chk_scenario scn_age_page_sw_flags;
extern const struct chk_scenario scn_spurious_table_end;
extern const struct chk_scenario scn_exit_split_file;
extern const struct chk_scenario scn_age_store;
extern const struct chk_scenario scn_age_mprotect;
extern const struct chk_scenario scn_jit_wx;
extern const struct chk_scenario scn_jit_numa;
extern const struct chk_scenario scn_jit_migrate;
extern const struct chk_scenario scn_jit_xom;
extern const struct chk_scenario scn_jit_rwx;
extern const struct chk_scenario scn_mprotect_partial;
extern const struct chk_scenario scn_mprotect_span;
extern const struct chk_scenario scn_mprotect_span_short;
extern const struct chk_scenario scn_mprotect_refold;
extern const struct chk_scenario scn_mprotect_remerge;
extern const struct chk_scenario scn_mprotect_two_files;
extern const struct chk_scenario scn_cow_refold;
extern const struct chk_scenario scn_protnone_refold;
extern const struct chk_scenario scn_split_refold;
extern const struct chk_scenario scn_split_lazyfree;
extern const struct chk_scenario scn_split_zero;
extern const struct chk_scenario scn_split_pin;
extern const struct chk_scenario scn_split_pin_first;
extern const struct chk_scenario scn_split_fragment;
extern const struct chk_scenario scn_migrate;
extern const struct chk_scenario scn_migrate_store;
extern const struct chk_scenario scn_migrate_swapped;
extern const struct chk_scenario scn_migrate_swapcache;
extern const struct chk_scenario scn_migrate_writeback;
extern const struct chk_scenario scn_swap_fault_writeback;
extern const struct chk_scenario scn_swap;
extern const struct chk_scenario scn_swap_split;
extern const struct chk_scenario scn_swap_fallback;
extern const struct chk_scenario scn_deferred_split_reclaim;
extern const struct chk_scenario scn_migrate_partial;
extern const struct chk_scenario scn_swap_readonly;
extern const struct chk_scenario scn_swap_readonly_sync;
extern const struct chk_scenario scn_swap_sync;
extern const struct chk_scenario scn_swap_sync_reuse;
extern const struct chk_scenario scn_swap_sync_reuse_last;
extern const struct chk_scenario scn_swap_sync_readback;
extern const struct chk_scenario scn_swap_sync_cached;
extern const struct chk_scenario scn_swap_sync_cached_last;
extern const struct chk_scenario scn_swap_sync_unaligned;
extern const struct chk_scenario scn_uffd_wp;
extern const struct chk_scenario scn_uffd_wp_mprotect;
extern const struct chk_scenario scn_uffd_wp_refold;
extern const struct chk_scenario scn_uffd_wp_migrate;
extern const struct chk_scenario scn_uffd_wp_swap;
extern const struct chk_scenario scn_uffd_wp_swap_sync;
extern const struct chk_scenario scn_uffd_wp_swapoff;
extern const struct chk_scenario scn_uffd_wp_dontneed;
extern const struct chk_scenario scn_uffd_wp_private;
extern const struct chk_scenario scn_uffd_wp_private_swap;
extern const struct chk_scenario scn_uffd_wp_swapped;
extern const struct chk_scenario scn_uffd_wp_swap_fork;
extern const struct chk_scenario scn_uffd_wp_fork;
extern const struct chk_scenario scn_uffd_wp_fork_marker;
extern const struct chk_scenario scn_uffd_wp_numa;
extern const struct chk_scenario scn_uffd_wp_reclaim_file;
extern const struct chk_scenario scn_uffd_wp_shmem_clean;
extern const struct chk_scenario scn_uffd_wp_untouched;
extern const struct chk_scenario scn_uffd_wp_split_zero;
extern const struct chk_scenario scn_uffd_wp_cold_sw_flags;
extern const struct chk_scenario scn_uffd_wp_dontneed_again;
extern const struct chk_scenario scn_uffd_wp_fork_pin;
extern const struct chk_scenario scn_uffd_wp_protect_migrate;
extern const struct chk_scenario scn_uffd_wp_mremap;
extern const struct chk_scenario scn_uffd_wp_mremap_marker;
extern const struct chk_scenario scn_uffd_wp_mremap_swap;
extern const struct chk_scenario scn_uffd_wp_resolve_part;
extern const struct chk_scenario scn_uffd_wp_resolve_tail;
extern const struct chk_scenario scn_uffd_wp_resolved;
extern const struct chk_scenario scn_uffd_wp_load;
extern const struct chk_scenario scn_uffd_wp_monitor_split;
extern const struct chk_scenario scn_uffd_wp_resolve_hole;
extern const struct chk_scenario scn_uffd_wp_swap_resolved;
extern const struct chk_scenario scn_uffd_wp_swap_part;
extern const struct chk_scenario scn_munmap_partial;
extern const struct chk_scenario scn_munmap_folio;
extern const struct chk_scenario scn_munmap_wide;
extern const struct chk_scenario scn_munmap_ceiling;
extern const struct chk_scenario scn_munmap_sparse;
extern const struct chk_scenario scn_partial_ranges;
extern const struct chk_scenario scn_madv_free_write;
extern const struct chk_scenario scn_madv_free_end;
extern const struct chk_scenario scn_madv_free_start;
extern const struct chk_scenario scn_madv_cold;
extern const struct chk_scenario scn_madv_cold_straddle;
extern const struct chk_scenario scn_madv_free_fork;
extern const struct chk_scenario scn_madv_free_fork_one;
extern const struct chk_scenario scn_madv_free_fork_cow;
extern const struct chk_scenario scn_madv_free_shared;
extern const struct chk_scenario scn_madv_free_swapcache;
extern const struct chk_scenario scn_madv_free_swapped;
extern const struct chk_scenario scn_lazyfree_pin;
extern const struct chk_scenario scn_gup_migrate;
extern const struct chk_scenario scn_gup_migrate_swapcache;
extern const struct chk_scenario scn_fork_lazyfree;
extern const struct chk_scenario scn_lazyfree_mixed;
extern const struct chk_scenario scn_reclaim_write;
extern const struct chk_scenario scn_file_writeback;
extern const struct chk_scenario scn_zap_writeback;
extern const struct chk_scenario scn_file_fsync;
extern const struct chk_scenario scn_mprotect_fsync;
extern const struct chk_scenario scn_fsync_two_mms;
extern const struct chk_scenario scn_fsync_tail;
extern const struct chk_scenario scn_fsync_fork;
extern const struct chk_scenario scn_fsync_fork_next;
extern const struct chk_scenario scn_fsync_overlap;
extern const struct chk_scenario scn_fsync_vma_split;
extern const struct chk_scenario scn_fsync_reclaim;
extern const struct chk_scenario scn_reclaim_fsync;
extern const struct chk_scenario scn_mkclean_neighbour;
extern const struct chk_scenario scn_zap_many;
extern const struct chk_scenario scn_dontneed_nested;
extern const struct chk_scenario scn_file_offset;
extern const struct chk_scenario scn_file_offset_tail;
extern const struct chk_scenario scn_file_offset_start;
extern const struct chk_scenario scn_file_offset_window;
extern const struct chk_scenario scn_file_offset_end;
extern const struct chk_scenario scn_fault_around_end;
extern const struct chk_scenario scn_fault_around_eof;
extern const struct chk_scenario scn_fault_around_hole;
extern const struct chk_scenario scn_fault_around_folio_eof;
extern const struct chk_scenario scn_truncate_fault;
extern const struct chk_scenario scn_truncate_dirty;
extern const struct chk_scenario scn_truncate_big_folio;
extern const struct chk_scenario scn_truncate_private;
extern const struct chk_scenario scn_truncate_writeback;
extern const struct chk_scenario scn_truncate_reclaim;
extern const struct chk_scenario scn_truncate_below;
/* Not in the catalogue: an upstream sequence (docs/checker.md). */
extern const struct chk_scenario scn_truncate_dirty_fault_around;
extern const struct chk_scenario scn_file_table_edge;
extern const struct chk_scenario scn_file_private;
extern const struct chk_scenario scn_file_private_shmem;
extern const struct chk_scenario scn_file_private_mprotect;
extern const struct chk_scenario scn_file_private_swap;
extern const struct chk_scenario scn_mremap;
extern const struct chk_scenario scn_mremap_readonly;
extern const struct chk_scenario scn_mremap_store;
extern const struct chk_scenario scn_mremap_migrate;
extern const struct chk_scenario scn_mremap_straddle;
extern const struct chk_scenario scn_mremap_straddle_swap;
extern const struct chk_scenario scn_mremap_straddle_back;
extern const struct chk_scenario scn_mremap_misaligned;
extern const struct chk_scenario scn_numa;
extern const struct chk_scenario scn_numa_split;
extern const struct chk_scenario scn_numa_zap;
extern const struct chk_scenario scn_numa_fork;
extern const struct chk_scenario scn_numa_protnone;
extern const struct chk_scenario scn_numa_protnone_first;
extern const struct chk_scenario scn_numa_straddle;
extern const struct chk_scenario scn_tlb_nested;
extern const struct chk_scenario scn_mprotect_migrate;
extern const struct chk_scenario scn_migrate_refold_edge;
extern const struct chk_scenario scn_vma_lock;
extern const struct chk_scenario scn_vma_lock_split;
extern const struct chk_scenario scn_vma_lock_mark;
extern const struct chk_scenario scn_vma_merge_moved;
extern const struct chk_scenario scn_reclaim_unmap;
extern const struct chk_scenario scn_swap_exit;
extern const struct chk_scenario scn_reclaim_protnone;
extern const struct chk_scenario scn_reclaim_madv_free;
extern const struct chk_scenario scn_reclaim_madv_free_split;
extern const struct chk_scenario scn_reclaim_free;
extern const struct chk_scenario scn_reclaim_refault;
extern const struct chk_scenario scn_reclaim_shmem;
extern const struct chk_scenario scn_swap_pin;
extern const struct chk_scenario scn_swap_pin_fork;
extern const struct chk_scenario scn_swap_pin_read;
extern const struct chk_scenario scn_swap_get;
extern const struct chk_scenario scn_swap_get_dontneed;
extern const struct chk_scenario scn_combined;

#endif /* CHECK_SCENARIOS_H */
