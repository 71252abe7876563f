#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# How make mutate rebuilds a mutant of a header (tests/mutate.sh,
# apply_mutant()): it names the functions whose bodies the mutant changes,
# and none when it changes anything else or a function gcc inlines even
# at -O0, does not apply where it says, or changes the length of a
# conditional group; and the header it applies
# keeps every line below a change at its number, so that the objects that
# call none of those functions are the same with it as without.
# `tests/mutate.sh --check-rebuilds` (make regtest) builds each such
# mutant both ways and compares the commands.  And what `--untouched`
# lists of a file: its statements no mutant removes.
set -u

plan=4
. "$(dirname "$0")/lib/tap.sh"
. "$root/tests/mutate.sh"
cd "$root"

mutant() { echo "tests/mutants/$1.patch"; }

# The header a mutant changes.
header() { sed -n 's|^--- a/\(.*\.h\)$|\1|p' "$(mutant "$1")" | head -n 1; }

# "NAME FUNCTION..." for mutant NAME, or "NAME none".
functions_of() {
	local fns
	fns=$(changed_functions "$(mutant "$1")" "$(header "$1")") || fns=none
	echo "$1" $fns
}

# A change inside a function's body: that function.
cat >"$tmp/want" <<'EOF'
pte-modify-drops-special pte_modify
tlbi-range-pages-halved __flush_tlb_range_op
clear-flush-tlbi-before-clear ptep_clear_flush
clear-full-one-no-unfold clear_full_ptes
get-and-clear-nonatomic __ptep_get_and_clear
young-test-old-entry-fast-path ptep_test_and_clear_young
ptep-test-young-whole-block ptep_test_and_clear_young
EOF
while read -r name _; do functions_of "$name"; done <"$tmp/want" >"$tmp/got"
diff "$tmp/want" "$tmp/got" | diag
cmp -s "$tmp/want" "$tmp/got"
ok $? "a change inside a function's body names that function"

# A macro, a protection value, an __always_inline function: none.
cat >"$tmp/want" <<'EOF'
access-permitted-ignores-write none
page-shared-global none
set-ptes-leaks-cont none
fold-present-invalid none
EOF
while read -r name _; do functions_of "$name"; done <"$tmp/want" >"$tmp/got"
# A mutant that would apply at an offset: its line numbers name another
# function.
f=$(header flush-mm-no-dsb)
mkdir -p "$tmp/moved/$(dirname "$f")"
sed '20i /* moved */' "$f" >"$tmp/moved/$f"
(cd "$tmp/moved" &&
 changed_functions "$root/$(mutant flush-mm-no-dsb)" "$f") >>"$tmp/got" &&
	echo "flush-mm-no-dsb at an offset names a function" >>"$tmp/got"
# The same line changed inside the function's #ifdef group, and a line
# added after it: the "#line" that would keep the lines below at their
# numbers sits in a group the compiler may skip.
sed '/^+.*contpte_test_and_clear_young_ptes/a +\tbarrier();' \
	"$(mutant ptep-test-young-whole-block)" >"$tmp/grown.patch"
changed_functions "$tmp/grown.patch" "$(header ptep-test-young-whole-block)" \
	>>"$tmp/got" &&
	echo "a length change inside an #ifdef group names a function" >>"$tmp/got"
diff "$tmp/want" "$tmp/got" | diag
cmp -s "$tmp/want" "$tmp/got"
ok $? "a change outside a body, in an __always_inline function, at an offset or of the length inside an #if group names none"

# "NUMBER<tab>TEXT" for each line of file $1 as the compiler numbers it.
numbered() {
	awk '/^#line [0-9]+$/ { n = $2 - 1; next } { print ++n "\t" $0 }' "$1" |
		sort
}

# Every mutant of a header that names functions: with its header
# renumbered, the lines it removes are all that lose their number, and
# the lines it adds all that gain one.
st=0
checked=0
for p in tests/mutants/*.patch; do
	name=$(basename "$p" .patch)
	f=$(header "$name")
	[ -n "$f" ] && [ "$(functions_of "$name")" != "$name none" ] || continue
	mkdir -p "$tmp/$name/$(dirname "$f")"
	cp "$f" "$tmp/$name/$f"
	renumbered <"$p" | patch -s -p1 -d "$tmp/$name" >/dev/null || {
		echo "$name: does not apply renumbered" | diag
		st=1
		continue
	}
	checked=$((checked + 1))
	numbered "$f" >"$tmp/old"
	numbered "$tmp/$name/$f" >"$tmp/new"
	removed=$(comm -23 "$tmp/old" "$tmp/new" | wc -l)
	added=$(comm -13 "$tmp/old" "$tmp/new" | wc -l)
	want_removed=$(( $(grep -c '^-' "$p") - $(grep -c '^--- ' "$p") ))
	want_added=$(( $(grep -c '^+' "$p") - $(grep -c '^+++ ' "$p") ))
	if [ "$removed" -ne "$want_removed" ] || [ "$added" -ne "$want_added" ]; then
		echo "$name: $removed lines lost their number, $added gained one; the patch removes $want_removed and adds $want_added" | diag
		st=1
	fi
done
# None to check would pass for nothing.
[ "$checked" -gt 0 ] || { echo "no mutant of a header names a function" | diag; st=1; }
ok $st "a renumbered header keeps every line it does not change at its number"

# --untouched: mm/numa.c's one mutant removes mmap_read_lock() and its
# unlock; the change_protection() call beside them is still listed.
untouched mm/numa.c >"$tmp/untouched"
grep -q 'mm/numa.c:[0-9]*: change_protection(' "$tmp/untouched" &&
	! grep -q 'mmap_read' "$tmp/untouched"
st=$?
[ $st -eq 0 ] || diag <"$tmp/untouched"
ok $st "--untouched lists the statements no mutant removes, and only those"

