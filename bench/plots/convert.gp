# SPDX-License-Identifier: GPL-2.0-only
#
# convert: unfold and refold through mprotect() and alone, with and
# without the TLBI (BBML2_NOABORT), against the TLBI's cost.

load 'bench/plots/common.gp'

set title "unfold + refold: ratio to upstream with its TLBI"
set logscale y
set yrange [0.0001:10]
set ylabel "ratio (log)"
set key below horizontal
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1

plot rows("convert", "(bbml2|no-contpte)") using "ratio":xtic(sprintf("%s %s", strcol(2), strcol(4))) title "model CPU time", \
     '' using "predicted_ratio" title "cost model", \
     '' using "published" title "published"
