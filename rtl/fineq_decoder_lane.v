// One lane of the FineQ-v1 weight decoder: one cluster byte in, its three signed weights
// out, in the same clock (FINEQ-SPEC section 2, docs/format.md, docs/rtl.md).
// C++ reference: decode_cluster() in software/quant/cluster_codec.cpp.
//
//   idx = cluster[7:6], payload = cluster[5:0]
//   idx 0: normal cluster, three 2-bit codes in payload bits 5..4, 3..2, 1..0
//   idx p: weight p-1 pruned (0), the other two as 3-bit outlier codes in bits 5..3, 2..0
//
// The codebook is a programmable table of 12 signed 8-bit values written one entry per
// clock: addresses 0..3 hold the normal values of codes 0..3, addresses 4..11 the outlier
// values of codes 0..7 (writes to 12..15 are ignored). A decoder of D clusters per clock
// is D lanes sharing one table; this lane holds its own copy.
`default_nettype none

module fineq_decoder_lane (
    input  wire              clk,
    input  wire              table_write,
    input  wire [3:0]        table_address,
    input  wire signed [7:0] table_data,
    input  wire [7:0]        cluster,
    output wire signed [7:0] weight0,
    output wire signed [7:0] weight1,
    output wire signed [7:0] weight2
);
  reg signed [7:0] normal_value [0:3];
  reg signed [7:0] outlier_value[0:7];

  // Addresses 4..11 map to outlier codes 0..7: the low three bits minus 4, modulo 8.
  wire       is_normal_address  = !table_address[3] && !table_address[2];
  wire       is_outlier_address = table_address[3] ^ table_address[2];
  wire [2:0] outlier_code       = table_address[2:0] - 3'd4;

  always @(posedge clk) begin
    if (table_write && is_normal_address) normal_value[table_address[1:0]] <= table_data;
    if (table_write && is_outlier_address) outlier_value[outlier_code] <= table_data;
  end

  wire [1:0]        idx    = cluster[7:6];
  wire signed [7:0] first  = outlier_value[cluster[5:3]];
  wire signed [7:0] second = outlier_value[cluster[2:0]];

  assign weight0 = idx == 2'd0 ? normal_value[cluster[5:4]] : idx == 2'd1 ? 8'sd0 : first;
  assign weight1 = idx == 2'd0 ? normal_value[cluster[3:2]] : idx == 2'd2 ? 8'sd0 :
                   idx == 2'd1 ? first : second;
  assign weight2 = idx == 2'd0 ? normal_value[cluster[1:0]] : idx == 2'd3 ? 8'sd0 : second;
endmodule

`default_nettype wire
