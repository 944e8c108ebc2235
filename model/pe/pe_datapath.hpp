#pragma once
// Bit widths of one processing element and its neighbours, as the energy and area models
// see them. Derived from the configuration only (docs/energy-area.md, "Datapath widths").
#include "accelerator_config.hpp"

namespace fineq {

struct PeDatapath {
  static constexpr int kActivationBits = 8;       // INT8 activations, values in [-127, 127]
  static constexpr int kActivationMagnitude = 127;
  static constexpr int kOutputAccumulatorBits = 32;  // INT32 sums across folds (spec section 4)

  bool temporal = false;        // adder + comparator instead of a multiplier
  int weight_bits = 0;          // PE weight register (temporal: sign + magnitude)
  int magnitude_bits = 0;       // temporal: comparator and pulse counter width, else 0
  int max_weight_magnitude = 0; // largest |w| the PE can hold
  int partial_sum_bits = 0;     // in-array adder and partial-sum register

  static PeDatapath for_config(const AcceleratorConfig& config);
};

}  // namespace fineq
