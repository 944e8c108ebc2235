// Bit-parallel multiply-accumulate PE: INT8 activation x WEIGHT_BITS-bit two's-complement
// weight (8: the INT8 x INT8 baseline, 4: INT8 x INT4), one MAC per clock
// (docs/timing.md "One fold", docs/rtl.md).
// C++ reference: bit_parallel_pe_wave() in model/pe/pe_arithmetic.cpp; the clock-by-clock
// behaviour is that of one PE of model/engine/cycle_array.cpp.
//
// Per clock:
//   psum_out = psum + act * weight                           (combinational, to the PE below)
//   at the edge: psum <= psum_load ? psum_in : psum_out      (psum_load = the column's window end)
//                act, act_valid <= act_in, act_valid_in      (activations move one PE right)
//                weight <= weight_in if weight_shift         (weights shift down the column chain)
`default_nettype none

module bit_parallel_pe #(
    parameter integer WEIGHT_BITS = 8,
    parameter integer PSUM_BITS   = 32
) (
    input  wire                          clk,
    input  wire                          rst,           // synchronous; clears act_valid
    // Weight register: one link of the column's shift chain during the weight load.
    input  wire                          weight_shift,
    input  wire signed [WEIGHT_BITS-1:0] weight_in,     // from the PE above (top row: the loader)
    output wire signed [WEIGHT_BITS-1:0] weight_out,    // to the PE below
    // Activation from the left neighbour; leaves to the right one clock later.
    input  wire signed [7:0]             act_in,
    input  wire                          act_valid_in,
    output wire signed [7:0]             act_out,
    output wire                          act_valid_out,
    // Partial sums: psum_in from the PE above (top row: the column's initial sum).
    input  wire                          psum_load,
    input  wire signed [PSUM_BITS-1:0]   psum_in,
    output wire signed [PSUM_BITS-1:0]   psum_out
);
  localparam integer PRODUCT_BITS = 8 + WEIGHT_BITS;

  reg signed [WEIGHT_BITS-1:0] weight_q;
  reg signed [7:0]             act_q;
  reg                          act_valid_q;
  reg signed [PSUM_BITS-1:0]   psum_q;

  wire signed [PRODUCT_BITS-1:0] product = act_q * weight_q;

  assign psum_out      = psum_q + {{(PSUM_BITS - PRODUCT_BITS) {product[PRODUCT_BITS-1]}}, product};
  assign weight_out    = weight_q;
  assign act_out       = act_q;
  assign act_valid_out = act_valid_q;

  always @(posedge clk) begin
    if (weight_shift) weight_q <= weight_in;
    act_q       <= act_in;
    act_valid_q <= rst ? 1'b0 : act_valid_in;
    psum_q      <= psum_load ? psum_in : psum_out;
  end
endmodule

`default_nettype wire
