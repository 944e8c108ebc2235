#pragma once
// A list of named cost components (energy in pJ or area in um2), each with the source string
// that says how it was computed, plus named subtotals. Serialises to the report fragments
// `{component: value, ..., total: value}` and `{component: source, ...}`.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "unit_costs.hpp"

namespace fineq {

class CostBreakdown {
 public:
  explicit CostBreakdown(std::string unit) : unit_(std::move(unit)) {}

  // component += count x unit cost; the source reads "<what> <count> x <cost source>".
  // Adding to an existing component appends a term (e.g. buffer writes after reads).
  void add(const std::string& component, const std::string& what, double count, const Cost& cost);
  // A component that does not exist for this configuration (kept so every report has the
  // same keys): value 0 with the reason as its source.
  void add_absent(const std::string& component, const std::string& reason);
  // subtotal = sum of the listed components (or earlier subtotals).
  void add_subtotal(const std::string& name, const std::vector<std::string>& parts);

  double value(const std::string& name) const;
  nlohmann::json values_json() const;
  nlohmann::json sources_json() const;

 private:
  struct Item {
    std::string name;
    double value;
    std::string source;
  };
  std::string unit_;
  std::vector<Item> items_;
};

// Cost arithmetic that keeps the derivation readable in the source string.
Cost times(const Cost& cost, double factor, const std::string& factor_text);
Cost plus(const Cost& a, const Cost& b);

}  // namespace fineq
