#include "option_values.hpp"

#include <cmath>
#include <filesystem>

#include <unistd.h>

#include "parse_real.hpp"

namespace fineq::cli {

std::uint64_t parse_integer_option(const std::string& option, const std::string& text,
                                   std::uint64_t low, std::uint64_t high) {
  const std::string expected =
      "expected an integer " + std::to_string(low) + ".." + std::to_string(high);
  const bool digits_only =
      !text.empty() && text.size() <= 19 && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits_only) throw UsageError("--" + option + ": " + expected + ", got '" + text + "'");
  const std::uint64_t value = std::stoull(text);
  if (value < low || value > high) {
    throw UsageError("--" + option + ": " + expected + ", got " + text);
  }
  return value;
}

double parse_real_option(const std::string& option, const std::string& text) {
  const std::optional<double> value = parse_real(text);
  if (!value || !std::isfinite(*value)) {
    throw UsageError("--" + option + ": expected a number, got '" + text + "'");
  }
  return *value;
}

std::string output_path_option(const std::string& option, const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) throw UsageError("--" + option + ": expected a file name, got ''");
  std::error_code error;
  if (fs::is_directory(path, error)) throw UsageError("--" + option + ": '" + path + "' is a directory");
  const fs::path parent = fs::path(path).has_parent_path() ? fs::path(path).parent_path() : fs::path(".");
  if (!fs::is_directory(parent, error)) {
    throw UsageError("--" + option + ": directory '" + parent.string() + "' of '" + path +
                     "' does not exist");
  }
  if (::access(parent.c_str(), W_OK) != 0) {
    throw UsageError("--" + option + ": directory '" + parent.string() + "' is not writable");
  }
  return path;
}

void check_input_path(const std::string& option, const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error) || ::access(path.c_str(), R_OK) != 0) {
    throw UsageError("--" + option + ": cannot read '" + path + "'");
  }
}

}  // namespace fineq::cli
