#pragma once
// Strict conversion of option values for the subcommands: Boost's lexical_cast would accept
// "-1" as 4294967295, and a silently wrapped or clamped value is worse than an error.
#include <boost/program_options.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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
// `path` if it can be an output file (resolve_output_target in software/formats: a writable
// device, or a file whose directory exists and is writable, symlinks followed); throws
// UsageError naming the option and the problem otherwise. Called before any work is done,
// so that a mistyped output path fails at once and no other output file is written.
std::string output_path_option(const std::string& option, const std::string& path);
// Throws UsageError if two of the (option, path) outputs would replace the same file (symlinks
// followed); devices such as /dev/null may be named more than once.
void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs);
// Parses a subcommand's arguments: options only. Boost stops at `--` and drops arguments
// without an option name silently; both are refused here with UsageError naming the argument.
boost::program_options::parsed_options parse_options(
    const std::vector<std::string>& args, const boost::program_options::options_description& options);
// The file must exist and be readable; throws UsageError naming the option otherwise.
void check_input_path(const std::string& option, const std::string& path);

}  // namespace fineq::cli
