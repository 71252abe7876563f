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
# "Oracle:" line), with a counterexample that shows at least one event
# and a replay token that `contpte replay` replays to the same oracle.
# Prints one line per mutant, then the kill rate; exits non-zero if any
# mutant survived or was caught for another reason, or (without
# MUTATE_SEED) by another scenario than the one docs/checker.md names.
#
#   tests/mutate.sh [NAME...]      (default: every mutant)
#   tests/mutate.sh --refresh      rewrite each mutant that applies only
#                                  with fuzz or an offset against the tree
#                                  as it is (tests/docs.sh asks for that)
#   tests/mutate.sh --check-rebuilds [NAME...]
#                                  assert that each mutant of a header
#                                  builds the same command as a build from
#                                  scratch would (apply_mutant() keeps the
#                                  objects it does not change; make
#                                  regtest runs it)
#   tests/mutate.sh --untouched FILE...
#                                  the statements of each FILE that no
#                                  mutant removes or changes, "FILE:LINE:
#                                  text": where a hunt for the bugs a clean
#                                  run would miss starts
#   MUTATE_JOBS=N                  mutants run at once (default: CPUs)
#   MUTATE_SEED=S                  random scenarios with --seed S: a kill
#                                  that only the default seed makes is
#                                  luck (a change to the checked code
#                                  moves a random search as a new seed
#                                  does); exhaustive ones have no seed
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${MUTATE_JOBS:-$(nproc)}
seed=${MUTATE_SEED:-}
# The mutants' command: the same code as ./contpte, built in a tree of its
# own at -O1 without debug information, which compiles a quarter faster
# than ./contpte's -O2 -g; a check runs a fifth slower, and most take well
# under a second.
mut_make="O=build-mut SAN= CFLAGS=-O1"
mut_bin=build-mut/contpte

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

# "OBJECT FUNCTION" for each function each object of the mutants' tree
# references, from a build of it at -O0: there gcc inlines nothing but
# __always_inline, so every static inline function a translation unit
# calls, directly, through a macro or through another one it calls, is
# emitted in its object, and none it does not call is.
function_map() {
	make -s -j"$jobs" O=build-mutmap SAN= CFLAGS=-O0 command-in-O \
		> /dev/null || die "the tree does not build at -O0"
	(cd build-mutmap && find . -name '*.o' | sed 's|^\./||' |
	 while read -r o; do
		nm --defined-only "$o" | awk -v o="$o" '$2 ~ /^[tT]$/ { print o, $3 }'
	 done) > "$work/functions"
}

# The functions whose bodies the hunks of patch $1 change in header $2,
# one a line.  Fails, for the full rebuild, unless every hunk applies
# where it says, changes only lines of the body of a static function gcc
# does not inline at -O0, and adds no brace or preprocessor line; if a
# change of the header's length ends inside a conditional group other
# than the include guard (renumbered() puts a "#line" there, which does
# nothing in a group the compiler skips); and if the header tests what
# makes code dead at -O0 but live at -O1.  (A function in a group the
# build skips is changed in no object: rebuilding its callers is
# harmless.)  A body is what lies between a "{" and a "}" in the first
# column (kernel style: nothing else puts a brace there), under a
# signature that is a declarator: "static ...(...)", no "=".
changed_functions() {
	perl -e '
		my ($patch, $file) = @ARGV;
		open(my $h, "<", $file) or die "$file: $!";
		my @src = ("", <$h>);
		open(my $p, "<", $patch) or die "$patch: $!";
		my ($in, $old, %fn, @depth, $guard);
		exit 1 if grep { /__builtin_constant_p|__OPTIMIZE__|__NO_INLINE__/ } @src;
		# Conditional groups around each line, the include guard not counted.
		my $d = 0;
		for my $l (1 .. $#src) {
			$depth[$l] = $d;
			if ($src[$l] =~ /^\s*#\s*if/) {
				if (!defined $guard && $src[$l] =~ /^#ifndef\s+(\w+)/ &&
				    ($src[$l + 1] // "") =~ /^#define\s+\Q$1\E\b/) {
					$guard = $l;
				} else {
					$d++;
				}
			} elsif ($src[$l] =~ /^\s*#\s*endif/) {
				$d-- if $d > 0;
			}
		}
		sub brace { my ($l) = @_; $l >= 1 && $l < @src && $src[$l] =~ /^([{}])/ ? $1 : "" }
		# The function around old lines $lo..$hi, or "*".
		sub around {
			my ($lo, $hi) = @_;
			my ($s, $e) = ($lo, $hi);
			$s-- while $s >= 1 && !brace($s);
			$e++ while $e < @src && !brace($e);
			return "*" unless brace($s) eq "{" && brace($e) eq "}";
			my ($sig, $l) = ("", $s - 1);
			for (; $l >= 1; $l--) {
				last if $src[$l] =~ m!^\s*$|;\s*$|^[}#]|\*/\s*$|\\$!;
				$sig = $src[$l] . $sig;
			}
			return "*" if $sig =~ /__always_inline|=/ || $sig !~ /\)\s*$/;
			return $sig =~ /^static\b[^(]*?\b(\w+)\s*\(/ ? $1 : "*";
		}
		# The end of a change before old line $old: its "#line" would
		# sit in the group around that line.
		my ($minus, $plus) = (0, 0);
		sub change_end {
			exit 1 if $minus != $plus && $depth[$old // 0];
			($minus, $plus) = (0, 0);
		}
		while (<$p>) {
			if (/^--- a\/(\S+)/) {
				change_end() if $in;
				($in, $old) = ($1 eq $file);
				next;
			}
			next unless $in;
			if (/^@@ -(\d+)(?:,(\d+))?/) {
				exit 1 if defined $2 && $2 == 0;
				change_end();
				$old = $1;
				next;
			}
			next unless defined $old;
			exit 1 if /^[-+]\s*#|^\+[{}]|__COUNTER__/;
			exit 1 if /^[- ]/ && substr($_, 1) ne ($src[$old] // "");
			if (/^-/) {
				$fn{brace($old) ? "*" : around($old, $old)} = 1;
				$minus++;
				$old++;
			} elsif (/^\+/) {
				$fn{around($old - 1, $old)} = 1;
				$plus++;
			} elsif (/^ /) {
				change_end();
				$old++;
			}
		}
		change_end() if $in;
		exit 1 if $fn{"*"};
		print "$_\n" for sort keys %fn;' "$1" "$2"
}

# Patch $1 (on stdin) with a "#line" after each change of a header's
# length, so that every line below it keeps its number: the shim
# primitives record their call sites' lines (hw/site.h), which would
# otherwise change in every object that calls a function below it.
renumbered() {
	perl -e '
		my ($hdr, @body, $head, $shift);
		sub flush {
			return unless defined $head;
			my ($o, $c, $rest) = @$head;
			my @out;
			my ($m, $p, $ins) = (0, 0, 0);
			my $end = sub {
				if ($hdr && $m != $p) {
					push @out, "+#line $o\n";
					$ins++;
				}
				$m = $p = 0;
			};
			for (@body) {
				if (/^-/) { $m++; $o++; }
				elsif (/^\+/) { $p++; }
				elsif (/^ /) { $end->(); $o++; }
				push @out, $_;
			}
			$end->();
			my ($a, $b, $d) = @$head[3, 4, 5];
			printf "@@ -%d,%d +%d,%d @@%s", $a, $b, $c + $shift,
			       $d + $ins, $rest;
			print @out;
			$shift += $ins;
			@body = ();
			undef $head;
		}
		while (<STDIN>) {
			if (/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*\n)/) {
				flush();
				$head = [$1, $3, $5, $1, $2 // 1, $4 // 1];
				next;
			}
			if (defined $head && /^[-+ \\]/ && !/^(---|\+\+\+) /) {
				push @body, $_;
				next;
			}
			flush();
			($hdr, $shift) = ($1 =~ /\.h$/, 0) if /^--- a\/(\S+)/;
			print;
		}
		flush();'
}

# Applies patch $1 to tree $2.  When each change it makes to a header lies
# in the body of a function (changed_functions()), it applies it
# renumbered() and marks up to date each object that calls none of those
# functions, which a rebuild would leave byte for byte as it is, so that
# make rebuilds only the others: most mutants of a header then rebuild
# under ten objects, not the three quarters that include it.  Writes how
# many it kept so to $2/kept.
apply_mutant() {
	local patch=$1 dir=$2 f fn fns=() rebuilt o
	echo 0 > "$dir/kept"
	for f in $(sed -n 's|^--- a/\(.*\.h\)$|\1|p' "$patch"); do
		fn=$(cd "$top" && changed_functions "$patch" "$f") &&
			[ -n "$fn" ] || { fns=(); break; }
		fns+=($fn)
	done
	if [ ${#fns[@]} -eq 0 ]; then
		patch -s -p1 -d "$dir" < "$patch"
		return
	fi
	renumbered < "$patch" | patch -s -p1 -d "$dir" || return
	rebuilt=" $(sed -n 's|^--- a/\(.*\)\.c$|\1.o|p' "$patch" | tr '\n' ' ')"
	rebuilt+="$(awk -v fns=" ${fns[*]} " 'index(fns, " " $2 " ") { print $1 }' \
		    "$work/functions" | sort -u | tr '\n' ' ')"
	(cd "$dir/build-mut" && find . -name '*.o' | sed 's|^\./||') |
	while read -r o; do
		[[ "$rebuilt" == *" $o "* ]] || echo "$o"
	done > "$dir/kept.list"
	(cd "$dir/build-mut" && xargs -r touch < ../kept.list)
	wc -l < "$dir/kept.list" > "$dir/kept"
}

# Tree $1: the sources as they are and the mutants' build tree, mtimes
# kept, so that make rebuilds only what a patch touches.
prepare() {
	mkdir -p "$1"
	git ls-files -z --cached --others --exclude-standard |
		tar --null -T - -cf - | tar -xf - -C "$1"
	cp -a build-mut "$1/"
}

# Each patch of $@ whose rebuild keeps objects builds the same command as
# the same sources built from scratch; prints a line for each, and fails
# if one differs.
check_rebuilds() {
	local patch name dir fails=0 all
	all=$(cd build-mut && find . -name '*.o' | wc -l)
	for patch; do
		name=$(basename "$patch" .patch)
		dir=$work/$name
		prepare "$dir"
		if ! apply_mutant "$patch" "$dir" > "$dir/patch.log" 2>&1 ||
		   ! make -s -C "$dir" $mut_make command-in-O > /dev/null 2>&1; then
			printf 'broken    %s\n' "$name"
			fails=1
			continue
		fi
		if [ "$(cat "$dir/kept")" -eq 0 ]; then
			printf 'all       %-30s rebuilds every object\n' "$name"
			rm -rf "$dir"
			continue
		fi
		cp -a "$dir" "$dir.scratch"
		find "$dir.scratch/build-mut" -name '*.o' -delete
		if ! make -s -C "$dir.scratch" $mut_make command-in-O \
			> /dev/null 2>&1; then
			printf 'broken    %-30s from scratch\n' "$name"
			fails=1
		elif cmp -s "$dir/$mut_bin" "$dir.scratch/$mut_bin"; then
			printf 'same      %-30s %d of %d objects rebuilt\n' "$name" \
			       $((all - $(cat "$dir/kept"))) "$all"
		else
			printf 'DIFFERS   %-30s from a build from scratch\n' "$name"
			fails=1
		fi
		rm -rf "$dir" "$dir.scratch"
	done
	return $fails
}

# One mutant, in its own copy of the tree; prints its result line.
run_one() {
	local patch=$1 name dir expect t0 t1 found oracle scn secs token st
	local random args
	name=$(basename "$patch" .patch)
	dir=$work/$name
	expect=$(sed -n 's/^Oracle: //p' "$patch")
	prepare "$dir"
	if ! apply_mutant "$patch" "$dir" > "$dir/patch.log" 2>&1; then
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
	# The table of oracles says which scenario reports the mutant: a
	# default run that finds it elsewhere makes that claim false, and
	# runs the catalogue up to its finder each time.  A seed other than
	# the default may move a random search anywhere.
	if [ -z "$seed" ] && [ "$scn" != "$(named_scenario "$name")" ]; then
		printf 'ELSEWHERE %-30s %s in %s, not in %s (docs/checker.md)\n' \
		       "$name" "$oracle" "$scn" "$(named_scenario "$name")"
		return
	fi
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
	# A counterexample that shows no event tells its reader nothing.
	if grep -q '^Trace (0 of' "$dir/replay.log"; then
		printf 'EMPTY     %-30s %s in %s: the counterexample shows no event\n' \
		       "$name" "$oracle" "$scn"
		return
	fi
	printf 'killed    %-30s %-15s %-22s found in %6.2f s, checks %5.1f s\n' \
	       "$name" "$oracle" "$scn" "$secs" "$(elapsed "$t0" "$t1")"
}

# The lines of file $1 with a statement or a condition (comments, blank
# lines, braces and declarations left out) that no hunk of a mutant
# removes: "FILE:LINE: text".
untouched() {
	perl -e '
		my $file = shift;
		my %hit;
		for my $p (@ARGV) {
			open(my $h, "<", $p) or die "$p: $!";
			my ($in, $ln) = (0);
			while (<$h>) {
				if (/^--- a\/(\S+)/) { $in = $1 eq $file; next; }
				next unless $in;
				if (/^@@ -(\d+)/) { $ln = $1; next; }
				next unless defined $ln;
				if (/^-/) { $hit{$ln++} = 1; }
				elsif (/^ /) { $ln++; }
			}
		}
		open(my $f, "<", $file) or die "$file: $!";
		my $comment = 0;
		while (my $l = <$f>) {
			my $s = $l =~ s/^\s+|\s+$//gr;
			if ($comment) { $comment = 0 if $s =~ m{\*/}; next; }
			if ($s =~ m{^/\*}) { $comment = $s !~ m{\*/}; next; }
			next if $hit{$.} || $s eq "" || $s =~ /^[{}]|^#|^\*/;
			next unless $s =~ /;|\bif \(|\bwhile\b|\bfor \(/;
			next if $s =~ /^(static |extern |struct \w+ \*?\w+;|(unsigned |bool |int |u64 |pte_t |spinlock_t )[\w *,]*;$)/;
			print "$file:$.: $s\n";
		}' "$1" tests/mutants/*.patch
}

# Each patch that applies with fuzz or an offset, rewritten against the
# tree as it is: its header kept, its hunks made again by diff -u, file
# by file.
refresh() {
	local p f out d=$work/refresh
	for p in tests/mutants/*.patch; do
		out=$(patch --dry-run -p1 < "$p" 2>&1)
		grep -qiE 'fuzz|offset' <<< "$out" || continue
		rm -rf "$d"
		for f in $(sed -n 's|^--- a/||p' "$p"); do
			mkdir -p "$d/$(dirname "$f")"
			cp "$f" "$d/$f"
		done
		patch -s -p1 -d "$d" < "$p" > /dev/null ||
			die "$p no longer applies: edit it by hand"
		{
			sed -n '1,/^--- a\//p' "$p" | sed '$d'
			for f in $(sed -n 's|^--- a/||p' "$p"); do
				diff -u --label "a/$f" --label "b/$f" "$f" "$d/$f"
			done
		} > "$work/patch"
		mv "$work/patch" "$p"
		echo "refreshed $p"
	done
}

main() {
	local patches=() n killed start check=
	cd "$top"
	work=$(mktemp -d "${TMPDIR:-/tmp}/contpte-mutate.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	if [ "${1:-}" = --refresh ]; then
		refresh
		return
	fi
	if [ "${1:-}" = --untouched ]; then
		shift
		[ $# -gt 0 ] || die "--untouched needs a file (a source file of the tree)"
		for f in "$@"; do
			[ -f "$f" ] || die "--untouched: no file $f in the tree"
			# As the patches name it: from the top, no "./".
			untouched "$(realpath --relative-to=. "$f")"
		done
		return
	fi
	[ "${1:-}" = --check-rebuilds ] && check=1 && shift
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
	grep -q '^--- a/.*\.h$' "${patches[@]}" && function_map
	if [ -n "$check" ]; then
		check_rebuilds $(grep -l '^--- a/.*\.h$' "${patches[@]}")
		return
	fi
	export -f run_one first_finding elapsed named_scenario \
		changed_functions renumbered apply_mutant prepare
	export work top mut_make mut_bin seed
	start=$(date +%s)
	printf '%s\n' "${patches[@]}" |
		xargs -P "$jobs" -I{} bash -c 'run_one {}' | tee "$work/results"
	n=${#patches[@]}
	killed=$(grep -c '^killed' "$work/results")
	echo "kill rate: $killed/$n mutants, $(( $(date +%s) - start )) s in all ($jobs at a time)"
	[ "$killed" -eq "$n" ]
}

# Sourced (tests/mutate_rebuild.sh), it only defines its functions.
[ "${BASH_SOURCE[0]}" != "$0" ] || main "$@"
