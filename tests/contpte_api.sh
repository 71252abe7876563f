#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/contpte-api tells API generations apart from what a contpte.c
# defines and calls (never from its comments), and make KERNEL=DIR refuses
# a DIR without the file in one line.  The files here are written for the
# test: declarations shaped as each generation's, no kernel code.
set -u
unset MAKEFLAGS MAKELEVEL MFLAGS

plan=5
. "$(dirname "$0")/lib/tap.sh"
cc=${CC:-gcc}

# api FILE-CONTENTS: the generated header for a file holding them.
api() {
	printf '%s\n' "$1" >"$tmp/contpte.c"
	rm -f "$tmp/api.h"
	"$root/scripts/contpte-api" "$cc" "$tmp/contpte.c" "$tmp/api.h" &&
		grep '^#define CONTPTE_' "$tmp/api.h" | grep -v _H$
}

got=$(api 'int contpte_ptep_test_and_clear_young(void *vma, unsigned long addr, void *ptep)
{ return 0; }
int contpte_ptep_clear_flush_young(void *vma, unsigned long addr, void *ptep)
{ return 0; }
void contpte_clear_young_dirty_ptes(void *vma, unsigned long addr,
				    void *ptep, unsigned int nr, int flags) { }
/* mainline asks system_supports_bbml2_noabort() and calls local_flush_tlb_contpte() */')
want='#define CONTPTE_API_PTEP_TEST_AND_CLEAR_YOUNG int
#define CONTPTE_API_PTEP_CLEAR_FLUSH_YOUNG int
#define CONTPTE_API_CLEAR_YOUNG_DIRTY_PTES void'
[ "$got" = "$want" ]
ok $? "per-entry young (v6.9 to v6.12); names in comments do not count"

got=$(api 'bool contpte_test_and_clear_young_ptes(void *vma, unsigned long addr,
		void *ptep, unsigned int nr) { return 0; }
bool contpte_clear_flush_young_ptes(void *vma, unsigned long addr,
		void *ptep, unsigned int nr)
{
	if (!system_supports_bbml2_noabort())
		local_flush_tlb_contpte(vma, addr);
	return 0;
}')
want='#define CONTPTE_API_TEST_AND_CLEAR_YOUNG_PTES bool
#define CONTPTE_API_CLEAR_FLUSH_YOUNG_PTES bool
#define CONTPTE_USES_BBML2_NOABORT 1
#define CONTPTE_USES_LOCAL_FLUSH_TLB_CONTPTE 1'
[ "$got" = "$want" ]
ok $? "batched young returning bool, BBML2 elision, local flush (mainline); no clear_young_dirty (v6.9)"

got=$(api 'static int contpte_ptep_test_and_clear_young(void) { return 0; }
int contpte_clear_flush_young_ptes(void *vma, unsigned long addr,
		void *ptep, unsigned int nr) { return 0; }')
[ "$got" = "#define CONTPTE_API_CLEAR_FLUSH_YOUNG_PTES int" ]
ok $? "a static function is not the API; the return type is the file's"

mkdir -p "$tmp/kernel"
out=$(make -s -C "$root" KERNEL="$tmp/kernel" 2>&1)
status=$?
[ $status -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
	printf '%s\n' "$out" | grep -q "KERNEL=$tmp/kernel: no arch/arm64/mm/contpte.c there"
ok $? "make KERNEL=DIR without the file: one line naming it, non-zero"
[ -z "$(ls -d "$root"/build-*"$(printf '%s' "$tmp/kernel" | sha256sum | cut -c1-8)" 2>/dev/null)" ]
ok $? "and no build tree made for it"
