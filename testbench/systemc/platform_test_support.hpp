#pragma once
// Shared by the SystemC platform tests: random but valid quantized tensors (every FineQ-v1
// byte and every IntB code is a valid weight, so random payloads reach all codes, including
// the extremes) and activations with zero rows and saturated values.
#include <cstdint>
#include <random>
#include <vector>

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

}  // namespace fineq::test
