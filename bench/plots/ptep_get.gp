# SPDX-License-Identifier: GPL-2.0-only
#
# ptep-get: the gathered read of a folded block, and the plain load of
# deref=plain, against the raw read, per position of the access and dirty
# state in the block.

load 'bench/plots/common.gp'

set title "ptep_get() gathered, and a plain load, against raw, per position of A and D"
set ylabel "ratio to the raw read"
set key below horizontal
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:*]

plot rows("ptep-get", "gathered") using "ratio":xtic(2) title "model CPU time", \
     '' using "predicted_ratio" title "cost model (page-table reads)", \
     rows("ptep-get", "plain") using "ratio" title "plain *ptep, model CPU time"
