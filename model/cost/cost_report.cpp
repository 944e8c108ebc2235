#include "cost_report.hpp"

#include <cstdio>

#include "area_model.hpp"
#include "energy_model.hpp"

namespace fineq {

namespace {
// x / y, or null when y is zero (an empty job has no per-MAC energy).
nlohmann::json ratio(double x, double y) { return y > 0 ? nlohmann::json(x / y) : nlohmann::json(); }

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}
}  // namespace

nlohmann::json cost_report(const AcceleratorConfig& config, const ActivityCounts& activity,
                           const CycleCounts& cycles, const CostTable& table) {
  const UnitCosts costs(table);
  const CostBreakdown energy = estimate_energy(config, activity, cycles, costs);
  const CostBreakdown area = estimate_area(config, costs);

  const double macs = static_cast<double>(activity.macs);
  const double ops = 2 * macs;  // one multiply and one add per MAC
  const double seconds = static_cast<double>(cycles.total) / (config.clock_mhz * 1e6);
  nlohmann::json efficiency;
  efficiency["clock_mhz"] = config.clock_mhz;
  efficiency["runtime_us"] = seconds * 1e6;
  for (const char* scope : {"array", "on_chip", "total"}) {
    const std::string key = std::string(scope) == "total" ? "total" : std::string(scope) + "_total";
    const double picojoules = energy.value(key);
    efficiency["energy_per_mac_pj"][scope] = ratio(picojoules, macs);
    // ops per pJ = 1e12 ops per J = TOPS/W
    efficiency["tops_per_w"][scope] = ratio(ops, picojoules);
    efficiency["power_mw"][scope] = ratio(picojoules * 1e-9, seconds);
  }
  efficiency["throughput_tops"] = ratio(ops * 1e-12, seconds);

  nlohmann::json report;
  report["energy_pj"] = energy.values_json();
  report["energy_sources"] = energy.sources_json();
  report["area_um2"] = area.values_json();
  report["area_sources"] = area.sources_json();
  report["efficiency"] = efficiency;
  report["cost_table"] = {{"name", table.name()}, {"origin", table.origin()}};
  return report;
}

void check_cost_table(const CostTable& table, const AcceleratorConfig& config) {
  cost_report(config, ActivityCounts{}, CycleCounts{}, table);
}

std::string cost_summary(const nlohmann::json& report) {
  const nlohmann::json& efficiency = report.at("efficiency");
  const auto per_mac = [&](const char* scope) {
    const nlohmann::json& value = efficiency.at("energy_per_mac_pj").at(scope);
    return value.is_null() ? std::string("-") : format("%.3g", value.get<double>());
  };
  const auto tops_per_w = [&](const char* scope) {
    const nlohmann::json& value = efficiency.at("tops_per_w").at(scope);
    return value.is_null() ? std::string("-") : format("%.3g", value.get<double>());
  };
  std::string text = "energy:     " + format("%.4g", report.at("energy_pj").at("total").get<double>() * 1e-6) +
                     " uJ; per MAC " + per_mac("array") + " pJ array, " + per_mac("on_chip") +
                     " pJ on chip, " + per_mac("total") + " pJ with DRAM\n";
  text += "efficiency: " + tops_per_w("array") + " TOPS/W array, " + tops_per_w("on_chip") +
          " TOPS/W on chip, " + tops_per_w("total") + " TOPS/W with DRAM";
  const nlohmann::json& throughput = efficiency.at("throughput_tops");
  if (!throughput.is_null()) {
    text += "; at " + format("%g", efficiency.at("clock_mhz").get<double>()) + " MHz: " +
            format("%.3g", throughput.get<double>()) + " TOPS, " +
            format("%.3g", efficiency.at("power_mw").at("total").get<double>()) + " mW";
  }
  text += "\narea:       " + format("%.4g", report.at("area_um2").at("array_total").get<double>() * 1e-6) +
          " mm2 array, " + format("%.4g", report.at("area_um2").at("total").get<double>() * 1e-6) +
          " mm2 total (cost table " + report.at("cost_table").at("name").get<std::string>() + ")\n";
  return text;
}

}  // namespace fineq
