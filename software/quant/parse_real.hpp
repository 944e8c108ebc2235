#pragma once
// The one strict text-to-number conversion for option values and lists: the whole text must
// be a number in std::stod's syntax ("1.5", "2e-3"), or there is no value.
#include <optional>
#include <stdexcept>
#include <string>

namespace fineq {

inline std::optional<double> parse_real(const std::string& text) {
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {  // no number, or out of range
    return std::nullopt;
  }
  if (used != text.size()) return std::nullopt;
  return value;
}

}  // namespace fineq
