# SPDX-License-Identifier: GPL-2.0-only
#
# fork, munmap, dontneed: contpte-basic and contpte-batch against no
# contpte, per folio order, predicted by the cost model and measured as
# the model's CPU time, with the v5 (v4 for dontneed) figures at orders
# 0 and 9.

load 'bench/plots/common.gp'

set multiplot layout 1,3 title "ratio to no contpte, per folio order"
set logscale y
set yrange [0.5:500]
set xrange [-0.5:9.5]
set xtics 1
set xlabel "folio order"
set key top left font ",9"

do for [b in "fork munmap dontneed"] {
	set title b
	plot rows(b, "contpte-basic") using "order":"predicted_ratio" with linespoints lc 1 pt 7 title "basic, cost model", \
	     '' using "order":"ratio" with linespoints lc 1 dt 2 pt 6 title "basic, model CPU", \
	     '' using "order":"published" with points lc 1 pt 9 ps 1.5 title "basic, Altra", \
	     '' using "order":"published2" with points lc 1 pt 11 ps 1.5 title "basic, M2 VM", \
	     rows(b, "contpte-batch") using "order":"predicted_ratio" with linespoints lc 2 pt 7 title "batch, cost model", \
	     '' using "order":"ratio" with linespoints lc 2 dt 2 pt 6 title "batch, model CPU", \
	     '' using "order":"published" with points lc 2 pt 9 ps 1.5 title "batch, published"
	unset ylabel
}
unset multiplot
