// Bit-parallel multiply-accumulate PE: INT8 activation x WEIGHT_BITS-bit two's-complement
// weight (8: the INT8 x INT8 baseline, 4: INT8 x INT4), one MAC per clock
// (docs/timing.md "One fold", docs/rtl.md).
// C++ reference: bit_parallel_pe_wave() in model/pe/pe_arithmetic.cpp; the ports and clocking
// are those of the structural array's PE modules (model/structural/pe_module.hpp,
// bit_parallel_pe.cpp).
//
// At each rising edge (inputs as they stand before it):
//   psum     <= psum_in + act_in * weight   if window_end (the column is active: its window
//                                           is one clock, so every clock ends one)
//   act_out, valid_out <= act_in, valid_in  (one PE right per clock)
//   weight   <= weight_in if load; the loaded weight already applies at that edge
//               (write-through), as in the structural PE modules
// psum_out is the partial-sum register, taken by the PE below in the next clock.
// Requires PSUM_BITS >= 8 + WEIGHT_BITS.
`default_nettype none

module bit_parallel_pe #(
    parameter integer WEIGHT_BITS = 8,
    parameter integer PSUM_BITS   = 32
) (
    input  wire                          clk,
    input  wire                          rst,         // synchronous; clears valid_out
    input  wire                          load,
    input  wire signed [WEIGHT_BITS-1:0] weight_in,
    input  wire signed [7:0]             act_in,
    input  wire                          valid_in,
    output wire signed [7:0]             act_out,
    output wire                          valid_out,
    input  wire                          window_end,
    input  wire signed [PSUM_BITS-1:0]   psum_in,
    output wire signed [PSUM_BITS-1:0]   psum_out
);
  localparam integer PRODUCT_BITS = 8 + WEIGHT_BITS;

  reg signed [WEIGHT_BITS-1:0] weight_q;
  reg signed [7:0]             act_q;
  reg                          valid_q;
  reg signed [PSUM_BITS-1:0]   psum_q;

  wire signed [WEIGHT_BITS-1:0]  weight  = load ? weight_in : weight_q;
  wire signed [PRODUCT_BITS-1:0] product = act_in * weight;

  assign psum_out  = psum_q;
  assign act_out   = act_q;
  assign valid_out = valid_q;

  always @(posedge clk) begin
    if (load) weight_q <= weight_in;
    act_q   <= act_in;
    valid_q <= rst ? 1'b0 : valid_in;
    if (window_end) psum_q <= psum_in + {{(PSUM_BITS - PRODUCT_BITS) {product[PRODUCT_BITS-1]}}, product};
  end
endmodule

`default_nettype wire
