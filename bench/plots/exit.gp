# SPDX-License-Identifier: GPL-2.0-only
#
# exit: each design's cost of exit_group() against no contpte, as the
# model measured it, as the cost model predicts it, and as published.

load 'bench/plots/common.gp'

set title "exit_group() of block-sized folios: ratio to no contpte"
set logscale y
set yrange [0.1:100]
set ylabel "ratio (log)"
set key below horizontal
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9

plot rows("exit", "[^,]*") using "ratio":xtic(4) title "model CPU time", \
     '' using "predicted_ratio" title "cost model", \
     '' using "published" title "published (kernel build)"
