// Temporal-coded FineQ processing element (docs/timing.md "One fold", docs/rtl.md).
// C++ reference: temporal_pe_clock() / temporal_pe_wave() in model/pe/pe_arithmetic.cpp; the
// ports and clocking are those of the structural array's PE modules
// (model/structural/pe_module.hpp, temporal_pe.cpp).
//
// The PE is a register stage. During a wave's window the column's pulse counter p runs
// 0 .. Wf-1; at every rising edge of an active column the PE adds sign(w) * a to the wave's
// partial sum when p < |w| (a pulse), where a is the activation its left neighbour holds. The
// weight is held as sign and magnitude, so the datapath is one adder, a MAG_BITS-bit
// comparator and registers: no multiplier.
//
// At each rising edge (inputs as they stand before it):
//   fire     = valid_in & pulse_active & (pulse_count < |w|)        (also an output)
//   psum     <= (pulse_count == 0 ? psum_in : psum) + (fire ? sign(w) * act_in : 0)
//               if pulse_active (the first clock of a window starts from the PE above)
//   act_out, valid_out <= act_in, valid_in                          (one PE right per clock)
//   weight   <= {weight_sign, weight_magnitude} if load; the loaded weight already applies at
//               that edge (write-through), as in the structural PE modules, whose array raises
//               load at the edge before the first wave reaches column 0
// psum_out is the partial-sum register: after a window's last clock it holds the wave's sum,
// which the PE below takes in its next clock (p = 0 again).
`default_nettype none

module temporal_pe #(
    parameter integer MAG_BITS  = 3,  // |w| <= 2^MAG_BITS - 1 (3 bits: max |w| = 4 of the default codebook)
    parameter integer PSUM_BITS = 32  // partial-sum adder and register width
) (
    input  wire                        clk,
    input  wire                        rst,               // synchronous; clears valid_out
    // Weight register, latched from the decoder's staging register file at the end of the load.
    input  wire                        load,
    input  wire                        weight_sign,       // 1: negative weight
    input  wire        [MAG_BITS-1:0]  weight_magnitude,
    // Activation from the left neighbour's register; this PE's register to the right one.
    input  wire signed [7:0]           act_in,
    input  wire                        valid_in,
    output wire signed [7:0]           act_out,
    output wire                        valid_out,
    // The column's pulse counter p (pulse_active low: the column is idle), and this PE's
    // comparator output gated by the activation's valid bit: the adder fires this clock.
    input  wire                        pulse_active,
    input  wire        [MAG_BITS-1:0]  pulse_count,
    output wire                        fire,
    // Partial sums: psum_in from the PE above (top row: the wave's initial sum).
    input  wire signed [PSUM_BITS-1:0] psum_in,
    output wire signed [PSUM_BITS-1:0] psum_out
);
  reg                        weight_sign_q;
  reg        [MAG_BITS-1:0]  weight_magnitude_q;
  reg signed [7:0]           act_q;
  reg                        valid_q;
  reg        [PSUM_BITS-1:0] psum_q;

  // One adder: a negative weight adds ~act + 1 (inverted operand, carry in), and a clock
  // without a pulse adds 0. The comparator only gates the adder's operand.
  wire                 sign     = load ? weight_sign : weight_sign_q;
  wire [MAG_BITS-1:0]  mag      = load ? weight_magnitude : weight_magnitude_q;
  wire [PSUM_BITS-1:0] act_wide = {{(PSUM_BITS - 8) {act_in[7]}}, act_in};
  wire [PSUM_BITS-1:0] addend   = (act_wide ^ {PSUM_BITS{sign}}) & {PSUM_BITS{fire}};
  wire [PSUM_BITS-1:0] carry_in = {{(PSUM_BITS - 1) {1'b0}}, sign & fire};
  wire                 window_start = pulse_count == {MAG_BITS{1'b0}};
  wire [PSUM_BITS-1:0] base     = window_start ? psum_in : psum_q;

  assign fire      = valid_in & pulse_active & (pulse_count < mag);
  assign psum_out  = psum_q;
  assign act_out   = act_q;
  assign valid_out = valid_q;

  always @(posedge clk) begin
    if (load) begin
      weight_sign_q      <= weight_sign;
      weight_magnitude_q <= weight_magnitude;
    end
    act_q   <= act_in;
    valid_q <= rst ? 1'b0 : valid_in;
    if (pulse_active) psum_q <= base + addend + carry_in;
  end
endmodule

`default_nettype wire
