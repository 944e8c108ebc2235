// One column's pulse counter for the temporal-coded PEs (docs/timing.md "Waves", docs/rtl.md).
// C++ reference: the per-column counter of model/engine/cycle_array.cpp.
//
// The counter p runs 0 .. last_count (= Wf - 1) over every window of the column, wrapping
// back to 0. A column starts one clock after its left neighbour: `activate` is the left
// neighbour's `active` (column 0: the clock edge that ends the weight load). `clear` (at
// the start of a fold) stops it again. window_end tells the column's PEs to take the
// partial sum from above (psum_load), window_start marks a wave's first clock.
`default_nettype none

module pulse_counter #(
    parameter integer MAG_BITS = 3  // counter width: windows of 1 .. 2^MAG_BITS - 1 clocks
) (
    input  wire                clk,
    input  wire                clear,       // synchronous: inactive, p = 0
    input  wire                activate,    // the column's first window opens at the next clock
    input  wire [MAG_BITS-1:0] last_count,  // Wf - 1, constant during a fold
    output wire [MAG_BITS-1:0] count,       // p, to the column's PEs
    output wire                active,      // to the next column's `activate`
    output wire                window_start,
    output wire                window_end
);
  reg [MAG_BITS-1:0] count_q;
  reg                active_q;

  assign count        = count_q;
  assign active       = active_q;
  assign window_start = active_q & (count_q == {MAG_BITS{1'b0}});
  assign window_end   = active_q & (count_q == last_count);

  always @(posedge clk) begin
    if (clear) begin
      active_q <= 1'b0;
      count_q  <= {MAG_BITS{1'b0}};
    end else if (!active_q) begin
      active_q <= activate;
    end else begin
      count_q <= window_end ? {MAG_BITS{1'b0}} : count_q + 1'b1;
    end
  end
endmodule

`default_nettype wire
