# SPDX-License-Identifier: GPL-2.0-only
#
# What the TAP scripts of tests/ share, sourced after setting plan, the
# number of cases:
#
#	plan=5
#	. "$(dirname "$0")/lib/tap.sh"
#
# prints the TAP header and plan; sets root, the top of the tree, and tmp,
# a directory removed at exit; "ok STATUS NAME" reports the next case,
# passed if STATUS is 0; "skip_all WHY" reports every case skipped and
# exits; "diag" prints stdin as TAP diagnostics.
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0

echo "TAP version 13"
echo "1..$plan"

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; fi
}

diag() {
	sed 's/^/# /'
}

skip_all() {
	while [ "$n" -lt "$plan" ]; do
		n=$((n + 1))
		echo "ok $n # SKIP $1"
	done
	exit 0
}
