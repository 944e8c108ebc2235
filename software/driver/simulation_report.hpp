#pragma once
// The report of one simulated job: the JSON document `fineq simulate --report` writes and the
// one-line CSV form that sweeps append. Extend the report here, in one place.
#include <string>

#include <nlohmann/json.hpp>

#include "simulation_job.hpp"

namespace fineq {

// Where the weights came from, for the report.
struct WorkloadInfo {
  std::string source;  // "generated" or the .fqw path
  std::string tensor;  // tensor name
  std::uint64_t seed = 0;
};

nlohmann::json simulation_report(const SimulationJob& job, const SimulationResult& result,
                                 const WorkloadInfo& workload);

// macs / (R * C * cycles.total)
double array_utilization(const AcceleratorConfig& config, const SimulationResult& result);

std::string simulation_csv_header();
std::string simulation_csv_row(const SimulationJob& job, const SimulationResult& result);
// Appends the row (and the header first if the file is new or empty) with one write under an
// exclusive lock, so parallel sweep jobs never interleave or duplicate the header.
void append_simulation_csv(const std::string& path, const SimulationJob& job,
                           const SimulationResult& result);

}  // namespace fineq
