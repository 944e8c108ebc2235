#include "sweep_results.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "json_file.hpp"

namespace fineq {

namespace {

struct Row {
  const SweepPoint* point;
  nlohmann::json report;
};

struct Column {
  std::string header;
  std::function<nlohmann::json(const Row&)> value;
};

// The value at a '/'-separated path in the report, or null.
nlohmann::json at_path(const nlohmann::json& report, const std::string& path) {
  const nlohmann::json::json_pointer pointer("/" + path);
  return report.contains(pointer) ? report.at(pointer) : nlohmann::json();
}

// A job value: the report's effective config, shape and workload first (what actually ran,
// defaults included), then the sweep parameters.
nlohmann::json config_value(const Row& row, const std::string& key) {
  for (const char* section : {"config/", "shape/", "workload/"}) {
    nlohmann::json value = at_path(row.report, section + key);
    if (!value.is_null()) return value;
  }
  return row.point->parameters.contains(key) ? row.point->parameters[key] : nlohmann::json();
}

double number(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    try {
      return std::stod(value.get<std::string>());
    } catch (const std::exception&) {
    }
  }
  return NAN;
}

nlohmann::json percent(double numerator, double denominator) {
  if (!(denominator > 0) || std::isnan(numerator)) return nullptr;
  return 100.0 * numerator / denominator;
}

std::string csv_cell(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_number_float()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", value.get<double>());
    return text;
  }
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.find_first_of(",\"\n") != std::string::npos) {
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  }
  return text;
}

std::string csv(const std::vector<Column>& columns, const std::vector<Row>& rows) {
  std::string text;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    text += (i ? "," : "") + csv_cell(columns[i].header);
  }
  text += "\n";
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      text += (i ? "," : "") + csv_cell(columns[i].value(row));
    }
    text += "\n";
  }
  return text;
}

std::string layer_id(const Row& row) {
  const nlohmann::json& parameters = row.point->parameters;
  return parameters.contains("layer") ? csv_cell(parameters["layer"]) : row.point->id;
}

// Sorted union of the parameter keys (labels excluded) and of the keys of one report section.
std::set<std::string> parameter_keys(const std::vector<Row>& rows) {
  std::set<std::string> keys;
  for (const Row& row : rows) {
    for (const auto& [key, value] : row.point->parameters.items()) {
      if (!is_sweep_label_key(key)) keys.insert(key);
    }
  }
  return keys;
}

std::vector<std::string> section_keys(const std::vector<Row>& rows, const std::string& section) {
  std::vector<std::string> keys;
  for (const Row& row : rows) {
    const nlohmann::json object = at_path(row.report, section);
    if (!object.is_object()) continue;
    for (const auto& [key, value] : object.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  return keys;
}

Column report_column(const std::string& header, const std::string& path) {
  return {header, [path](const Row& row) { return at_path(row.report, path); }};
}

double array_pes(const Row& row) {
  return number(config_value(row, "rows")) * number(config_value(row, "cols"));
}

std::vector<Column> compute_columns(const std::vector<Row>& rows) {
  std::vector<Column> columns = {
      {"LayerID", [](const Row& row) { return nlohmann::json(layer_id(row)); }},
      report_column("Total Cycles", "cycles/total"),
      report_column("Stall Cycles", "cycles/stall"),
      {"Overall Util %",
       [](const Row& row) {
         return percent(number(at_path(row.report, "macs")),
                        array_pes(row) * number(at_path(row.report, "cycles/total")));
       }},
      {"Mapping Efficiency %",
       [](const Row& row) -> nlohmann::json {
         const double k = number(config_value(row, "k"));
         const double n = number(config_value(row, "n"));
         const double rows_ = number(config_value(row, "rows"));
         const double cols = number(config_value(row, "cols"));
         const double group = number(config_value(row, "group_size"));  // weights per scale
         if (!(k > 0 && n > 0 && rows_ > 0 && cols > 0)) return nullptr;
         const double segment = group > 0 ? group : k;
         return 100.0 * mapping_efficiency(static_cast<std::uint64_t>(k),
                                           static_cast<std::uint64_t>(n),
                                           static_cast<std::uint64_t>(rows_),
                                           static_cast<std::uint64_t>(cols),
                                           static_cast<std::uint64_t>(segment));
       }},
      {"Compute Util %",
       [](const Row& row) {
         return percent(number(at_path(row.report, "macs")),
                        array_pes(row) * number(at_path(row.report, "cycles/compute")));
       }},
      {"PointID", [](const Row& row) { return nlohmann::json(row.point->id); }},
  };
  for (const std::string& key : parameter_keys(rows)) {
    columns.push_back({key, [key](const Row& row) {
                         return row.point->parameters.contains(key) ? row.point->parameters[key]
                                                                    : config_value(row, key);
                       }});
  }
  for (const auto& [header, path] : std::vector<std::pair<std::string, std::string>>{
           {"Compute Cycles", "cycles/compute"},
           {"MACs", "macs"},
           {"Pulses", "pulses"},
           {"Utilization", "utilization"},
           {"Bit Exact", "verify/bit_exact"},
           {"Sim Mode", "sim/mode"},
           {"Wall Seconds", "sim/wall_seconds"},
           {"Energy per MAC pJ (array)", "efficiency/energy_per_mac_pj/array"},
           {"Energy per MAC pJ (on chip)", "efficiency/energy_per_mac_pj/on_chip"},
           {"Energy per MAC pJ (total)", "efficiency/energy_per_mac_pj/total"},
           {"TOPS/W (array)", "efficiency/tops_per_w/array"},
           {"TOPS/W (on chip)", "efficiency/tops_per_w/on_chip"},
           {"TOPS/W (total)", "efficiency/tops_per_w/total"},
           {"Runtime us", "efficiency/runtime_us"},
           {"Power mW (total)", "efficiency/power_mw/total"},
       }) {
    columns.push_back(report_column(header, path));
  }
  for (const std::string& key : section_keys(rows, "energy_pj")) {
    columns.push_back(report_column("Energy " + key + " pJ", "energy_pj/" + key));
  }
  for (const std::string& key : section_keys(rows, "area_um2")) {
    columns.push_back(report_column("Area " + key + " um2", "area_um2/" + key));
  }
  return columns;
}

// The quantizer's whole-model figures: top level, or under "overall".
nlohmann::json quantize_figure(const Row& row, const std::string& key) {
  nlohmann::json value = at_path(row.report, key);
  return value.is_null() ? at_path(row.report, "overall/" + key) : value;
}

std::vector<Column> accuracy_columns(const std::vector<Row>& rows) {
  std::vector<Column> columns = {
      {"PointID", [](const Row& row) { return nlohmann::json(row.point->id); }},
  };
  for (const std::string& key : parameter_keys(rows)) {
    columns.push_back({key, [key](const Row& row) {
                         return row.point->parameters.contains(key) ? row.point->parameters[key]
                                                                    : nlohmann::json();
                       }});
  }
  for (const char* key : {"mean_rel_error", "bits_per_weight", "outlier_cluster_fraction"}) {
    columns.push_back({key, [key](const Row& row) { return quantize_figure(row, key); }});
  }
  return columns;
}

bool has_parameters(const SweepPoint& point, const nlohmann::json& selector) {
  for (const auto& [key, value] : selector.items()) {
    if (!point.parameters.contains(key) || point.parameters[key] != value) return false;
  }
  return true;
}

bool same_on(const SweepPoint& a, const SweepPoint& b, const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    const nlohmann::json left = a.parameters.contains(key) ? a.parameters[key] : nlohmann::json();
    const nlohmann::json right = b.parameters.contains(key) ? b.parameters[key] : nlohmann::json();
    if (left != right) return false;
  }
  return true;
}

std::string fixed(const char* pattern, double value) {
  if (std::isnan(value)) return "-";
  char text[48];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

double ratio(const nlohmann::json& numerator, const nlohmann::json& denominator) {
  const double a = number(numerator);
  const double b = number(denominator);
  return b > 0 ? a / b : NAN;
}

struct Pair {
  const Row* candidate;
  const Row* baseline;
  double energy_ratio[3];  // baseline / candidate energy: array, on chip, total
  double array_area_reduction_pct;
  double total_area_reduction_pct;
  double cycle_ratio;  // candidate / baseline total cycles
};

const char* const kScopes[3] = {"array_total", "on_chip_total", "total"};

Pair make_pair(const Row& candidate, const Row& baseline) {
  Pair pair{&candidate, &baseline, {}, 0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    pair.energy_ratio[i] = ratio(at_path(baseline.report, std::string("energy_pj/") + kScopes[i]),
                                 at_path(candidate.report, std::string("energy_pj/") + kScopes[i]));
  }
  pair.array_area_reduction_pct = 100 * (1 - ratio(at_path(candidate.report, "area_um2/array_total"),
                                                   at_path(baseline.report, "area_um2/array_total")));
  pair.total_area_reduction_pct = 100 * (1 - ratio(at_path(candidate.report, "area_um2/total"),
                                                   at_path(baseline.report, "area_um2/total")));
  pair.cycle_ratio = ratio(at_path(candidate.report, "cycles/total"),
                           at_path(baseline.report, "cycles/total"));
  return pair;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text += std::string(width - text.size(), ' ');
  return text;
}

}  // namespace

double mapping_efficiency(std::uint64_t k, std::uint64_t n, std::uint64_t rows,
                          std::uint64_t cols, std::uint64_t segment) {
  if (k == 0 || n == 0 || rows == 0 || cols == 0 || segment == 0) return 0;
  std::uint64_t k_chunks = 0;
  for (std::uint64_t start = 0; start < k; start += segment) {
    const std::uint64_t length = std::min(segment, k - start);
    k_chunks += (length + rows - 1) / rows;
  }
  const std::uint64_t n_chunks = (n + cols - 1) / cols;
  // Every weight occupies one PE in exactly one fold.
  return static_cast<double>(k) * static_cast<double>(n) /
         (static_cast<double>(k_chunks * n_chunks) * static_cast<double>(rows * cols));
}

SweepReports aggregate_sweep(const SweepSpec& spec, const std::string& points_directory) {
  SweepReports reports;
  std::vector<Row> simulate_rows;
  std::vector<Row> quantize_rows;
  nlohmann::json points = nlohmann::json::array();
  for (const SweepPoint& point : spec.points()) {
    const std::string path = points_directory + "/" + point.id + ".json";
    nlohmann::json entry = {{"id", point.id}, {"kind", point.kind}, {"parameters", point.parameters}};
    if (!std::filesystem::exists(path)) {
      reports.missing.push_back(point.id);
      entry["status"] = "missing";
      points.push_back(std::move(entry));
      continue;
    }
    Row row{&point, nlohmann::json()};
    try {
      row.report = read_json_file(path, "point result");
    } catch (const std::runtime_error& error) {
      throw std::runtime_error(std::string(error.what()) + "; delete it to rerun the point");
    }
    entry["status"] = "done";
    entry["result"] = row.report;
    points.push_back(std::move(entry));
    (point.kind == "simulate" ? simulate_rows : quantize_rows).push_back(std::move(row));
  }
  reports.compute_csv = csv(compute_columns(simulate_rows), simulate_rows);
  reports.accuracy_csv = csv(accuracy_columns(quantize_rows), quantize_rows);

  // Comparisons: every candidate point against the baseline point that shares the match keys.
  std::ostringstream text;
  std::string comparison_csv =
      "Comparison,LayerID,Candidate PointID,Baseline PointID,Energy Ratio (array),"
      "Energy Ratio (on chip),Energy Ratio (total),Array Area Reduction %,"
      "Total Area Reduction %,Cycle Ratio\n";
  nlohmann::json comparisons = nlohmann::json::array();
  for (const SweepComparison& comparison : spec.comparisons()) {
    std::vector<Pair> pairs;
    for (const Row& candidate : simulate_rows) {
      if (!has_parameters(*candidate.point, comparison.candidate)) continue;
      for (const Row& baseline : simulate_rows) {
        if (has_parameters(*baseline.point, comparison.baseline) &&
            same_on(*candidate.point, *baseline.point, comparison.match)) {
          pairs.push_back(make_pair(candidate, baseline));
          break;
        }
      }
    }
    text << "\n" << comparison.name << " (energy efficiency = baseline energy / candidate energy"
         << " for the same job)\n";
    text << pad("layer", 28) << pad("match", 40) << pad("eff. array", 12) << pad("on chip", 10)
         << pad("total", 10) << pad("array area", 12) << "cycles\n";
    nlohmann::json rows = nlohmann::json::array();
    double log_sum[3] = {0, 0, 0};
    double best[3] = {NAN, NAN, NAN};
    double area_low = NAN, area_high = NAN;
    for (const Pair& pair : pairs) {
      std::string match;
      for (const std::string& key : comparison.match) {
        if (pair.candidate->point->parameters.contains(key) && !is_sweep_label_key(key)) {
          match += (match.empty() ? "" : " ") + key + "=" +
                   csv_cell(pair.candidate->point->parameters[key]);
        }
      }
      text << pad(layer_id(*pair.candidate), 28) << pad(match, 40)
           << pad(fixed("%.3gx", pair.energy_ratio[0]), 12)
           << pad(fixed("%.3gx", pair.energy_ratio[1]), 10)
           << pad(fixed("%.3gx", pair.energy_ratio[2]), 10)
           << pad(fixed("%.1f%%", -pair.array_area_reduction_pct), 12)
           << fixed("%.3gx", pair.cycle_ratio) << "\n";
      comparison_csv += csv_cell(comparison.name) + "," + csv_cell(layer_id(*pair.candidate)) + "," +
                        pair.candidate->point->id + "," + pair.baseline->point->id;
      nlohmann::json row = {{"layer", layer_id(*pair.candidate)},
                            {"candidate", pair.candidate->point->id},
                            {"baseline", pair.baseline->point->id}};
      for (int i = 0; i < 3; ++i) {
        comparison_csv += "," + csv_cell(pair.energy_ratio[i]);
        log_sum[i] += std::log(pair.energy_ratio[i]);
        best[i] = std::isnan(best[i]) ? pair.energy_ratio[i] : std::max(best[i], pair.energy_ratio[i]);
      }
      row["energy_ratio"] = {{"array", pair.energy_ratio[0]},
                             {"on_chip", pair.energy_ratio[1]},
                             {"total", pair.energy_ratio[2]}};
      row["array_area_reduction_pct"] = pair.array_area_reduction_pct;
      row["total_area_reduction_pct"] = pair.total_area_reduction_pct;
      row["cycle_ratio"] = pair.cycle_ratio;
      comparison_csv += "," + csv_cell(pair.array_area_reduction_pct) + "," +
                        csv_cell(pair.total_area_reduction_pct) + "," +
                        csv_cell(pair.cycle_ratio) + "\n";
      area_low = std::isnan(area_low) ? pair.array_area_reduction_pct
                                      : std::min(area_low, pair.array_area_reduction_pct);
      area_high = std::isnan(area_high) ? pair.array_area_reduction_pct
                                        : std::max(area_high, pair.array_area_reduction_pct);
      rows.push_back(std::move(row));
    }
    nlohmann::json summary = nlohmann::json::object();
    if (!pairs.empty()) {
      double geomean[3];
      for (int i = 0; i < 3; ++i) geomean[i] = std::exp(log_sum[i] / static_cast<double>(pairs.size()));
      text << pad("geometric mean", 68) << pad(fixed("%.3gx", geomean[0]), 12)
           << pad(fixed("%.3gx", geomean[1]), 10) << pad(fixed("%.3gx", geomean[2]), 10) << "\n";
      text << pad("best (\"up to\")", 68) << pad(fixed("%.3gx", best[0]), 12)
           << pad(fixed("%.3gx", best[1]), 10) << pad(fixed("%.3gx", best[2]), 10)
           << (area_low == area_high ? fixed("%.1f%%", -area_low)
                                     : fixed("%.1f", -area_high) + ".." + fixed("%.1f%%", -area_low))
           << "\n";
      summary = {{"pairs", pairs.size()},
                 {"energy_ratio_geomean", {{"array", geomean[0]}, {"on_chip", geomean[1]}, {"total", geomean[2]}}},
                 {"energy_ratio_best", {{"array", best[0]}, {"on_chip", best[1]}, {"total", best[2]}}},
                 {"array_area_reduction_pct", {{"min", area_low}, {"max", area_high}}}};
    } else {
      text << "(no complete candidate/baseline pairs)\n";
    }
    if (!comparison.paper.empty()) {
      text << pad("paper", 68);
      if (comparison.paper.contains("energy_efficiency")) {
        text << "up to " << csv_cell(comparison.paper["energy_efficiency"]) << "x";
      }
      if (comparison.paper.contains("array_area_reduction_pct")) {
        text << ", array area -" << csv_cell(comparison.paper["array_area_reduction_pct"]) << "%";
      }
      text << "\n";
    }
    comparisons.push_back({{"name", comparison.name},
                           {"baseline", comparison.baseline},
                           {"candidate", comparison.candidate},
                           {"paper", comparison.paper},
                           {"summary", summary},
                           {"pairs", rows}});
  }
  reports.comparison_csv = comparison_csv;
  reports.comparison_text = text.str();
  reports.results = {{"name", spec.name()},
                     {"points", points},
                     {"missing", reports.missing},
                     {"comparisons", comparisons}};
  return reports;
}

}  // namespace fineq
