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

}  // namespace fineq::cli
