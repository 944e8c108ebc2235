#pragma once
// Strict conversion of option values for the subcommands: Boost's lexical_cast would accept
// "-1" as 4294967295, and a silently wrapped or clamped value is worse than an error.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace fineq::cli {

// A bad command line or config file: reported with a pointer to --help, exit status 2.
struct UsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Decimal integer in [low, high]; throws UsageError naming the option otherwise.
std::uint64_t parse_integer_option(const std::string& option, const std::string& text,
                                   std::uint64_t low, std::uint64_t high);
// Finite number; throws UsageError naming the option otherwise.
double parse_real_option(const std::string& option, const std::string& text);
// `path` if it can be an output file: its directory exists and is writable, and it is not a
// directory; throws UsageError naming the option otherwise. Called before any work is done,
// so that a mistyped output path fails at once and no other output file is written.
std::string output_path_option(const std::string& option, const std::string& path);
// The file must exist and be readable; throws UsageError naming the option otherwise.
void check_input_path(const std::string& option, const std::string& path);

}  // namespace fineq::cli
