# SPDX-License-Identifier: GPL-2.0-only
#
# madv-free: MADV_FREE per folio size against the old loop without
# contpte, predicted and measured, with the published new/old times
# (x86, no contpte, old path splitting every large folio).

load 'bench/plots/common.gp'

set title "MADV_FREE per folio size: ratio to the old loop without contpte"
set logscale y
set yrange [0.001:100]
set ylabel "ratio (log)"
set xlabel "folio size"
set key top left font ",10"

plot rows("madv-free", "old") using "order":"predicted_ratio":xtic(2) with linespoints lc 1 pt 7 title "old (arm64), cost model", \
     '' using "order":"ratio" with linespoints lc 1 dt 2 pt 6 title "old (arm64), model CPU", \
     rows("madv-free", "new") using "order":"predicted_ratio" with linespoints lc 2 pt 7 title "new (arm64), cost model", \
     '' using "order":"ratio" with linespoints lc 2 dt 2 pt 6 title "new (arm64), model CPU", \
     rows("madv-free", "new-nocontpte") using "order":"predicted_ratio" with linespoints lc 3 pt 7 title "new, no contpte, cost model", \
     '' using "order":"ratio" with linespoints lc 3 dt 2 pt 6 title "new, no contpte, model CPU", \
     '' using "order":"published" with points lc 3 pt 9 ps 1.5 title "new/old published (i5, with split)"
