#!/usr/bin/env bash
# Synthesizes every block of rtl/ with Yosys to a generic CMOS gate library and writes cell
# and transistor counts to a CSV (docs/rtl.md, docs/energy-area.md "Synthesized area").
#
#   synth -top X; dfflegalize -cell $_DFF_P_ 01; abc -g cmos2; stat -tech cmos
#
# dfflegalize turns enables and synchronous resets into gates, so that every flip-flop is a
# plain $_DFF_P_ and `stat -tech cmos` counts all of it (NOT 2, NAND/NOR 4, DFF 16
# transistors); without it the enable flops would be left out of the count.
# PE widths are those of a 32 x 32 array with the default codebook (model/pe/pe_datapath.cpp).
#
# Usage: scripts/synth.sh [output.csv]   (default docs/results/synth_area.csv)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out=${1:-$root/docs/results/synth_area.csv}
if ! command -v yosys >/dev/null; then
  echo "synth: yosys not found (install the Debian package 'yosys')" >&2
  exit 1
fi
out_dir=$(dirname "$out")
if [ ! -d "$out_dir" ]; then
  echo "synth: output directory $out_dir does not exist" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Reference units, synthesized by the same flow, to set the gate counts beside the cost
# table's units (docs/energy-area.md): 8- and 32-bit adders, a signed 8 x 8 multiplier, an
# 8-bit register.
cat >"$work/reference_units.v" <<'VERILOG'
module ref_add8 (input wire [7:0] a, input wire [7:0] b, output wire [7:0] y);
  assign y = a + b;
endmodule
module ref_add32 (input wire [31:0] a, input wire [31:0] b, output wire [31:0] y);
  assign y = a + b;
endmodule
module ref_mult8 (input wire signed [7:0] a, input wire signed [7:0] b, output wire signed [15:0] y);
  assign y = a * b;
endmodule
module ref_reg8 (input wire clk, input wire [7:0] d, output reg [7:0] q);
  always @(posedge clk) q <= d;
endmodule
VERILOG

# block, module, Verilog file, parameters (NAME=VALUE ...)
blocks=(
  "temporal_pe|temporal_pe|$root/rtl/temporal_pe.v|MAG_BITS=3 PSUM_BITS=15"
  "int8x4_pe|bit_parallel_pe|$root/rtl/bit_parallel_pe.v|WEIGHT_BITS=4 PSUM_BITS=16"
  "int8x8_pe|bit_parallel_pe|$root/rtl/bit_parallel_pe.v|WEIGHT_BITS=8 PSUM_BITS=20"
  "pulse_counter|pulse_counter|$root/rtl/pulse_counter.v|MAG_BITS=3"
  "decoder_lane|fineq_decoder_lane|$root/rtl/fineq_decoder_lane.v|"
  "ref_add8|ref_add8|$work/reference_units.v|"
  "ref_add32|ref_add32|$work/reference_units.v|"
  "ref_mult8|ref_mult8|$work/reference_units.v|"
  "ref_reg8|ref_reg8|$work/reference_units.v|"
)

csv="$work/synth_area.csv"
echo "block,module,parameters,cells,flip_flops,nand,nor,not,transistors" >"$csv"
for entry in "${blocks[@]}"; do
  IFS='|' read -r block module file parameters <<<"$entry"
  chparam=""
  for parameter in $parameters; do chparam+="chparam -set ${parameter%%=*} ${parameter#*=} $module; "; done
  log="$work/$block.log"
  yosys -q -p "read_verilog $file; $chparam synth -top $module; \
dfflegalize -cell \$_DFF_P_ 01; abc -g cmos2; opt_clean; tee -o $work/$block.stat stat -tech cmos" \
    >"$log" 2>&1 || { cat "$log" >&2; echo "synth: yosys failed on $block" >&2; exit 1; }
  stat="$work/$block.stat"
  count() { awk -v cell="$1" '$1 == cell { print $2; found = 1 } END { if (!found) print 0 }' "$stat"; }
  cells=$(awk '/Number of cells:/ { print $4 }' "$stat")
  transistors=$(awk '/Estimated number of transistors:/ { print $5 }' "$stat")
  case $transistors in
    *[!0-9]*|"") echo "synth: $block has cells without a transistor count: $transistors" >&2; exit 1 ;;
  esac
  other=$(awk '/^ +\$_/ && $1 !~ /^\$_(DFF_P|NAND|NOR|NOT)_$/' "$stat")
  if [ -n "$other" ]; then
    echo "synth: $block has cells outside the cmos2 library: $other" >&2
    exit 1
  fi
  echo "$block,$module,${parameters// /;},$cells,$(count '$_DFF_P_'),$(count '$_NAND_'),$(count '$_NOR_'),$(count '$_NOT_'),$transistors" >>"$csv"
done
mv "$csv" "$out"
column -s, -t "$out"

# The array-level ratios the docs quote: 32 x 32 PEs, plus 32 pulse counters for the temporal array.
awk -F, 'NR > 1 { t[$1] = $9 }
  END {
    temporal = 1024 * t["temporal_pe"] + 32 * t["pulse_counter"]
    printf "32x32 array, transistors: temporal %d (incl. 32 pulse counters), int8x4 %d, int8x8 %d\n",
           temporal, 1024 * t["int8x4_pe"], 1024 * t["int8x8_pe"]
    printf "temporal array vs int8x8: %.1f %% smaller; vs int8x4: %.1f %% smaller\n",
           100 * (1 - temporal / (1024 * t["int8x8_pe"])), 100 * (1 - temporal / (1024 * t["int8x4_pe"]))
  }' "$out"
