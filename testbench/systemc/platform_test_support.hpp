#pragma once
// Shared by the SystemC platform tests: random but valid quantized tensors (every FineQ-v1
// byte and every IntB code is a valid weight, so random payloads reach all codes, including
// the extremes), activations with zero rows and saturated values, and counter comparisons.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "activity_counts.hpp"
#include "fp16.hpp"
#include "quantized_matrix.hpp"
#include "simulation_job.hpp"

namespace fineq::test {

inline QuantizedMatrix random_matrix(Encoding encoding, std::uint8_t bits, std::uint32_t n,
                                     std::uint32_t k, std::uint32_t group_size,
                                     std::mt19937_64& rng,
                                     const Codebook& codebook = Codebook::default_codebook()) {
  QuantizedMatrix w;
  w.name = "random";
  w.rows = n;
  w.cols = k;
  w.encoding = encoding;
  w.bits = encoding == Encoding::FineQV1 ? 0 : bits;
  w.codebook = codebook;
  w.group_size = group_size;
  std::uniform_int_distribution<int> byte(0, 255);
  w.payload.resize(std::size_t{n} * w.row_bytes());
  for (auto& b : w.payload) b = static_cast<std::uint8_t>(byte(rng));
  std::uniform_real_distribution<float> scale(1e-4f, 2.0f);
  w.scales.resize(std::size_t{n} * w.groups_per_row());
  for (auto& s : w.scales) s = float_to_half(scale(rng));
  w.validate();
  return w;
}

// Gaussian values with a few large channels; row `zero_row` (if < m) all zero.
inline std::vector<float> random_activations(std::uint32_t m, std::uint32_t k,
                                             std::mt19937_64& rng,
                                             std::uint32_t zero_row = ~0u) {
  std::normal_distribution<float> gaussian(0.0f, 1.0f);
  std::vector<float> x(std::size_t{m} * k);
  for (std::uint32_t i = 0; i < m; ++i) {
    for (std::uint32_t j = 0; j < k; ++j) {
      float v = gaussian(rng);
      if (j % 37 == 5) v *= 40.0f;
      x[std::size_t{i} * k + j] = i == zero_row ? 0.0f : v;
    }
  }
  return x;
}

inline SimulationJob make_job(const AcceleratorConfig& config, QuantizedMatrix w, std::uint32_t m,
                              std::vector<float> x) {
  SimulationJob job;
  job.config = config;
  job.weights = std::move(w);
  job.m = m;
  job.activations = std::move(x);
  return job;
}

// Every event counter of two runs (or a run and the timing contract) agrees.
inline void expect_activity_equal(const ActivityCounts& a, const ActivityCounts& b) {
  EXPECT_EQ(a.macs, b.macs);
  EXPECT_EQ(a.pe_mac_slots, b.pe_mac_slots);
  EXPECT_EQ(a.pulses, b.pulses);
  EXPECT_EQ(a.idle_window_cycles, b.idle_window_cycles);
  EXPECT_EQ(a.multiplies, b.multiplies);
  EXPECT_EQ(a.adds, b.adds);
  EXPECT_EQ(a.weight_register_loads, b.weight_register_loads);
  EXPECT_EQ(a.decoded_clusters, b.decoded_clusters);
  EXPECT_EQ(a.output_scalings, b.output_scalings);
  EXPECT_EQ(a.weight_buffer_read_bytes, b.weight_buffer_read_bytes);
  EXPECT_EQ(a.weight_buffer_write_bytes, b.weight_buffer_write_bytes);
  EXPECT_EQ(a.activation_buffer_read_bytes, b.activation_buffer_read_bytes);
  EXPECT_EQ(a.activation_buffer_write_bytes, b.activation_buffer_write_bytes);
  EXPECT_EQ(a.output_buffer_read_bytes, b.output_buffer_read_bytes);
  EXPECT_EQ(a.output_buffer_write_bytes, b.output_buffer_write_bytes);
  EXPECT_EQ(a.dram_read_bytes, b.dram_read_bytes);
  EXPECT_EQ(a.dram_write_bytes, b.dram_write_bytes);
}

}  // namespace fineq::test
