// Temporal-coded FineQ processing element (docs/timing.md "One fold", docs/rtl.md).
// C++ reference: temporal_pe_wave() in model/pe/pe_arithmetic.cpp; the clock-by-clock
// behaviour is that of one PE of model/engine/cycle_array.cpp.
//
// During a wave's window the column's pulse counter p runs 0 .. Wf-1; the PE adds
// sign(w) * a to its partial sum in every clock with p < |w| (a "pulse"). The weight is
// held as sign and magnitude, so the datapath is one adder, a MAG_BITS-bit comparator and
// registers: no multiplier.
//
// Per clock:
//   pulse    = act_valid & (pulse_count < |w|)             (combinational)
//   psum_out = psum + (pulse ? sign(w) * act : 0)           (combinational, to the PE below;
//                                                            one adder with carry in)
//   at the edge: psum <= psum_load ? psum_in : psum_out     (psum_load = the column's window end)
//                act, act_valid <= act_in, act_valid_in     (activations move one PE right)
//                weight <= {weight_sign, weight_magnitude} if weight_load
`default_nettype none

module temporal_pe #(
    parameter integer MAG_BITS  = 3,  // |w| <= 2^MAG_BITS - 1 (3 bits: max |w| = 4 of the default codebook)
    parameter integer PSUM_BITS = 32  // partial-sum adder and register width
) (
    input  wire                        clk,
    input  wire                        rst,               // synchronous; clears act_valid
    // Weight register, latched from the decoder's staging register file at the end of the load.
    input  wire                        weight_load,
    input  wire                        weight_sign,       // 1: negative weight
    input  wire        [MAG_BITS-1:0]  weight_magnitude,
    // Activation from the left neighbour; leaves to the right one clock later.
    input  wire signed [7:0]           act_in,
    input  wire                        act_valid_in,
    output wire signed [7:0]           act_out,
    output wire                        act_valid_out,
    // The column's pulse counter p, and this PE's comparator output p < |w| (gated by valid).
    input  wire        [MAG_BITS-1:0]  pulse_count,
    output wire                        pulse,
    // Partial sums: psum_in from the PE above (top row: the column's initial sum).
    input  wire                        psum_load,
    input  wire signed [PSUM_BITS-1:0] psum_in,
    output wire signed [PSUM_BITS-1:0] psum_out
);
  reg                        weight_sign_q;
  reg        [MAG_BITS-1:0]  weight_magnitude_q;
  reg signed [7:0]           act_q;
  reg                        act_valid_q;
  reg signed [PSUM_BITS-1:0] psum_q;

  // One adder: a negative weight adds ~act + 1 (inverted operand, carry in), and a clock
  // without a pulse adds 0. The comparator only gates the adder's operand.
  wire [PSUM_BITS-1:0] act_wide = {{(PSUM_BITS - 8) {act_q[7]}}, act_q};
  wire [PSUM_BITS-1:0] addend   = (act_wide ^ {PSUM_BITS{weight_sign_q}}) & {PSUM_BITS{pulse}};
  wire [PSUM_BITS-1:0] carry_in = {{(PSUM_BITS - 1) {1'b0}}, weight_sign_q & pulse};

  assign pulse         = act_valid_q & (pulse_count < weight_magnitude_q);
  assign psum_out      = psum_q + addend + carry_in;
  assign act_out       = act_q;
  assign act_valid_out = act_valid_q;

  always @(posedge clk) begin
    if (weight_load) begin
      weight_sign_q      <= weight_sign;
      weight_magnitude_q <= weight_magnitude;
    end
    act_q       <= act_in;
    act_valid_q <= rst ? 1'b0 : act_valid_in;
    psum_q      <= psum_load ? psum_in : psum_out;
  end
endmodule

`default_nettype wire
