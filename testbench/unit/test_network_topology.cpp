// Topology readers and convolution lowering against SCALE-Sim's published formulas, computed
// by hand in the comments: M = OFMAP pixels = ceil((I - F + S) / S) per side, N = filters,
// K = filter height x width x channels; 'DP' layers split into one layer per channel.
#include <gtest/gtest.h>

#include <fstream>

#include "conv_lowering.hpp"
#include "expect_contains.hpp"
#include "scalesim_config.hpp"
#include "temp_path.hpp"
#include "topology.hpp"

using namespace fineq;

namespace {
std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = test::unique_temp_path(name);
  std::ofstream(path) << text;
  return path;
}

std::string topology_error(const std::string& name, const std::string& text) {
  const std::string path = write_file(name, text);
  try {
    read_topology(path);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  ADD_FAILURE() << "no error for " << text;
  return "";
}

const char* kConvHeader =
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
}  // namespace

TEST(NetworkTopology, GemmFormKeepsMNK) {
  const Topology t = read_topology(write_file("gpt.csv", "Layer,M,N,K,\nQKT,1024,1024,64,\nLinear1, 1024, 4800, 1600\n"));
  EXPECT_EQ(t.name, "gpt");
  ASSERT_EQ(t.layers.size(), 2u);
  EXPECT_EQ(t.layers[0].name, "QKT");
  EXPECT_EQ(t.layers[0].m, 1024u);
  EXPECT_EQ(t.layers[0].n, 1024u);
  EXPECT_EQ(t.layers[0].k, 64u);
  EXPECT_EQ(t.layers[1].m, 1024u);
  EXPECT_EQ(t.layers[1].n, 4800u);
  EXPECT_EQ(t.layers[1].k, 1600u);
  EXPECT_FALSE(t.layers[0].conv.has_value());
}

TEST(NetworkTopology, ConvFormLowersAsScaleSim) {
  const Topology t = read_topology(write_file(
      "resnet.csv", std::string(kConvHeader) +
                        "Conv1,224,224,7,7,3,64,2,\n"      // ceil((224-7+2)/2) = 110: M = 12100, K = 147
                        "Conv3_1a,56,56,3,3,64,128,2,\n"   // ceil((56-3+2)/2) = 28: M = 784, K = 576
                        "Conv2_1a,56,56,3,3,64,64,1,\n"    // 56-3+1 = 54: M = 2916
                        "FC,1,1,1,1,512,1000,1,\n"));      // M = 1, K = 512, N = 1000
  ASSERT_EQ(t.layers.size(), 4u);
  EXPECT_EQ(t.layers[0].m, 12100u);
  EXPECT_EQ(t.layers[0].n, 64u);
  EXPECT_EQ(t.layers[0].k, 147u);
  EXPECT_EQ(t.layers[1].m, 784u);
  EXPECT_EQ(t.layers[1].n, 128u);
  EXPECT_EQ(t.layers[1].k, 576u);
  EXPECT_EQ(t.layers[2].m, 2916u);
  EXPECT_EQ(t.layers[2].k, 576u);
  EXPECT_EQ(t.layers[3].m, 1u);
  EXPECT_EQ(t.layers[3].n, 1000u);
  EXPECT_EQ(t.layers[3].k, 512u);
  ASSERT_TRUE(t.layers[0].conv.has_value());
  EXPECT_EQ(t.layers[0].conv->stride_width, 2u);  // one stride column: both directions
}

TEST(NetworkTopology, SeparateStrideWidthColumn) {
  // h: ceil((9-3+2)/2) = 4, w: ceil((8-2+3)/3) = 3: M = 12, K = 3*2*1 = 6, N = 5.
  const Topology t = read_topology(write_file(
      "strides.csv", "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, "
                     "Num Filter, Stride Height, Stride Width,\nC,9,8,3,2,1,5,2,3,\n"));
  ASSERT_EQ(t.layers.size(), 1u);
  EXPECT_EQ(t.layers[0].m, 12u);
  EXPECT_EQ(t.layers[0].k, 6u);
  EXPECT_EQ(t.layers[0].n, 5u);
}

TEST(NetworkTopology, DepthwiseLayerSplitsPerChannel) {
  // SCALE-Sim: a layer whose name holds 'DP' runs once per channel with one channel each.
  // 10x10 input, 3x3 filter, stride 1: 8x8 = 64 pixels, K = 9, N = 2 filters, 4 copies.
  const Topology t = read_topology(write_file("dw.csv", std::string(kConvHeader) + "DP1,10,10,3,3,4,2,1,\n"));
  ASSERT_EQ(t.layers.size(), 4u);
  for (std::size_t c = 0; c < 4; ++c) {
    EXPECT_EQ(t.layers[c].name, "DP1Channel_" + std::to_string(c));
    EXPECT_EQ(t.layers[c].m, 64u);
    EXPECT_EQ(t.layers[c].n, 2u);
    EXPECT_EQ(t.layers[c].k, 9u);
  }
}

TEST(NetworkTopology, JsonFormWithPaddingDepthwiseAndOptions) {
  const std::string path = write_file("net.json", R"({"name": "mini", "layers": [
    {"name": "conv", "ifmap_height": 56, "ifmap_width": 56, "filter_height": 3, "filter_width": 3,
     "channels": 64, "num_filters": 64, "stride": 2, "padding": 1},
    {"name": "dw", "ifmap_height": 6, "ifmap_width": 6, "filter_height": 3, "filter_width": 3,
     "channels": 2, "num_filters": 1, "depthwise": true},
    {"name": "q", "m": 512, "n": 4096, "k": 4096, "seed": 7},
    {"name": "w", "m": 1, "n": 8, "k": 9, "weights": "w.npy"}]})");
  const Topology t = read_topology(path);
  EXPECT_EQ(t.name, "mini");
  ASSERT_EQ(t.layers.size(), 5u);
  // Padded 58 x 58, 3x3, stride 2: ceil((58-3+2)/2) = ceil(28.5) = 29 per side.
  EXPECT_EQ(t.layers[0].m, 29u * 29u);
  EXPECT_EQ(t.layers[0].k, 576u);
  // Depthwise: 2 layers of 4x4 pixels, K = 9, N = 1.
  EXPECT_EQ(t.layers[1].name, "dwChannel_0");
  EXPECT_EQ(t.layers[2].name, "dwChannel_1");
  EXPECT_EQ(t.layers[2].m, 16u);
  EXPECT_EQ(t.layers[2].k, 9u);
  EXPECT_EQ(t.layers[3].seed.value_or(0), 7u);
  EXPECT_TRUE(t.layers[3].weights.empty());
  EXPECT_EQ(t.layers[4].weights,
            (std::filesystem::path(path).parent_path() / "w.npy").lexically_normal().string());
}

TEST(NetworkTopology, BadRowsNameFileLineAndField) {
  const std::string gemm = "Layer, M, N, K,\n";
  std::string e = topology_error("missing.csv", gemm + "A,1,2,3,\nB,4,5,\n");
  EXPECT_CONTAINS(e, "missing.csv:3");
  EXPECT_CONTAINS(e, "expected 4 fields");
  e = topology_error("text.csv", gemm + "A,1,two,3,\n");
  EXPECT_CONTAINS(e, "text.csv:2");
  EXPECT_CONTAINS(e, "field 'N'");
  EXPECT_CONTAINS(e, "'two'");
  e = topology_error("zero.csv", gemm + "A,0,2,3,\n");
  EXPECT_CONTAINS(e, "field 'M'");
  EXPECT_CONTAINS(e, "got 0");
  e = topology_error("negative.csv", gemm + "A,4,2,-3,\n");
  EXPECT_CONTAINS(e, "field 'K'");
  EXPECT_CONTAINS(e, "'-3'");
  e = topology_error("stride.csv", std::string(kConvHeader) + "\nC,4,4,1,1,3,8,5,\n");
  EXPECT_CONTAINS(e, "stride.csv:3");
  EXPECT_CONTAINS(e, "stride height 5 is larger than the IFMAP height 4");
  e = topology_error("filter.csv", std::string(kConvHeader) + "C,4,4,5,3,3,8,1,\n");
  EXPECT_CONTAINS(e, "filter height 5 is larger than the IFMAP height 4");
  e = topology_error("header.csv", "Layer, A, B,\nX,1,2,\n");
  EXPECT_CONTAINS(e, "header.csv:1");
  EXPECT_CONTAINS(e, "header");
  e = topology_error("large.csv", gemm + "A,70000,2,3,\n");
  EXPECT_CONTAINS(e, "GEMM M = 70000");
  e = topology_error("padded.json", R"({"layers": [{"name": "c", "ifmap_height": 2, "ifmap_width": 2,
      "filter_height": 5, "filter_width": 1, "channels": 1, "num_filters": 1, "padding": 1}]})");
  EXPECT_CONTAINS(e, "layers[0] ('c')");
  EXPECT_CONTAINS(e, "filter height 5 is larger than the padded IFMAP height 4");
  e = topology_error("unknown.json", R"({"layers": [{"name": "q", "m": 1, "n": 2, "k": 3, "kk": 1}]})");
  EXPECT_CONTAINS(e, "unknown field 'kk'");
  e = topology_error("float.json", R"({"layers": [{"name": "q", "m": 1.5, "n": 2, "k": 3}]})");
  EXPECT_CONTAINS(e, "field 'm': expected a positive integer, got 1.5");
  e = topology_error("nok.json", R"({"layers": [{"name": "q", "m": 1, "n": 2}]})");
  EXPECT_CONTAINS(e, "field 'k' is missing");
}

TEST(NetworkTopology, ScaleSimConfigWeightStationaryOnly) {
  const std::string arch =
      "[general]\nrun_name = r\n\n[architecture_presets]\nArrayHeight:    16\nArrayWidth:     8\n"
      "IfmapSramSzkB:   64\nFilterSramSzkB:  32\nOfmapSramSzkB:   128\nIfmapOffset: 0\n"
      "Bandwidth : 10\nMemoryBanks: 1\n\n[run_presets]\nInterfaceBandwidth: USER\n";
  const ScaleSimConfig ws = read_scalesim_config(write_file("ws.cfg", arch + "[architecture_presets]\nDataflow : ws\n"));
  AcceleratorConfig config;
  ws.apply_to(config);
  EXPECT_EQ(config.rows, 16u);
  EXPECT_EQ(config.cols, 8u);
  EXPECT_EQ(config.activation_buffer_bytes, 65536u);
  EXPECT_EQ(config.weight_buffer_bytes, 16384u);  // half of 32 KiB
  EXPECT_EQ(config.output_buffer_bytes, 131072u);
  EXPECT_EQ(config.dram_bytes_per_cycle, 10u);
  try {
    read_scalesim_config(write_file("os.cfg", arch + "[architecture_presets]\nDataflow : os\n"));
    ADD_FAILURE() << "os accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_CONTAINS(error.what(), "os.cfg:");
    EXPECT_CONTAINS(error.what(), "Dataflow 'os' is not supported");
    EXPECT_CONTAINS(error.what(), "ws");
  }
  try {
    read_scalesim_config(write_file("bad.cfg", "[architecture_presets]\nDataflow: ws\nArrayHeight: x\n"));
    ADD_FAILURE() << "non-numeric accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_CONTAINS(error.what(), "ArrayHeight: expected a positive integer, got 'x'");
  }
}
