#pragma once
// A sweep file (JSON) expanded into points: each point is one `fineq simulate` or
// `fineq quantize` run with its parameters, and a stable id (hash of kind and parameters)
// that names its result file. docs/sweeps.md describes the format.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fineq {

struct SweepPoint {
  std::string id;             // "<kind>-<16 hex digits>", stable across runs and machines
  std::string kind;           // "simulate" or "quantize"
  nlohmann::json parameters;  // as the sweep file gives them (labels included)
  std::vector<std::string> arguments;  // command-line options for the subcommand
};

// Pairs points that differ only in the selector keys, e.g. temporal vs int8x4 PEs.
struct SweepComparison {
  std::string name;
  nlohmann::json baseline;   // selector: parameters a baseline point has
  nlohmann::json candidate;  // selector: parameters a candidate point has
  std::vector<std::string> match;  // keys that must be equal in a pair
  nlohmann::json paper;      // optional reference figures to print alongside
};

class SweepSpec {
 public:
  // Checks the command-line options of one point; returns an empty string if they are
  // acceptable, else what is wrong (e.g. "unknown option --foo").
  using ArgumentCheck =
      std::function<std::string(const std::string& kind, const std::vector<std::string>& args)>;

  // Reads and expands a sweep file. Relative paths in path-valued keys (model, weights,
  // config, cost-table) are resolved against the sweep file's directory. Throws
  // std::runtime_error naming the file and the offending key.
  static SweepSpec load(const std::string& path, const ArgumentCheck& check);
  static SweepSpec from_json(const nlohmann::json& document, const std::string& origin,
                             const std::string& base_directory, const ArgumentCheck& check);

  const std::string& name() const { return name_; }
  const std::vector<SweepPoint>& points() const { return points_; }
  const std::vector<SweepComparison>& comparisons() const { return comparisons_; }

 private:
  std::string name_;
  std::vector<SweepPoint> points_;
  std::vector<SweepComparison> comparisons_;
};

// Keys that label a point (LayerID in reports) and are not passed to the subcommand.
bool is_sweep_label_key(const std::string& key);

}  // namespace fineq
