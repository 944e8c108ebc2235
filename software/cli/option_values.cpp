#include "option_values.hpp"

#include <cmath>
#include <filesystem>
#include <stdexcept>

#include <unistd.h>

#include "output_target.hpp"
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
  try {
    resolve_output_target(path);
  } catch (const std::runtime_error& error) {
    throw UsageError("--" + option + ": " + error.what());
  }
  return path;
}

void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, fs::path>> files;  // option, file it replaces
  for (const auto& [option, path] : outputs) {
    if (path.empty()) continue;
    const OutputTarget target = resolve_output_target(path);
    if (target.method != OutputTarget::Method::Replace) continue;
    const fs::path file = fs::absolute(target.path).lexically_normal();
    for (const auto& [other_option, other_file] : files) {
      if (file == other_file) {
        throw UsageError("--" + other_option + " and --" + option + " name the same file '" + path + "'");
      }
    }
    files.emplace_back(option, file);
  }
}

boost::program_options::parsed_options parse_options(
    const std::vector<std::string>& args, const boost::program_options::options_description& options) {
  for (const std::string& arg : args) {
    if (arg == "--") throw UsageError("unexpected argument '--' (this command takes options only)");
  }
  boost::program_options::parsed_options parsed =
      boost::program_options::command_line_parser(args).options(options).run();
  for (const boost::program_options::option& option : parsed.options) {
    if (option.string_key.empty()) {
      const std::string text = option.original_tokens.empty() ? "" : option.original_tokens.front();
      throw UsageError("unexpected argument '" + text + "' (every value follows its --option)");
    }
  }
  return parsed;
}

void check_input_path(const std::string& option, const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error) || ::access(path.c_str(), R_OK) != 0) {
    throw UsageError("--" + option + ": cannot read '" + path + "'");
  }
}

}  // namespace fineq::cli
