#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# An upstream core-mm regression, re-created by its mutant of
# tests/mutants/ in a copy of the tree, must be reported by the default
# `contpte check` with a counterexample a reader can act on: the kernel
# call that made the entry behind the violating access, and a replay
# token that gives the same violation.
#
# "mm/fault: try to map the entire file folio in finish_fault()" without
# "mm/memory: do not populate page table entries beyond i_size": a store's
# fault maps a file's large folio whole, past the end of the file, and a
# load there completes instead of raising SIGBUS.  Expected: permission
# on fault-around-folio-eof, the trace showing finish_fault()'s
# set_ptes() of the whole folio, which wrote the entry the load's TLB
# fill read.
#
# Nothing is written to the source tree: the copy and its build live in a
# temporary directory.
set -u
# Run from make check: build with our own make's settings, not its.
unset MAKEFLAGS MAKELEVEL MFLAGS

plan=3
. "$(dirname "$0")/lib/tap.sh"
command -v patch >/dev/null || skip_all "needs patch (Debian: patch)"
mutant=finish-fault-maps-file-folio-past-eof

mkdir -p "$tmp/tree"
(cd "$root" && git ls-files -z 2>/dev/null | tar --null -T - -cf -) |
	tar -xf - -C "$tmp/tree" 2>/dev/null
[ -f "$tmp/tree/Makefile" ] || skip_all "not a git checkout: no file list to copy"
patch -s -p1 -d "$tmp/tree" <"$root/tests/mutants/$mutant.patch" &&
	make -s -C "$tmp/tree" -j2 O=build-reg SAN= CFLAGS=-O1 \
		"build-reg/contpte" >"$tmp/build.log" 2>&1
st=$?
[ $st -eq 0 ] || diag <"$tmp/build.log"
ok $st "$mutant applied to a copy of the tree and built"

(cd "$tmp/tree" && build-reg/contpte check fault-around-folio-eof) \
	>"$tmp/check.out" 2>&1
status=$?
token=$(sed -n 's/^Replay: contpte replay //p' "$tmp/check.out" | head -n 1)
[ $status -eq 1 ] && [ -n "$token" ] &&
	grep -q '^Violation: permission$' "$tmp/check.out" &&
	grep -q 'past the end of the file' "$tmp/check.out" &&
	grep -q 'set_ptes(.*nr=0x[0-9a-f]*) from finish_fault (mm/memory.c:' \
		"$tmp/check.out" &&
	grep -q 'tlb-fill va=' "$tmp/check.out"
st=$?
[ $st -eq 0 ] || diag <"$tmp/check.out" | head -n 40
ok $st "the default check reports a load past the end of the file, with finish_fault()'s set_ptes() behind it"

(cd "$tmp/tree" && build-reg/contpte replay "$token") >"$tmp/replay.out" 2>&1
[ $? -eq 1 ] && grep -q '^Violation: permission$' "$tmp/replay.out"
st=$?
[ $st -eq 0 ] || diag <"$tmp/replay.out" | head -n 40
ok $st "its token replays to the same violation"
