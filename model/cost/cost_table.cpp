#include "cost_table.hpp"

#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "json_file.hpp"

namespace fineq {

namespace {

struct UnitScale {
  const char* unit;
  const char* canonical;
  double factor;  // canonical value = written value * factor
};

constexpr UnitScale kUnits[] = {
    {"fJ", "pJ", 1e-3}, {"pJ", "pJ", 1.0},  {"nJ", "pJ", 1e3},
    {"um2", "um2", 1.0}, {"mm2", "um2", 1e6}, {"ratio", "ratio", 1.0},
};

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

CostEntry parse_entry(const std::string& name, const nlohmann::json& item,
                      const std::string& where) {
  if (!item.is_object()) throw std::runtime_error(where + ": expected an object");
  const auto value = item.find("value");
  if (value == item.end() || !value->is_number() || !std::isfinite(value->get<double>()) ||
      value->get<double>() < 0) {
    throw std::runtime_error(where + ": 'value' must be a finite number >= 0");
  }
  const auto unit = item.find("unit");
  if (unit == item.end() || !unit->is_string()) {
    throw std::runtime_error(where + ": 'unit' must be a string (fJ, pJ, nJ, um2, mm2, ratio)");
  }
  const auto source = item.find("source");
  if (source == item.end() || !source->is_string() || source->get<std::string>().empty()) {
    throw std::runtime_error(where + ": 'source' must say where the number comes from");
  }
  CostEntry entry;
  entry.name = name;
  entry.source = source->get<std::string>();
  const std::string written_unit = unit->get<std::string>();
  const UnitScale* scale = nullptr;
  for (const UnitScale& candidate : kUnits) {
    if (written_unit == candidate.unit) scale = &candidate;
  }
  if (scale == nullptr) {
    throw std::runtime_error(where + ": unknown unit '" + written_unit +
                             "' (expected fJ, pJ, nJ, um2, mm2 or ratio)");
  }
  entry.unit = scale->canonical;
  entry.value = value->get<double>() * scale->factor;
  entry.written = format_number(value->get<double>()) + " " + written_unit;
  if (const auto flag = item.find("assumption"); flag != item.end()) {
    if (!flag->is_boolean()) throw std::runtime_error(where + ": 'assumption' must be true or false");
    entry.assumption = flag->get<bool>();
  }
  if (const auto capacity = item.find("capacity_bytes"); capacity != item.end()) {
    if (!capacity->is_number() || capacity->get<double>() <= 0) {
      throw std::runtime_error(where + ": 'capacity_bytes' must be a number > 0");
    }
    entry.capacity_bytes = capacity->get<double>();
  }
  return entry;
}

std::string executable_directory() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string() : path.parent_path().string();
}

}  // namespace

std::string CostEntry::describe() const {
  std::string text = name + " = " + format_number(value) + " " + unit;
  if (written != format_number(value) + " " + unit) text += " (" + written + ")";
  return text;
}

CostTable CostTable::from_json(const nlohmann::json& document, const std::string& origin) {
  if (!document.is_object()) throw std::runtime_error(origin + ": expected a JSON object");
  if (optional_json_string(document, "format", "", origin) != "fineq-cost-table-1") {
    throw std::runtime_error(origin + ": 'format' must be \"fineq-cost-table-1\"");
  }
  const auto entries = document.find("entries");
  if (entries == document.end() || !entries->is_object() || entries->empty()) {
    throw std::runtime_error(origin + ": 'entries' must be a non-empty object of named entries");
  }
  CostTable table;
  table.origin_ = origin;
  table.name_ = optional_json_string(document, "name", origin, origin);
  for (const auto& [name, item] : entries->items()) {
    table.entries_.emplace(name, parse_entry(name, item, origin + ": entry '" + json_text_excerpt(name) + "'"));
  }
  return table;
}

CostTable CostTable::load(const std::string& path) {
  return from_json(read_json_file(path, "cost table"), "cost table '" + path + "'");
}

std::string CostTable::default_path() {
  const std::filesystem::path relative = std::filesystem::path("costs") / "horowitz45nm.json";
  const std::string binary_dir = executable_directory();
  if (!binary_dir.empty()) {
    const auto beside_binary = std::filesystem::path(binary_dir) / ".." / "model" / relative;
    if (std::filesystem::exists(beside_binary)) return beside_binary.lexically_normal().string();
  }
  // The source checkout the binary was built from.
  return (std::filesystem::path(FINEQ_MODEL_SOURCE_DIR) / relative).string();
}

const CostEntry& CostTable::entry(const std::string& name, const std::string& unit) const {
  const auto found = entries_.find(name);
  if (found == entries_.end()) {
    throw std::runtime_error(origin_ + ": missing entry '" + name + "' (unit " + unit +
                             "; docs/energy-area.md lists the required entries)");
  }
  if (found->second.unit != unit) {
    throw std::runtime_error(origin_ + ": entry '" + name + "' has a unit of " +
                             found->second.unit + ", expected " + unit);
  }
  return found->second;
}

std::vector<const CostEntry*> CostTable::entries_with_prefix(const std::string& prefix) const {
  std::vector<const CostEntry*> matches;
  for (const auto& [name, entry] : entries_) {
    if (name.compare(0, prefix.size(), prefix) == 0) matches.push_back(&entry);
  }
  return matches;
}

}  // namespace fineq
