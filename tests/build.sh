#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The build as users drive it: a build tree built with other flags (SAN,
# CFLAGS, CC) is rebuilt whole, never mixed; a make with nothing to do
# says nothing; make install puts the command and its manual page under
# DESTDIR and PREFIX, and make uninstall takes them away; a test program
# asked for cases that do not exist says so, and so does make check asked
# for a test program that does not exist.  Run by make check, after the
# build: the tree's own build is left as it was, the flag changes happen
# in a build tree of the test's own.
set -u
# Run from make check: build with our own make's settings, not its.
unset MAKEFLAGS MAKELEVEL MFLAGS

plan=5
. "$(dirname "$0")/lib/tap.sh"
build=${CONTPTE_BUILD:-build}

# make in the tree, with the KERNEL= make check was given if any.
mk() {
	make -C "$root" --no-print-directory ${KERNEL:+KERNEL="$KERNEL"} "$@"
}

# 1. One object built under TSan, then with the default flags: the second
# build replaces it (no TSan symbol left), and a third does nothing.
obj=$tmp/o/hw/desc.o
mk O="$tmp/o" SAN=thread "$obj" >/dev/null 2>&1
tsan=$(nm "$obj" 2>/dev/null | grep -c __tsan_)
mk O="$tmp/o" "$obj" >/dev/null 2>&1
left=$(nm "$obj" 2>/dev/null | grep -c __tsan_)
asan=$(nm "$obj" 2>/dev/null | grep -c __asan_)
again=$(mk O="$tmp/o" "$obj" 2>&1 | grep -c '  CC ')
echo "# TSan symbols $tsan, then $left; ASan symbols $asan; rebuilt again: $again"
[ "$tsan" -gt 0 ] && [ "$left" = 0 ] && [ "$asan" -gt 0 ] && [ "$again" = 0 ]
ok $? "a build tree built with other flags is rebuilt, once"

# 2. The command of the tree is up to date: making it says nothing.
out=$(mk contpte 2>&1)
[ -z "$out" ] || printf '%s\n' "$out" | diag
[ -z "$out" ]
ok $? "make with nothing to do prints nothing"

# 3. make install and uninstall, staged.
dest=$tmp/dest
mk install DESTDIR="$dest" PREFIX=/opt/contpte >/dev/null 2>&1
bin=$dest/opt/contpte/bin/contpte
page=$dest/opt/contpte/share/man/man1/contpte.1
version=$("$bin" --version 2>&1)
echo "# installed: $version"
r=1
if [ -x "$bin" ] && [ -f "$page" ] &&
   [ "$version" = "$("$root/contpte" --version)" ] &&
   cmp -s "$page" "$root/docs/contpte.1"; then
	mk uninstall DESTDIR="$dest" PREFIX=/opt/contpte >/dev/null 2>&1
	[ ! -e "$bin" ] && [ ! -e "$page" ]
	r=$?
fi
ok $r "make install puts the command and its manual page under DESTDIR and PREFIX; uninstall removes them"

# 4. -r matching no case is an error naming it, not an empty plan.
out=$("$root/$build/tests/pte_helpers" -r no-such-case 2>&1)
st=$?
echo "# $out"
[ $st = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
	printf '%s' "$out" | grep -q "no-such-case"
ok $? "a test program's -r that matches no case is an error"

# 5. make check ONLY= names a test program that does not exist, and stops.
out=$(mk check ONLY="pte_helpers no-such-program" 2>&1)
st=$?
echo "# $out"
[ $st != 0 ] && printf '%s' "$out" | grep -q "no test program no-such-program"
ok $? "make check ONLY= with an unknown test program is an error"
