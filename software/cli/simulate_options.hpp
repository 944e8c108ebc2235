#pragma once
// The options of `fineq simulate` and its --config file (JSON keys = long option names).
// Apart from cmd_simulate.cpp so that the config parser can be fuzzed without SystemC.
#include <string>

#include <boost/program_options.hpp>

namespace fineq::cli {

boost::program_options::options_description simulate_options();

// Stores the config file's values in `vm` as if they were given as flags; values already in
// `vm` (from the command line) win. Throws UsageError naming the file and key.
void store_config_file(const std::string& path,
                       const boost::program_options::options_description& options,
                       boost::program_options::variables_map& vm);

}  // namespace fineq::cli
