#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The upstream design stays clean at length (the suite runs the same with
# small budgets): `./contpte check` with 200,000 executions a scenario;
# the default run on every machine the command line accepts, one hardware
# value at a time over each scenario's own machine; every scenario in
# stress mode on real threads.  Prints each run's table; exits non-zero
# on the first violation.  Then the known problems are all there are: the
# default run with each value of each design knob, and with each setting
# `contpte list known` names, finds every scenario of the rows of that
# list whose settings it has, and elsewhere nothing but their oracles
# (tests/check_known.c asserts each row is found).  And make mutate's
# rebuild of each mutant of a header, which keeps the objects it does not
# change, builds what a build from scratch would.
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

# Each design setting to sweep: one non-default value of a knob, or the
# settings of a row of `contpte list known`.
design_settings() {
	{
		./contpte list designs | awk '/^[a-z]/ {
			n = split($2, v, "|");
			for (i = 1; i <= n; i++)
				if (v[i] !~ /\*$/) print $1 "=" v[i];
		}'
		./contpte list known | awk '/^[a-z]/ { print substr($0, 1, 40) }'
	} | sed 's/ *$//' | sort -u
}

# "SCENARIO ORACLE" lines: what the rows of `contpte list known` whose
# settings are all among $1 expect.
known_for() {
	./contpte list known | perl -e '
		my %have = map { $_ => 1 } split " ", $ARGV[0];
		while (<STDIN>) {
			next if /^ /;
			my ($design, $rest) = (substr($_, 0, 40), substr($_, 41));
			my ($oracle, @scn) = split " ", $rest;
			next if grep { !$have{$_} } split " ", $design;
			print "$_ $oracle\n" for @scn;
		}' "$1" | sort
}

# "SCENARIO ORACLE" lines: what a --json run found.
found_in() {
	perl -MJSON::PP -e '
		local $/; my $r = decode_json(<STDIN>);
		for my $s (@{$r->{scenarios}}) {
			my $c = $s->{counterexample} or next;
			print "$s->{name} $c->{oracle}\n";
		}' | sort
}

# The findings $1 are what $2 expects: every scenario it names, each with
# one of the comma-separated oracles of its row, and others only with an
# oracle of one of the rows (the same problem met elsewhere: an unfold
# without its TLBI shows in every scenario that unfolds); prints those.
matches() {
	perl -e '
		my (%want, %any);
		for (split /\n/, $ARGV[1]) {
			my ($s, $o) = split " ";
			$want{$s} = $o;
			$any{$_} = 1 for split /,/, $o;
		}
		my %got = map { split " " } split /\n/, $ARGV[0];
		my $ok = 1;
		for my $s (sort keys %want) {
			next if exists $got{$s};
			print "missing: $s\n";
			$ok = 0;
		}
		for my $s (sort keys %got) {
			my $o = $got{$s};
			if (exists $want{$s}) {
				next if grep { $_ eq $o } split /,/, $want{$s};
			} elsif ($any{$o}) {
				print "also: $s $o\n";
				next;
			}
			print "unexpected: $s $o\n";
			$ok = 0;
		}
		exit !$ok;' "$1" "$2"
}

known_sweep() {
	local settings kv args got want bad=0
	while read -r settings; do
		args=()
		for kv in $settings; do
			args+=(--design "$kv")
		done
		echo "== ./contpte check ${args[*]} --json"
		got=$(./contpte check "${args[@]}" --json | found_in)
		want=$(known_for "$settings")
		matches "$got" "$want" && continue
		echo "regtest: with $settings, what was found is not contpte list known"
		bad=1
	done < <(design_settings)
	[ $bad = 0 ] || exit 1
}

start=$(date +%s)
run --executions 200000
for hw in $(machines); do
	run --hw "$hw"
done
run --mode stress --executions 20000
known_sweep
echo "== tests/mutate.sh --check-rebuilds"
tests/mutate.sh --check-rebuilds ||
	{ echo "regtest: a mutant's rebuild is not a build from scratch"; exit 1; }
echo "regtest: clean, $(( $(date +%s) - start )) s"
