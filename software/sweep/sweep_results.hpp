#pragma once
// Aggregation of a sweep's point results (points/<id>.json) into the sweep reports:
// compute_report.csv (simulate points; columns named like SCALE-Sim's COMPUTE_REPORT where
// they mean the same), accuracy_report.csv (quantize points), comparison.csv (pairs of the
// sweep file's `compare` entries) and results.json (everything).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sweep_spec.hpp"

namespace fineq {

struct SweepReports {
  std::string compute_csv;
  std::string accuracy_csv;
  std::string comparison_csv;
  nlohmann::json results;           // points with parameters and results, comparisons
  std::string comparison_text;      // the comparison tables for the terminal
  std::vector<std::string> missing; // ids of points without a result file
};

// Reads <points_directory>/<id>.json for every point. A result file that cannot be parsed
// throws std::runtime_error naming it.
SweepReports aggregate_sweep(const SweepSpec& spec, const std::string& points_directory);

// SCALE-Sim's mapping efficiency of a weight-stationary GEMM: the mean over folds of the
// fraction of PEs holding a weight. K is cut into segments of `segment` weights (the scale
// groups; K itself for per-channel scales), each into chunks of at most `rows`.
double mapping_efficiency(std::uint64_t k, std::uint64_t n, std::uint64_t rows,
                          std::uint64_t cols, std::uint64_t segment);

}  // namespace fineq
