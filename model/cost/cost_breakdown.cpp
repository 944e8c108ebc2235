#include "cost_breakdown.hpp"

#include <cmath>
#include <stdexcept>

namespace fineq {

namespace {
// Event and unit counts are integers: print them whole so a reader can redo the product.
std::string format_count(double count) {
  if (count == std::floor(count) && std::fabs(count) < 1e15) {
    return std::to_string(static_cast<long long>(count));
  }
  return format_cost_number(count);
}
}  // namespace

void CostBreakdown::add(const std::string& component, const std::string& what, double count,
                        const Cost& cost) {
  const std::string source = what + " " + format_count(count) + " x " + cost.source;
  for (Item& item : items_) {
    if (item.name == component) {  // a second term of the same component (e.g. writes)
      item.value += count * cost.value;
      item.source += " + " + source;
      return;
    }
  }
  items_.push_back({component, count * cost.value, source});
}

void CostBreakdown::add_absent(const std::string& component, const std::string& reason) {
  items_.push_back({component, 0.0, reason});
}

void CostBreakdown::add_subtotal(const std::string& name, const std::vector<std::string>& parts) {
  double sum = 0;
  std::string source = "sum of";
  for (const std::string& part : parts) {
    sum += value(part);
    source += " " + part;
  }
  items_.push_back({name, sum, source});
}

double CostBreakdown::value(const std::string& name) const {
  for (const Item& item : items_) {
    if (item.name == name) return item.value;
  }
  throw std::logic_error("cost breakdown has no component '" + name + "'");
}

nlohmann::json CostBreakdown::values_json() const {
  nlohmann::json values = nlohmann::json::object();
  for (const Item& item : items_) values[item.name] = item.value;
  return values;
}

nlohmann::json CostBreakdown::sources_json() const {
  nlohmann::json sources = nlohmann::json::object();
  for (const Item& item : items_) sources[item.name] = item.source + " [" + unit_ + "]";
  return sources;
}

Cost times(const Cost& cost, double factor, const std::string& factor_text) {
  return {cost.value * factor, factor_text + " x " + cost.source};
}

Cost plus(const Cost& a, const Cost& b) {
  return {a.value + b.value, "(" + a.source + ") + (" + b.source + ")"};
}

}  // namespace fineq
