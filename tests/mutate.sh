#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The mutation tier: each tests/mutants/*.patch re-creates a bug of a
# class the checker exists for, as a small edit of our own code.  For each
# one, in a scratch copy of the tree: apply it, rebuild the command, run the
# default `./contpte check` (scenario by scenario, up to the first that
# reports: first the scenario docs/checker.md names for it, then the
# catalogue in order; a scenario's default run is the same alone as in
# the whole check), and assert that it
# reports a violation with one of the oracles the patch names (its
# "Oracle:" line), with a counterexample and a replay token that `contpte
# replay` replays to the same oracle.  Prints one line per mutant, then the kill rate; exits
# non-zero if any mutant survived or was caught for another reason.
#
#   tests/mutate.sh [NAME...]      (default: every mutant)
#   tests/mutate.sh --refresh      rewrite each mutant that applies only
#                                  with fuzz or an offset against the tree
#                                  as it is (tests/docs.sh asks for that)
#   MUTATE_JOBS=N                  mutants run at once (default: CPUs)
#   MUTATE_SEED=S                  random scenarios with --seed S: a kill
#                                  that only the default seed makes is
#                                  luck (a change to the checked code
#                                  moves a random search as a new seed
#                                  does); exhaustive ones have no seed
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=${MUTATE_JOBS:-$(nproc)}
seed=${MUTATE_SEED:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/contpte-mutate.XXXXXX")
# The mutants' command: the same code as ./contpte, built in a tree of its
# own at -O1 without debug information.  A mutant of a header rebuilds
# three quarters of the objects, and this takes a quarter less time to
# compile them than ./contpte's -O2 -g; a check runs a fifth slower, and
# most take well under a second.
mut_make="O=build-mut SAN= CFLAGS=-O1"
mut_bin=build-mut/contpte
trap 'rm -rf "$work"' EXIT

die() { echo "mutate: $*" >&2; exit 2; }

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# The oracle of the first scenario with a counterexample, and its token.
# The JSON is cut where that counterexample's events start and closed
# there (they end it, in a scenario of the "scenarios" array): a livelock
# logs 65,536 events, 34 MB that JSON::PP takes 12 s to decode.
first_finding() {
	perl -MJSON::PP -e '
		local $/; my $t = <STDIN>;
		my $i = index($t, q(, "events": [));
		$t = substr($t, 0, $i) . "}}]}" if $i >= 0;
		my $r = decode_json($t);
		for my $s (@{$r->{scenarios}}) {
			my $c = $s->{counterexample} or next;
			print "$c->{oracle} $s->{name} $s->{seconds} $c->{replay}\n";
			exit 0;
		}
		exit 1;'
}

# The scenario docs/checker.md's table of oracles names for mutant $1
# ("`NAME`, ... → SCENARIO"), or nothing.
named_scenario() {
	M=$1 perl -ne 'next unless /^\| `/;
		for (split /;/) {
			print "$1\n" if /`\Q$ENV{M}\E`/ && /→\s*([a-z0-9-]+)/;
		}' "$top/docs/checker.md" | head -n 1
}

# One mutant, in its own copy of the tree; prints its result line.
run_one() {
	local patch=$1 name dir expect t0 t1 found oracle scn secs token st
	local random args
	name=$(basename "$patch" .patch)
	dir=$work/$name
	expect=$(sed -n 's/^Oracle: //p' "$patch")
	mkdir -p "$dir"
	# Sources as they are, and the mutants' build tree, mtimes kept,
	# so that only what the patch touches is rebuilt.
	git ls-files -z --cached --others --exclude-standard |
		tar --null -T - -cf - | tar -xf - -C "$dir"
	cp -a build-mut "$dir/"
	if ! patch -s -p1 -d "$dir" < "$patch" > "$dir/patch.log" 2>&1; then
		printf 'broken    %-30s the patch does not apply\n' "$name"
		return
	fi
	if ! make -s -C "$dir" $mut_make command-in-O \
		> "$dir/build.log" 2>&1; then
		printf 'broken    %-30s does not build\n' "$name"
		return
	fi
	# The default check, scenario by scenario up to the first that
	# reports (each scenario's default run is the same alone as in the
	# whole check): first the one docs/checker.md says reports it, then
	# the catalogue in its order.
	t0=$(date +%s.%N)
	found=
	random=$(cd "$dir" && $mut_bin list scenarios |
		 awk '/ random / { print $1 }' | tr '\n' ' ')
	for scn in $(named_scenario "$name"; cd "$dir" &&
		     $mut_bin list scenarios | awk '{ print $1 }' |
		     grep -vxF "$(named_scenario "$name")"); do
		args=()
		[ -n "$seed" ] && [[ " $random" == *" $scn "* ]] &&
			args=(--seed "$seed")
		(cd "$dir" && timeout 600 $mut_bin check "$scn" "${args[@]}" \
			--json > out.json 2> err.log)
		st=$?
		if [ $st -gt 1 ]; then
			printf 'broken    %-30s contpte check %s exited %d\n' \
			       "$name" "$scn" "$st"
			return
		fi
		found=$(first_finding < "$dir/out.json") && break
	done
	t1=$(date +%s.%N)
	if [ -z "$found" ]; then
		printf 'SURVIVED  %-30s no violation (%.1f s)\n' "$name" \
		       "$(elapsed "$t0" "$t1")"
		return
	fi
	read -r oracle scn secs token <<< "$found"
	if [[ " $expect " != *" $oracle "* ]]; then
		printf 'WRONG     %-30s %s in %s, expected %s\n' "$name" \
		       "$oracle" "$scn" "$expect"
		return
	fi
	if ! (cd "$dir" && $mut_bin replay "$token" > replay.log 2>&1;
	      [ $? -eq 1 ] && grep -q "^Violation: $oracle$" replay.log); then
		printf 'NOREPLAY  %-30s %s in %s: the token does not replay\n' \
		       "$name" "$oracle" "$scn"
		return
	fi
	printf 'killed    %-30s %-15s %-22s found in %6.2f s, checks %5.1f s\n' \
	       "$name" "$oracle" "$scn" "$secs" "$(elapsed "$t0" "$t1")"
}

# Each patch that applies with fuzz or an offset, rewritten against the
# tree as it is: its header kept, its hunks made again by diff -u.
refresh() {
	local p f out
	for p in tests/mutants/*.patch; do
		out=$(patch --dry-run -p1 < "$p" 2>&1)
		grep -qiE 'fuzz|offset' <<< "$out" || continue
		f=$(sed -n 's|^--- a/||p' "$p" | head -n 1)
		cp "$f" "$work/old"
		cp "$f" "$work/new"
		patch -s "$work/new" < "$p" > /dev/null ||
			die "$p no longer applies: edit it by hand"
		{
			sed -n '1,/^--- a\//p' "$p" | sed '$d'
			diff -u --label "a/$f" --label "b/$f" "$work/old" "$work/new"
		} > "$work/patch"
		mv "$work/patch" "$p"
		echo "refreshed $p"
	done
}

main() {
	local patches=() n killed start
	if [ "${1:-}" = --refresh ]; then
		refresh
		return
	fi
	command -v patch > /dev/null || die "needs patch (apt-get install patch)"
	if [ $# -eq 0 ]; then
		patches=(tests/mutants/*.patch)
	else
		for n in "$@"; do
			[ -f "tests/mutants/$n.patch" ] ||
				die "unknown mutant: $n (see tests/mutants/)"
			patches+=("tests/mutants/$n.patch")
		done
	fi
	make -s -j"$jobs" $mut_make command-in-O > /dev/null ||
		die "the tree does not build"
	export -f run_one first_finding elapsed named_scenario
	export work top mut_make mut_bin
	start=$(date +%s)
	printf '%s\n' "${patches[@]}" |
		xargs -P "$jobs" -I{} bash -c 'run_one {}' | tee "$work/results"
	n=${#patches[@]}
	killed=$(grep -c '^killed' "$work/results")
	echo "kill rate: $killed/$n mutants, $(( $(date +%s) - start )) s in all ($jobs at a time)"
	[ "$killed" -eq "$n" ]
}

main "$@"
