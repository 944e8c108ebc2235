#pragma once
// Technology cost table: named per-event energies and per-unit areas, each with its unit
// and where the number comes from. Loaded from a plain JSON file so that users can swap in
// their own technology (docs/energy-area.md lists the entries the models need).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fineq {

struct CostEntry {
  std::string name;
  double value = 0;     // in the canonical unit below
  std::string unit;     // canonical: "pJ" (energy), "um2" (area) or "ratio"
  std::string written;  // value and unit as the file wrote them, e.g. "1.95 nJ"
  std::string source;   // citation or assumption note
  bool assumption = false;
  std::optional<double> capacity_bytes;  // SRAM entries: the memory size the figure is for

  // "add8_energy = 0.03 pJ" (with the file's unit when it was converted).
  std::string describe() const;
};

class CostTable {
 public:
  // Reads and validates a table file; throws std::runtime_error naming the file and entry.
  static CostTable load(const std::string& path);
  // Validates an already parsed table; `origin` names it in error messages.
  static CostTable from_json(const nlohmann::json& document, const std::string& origin);
  // The built-in default (model/costs/horowitz45nm.json), found next to the binary's
  // source tree: <binary dir>/../model/costs, then the directory this file was compiled in.
  static std::string default_path();

  const std::string& name() const { return name_; }
  const std::string& origin() const { return origin_; }
  // The entry `name` in canonical unit `unit`; throws naming the table, entry and unit.
  const CostEntry& entry(const std::string& name, const std::string& unit) const;
  // All entries whose name starts with `prefix`, in name order.
  std::vector<const CostEntry*> entries_with_prefix(const std::string& prefix) const;

 private:
  std::string name_;
  std::string origin_;
  std::map<std::string, CostEntry> entries_;
};

}  // namespace fineq
