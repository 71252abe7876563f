# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by the figure scripts: the terminal, and rows(BENCH, DESIGN),
# the CSV of `contpte bench --csv` cut down to one benchmark's rows of one
# design (a regular expression), header kept so that columns go by name.
# Called with -e "csv='FILE'; out='FILE.svg'".

set terminal svg size 900,520 dynamic noenhanced font "sans,12" background "white"
set output out
set datafile separator ','
set datafile columnheaders
set grid ytics
set key top left box opaque

rows(b, d) = sprintf("< (head -1 %s; grep -E '^%s,[^,]*,[^,]*,%s,' %s)", csv, b, d, csv)
