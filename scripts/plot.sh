#!/usr/bin/env bash
# Turns a `fineq sweep` output directory into PNG plots (gnuplot):
#   array_size.png        total cycles and utilization vs array size, per PE kind
#   energy_breakdown.png  energy per MAC by component, per PE kind (32x32, smallest and largest M)
#   area_breakdown.png    array area by component, per PE kind (32x32)
#   pareto.png            mean relative weight error vs bits per weight (quantize points)
# Each plot is skipped with a note when the sweep has no points for it.
# Usage: scripts/plot.sh SWEEP_DIR [PLOT_DIR]     (PLOT_DIR defaults to SWEEP_DIR/plots)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: scripts/plot.sh SWEEP_DIR [PLOT_DIR]" >&2; exit 2; }
dir=$1
plots=${2:-$dir/plots}
compute=$dir/compute_report.csv
accuracy=$dir/accuracy_report.csv
[ -f "$compute" ] || { echo "plot.sh: $compute not found (run fineq sweep first)" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "plot.sh: gnuplot not found (apt-get install gnuplot-nox)" >&2; exit 1; }
mkdir -p "$plots"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# columns CSV 'Name|Name|...': the named columns as tab-separated rows (no header). The CSVs
# come from fineq sweep, whose cells hold no commas.
columns() {
  awk -F, -v want="$2" '
    NR == 1 { n = split(want, w, "|"); for (i = 1; i <= NF; i++) index_of[$i] = i
              for (j = 1; j <= n; j++) if (!(w[j] in index_of)) { print "plot.sh: no column " w[j] > "/dev/stderr"; exit 1 }
              next }
    { line = ""; for (j = 1; j <= n; j++) line = line (j > 1 ? "\t" : "") $(index_of[w[j]]); print line }' "$1"
}
# PE kind label: FineQ temporal PE with the fixed or dynamic window, or a bit-parallel baseline.
arch_label='function arch(pe, window) { return pe == "temporal" ? "FineQ-" (window == "dynamic" ? "dyn" : "fix") : "INT8" substr(pe, 5) }'
arch_order="FineQ-fix FineQ-dyn INT8x4 INT8x8"
style='set terminal pngcairo size 1000,620 font ",11" noenhanced; set grid ytics; set key outside right top'

# stacked FILE title|notitle SERIES...: a gnuplot `plot` command of stacked histogram series,
# each 'USING|TITLE|COLOUR'; the first also labels the x axis with column 1. `notitle` for a
# panel that shares another panel's key.
stacked() {
  local file=$1 key=$2 command="plot" source using title colour label
  shift 2
  source="'$file'"
  for series in "$@"; do
    IFS='|' read -r using title colour <<< "$series"
    if [ "$key" = title ]; then label="title '$title'"; else label=notitle; fi
    [ "$source" = "''" ] || using+=":xtic(1)"
    command+=" $source using $using $label lc rgb '$colour',"
    source="''"
  done
  echo "${command%,}"
}
# Columns 2-8 of the energy and area tables: the PE array's components.
array_series=('2|multipliers|#9400d3' '3|PE adders|#009e73' '4|comparators|#56b4e9'
  '5|pulse counters|#e69f00' '6|weight registers|#f0e442' '7|activation registers|#0072b2'
  '8|partial-sum registers|#e51e10')

# --- Cycles and utilization vs array size: the (layer, M) with the most array sizes ---------
columns "$compute" 'LayerID|m|rows|cols|pe|window|Total Cycles|Overall Util %|Compute Util %' |
  awk -F'\t' -v OFS='\t' "$arch_label"'{ print arch($5, $6), $1, $2, $3, $4, $7, $8, $9 }' > "$tmp/sizes"
study=$(awk -F'\t' '$4 == $5 { key = $2 "\t" $3; if (!seen[key, $4]++) count[key]++ }
                    END { for (k in count) if (count[k] > best) { best = count[k]; pick = k }
                          if (best > 1) print pick }' "$tmp/sizes")
if [ -n "$study" ]; then
  layer=${study%%$'\t'*}
  m=${study##*$'\t'}
  plot_cmd="" util_cmd=""
  for a in $arch_order; do
    awk -F'\t' -v a="$a" -v l="$layer" -v m="$m" '$1 == a && $2 == l && $3 == m && $4 == $5' "$tmp/sizes" |
      sort -t$'\t' -k4,4n > "$tmp/size_$a"
    [ -s "$tmp/size_$a" ] || continue
    plot_cmd+="'$tmp/size_$a' using 4:6 with linespoints lw 2 title '$a', "
    util_cmd+="'$tmp/size_$a' using 4:7 with linespoints lw 2 title '$a', "
  done
  gnuplot <<GP
$style
set datafile separator "\t"
set output '$plots/array_size.png'
set multiplot layout 1,2 title "$layer, M = $m: square R x R arrays"
set logscale xy 2
set format y "%.0s%c"
set xlabel 'array rows = columns'
set ylabel 'total cycles'
set key inside top right
plot ${plot_cmd%, }
unset logscale y
set format y "%g"
set ylabel 'overall utilization %  (MACs / (R C cycles))'
set yrange [0:*]
set key inside top right
plot ${util_cmd%, }
unset multiplot
GP
  echo "wrote $plots/array_size.png"
else
  echo "plot.sh: no (layer, M) with several array sizes: array_size.png skipped"
fi

# --- Energy per MAC by component (32 x 32, the study layer or the first layer) ---------------
energy_columns='LayerID|m|rows|pe|window|MACs|Energy pe_multipliers pJ|Energy pe_adders pJ|Energy pe_comparators pJ|Energy pulse_counters pJ|Energy pe_weight_registers pJ|Energy pe_activation_registers pJ|Energy pe_partial_sum_registers pJ|Energy array_total pJ|Energy decoder pJ|Energy column_accumulators pJ|Energy output_stage pJ|Energy weight_buffer pJ|Energy activation_buffer pJ|Energy output_buffer pJ|Energy dram pJ'
if head -1 "$compute" | grep -q 'Energy dram pJ'; then
  # Per MAC, 32 x 32 points: layer, M, PE kind, then the 15 energies above in pJ/MAC.
  columns "$compute" "$energy_columns" | awk -F'\t' -v OFS='\t' "$arch_label"'
    $3 == 32 && $6 > 0 { printf "%s\t%s\t%s", $1, $2, arch($4, $5)
                         for (i = 7; i <= 21; i++) printf "\t%.6g", $i / $6; printf "\n" }' > "$tmp/energy"
  layer=${layer:-$(head -1 "$tmp/energy" | cut -f1)}
  ms=$(awk -F'\t' -v l="$layer" '$1 == l { print $2 }' "$tmp/energy" | sort -n | uniq)
  if [ -n "$ms" ]; then
    for m in $ms; do
      : > "$tmp/energy_$m"
      for a in $arch_order; do
        awk -F'\t' -v OFS='\t' -v a="$a" -v l="$layer" -v m="$m" \
          '$1 == l && $2 == m && $3 == a { $1 = ""; $2 = ""; sub(/^\t\t/, ""); print }' "$tmp/energy" >> "$tmp/energy_$m"
      done
    done
    small=$(echo "$ms" | head -1)
    large=$(echo "$ms" | tail -1)
    # Columns of energy_M: 1 kind, 2 multipliers, 3 adders, 4 comparators, 5 counters,
    # 6 weight regs, 7 activation regs, 8 partial-sum regs, 9 array total, 10 decoder,
    # 11 column accumulators, 12 output stage, 13 weight buf, 14 activation buf,
    # 15 output buf, 16 DRAM.
    accelerator_series=('9|PE array (left panel)|#009e73' '10|FineQ-v1 decoder|#000000'
      '($11 + $12)|column accumulators + FP32 output stage|#f0e442' '13|weight buffer|#e51e10'
      '14|activation buffer|#0072b2' '15|output buffer|#a0522d' '16|DRAM|#999999')
    panels=3
    [ "$small" != "$large" ] || panels=2
    gnuplot <<GP
set terminal pngcairo size 1500,760 font ",11" noenhanced
set datafile separator "\t"
set output '$plots/energy_breakdown.png'
set multiplot layout 1,$panels title "Energy per MAC by component: $layer, 32 x 32 array, cost table model/costs/horowitz45nm.json"
set style data histograms
set style histogram rowstacked
set style fill solid 0.9 border -1
set boxwidth 0.7
set grid ytics
set xtics font ",10"
set ylabel 'pJ per MAC'
set yrange [0:*]
set key outside bottom center vertical maxrows 7 font ",9"
set bmargin 10
set title 'PE array only, M = $large'
$(stacked "$tmp/energy_$large" title "${array_series[@]}")
set title 'whole accelerator, M = $large'
$(stacked "$tmp/energy_$large" title "${accelerator_series[@]}")
$( [ "$panels" -eq 3 ] && echo "set title 'whole accelerator, M = $small (decode: DRAM-bound)'" )
$( [ "$panels" -eq 3 ] && stacked "$tmp/energy_$small" notitle "${accelerator_series[@]}" )
unset multiplot
GP
    echo "wrote $plots/energy_breakdown.png"
  fi

  # --- Array area by component (32 x 32) ----------------------------------------------------
  area_columns='rows|pe|window|Area pe_multipliers um2|Area pe_adders um2|Area pe_comparators um2|Area pulse_counters um2|Area pe_weight_registers um2|Area pe_activation_registers um2|Area pe_partial_sum_registers um2|Area decoder um2|Area column_accumulators um2|Area output_stage um2|Area weight_buffer um2|Area activation_buffer um2|Area output_buffer um2'
  columns "$compute" "$area_columns" | awk -F'\t' -v OFS='\t' "$arch_label"'
    $1 == 32 { a = arch($2, $3); if (seen[a]++) next
               printf "%s", a; for (i = 4; i <= 12; i++) printf "\t%.6g", $i / 1e6
               printf "\t%.4g\n", ($13 + $14 + $15 + $16) / 1e6 }' > "$tmp/area_all"
  : > "$tmp/area"
  for a in $arch_order; do awk -F'\t' -v a="$a" '$1 == a' "$tmp/area_all" >> "$tmp/area"; done
  if [ -s "$tmp/area" ]; then
    rest=$(head -1 "$tmp/area" | cut -f11)
    gnuplot <<GP
$style
set datafile separator "\t"
set output '$plots/area_breakdown.png'
set title "Array area by component, 32 x 32 PEs"
set xlabel "not shown: FP32 output stage and SRAM buffers, $rest mm2, the same for every PE kind"
set style data histograms
set style histogram rowstacked
set style fill solid 0.9 border -1
set boxwidth 0.6
set ylabel 'mm2'
set yrange [0:*]
$(stacked "$tmp/area" title "${array_series[@]}" '9|FineQ-v1 decoder|#000000' '10|column accumulators|#a0522d')
GP
    echo "wrote $plots/area_breakdown.png"
  fi
else
  echo "plot.sh: no energy columns (points simulated without the energy model): energy and area plots skipped"
fi

# --- Accuracy vs bits per weight (quantize points) -------------------------------------------
if [ -f "$accuracy" ] && [ "$(wc -l < "$accuracy")" -gt 1 ]; then
  header=$(head -1 "$accuracy")
  want='method|bits_per_weight|mean_rel_error'
  for optional in rule bits group; do
    echo "$header" | tr ',' '\n' | grep -qx "$optional" && want+="|$optional"
  done
  columns "$accuracy" "$want" | awk -F'\t' -v OFS='\t' -v want="$want" '
    BEGIN { n = split(want, w, "|"); for (j = 1; j <= n; j++) at[w[j]] = j }
    { method = $1; rule = ("rule" in at) ? $(at["rule"]) : ""; bits = ("bits" in at) ? $(at["bits"]) : ""
      group = ("group" in at) ? $(at["group"]) : ""
      series = method == "fineq" ? "FineQ " (rule == "" ? "min-error" : rule) : (method == "rtn" ? "RTN" : toupper(method))
      label = (method == "fineq" ? "" : "INT" (bits == "" ? 2 : bits)) (group != "" && group != 0 ? " g" group : "")
      print series, $2, $3, label }' > "$tmp/accuracy"
  model=$(columns "$accuracy" model 2>/dev/null | head -1 | xargs -r basename || true)
  plot_cmd=""
  for series in "FineQ min-error" "FineQ paper" "RTN" "OWQ"; do
    file="$tmp/acc_${series// /_}"
    awk -F'\t' -v s="$series" '$1 == s' "$tmp/accuracy" | sort -t$'\t' -k2,2g > "$file"
    [ -s "$file" ] || continue
    plot_cmd+="'$file' using 2:3 with points pt 7 ps 1.6 title '$series', "
    plot_cmd+="'$file' using 2:3:(strstrt(stringcolumn(4), 'g') ? stringcolumn(4) : '') with labels offset 0.6,-0.8 left font ',9' notitle, "
    plot_cmd+="'$file' using 2:3:(strstrt(stringcolumn(4), 'g') ? '' : stringcolumn(4)) with labels offset 0.6,0.7 left font ',9' notitle, "
  done
  gnuplot <<GP
$style
set datafile separator "\t"
set output '$plots/pareto.png'
set title "Weight quantization error vs storage, $model (lower left is better)"
set label 1 'gN: one scale per N clusters (FineQ) or per N weights (RTN); no label: one scale per row' at graph 0.01, graph 0.03 font ',9'
set xlabel 'bits per weight (payload + scales + metadata)'
set ylabel 'mean relative error ||W-Q||^2 / ||W||^2'
set logscale y
set key inside top right
plot ${plot_cmd%, }
GP
  echo "wrote $plots/pareto.png"
else
  echo "plot.sh: no quantize points: pareto.png skipped"
fi
