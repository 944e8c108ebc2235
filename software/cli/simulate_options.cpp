#include "simulate_options.hpp"

#include <nlohmann/json.hpp>

#include "json_file.hpp"
#include "option_values.hpp"

namespace fineq::cli {

namespace po = boost::program_options;

po::options_description simulate_options() {
  po::options_description options("fineq simulate options");
  auto value = [] { return po::value<std::string>(); };
  options.add_options()
      ("help,h", "show this help")
      ("config", value(), "JSON file with any of the options below as keys (flags override it)")
      ("m", value(), "rows of X (tokens) [16]")
      ("k", value(), "reduction dimension of a generated layer [4096]")
      ("n", value(), "output channels of a generated layer [4096]")
      ("rows", value(), "array rows R (along K) [32]")
      ("cols", value(), "array columns C (along N) [32]")
      ("pe", value(), "temporal, int8x4 or int8x8 [temporal]")
      ("window", value(), "temporal PE window policy: fixed or dynamic [fixed]")
      ("memory", value(), "ideal or dram [ideal]")
      ("dram-bytes-per-cycle", value(), "DRAM bandwidth B [16]")
      ("dram-latency", value(), "DRAM latency L in cycles [100]")
      ("decoder-clusters-per-cycle", value(), "FineQ-v1 decoder throughput D [11]")
      ("weight-buffer", value(), "bytes of each half of the weight double buffer [65536]")
      ("activation-buffer", value(), "activation buffer bytes [1048576]")
      ("output-buffer", value(), "output buffer bytes [1048576]")
      ("clock-mhz", value(), "clock for reporting simulated time [1000]")
      ("cost-table", value(), "energy/area cost table, docs/energy-area.md [model/costs/horowitz45nm.json]")
      ("codebook", value(), "default, symmetric or n0,..,n3/o0,..,o7 [default]")
      ("rule", value(), "FineQ cluster rule of the generated layer: paper or min-error [min-error]")
      ("group", value(), "scale group of the generated layer, 0 = per channel [0];"
                         " temporal: G clusters (3G weights), int8xB: G weights")
      ("weights", value(), "simulate a tensor of this .fqw file instead of a generated layer")
      ("tensor", value(), "which tensor of --weights (required if it holds several)")
      ("seed", value(), "seed of the generated weights and activations [1]")
      ("report", value(), "write the JSON report to this file")
      ("csv", value(), "append one CSV line (header first if the file is new) to this file")
      ("mode", value(), "fast (loosely timed) or cycle (clock by clock, can write a VCD) [fast]")
      ("vcd", value(), "cycle mode: write the waveform to this VCD file, and NAME.gtkw beside it")
      ("trace-pes", value(), "PEs whose signals the VCD shows, rows r0:r1 and columns c0:c1,"
                             " inclusive [0:3,0:3]")
      ("max-memory", value(), "refuse a job whose estimated memory exceeds this many MB,"
                              " 0 = no check [the memory available now]")
      ("inject-dram-error", value(), "ADDR[:N]: accesses to DRAM byte ADDR fail after N");
  return options;
}

// Config file keys are the long option names; values go through the same parsing as flags.
void store_config_file(const std::string& path, const po::options_description& options,
                       po::variables_map& vm) {
  const nlohmann::json config = read_json_file(path, "--config");
  if (!config.is_object()) throw UsageError(path + ": expected a JSON object of option values");
  std::vector<std::string> args;
  for (const auto& [key, value] : config.items()) {
    // Exactly a long option name: Boost's look-up also matches prefixes, and throws
    // "option is ambiguous" for "" (which is every option's prefix).
    const po::option_description* option =
        key.empty() ? nullptr : options.find_nothrow(key, false);
    if (key == "config" || key == "help" || option == nullptr || option->long_name() != key) {
      throw UsageError(path + ": unknown key '" + json_text_excerpt(key) + "'");
    }
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_number_unsigned() || value.is_number_integer() || value.is_number_float()) {
      text = value.dump();
    } else {
      throw UsageError(path + ": key '" + key + "': expected a string or a number, got " +
                       describe_json_value(value));
    }
    // One token, so that a value such as "--" or "-5" is never read as an option.
    args.push_back("--" + key + "=" + text);
  }
  // Values already stored from the command line win: po::store keeps the first value.
  try {
    po::store(parse_options(args, options), vm);
  } catch (const std::exception& error) {
    throw UsageError(path + ": " + error.what());
  }
}

}  // namespace fineq::cli
