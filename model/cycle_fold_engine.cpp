#include "cycle_fold_engine.hpp"

namespace fineq {

FoldOutcome CycleFoldEngine::compute_fold(const FoldOperands& op) {
  const Fold& fold = *op.fold;
  ClockedArray& array = datapath_.clocked_array();
  CycleFold cycle_fold;
  cycle_fold.r_used = fold.r_used;
  cycle_fold.c_used = fold.c_used;
  cycle_fold.waves = op.chunk_rows;
  if (op.config->pe == PeKind::Temporal) {
    array.program_codebook(*op.codebook);
    // FineQ-v1: one byte per cluster, and the fold starts inside its first cluster at k0 % 3.
    cycle_fold.clusters = {op.packed_weights, fold.bytes_per_channel, fold.c_used,
                           fold.clusters_per_channel, fold.k0 % kClusterSize, fold.r_used};
  } else {
    cycle_fold.weights = op.weights;
    cycle_fold.weight_stride = fold.r_used;
  }
  cycle_fold.activations = op.activations;
  cycle_fold.activation_stride = op.activation_stride;
  cycle_fold.sums = op.column_sums;
  cycle_fold.sum_stride = op.column_sum_stride;
  cycle_fold.accumulate = true;  // the column sums enter the top of each column

  datapath_.run_fold(cycle_fold);

  FoldOutcome outcome;
  outcome.compute_cycles = array.fold_cycles();
  outcome.activity = array.fold_activity();
  return outcome;
}

}  // namespace fineq
