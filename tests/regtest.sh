#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The upstream design stays clean at length (the suite runs the same with
# small budgets): `./contpte check` with 200,000 executions a scenario;
# the default run on every machine the command line accepts, one hardware
# value at a time over each scenario's own machine; every scenario in
# stress mode on real threads.  Prints each run's table; exits non-zero
# on the first violation.
set -uo pipefail

cd "$(dirname "$0")/.."

run() {
	echo "== ./contpte check $*"
	./contpte check "$@" || { echo "regtest: violation with: $*"; exit 1; }
}

# Every value of every hardware knob, from `contpte list hw`.
machines() {
	./contpte list hw | awk '/^[a-z]/ {
		n = split($2, v, "|");
		for (i = 1; i <= n; i++) {
			sub(/\*$/, "", v[i]);
			if (v[i] == "N") continue;
			print $1 "=" v[i];
		}
		if ($2 == "N") for (c = 4; c <= 128; c *= 2) print $1 "=" c;
	}'
}

start=$(date +%s)
run --executions 200000
for hw in $(machines); do
	run --hw "$hw"
done
run --mode stress --executions 20000
echo "regtest: clean, $(( $(date +%s) - start )) s"
