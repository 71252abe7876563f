#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The documentation is true of the code: the tree cites only what a reader
# can open (upstream commits and lore threads by subject, Arm ARM rule IDs,
# kernel functions, our own docs/), never a document outside it; the
# tables of docs/checker.md that mirror the code (settings, scenarios,
# oracles, known problems) agree with what `contpte list` prints; the
# manual page formats cleanly and names every command and option the
# command's help does; every mutant docs/checker.md names applies to the
# tree as it is, without fuzz or offset, so that make mutate tests the
# bug its Bug: paragraph describes; and no two mutants make the same edit
# under two names, which would count one bug twice.
#
# The command is the one of the build tree make check names in
# CONTPTE_BUILD, or else ./contpte.
set -u

plan=10
. "$(dirname "$0")/lib/tap.sh"
self=tests/docs.sh
case ${CONTPTE_BUILD:-.} in
/*) contpte=$CONTPTE_BUILD/contpte ;;
*) contpte=$root/${CONTPTE_BUILD:-.}/contpte ;;
esac
checker=$root/docs/checker.md
man=$root/docs/contpte.1

# Lines differ: show how (want, from the code, <; docs >), fail.
same() {
	diff "$1" "$2" >"$tmp/diff" && return 0
	diag <"$tmp/diff"
	return 1
}

# Citations of a document outside the tree: a specification, a reference
# directory, design seeds, tracker issues by number.
outside='\bSPEC\b|§|\breference/|\breference section|\bseeds?/|\bseeds? [0-9]{3}\b|\b[Ii]ssues? #?[0-9]+\b'

# Every file of the tree, relative to its top: git's list, or, outside a
# git checkout, every file but the build trees and the built command.
tree_files() {
	if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$root" ls-files
	else
		(cd "$root" && find . -type f ! -path './build*' \
			! -path ./contpte ! -path './.git/*' | sed 's|^\./||')
	fi
}

# 1. The detector sees each kind of citation; no file of the tree has one.
# The samples are written with a "_" inside each key word, taken out here,
# so that this file holds no citation itself.
sed 's/_//g' >"$tmp/samples" <<'EOF'
(S_PEC section 3)
(refer_ence/arm-hardware.md section 7.2)
(refer_ence section 6)
see se_eds/002
(se_ed 002)
(iss_ue 5 item 4)
iss_ue #12
N9 of _§7.7
EOF
caught=$(grep -cE "$outside" "$tmp/samples")
(cd "$root" && tree_files | grep -vxF "$self" | while IFS= read -r f; do
	[ -f "$f" ] && grep -IHnE "$outside" "$f"
done) >"$tmp/found"
if [ "$caught" -ne "$(wc -l <"$tmp/samples")" ]; then
	echo "# the detector caught $caught of the samples"
	ok 1 "no file of the tree cites a document outside it"
else
	diag <"$tmp/found"
	[ ! -s "$tmp/found" ]
	ok $? "no file of the tree cites a document outside it"
fi

# The rows of the table of FILE that follows the line MARK, up to the
# first line that is not a row, without the header and its rule.
table() {
	awk -v mark="$2" '
		index($0, mark) == 1 { on = 1; skip = /^\|/ ? 1 : 2; next }
		on && /^\|/ { if (skip) skip--; else print; next }
		on && !/^<!--/ { exit }' "$1"
}

# The cells of table rows, backticks dropped, "|"-separated, trimmed.
cells() {
	sed -e 's/`//g' -e 's/^| *//' -e 's/ *|$//' -e 's/ *| */|/g'
}

# The markdown rows for `contpte list designs|hw`: knob, values with the
# default marked, what it does.
knob_rows() {
	"$contpte" list "$1" | awk '
		/^[a-z]/ {
			knob = $1; vals = $2; def = $0
			getline; sub(/^ +/, ""); what = $0
			if (vals == "N") {
				sub(/.*default /, "", def); sub(/\).*/, "", def)
				v = "a number (default " def ")"
			} else {
				k = split(vals, a, "|"); v = ""
				for (i = 1; i <= k; i++) {
					d = sub(/\*$/, "", a[i])
					v = v (i > 1 ? ", " : "") "`" a[i] "`" \
					    (d ? " (default)" : "")
				}
			}
			printf "| `%s` | %s | %s |\n", knob, v, what
		}'
}

# 2, 3. The settings tables are the lists, row for row.
for what in designs hw; do
	knob_rows $what >"$tmp/want"
	table "$checker" "<!-- contpte list $what -->" >"$tmp/got"
	[ -s "$tmp/want" ] && same "$tmp/want" "$tmp/got"
	ok $? "docs/checker.md's table of knobs is contpte list $what"
done

# 4. The scenario catalogue: each scenario in order, its default run and
# its main oracles as `contpte list scenarios` gives them, each an oracle
# of `contpte list oracles`.
"$contpte" list scenarios |
	perl -ne 'chomp; my @f = split /  +/, $_, 3;
		  my ($o) = $f[2] =~ /\(([^()]*)\)$/; print "$f[0]|$f[1]|$o\n"' \
	>"$tmp/want"
"$contpte" list oracles | awk '{ print $1 }' >"$tmp/oracles"
echo "every oracle" >>"$tmp/oracles"
cut -d'|' -f3 "$tmp/want" | tr ',' '\n' | sed 's/^ *//' | sort -u |
	grep -vxFf "$tmp/oracles" >"$tmp/unknown"
table "$checker" "| scenario | default run |" | cells |
	awk -F'|' '{ print $1 "|" $2 "|" $4 }' >"$tmp/got"
[ -s "$tmp/want" ] && same "$tmp/want" "$tmp/got" && [ ! -s "$tmp/unknown" ]
r=$?
[ ! -s "$tmp/unknown" ] || echo "# not an oracle: $(cat "$tmp/unknown")"
ok $r "docs/checker.md's scenario catalogue is contpte list scenarios"

# 5. The oracles in order of gravity, and the mutants that re-create a bug
# of each: every mutant once, in a row its Oracle: line allows.
"$contpte" list oracles | awk '{ print $1 }' >"$tmp/want"
table "$checker" "| oracle | what it asserts |" | cells >"$tmp/rows"
cut -d'|' -f1 "$tmp/rows" | same "$tmp/want" - &&
	perl -e '
		my ($dir, $rows) = @ARGV; my (%row, $bad);
		open my $r, "<", $rows or die;
		while (<$r>) {
			chomp; my @c = split /\|/;
			my $cell = $c[3]; $cell =~ s/→[^;]*//g;
			for my $m ($cell =~ /([a-z0-9-]+)/g) {
				next unless -e "$dir/$m.patch";
				if ($row{$m}) { print "# $m: in two rows\n"; $bad = 1 }
				$row{$m} = $c[0];
			}
		}
		for my $p (glob "$dir/*.patch") {
			my ($m) = $p =~ m{([^/]+)\.patch$};
			open my $f, "<", $p or die;
			my ($o) = grep { s/^Oracle: // } <$f>;
			my %ok = map { $_ => 1 } split " ", $o // "";
			if (!$row{$m}) { print "# $m: in no row\n"; $bad = 1 }
			elsif (!$ok{$row{$m}}) {
				print "# $m: in the $row{$m} row, Oracle: $o"; $bad = 1;
			}
		}
		exit $bad ? 1 : 0;' "$root/tests/mutants" "$tmp/rows"
ok $? "docs/checker.md's oracles are contpte list oracles, with every mutant"

# 6. The known problems: settings, oracle and scenarios of each row.
"$contpte" list known | awk '/^[a-z]/' | perl -ne '
	chomp; my ($d, $rest) = (substr($_, 0, 40), substr($_, 41));
	$d =~ s/ +$//; my ($o, @s) = split " ", $rest;
	print "$d|$o|", join(", ", @s), "\n"' >"$tmp/want"
table "$checker" "| settings | oracle | scenarios |" | cells |
	cut -d'|' -f1-3 >"$tmp/got"
[ -s "$tmp/want" ] && same "$tmp/want" "$tmp/got"
ok $? "docs/checker.md's known problems are contpte list known"

# 7. The manual page formats without a warning.
if ! command -v groff >/dev/null; then
	ok 0 "# SKIP the manual page: no groff (Debian: groff-base)"
else
	groff -man -ww -z "$man" 2>&1 | diag
	[ -z "$(groff -man -ww -z "$man" 2>&1)" ]
	ok $? "the manual page formats without a warning"
fi

# 8. It names every command, every option of their help and every list.
for cmd in check list replay bench help; do
	echo "$cmd"
	"$contpte" help $cmd | grep -oE -- '--[a-z-]+' | sort -u
done >"$tmp/words"
"$contpte" list --help | sed -n 's/^usage: contpte list \[\(.*\)\]/\1/p' |
	tr '|' '\n' >>"$tmp/words"
sed -e 's/\\-/-/g' -e 's/^\.[A-Z]* //' "$man" >"$tmp/man.txt"
missing=$(sort -u "$tmp/words" | while read -r w; do
	grep -qF -- "$w" "$tmp/man.txt" || echo "$w"
done)
[ -z "$missing" ] || echo "# not in docs/contpte.1: $missing"
[ -z "$missing" ]
ok $? "the manual page names every command, option and list of the help"

# 9. Every mutant applies exactly: a hunk that drifts or fails is a mutant
# that no longer re-creates its bug (tests/mutate.sh --refresh).
if ! command -v patch >/dev/null; then
	ok 0 "# SKIP the mutants: no patch (Debian: patch)"
else
	drift=$(for p in "$root"/tests/mutants/*.patch; do
		(cd "$root" && patch --dry-run -p1 <"$p" 2>&1) |
			grep -qiE 'fuzz|offset|FAILED|malformed' &&
			basename "$p"
	done)
	[ -z "$drift" ] || echo "# drifted: $drift"
	[ -z "$drift" ]
	ok $? "every mutant applies to the tree without fuzz or offset"
fi

# 10. No two mutants make the same edit: the same hunks, whatever their
# line numbers, under two names.
same=$(for p in "$root"/tests/mutants/*.patch; do
	printf '%s %s\n' "$(sed -n '/^--- a\//,$p' "$p" | grep -v '^@@' |
			    cksum | tr ' ' '-')" "$(basename "$p")"
done | sort | awk '$1 == prev { print prevname, $2 } { prev = $1; prevname = $2 }')
[ -z "$same" ] || echo "# the same edit: $same"
[ -z "$same" ]
ok $? "no two mutants make the same edit"
