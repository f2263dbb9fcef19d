# ppsmon.gp: a picture of the NMEA offset that ppsmon -g or -P measured
# and wrote with -w: the samples over time with their median and the
# correction ppsmon suggests, and their histogram.
#
#   ppsmon -w samples.dat -P /var/log/ntpsec/peerstats
#   gnuplot -e "in='samples.dat'; out='offset.png'" ppsmon.gp
#
# A wide spread or two humps in the histogram say more than the median:
# the MT3339's sentences come later with more satellites in view.

if (!exists("in")) in = "samples.dat"
if (!exists("out")) out = "offset.png"

# what the samples are, and the line ppsmon suggested (its comments)
what = system("sed -n 's/^# ppsmon: //p' '" . in . "'")
fix = system("sed -n 's/^# suggested //p' '" . in . "'")

set terminal pngcairo size 900,700 font ",10"
set output out
stats in using 2 nooutput
median = STATS_median
spread = STATS_stddev

set multiplot layout 2,1 title what . " (ms): " . fix
set xdata time
set timefmt "%s"
set format x "%H:%M:%S"
set xlabel "time (UTC)"
set ylabel "ms"
set grid
plot in using 1:2 with points pointtype 7 pointsize 0.4 title "samples", \
    median with lines linewidth 2 title sprintf("median %.3f ms", median)

unset xdata
set format x "%g"
set xlabel "ms"
set ylabel "samples"
# bins: a tenth of the spread, at least a microsecond
width = spread / 10 > 0.001 ? spread / 10 : 0.001
bin(x) = width * floor(x / width) + width / 2
set boxwidth width
set style fill solid 0.5
set arrow from median, graph 0 to median, graph 1 nohead linewidth 2
plot in using (bin($2)):(1.0) smooth frequency with boxes title "histogram"
unset multiplot
