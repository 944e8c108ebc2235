#pragma once
// Fast-mode array engine: a fold's INT32 column sums as plain dot products (which equal the
// PEs' pulse-by-pulse or multiply-accumulate results, see pe_arithmetic.hpp and its exhaustive
// test), and its cycles and events from the closed-form timing model.
#include "fold_compute_engine.hpp"

namespace fineq {

class FastTileEngine : public FoldComputeEngine {
 public:
  FoldOutcome compute_fold(const FoldOperands& operands) override;
};

}  // namespace fineq
