#pragma once
// The energy/area part of a `fineq simulate` report: energy_pj, energy_sources, area_um2,
// area_sources, efficiency (per MAC, TOPS/W, power at the configured clock) and cost_table.
#include <string>

#include <nlohmann/json.hpp>

#include "accelerator_config.hpp"
#include "activity_counts.hpp"
#include "cost_table.hpp"

namespace fineq {

nlohmann::json cost_report(const AcceleratorConfig& config, const ActivityCounts& activity,
                           const CycleCounts& cycles, const CostTable& table);

// Throws (naming the table and entry) if the table lacks anything the models need for this
// configuration, so that a bad table fails before a simulation rather than after it.
void check_cost_table(const CostTable& table, const AcceleratorConfig& config);

// Three human-readable lines for the terminal summary, from a cost_report() fragment.
std::string cost_summary(const nlohmann::json& report);

}  // namespace fineq
