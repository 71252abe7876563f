#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Two bugs fixed upstream, re-created by an edit of our own in a temporary
# copy of Debian's v6.12 contpte.c, must each be reported by the default
# `contpte check` with a counterexample whose replay token gives the same
# violation (`contpte check SCENARIO` runs that scenario's row of it, the
# same search with the same settings, without the time of the others):
#
# 1. "mm: arm64: Fix the out-of-bounds issue in
#    contpte_clear_young_dirty_ptes" (May 2024): the range was computed in
#    bytes, not pages, so MADV_FREE of a folded block walks off its page
#    table.  Expected: bookkeeping, at the access off the table, made in
#    contpte_clear_young_dirty_ptes(), on madv-free-write.
# 2. The gathered no-op test of contpte_ptep_set_access_flags(), replaced
#    by a per-entry one in March 2026 (6.12.117 has the fix backported):
#    a per-descriptor agent faults on its own entry for ever.  Expected:
#    liveness, on agent-sibling-dirty.
#
# The v6.12 source comes from LINUX_SOURCE_6_12 (an unpacked tree) or from
# Debian's linux-source-6.12 package (/usr/src/linux-source-6.12.tar.xz);
# without either the tests skip.  Nothing is written to the source tree
# but build-*/ trees under a temporary directory.
set -u
# Run from make check: build with our own make's settings, not its.
unset MAKEFLAGS MAKELEVEL MFLAGS

plan=4
. "$(dirname "$0")/lib/tap.sh"
tarball=/usr/src/linux-source-6.12.tar.xz
kdir=$tmp/linux
mkdir -p "$kdir/arch/arm64/mm"

if [ -n "${LINUX_SOURCE_6_12:-}" ]; then
	src=$LINUX_SOURCE_6_12
	[ -r "$src/arch/arm64/mm/contpte.c" ] ||
		skip_all "LINUX_SOURCE_6_12=$src has no arch/arm64/mm/contpte.c"
	cp "$src/Makefile" "$kdir/" 2>/dev/null
	cp "$src/arch/arm64/mm/contpte.c" "$tmp/contpte.c.orig"
elif [ -r "$tarball" ]; then
	tar -xJf "$tarball" -C "$tmp" linux-source-6.12/Makefile \
		linux-source-6.12/arch/arm64/mm/contpte.c ||
		skip_all "cannot read contpte.c from $tarball"
	mv "$tmp/linux-source-6.12/Makefile" "$kdir/"
	mv "$tmp/linux-source-6.12/arch/arm64/mm/contpte.c" "$tmp/contpte.c.orig"
else
	skip_all "no v6.12 source: install Debian's linux-source-6.12 or set LINUX_SOURCE_6_12"
fi

# Build ./contpte from $kdir's file in $tmp/rel, as make KERNEL= would.
build() {
	make -s -C "$root" -j2 KERNEL="$kdir" O="$tmp/rel" SAN= \
		CFLAGS="-O2 -g" "$tmp/rel/contpte" >"$tmp/build.log" 2>&1 ||
		{ diag <"$tmp/build.log"; return 1; }
}

# The default check finds @oracle on @scenario, in @where if given, and
# its token replays to the same violation.
expect_found() {
	scenario=$1 oracle=$2 where=$3
	(cd "$tmp" && rel/contpte check "$scenario") >"$tmp/check.out" 2>&1
	status=$?
	token=$(sed -n "/^== $scenario ==/,\$ s/^Replay: contpte replay //p" \
		"$tmp/check.out" | head -n 1)
	if [ $status -ne 1 ] || [ -z "$token" ] ||
	   ! grep -q "^Violation: $oracle\$" "$tmp/check.out" ||
	   ! grep -q "$where" "$tmp/check.out"; then
		diag <"$tmp/check.out" | head -n 60
		return 1
	fi
	echo "# $scenario: $oracle, replay $token"
	(cd "$tmp" && rel/contpte replay "$token") >"$tmp/replay.out" 2>&1
	[ $? -eq 1 ] && grep -q "^Violation: $oracle\$" "$tmp/replay.out" &&
		grep -q "$where" "$tmp/replay.out" ||
		{ diag <"$tmp/replay.out" | head -n 40; return 1; }
}

# 1: bytes for pages in contpte_clear_young_dirty_ptes().
sed -e 's/unsigned long end = start + nr \* PAGE_SIZE;/unsigned long end = start + nr;/' \
    -e 's|(end - start) / PAGE_SIZE, flags);|end - start, flags);|' \
	"$tmp/contpte.c.orig" >"$kdir/arch/arm64/mm/contpte.c"
grep -q 'end = start + nr;' "$kdir/arch/arm64/mm/contpte.c" &&
	grep -q 'ptep, end - start, flags);' "$kdir/arch/arm64/mm/contpte.c" &&
	build
ok $? "the May 2024 range bug of contpte_clear_young_dirty_ptes() re-created and built"
expect_found madv-free-write bookkeeping \
	"outside every live table.* from contpte_clear_young_dirty_ptes "
ok $? "the default check reports it as bookkeeping off the table, and its token replays"

# 2: the gathered no-op test of contpte_ptep_set_access_flags().
perl -0pe '
	s/if \(contpte_all_subptes_match_access_flags\(ptep, entry\)\)\n\t\treturn 0;/orig_pte = pte_mknoncont(ptep_get(ptep));\n\tif (pte_val(orig_pte) == pte_val(entry))\n\t\treturn 0;/;
	s/\n\torig_pte = pte_mknoncont\(__ptep_get\(ptep\)\);\n/\n/;
' "$tmp/contpte.c.orig" >"$kdir/arch/arm64/mm/contpte.c"
grep -q 'if (pte_val(orig_pte) == pte_val(entry))' "$kdir/arch/arm64/mm/contpte.c" &&
	! grep -q 'orig_pte = pte_mknoncont(__ptep_get(ptep));' "$kdir/arch/arm64/mm/contpte.c" &&
	build
ok $? "the gathered no-op test of contpte_ptep_set_access_flags() re-created and built"
expect_found agent-sibling-dirty liveness "Scenario: agent-sibling-dirty"
ok $? "the default check reports it as liveness, and its token replays"
